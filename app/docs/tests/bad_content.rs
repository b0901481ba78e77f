//! Content that cannot be served as it is stops the load with the file (and the line,
//! where there is one): a folder of pages without SKILL.md, bad front matter, two skills
//! with one name, and pages whose addresses collide with each other or with the server's
//! own routes.

use std::path::{Path, PathBuf};

use docs::{Site, SiteOptions};

/// Writes `files` (path relative to the content directory, text) into a fresh directory.
fn content(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bad-content-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    root
}

const OVERVIEW: &str = "---\nname: raft\ndescription: Consensus.\n---\n# Raft\n\nText.\n";

/// The problems of loading `dir` with the server's kind of reserved names, as
/// (path relative to `dir`, line, message).
fn problems(dir: &Path) -> Vec<(String, usize, String)> {
    let options = SiteOptions {
        no_git: true,
        reserved: ["search", "pkg", "llms.txt", "404"]
            .map(str::to_owned)
            .to_vec(),
        ..Default::default()
    };
    let error = Site::load(dir, options).expect_err("the content must not load");
    error
        .problems
        .iter()
        .map(|p| {
            let file = p.file.strip_prefix(dir).unwrap_or(&p.file);
            (file.display().to_string(), p.line, p.message.clone())
        })
        .collect()
}

#[track_caller]
fn assert_problems(found: &[(String, usize, String)], expected: &[(&str, usize, &str)]) {
    for (file, line, text) in expected {
        assert!(
            found
                .iter()
                .any(|(f, l, m)| f == file && l == line && m.contains(text)),
            "missing {file}:{line} {text:?} in {found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
}

#[test]
fn a_folder_of_pages_without_skill_md_is_reported() {
    let dir = content(
        "no-skill-md",
        &[
            ("raft/SKILL.md", OVERVIEW),
            ("crdts/skill.md", OVERVIEW),
            ("crdts/merge.md", "# Merge\n"),
            // Not skill folders: hidden, or without Markdown.
            (".git/HEAD.md", "x"),
            ("images/logo.svg", "<svg/>"),
        ],
    );
    assert_problems(&problems(&dir), &[("crdts", 0, "no SKILL.md")]);
}

#[test]
fn bad_front_matter_names_the_line() {
    let dir = content(
        "front-matter",
        &[
            (
                "SKILL.md",
                "---\nname: raft\ndescription: [unclosed\n---\n# Raft\n",
            ),
            (
                "order.md",
                "---\ntitle: Order\norder: seven\n---\n# Order\n",
            ),
            ("open.md", "---\ntitle: Never closed\n# Open\n"),
        ],
    );
    let found = problems(&dir);
    assert_problems(
        &found,
        &[
            ("SKILL.md", 3, "bad front matter"),
            ("order.md", 3, "bad front matter"),
            ("open.md", 1, "no closing `---`"),
        ],
    );
    let dir = content(
        "front-matter-fields",
        &[("SKILL.md", "---\nname: raft\n---\n# Raft\n")],
    );
    assert_problems(&problems(&dir), &[("SKILL.md", 1, "needs `description`")]);
}

#[test]
fn two_skills_with_one_name_are_reported_at_the_second_name() {
    let dir = content(
        "same-name",
        &[
            ("a/SKILL.md", OVERVIEW),
            (
                "b/SKILL.md",
                "---\ndescription: Also consensus.\nname: raft\n---\n# B\n",
            ),
        ],
    );
    assert_problems(
        &problems(&dir),
        &[("b/SKILL.md", 3, "skill name `raft` is already the name of")],
    );
}

#[test]
fn pages_that_take_the_servers_own_addresses_are_reported() {
    let dir = content(
        "routes-single",
        &[
            ("SKILL.md", OVERVIEW),
            ("search.md", "# Search\n"),
            ("llms.txt.md", "# Not llms.txt\n"),
            ("404.md", "# Lost\n"),
            ("PKG.md", "# Packages\n"),
            // Fine: only the first name below the base path is the server's.
            ("searching.md", "# Searching\n"),
            ("llms.md", "# LLMs\n"),
        ],
    );
    assert_problems(
        &problems(&dir),
        &[
            ("search.md", 0, "`/search` collides with `/search`"),
            ("llms.txt.md", 0, "`/llms.txt` collides"),
            ("404.md", 0, "rename the file"),
            ("PKG.md", 0, "`/PKG` collides with `/pkg`"),
        ],
    );

    let dir = content(
        "routes-folders",
        &[
            ("pkg/SKILL.md", OVERVIEW),
            (
                "raft/SKILL.md",
                "---\nname: other\ndescription: d\n---\n# Other\n",
            ),
        ],
    );
    assert_problems(
        &problems(&dir),
        &[("pkg/SKILL.md", 0, "rename the skill folder")],
    );
}

#[test]
fn two_addresses_that_differ_only_in_case_or_meet_at_index_md_are_reported() {
    let dir = content(
        "same-address",
        &[
            ("SKILL.md", OVERVIEW),
            ("consensus.md", "# Consensus\n"),
            ("Consensus.md", "# Consensus again\n"),
            // Its Markdown would be at /index.md, where the overview's is.
            ("index.md", "# Index\n"),
        ],
    );
    assert_problems(
        &problems(&dir),
        &[
            ("consensus.md", 0, "`/consensus` is also the address of"),
            ("index.md", 0, "`/index.md` is also the address of"),
        ],
    );
}

#[test]
fn good_content_gets_markdown_and_download_addresses() {
    let dir = content(
        "good",
        &[
            ("raft/SKILL.md", OVERVIEW),
            ("raft/log.md", "# Log\n"),
            (
                "crdts/SKILL.md",
                "---\nname: crdts\ndescription: d\n---\n# CRDTs\n",
            ),
        ],
    );
    let options = SiteOptions {
        base_path: "/guide".into(),
        no_git: true,
        ..Default::default()
    };
    let site = Site::load(&dir, options).unwrap_or_else(|e| panic!("{e}"));
    let page = site.page_by_path("/guide/raft/log").unwrap();
    assert_eq!(page.markdown_url, "/guide/raft/log.md");
    assert_eq!(page.markdown, "# Log\n");
    let overview = site.page_by_path("/guide/raft/").unwrap();
    assert_eq!(overview.markdown_url, "/guide/raft/index.md");
    let skill = site.skill_of(overview).unwrap();
    assert_eq!(skill.download_url, "/guide/raft.zip");
    assert_eq!(skill.install_name, "raft");
}
