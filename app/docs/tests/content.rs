//! Checks over the real `content/` directory: every page loads, every link and anchor
//! resolves, and search ranks the expected page first. Skipped (with a message) when
//! the content directory is missing.

use std::path::PathBuf;

use any_widget::AnyWidget;
use docs::{Site, SiteOptions};
use std::sync::Arc;

mod any_widget;

fn content_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let has_skill = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.path().join("SKILL.md").is_file())
        })
        .unwrap_or(false);
    if has_skill {
        Some(dir)
    } else {
        println!("SKIPPED: no skill folder in {}", dir.display());
        None
    }
}

fn load() -> Option<Site> {
    let dir = content_dir()?;
    // The site's own registry checks the real directives (site's tests).
    let options = SiteOptions {
        widgets: Arc::new(AnyWidget),
        ..SiteOptions::default()
    };
    match Site::load(&dir, options) {
        Ok(site) => Some(site),
        Err(e) => panic!("{e}"),
    }
}

/// The link checker: `Site::load` fails on a missing page or anchor, naming file and line.
#[test]
fn every_page_loads_and_every_link_resolves() {
    let Some(site) = load() else { return };
    assert!(!site.pages().is_empty());
    for page in site.pages() {
        assert!(!page.title.is_empty(), "{}", page.source.display());
        assert!(site.page_by_path(&page.url).is_some());
    }
}

#[test]
fn search_ranks_the_right_page_first() {
    let Some(site) = load() else { return };
    let expectations = [
        ("fencing token", "failure-modes"),
        ("libcluster gossip", "clustering"),
        ("PACELC", "cap-tradeoffs"),
        ("pre-vote", "consensus"),
        // Stemmed: the two forms are one term, and the section that defines it (as the
        // C of CAP) ranks first.
        ("linearizability", "cap-tradeoffs#what-cap-actually-says"),
        ("linearizable", "cap-tradeoffs#what-cap-actually-says"),
    ];
    let mut failures = Vec::new();
    for (query, page) in expectations {
        let hits = site.search(query, 5);
        let first = hits.first().map(|h| h.url.clone()).unwrap_or_default();
        let expected = format!("/{page}");
        if !first.starts_with(&expected) {
            failures.push(format!(
                "{query:?}: expected {expected}, got {:?}",
                hits.iter().map(|h| &h.url).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn inflected_forms_find_the_same_sections() {
    let Some(site) = load() else { return };
    let urls = |q: &str| {
        let mut urls: Vec<String> = site.search(q, 50).into_iter().map(|h| h.url).collect();
        urls.sort();
        urls
    };
    let able = urls("linearizable");
    assert!(able.len() >= 11, "{able:?}");
    assert_eq!(able, urls("linearizability"));
    assert_eq!(urls("partitions"), urls("partitioned"));
}

/// Deferred highlighting (what the server uses) shows exactly what highlighting at load
/// time does, once a page is asked for through `Site::highlighted`; before that, the
/// loaded pages hold placeholders, not highlighted code.
#[test]
fn deferred_highlighting_renders_the_same_pages() {
    let Some(eager) = load() else { return };
    let dir = content_dir().expect("loaded above");
    let options = SiteOptions {
        widgets: Arc::new(AnyWidget),
        defer_highlighting: true,
        ..SiteOptions::default()
    };
    let deferred = Site::load(&dir, options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(eager.pages().len(), deferred.pages().len());
    let mut placeholders = 0;
    for (a, b) in eager.pages().iter().zip(deferred.pages()) {
        placeholders += b
            .segments
            .iter()
            .filter_map(|s| match s {
                docs::Segment::Html(html) => Some(html.matches("<!--fieldguide-code:").count()),
                docs::Segment::Widget(_) => None,
            })
            .sum::<usize>();
        assert_eq!(*a, *deferred.highlighted(b), "{}", a.url);
    }
    assert!(placeholders > 10, "{placeholders} deferred code blocks");
    assert_eq!(
        eager.search("fencing token", 5),
        deferred.search("fencing token", 5)
    );
}
