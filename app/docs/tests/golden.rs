//! Golden tests: the fixture skill in `tests/fixtures/skill` exercises every feature;
//! each page's metadata and body are compared with `tests/golden/<page>.html`.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test -p docs --test golden`.

use std::path::{Path, PathBuf};

use docs::decision_tree::Target;
use docs::{Page, Segment, Site, SiteOptions};
use std::sync::Arc;

mod widgets;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn site() -> Site {
    let options = SiteOptions {
        base_path: "/guide/".into(),
        repo_edit_url: Some("https://git.example/o/r/edit/main/content/".into()),
        no_git: true,
        widgets: Arc::new(widgets::FixtureWidgets),
        ..SiteOptions::default()
    };
    Site::load(&fixtures().join("skill"), options).unwrap_or_else(|e| panic!("{e}"))
}

/// A stable text form of a page: metadata lines, then the body with widgets as comments.
fn render(page: &Page) -> String {
    let mut out = String::new();
    out.push_str(&format!("<!-- url: {} -->\n", page.url));
    out.push_str(&format!("<!-- title: {} -->\n", page.title));
    out.push_str(&format!("<!-- description: {} -->\n", page.description));
    out.push_str(&format!(
        "<!-- skill: {} overview: {} -->\n",
        page.skill, page.is_overview
    ));
    let link = |l: &Option<docs::PageLink>| {
        l.as_ref()
            .map_or("none".to_string(), |l| format!("{} ({})", l.url, l.title))
    };
    out.push_str(&format!(
        "<!-- prev: {} next: {} -->\n",
        link(&page.prev),
        link(&page.next)
    ));
    out.push_str(&format!(
        "<!-- edit: {:?} words: {} -->\n",
        page.edit_url, page.word_count
    ));
    for entry in &page.toc {
        out.push_str(&format!(
            "<!-- toc h{} #{} {} -->\n",
            entry.level, entry.slug, entry.text
        ));
    }
    for segment in &page.segments {
        match segment {
            Segment::Html(html) => out.push_str(html),
            Segment::Widget(spec) => {
                out.push_str(&format!("<!-- widget {} -->\n", spec.to_attr_string()))
            }
        }
    }
    out
}

fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{name}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).ok();
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(expected.lines().count().min(actual.lines().count()), |i| i);
        panic!(
            "{name} differs from the golden file at line {}:\n  expected: {:?}\n  actual:   {:?}\n(run with UPDATE_GOLDEN=1 to accept)",
            line + 1,
            expected.lines().nth(line).unwrap_or(""),
            actual.lines().nth(line).unwrap_or("")
        );
    }
}

#[test]
fn fixture_pages_match_golden_html() {
    let site = site();
    let names: Vec<&str> = site.pages().iter().map(|p| p.url.as_str()).collect();
    assert_eq!(
        names,
        [
            "/guide/",
            "/guide/consensus",
            "/guide/tables",
            "/guide/appendix"
        ]
    );
    for page in site.pages() {
        let stem = page
            .source
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("page");
        check(&format!("{stem}.html"), &render(page));
    }
}

#[test]
fn search_manifest_matches_golden() {
    let shards = site().search_shards();
    check("search-index.json", &shards.manifest("/search/0/"));
}

#[test]
fn nav_and_lookup() {
    let site = site();
    let nav = site.nav();
    assert_eq!(nav.len(), 1);
    assert_eq!(nav[0].title, "sample-skill");
    assert_eq!(nav[0].items[1].title, "Consensus with Raft");
    assert!(site.page_by_path("/guide").is_some());
    assert!(site.page_by_path("/guide/consensus/").is_some());
    assert!(site.page_by_path("/nope").is_none());
    let tree = site.decision_tree("sample-skill").expect("tree");
    assert_eq!(tree.questions.len(), 2);
    let json = serde_json::to_string(tree).unwrap_or_default();
    assert!(json.contains("\"url\":\"/guide/consensus#raft\""), "{json}");

    // The text the escalation island carries reads back as the same tree, with each
    // result's resolved URL (also as its link).
    let again = docs::DecisionTree::from_resolved_source(&tree.to_resolved_source()).unwrap();
    assert!(docs::DecisionTree::from_resolved_source("q1: no answers\n").is_none());
    assert_eq!(again.questions.len(), tree.questions.len());
    for (a, b) in again.questions.iter().zip(&tree.questions) {
        assert_eq!((&a.id, &a.text), (&b.id, &b.text));
        let targets = |q: &docs::decision_tree::Question| -> Vec<_> {
            q.answers
                .iter()
                .map(|x| (x.label.clone(), x.target.clone()))
                .collect()
        };
        let expected: Vec<_> = targets(b)
            .into_iter()
            .map(|(label, target)| match target {
                Target::Result { text, url, .. } => (
                    label,
                    Target::Result {
                        text,
                        link: url.clone(),
                        url,
                    },
                ),
                other => (label, other),
            })
            .collect();
        assert_eq!(targets(a), expected);
    }
}

#[test]
fn fixture_search() {
    let site = site();
    let hits = site.search("prevote checkquorum", 3);
    assert_eq!(hits[0].url, "/guide/consensus#prevote--checkquorum");
    let hits = site.search("pre-vote", 3);
    assert!(hits[0].url.starts_with("/guide/consensus"), "{hits:?}");
}

#[test]
fn broken_fixture_reports_every_problem_with_file_and_line() {
    let options = SiteOptions {
        widgets: Arc::new(widgets::FixtureWidgets),
        ..SiteOptions::default()
    };
    let err =
        Site::load(&fixtures().join("broken"), options).expect_err("broken content must not load");
    let found: Vec<(String, usize, String)> = err
        .problems
        .iter()
        .map(|p| {
            (
                p.file
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                p.line,
                p.message.clone(),
            )
        })
        .collect();
    let expect = [
        ("SKILL.md", 1, "needs `description`"),
        ("SKILL.md", 7, "missing page `nope.md`"),
        ("SKILL.md", 7, "missing anchor `#nowhere`"),
        ("SKILL.md", 9, "unknown widget `tetris`"),
        ("SKILL.md", 12, "`nodes=12`"),
        ("SKILL.md", 12, "unknown parameter `colour`"),
        ("SKILL.md", 17, "top level"),
        ("SKILL.md", 22, "unknown question `q9`"),
        ("other.md", 2, "bad front matter"),
        ("third.md", 7, "needs a decision-tree"),
    ];
    for (file, line, text) in expect {
        assert!(
            found
                .iter()
                .any(|(f, l, m)| f == file && *l == line && m.contains(text)),
            "missing {file}:{line} {text:?} in\n{err}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{err}");
}
