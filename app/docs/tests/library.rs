//! A content directory of several skills is a library: each skill's pages are linked
//! previous/next only among themselves, and each skill names the widgets it places.

mod any_widget;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use docs::{Site, SiteOptions};

/// The shipped skill copied under two folders with other names, plus a one-page skill
/// without widgets.
fn library(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("library-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    let shipped =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content/distributed-systems");
    for (folder, skill) in [("beta", "beta-skill"), ("alpha", "Alpha skill")] {
        copy_skill(&shipped, &root.join(folder), skill);
    }
    std::fs::create_dir_all(root.join("notes")).unwrap();
    std::fs::write(
        root.join("notes/SKILL.md"),
        "---\nname: notes\ndescription: One page, no widgets.\n---\n# Notes\n\nText.\n",
    )
    .unwrap();
    root
}

/// Copies the Markdown of `from` to `to`, with `name` as the skill's `name`.
fn copy_skill(from: &Path, to: &Path, name: &str) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == "SKILL.md" {
            let line = text.lines().find(|l| l.starts_with("name:")).unwrap();
            text = text.replacen(line, &format!("name: {name}"), 1);
        }
        std::fs::write(to.join(path.file_name().unwrap()), text).unwrap();
    }
}

fn load(dir: &Path, base_path: &str) -> Site {
    let options = SiteOptions {
        base_path: base_path.into(),
        no_git: true,
        widgets: Arc::new(any_widget::AnyWidget),
        ..Default::default()
    };
    Site::load(dir, options).unwrap()
}

#[test]
fn several_skills_make_a_library_with_previous_and_next_inside_each_skill() {
    let dir = library("prev-next");
    let site = load(&dir, "/guide");
    assert!(site.is_library());
    assert_eq!(site.home_url(), "/guide/");
    assert_eq!(site.skills().len(), 3);
    for skill in site.skills() {
        let pages: Vec<_> = skill.pages.iter().map(|&i| &site.pages()[i]).collect();
        assert!(pages[0].is_overview);
        assert_eq!(
            pages[0].prev, None,
            "{}: nothing before the overview",
            skill.name
        );
        assert_eq!(
            pages.last().unwrap().next,
            None,
            "{}: nothing after the last page",
            skill.name
        );
        for pair in pages.windows(2) {
            assert_eq!(pair[0].next.as_ref().unwrap().url, pair[1].url);
            assert_eq!(pair[1].prev.as_ref().unwrap().url, pair[0].url);
        }
        for page in &pages {
            let prefix = skill.url.as_str();
            for link in page.prev.iter().chain(&page.next) {
                assert!(
                    link.url.starts_with(prefix),
                    "{} links out of its skill to {}",
                    page.url,
                    link.url
                );
            }
        }
    }
    let alpha = site.skills().iter().find(|s| s.folder == "alpha").unwrap();
    assert_eq!(alpha.name, "Alpha skill");
    assert_eq!(alpha.pages.len(), 8);
    assert_eq!(
        site.widgets_of(alpha),
        [
            "escalation",
            "raft",
            "crdt",
            "clocks",
            "netsplit",
            "overlay",
            "fencing",
            "partition-compare"
        ]
    );
    let notes = site.skills().iter().find(|s| s.folder == "notes").unwrap();
    assert!(site.widgets_of(notes).is_empty());
}

#[test]
fn one_skill_is_not_a_library_and_its_pages_chain_as_before() {
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let site = load(&shipped, "");
    assert!(!site.is_library());
    assert_eq!(site.home_url(), "/");
    let pages = site.pages();
    assert_eq!(pages[0].url, "/");
    for pair in pages.windows(2) {
        assert_eq!(pair[0].next.as_ref().unwrap().url, pair[1].url);
    }
}
