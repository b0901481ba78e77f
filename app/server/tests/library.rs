//! A content directory of several skills: `/` is the library page (a card per skill,
//! sorted by name), each page's sidebar lists only its own skill's pages beside a skill
//! switcher, breadcrumbs lead back, previous/next stay inside the skill, and the sitemap,
//! `llms.txt` and the static export include the library.

mod common;

use axum::http::{header, StatusCode};
use common::{body, fixture_site, get, send};
use server::app::App;
use server::config::Config;
use server::store::Store;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The shipped skill copied twice under other names, plus a one-page skill without
/// widgets: three skills, whose names sort otherwise than their folders.
fn library_content(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("library-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    let shipped = common::content_dir().join("distributed-systems");
    for (folder, skill) in [("one", "zeta-systems"), ("two", "Beta systems")] {
        let to = root.join(folder);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(&shipped).unwrap() {
            let path = entry.unwrap().path();
            let mut text = std::fs::read_to_string(&path).unwrap();
            if path.file_name().unwrap() == "SKILL.md" {
                text = text.replacen("name: distributed-systems", &format!("name: {skill}"), 1);
            }
            std::fs::write(to.join(path.file_name().unwrap()), text).unwrap();
        }
    }
    std::fs::create_dir_all(root.join("three")).unwrap();
    std::fs::write(
        root.join("three/SKILL.md"),
        "---\nname: alpha notes\ndescription: One page & no widgets.\n---\n# Alpha notes\n\nText.\n",
    )
    .unwrap();
    root
}

fn library_app(name: &str, extra: &[&str]) -> (Arc<Store>, impl App, PathBuf) {
    let site = fixture_site(name);
    let content = library_content(name);
    let mut args: Vec<String> = ["server", "--site-dir"].map(str::to_owned).to_vec();
    args.push(site.display().to_string());
    args.push("--content-dir".to_owned());
    args.push(content.display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    let config = Config::from_args(args).unwrap_or_else(|(message, _)| panic!("{message}"));
    let store = Arc::new(Store::load(&config).unwrap());
    let router = server::app::router(store.clone(), &site, &config.base_path, config.hsts);
    (store, router, site)
}

async fn html(router: &impl App, path: &str) -> String {
    let response = send(router, get(path, &[])).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    String::from_utf8(body(response).await).unwrap()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {text}"))
        + start.len();
    let rest = &text[from..];
    &rest[..rest
        .find(end)
        .unwrap_or_else(|| panic!("no {end} after {start}"))]
}

/// Every `href` in `html`, in order.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

#[tokio::test]
async fn the_home_of_several_skills_is_a_library_with_a_card_per_skill() {
    let (store, router, _) = library_app("home", &[]);
    assert_eq!(store.site.skills().len(), 3);
    let page = html(&router, "/").await;
    assert!(
        page.contains("<title>Distributed Systems Field Guide</title>"),
        "{page}"
    );
    let cards: Vec<&str> = page.split("class=\"skill-card\"").skip(1).collect();
    assert_eq!(cards.len(), 3, "{page}");
    // Sorted by name, without regard to case: alpha notes, Beta systems, zeta-systems.
    let names: Vec<&str> = cards
        .iter()
        .map(|card| between(card, "<h2><a href=\"", "</a>"))
        .collect();
    assert_eq!(
        names,
        [
            "/three/\">alpha notes",
            "/two/\">Beta systems",
            "/one/\">zeta-systems"
        ]
    );
    let description = &store.site.skills()[0].description;
    assert!(
        cards[1].contains(&format!("<p>{description}</p>")),
        "{}",
        cards[1]
    );
    assert!(
        cards[0].contains("<p>One page &amp; no widgets.</p>"),
        "{}",
        cards[0]
    );
    assert!(cards[0].contains("1 page · no widgets"), "{}", cards[0]);
    assert!(
        cards[2]
            .contains("8 pages · Widgets: Which level do you need?, Raft simulator, CRDT merges"),
        "{}",
        cards[2]
    );
    // The filter box is for the page script to show; the cards carry the words it matches.
    assert!(
        page.contains("<p class=\"library-filter\" hidden>"),
        "{page}"
    );
    assert_eq!(page.matches(" data-filter=\"").count(), 3);
    assert!(
        page.contains("data-filter=\"zeta-systems deciding whether"),
        "{page}"
    );
    assert!(page.contains("raft simulator crdt merges"), "{page}");
    // The sidebar lists the skills; no page of any skill.
    let sidebar = between(&page, "<div class=\"sidebar-body\">", "</nav>");
    assert_eq!(
        hrefs(sidebar),
        ["/", "/three/", "/two/", "/one/"],
        "{sidebar}"
    );
    assert!(!page.contains("class=\"breadcrumbs\""));

    // Its Markdown, and llms.txt pointing to it.
    let response = send(&router, get("/index.md", &[])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/markdown; charset=utf-8"
    );
    let markdown = String::from_utf8(body(response).await).unwrap();
    let headings: Vec<&str> = markdown.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## [alpha notes](/three/)",
            "## [Beta systems](/two/)",
            "## [zeta-systems](/one/)"
        ],
        "{markdown}"
    );
    let llms = String::from_utf8(body(send(&router, get("/llms.txt", &[])).await).await).unwrap();
    assert!(llms.contains("[index.md](/index.md)"), "{llms}");
}

#[tokio::test]
async fn a_page_shows_its_own_skill_with_a_switcher_breadcrumbs_and_prev_next_inside_it() {
    let (store, router, _) = library_app("pages", &[]);
    let page = html(&router, "/two/consensus").await;
    let sidebar = between(&page, "<div class=\"sidebar-body\">", "</nav>");
    // The switcher: a disclosure (no JS) with the library and every skill.
    let switcher = between(sidebar, "<details class=\"skill-switcher\">", "</details>");
    assert!(
        switcher.starts_with("<summary>Switch skill</summary>"),
        "{switcher}"
    );
    assert_eq!(hrefs(switcher), ["/", "/three/", "/two/", "/one/"]);
    assert!(
        switcher.contains("<a href=\"/two/\" aria-current=\"true\">"),
        "{switcher}"
    );
    // Then only this skill's pages, in reading order, the current one marked.
    let pages = between(sidebar, "</details>", "</div>");
    let skill = store
        .site
        .skills()
        .iter()
        .find(|s| s.folder == "two")
        .unwrap();
    let mut expected = vec![skill.url.as_str()];
    expected.extend(
        skill
            .pages
            .iter()
            .map(|&i| store.site.pages()[i].url.as_str()),
    );
    assert_eq!(hrefs(pages), expected, "{pages}");
    assert!(
        pages.contains("<a href=\"/two/consensus\" aria-current=\"page\">"),
        "{pages}"
    );

    // Library › skill › page.
    let trail = between(
        &page,
        "<nav aria-label=\"Breadcrumb\" class=\"breadcrumbs\">",
        "</nav>",
    );
    assert_eq!(hrefs(trail), ["/", "/two/", "/two/consensus"], "{trail}");
    assert!(
        trail.contains(">Library</a>") && trail.contains(">Beta systems</a>"),
        "{trail}"
    );
    assert!(
        trail.contains("aria-current=\"page\">Consensus, CRDTs and clocks</a>"),
        "{trail}"
    );
    let overview = html(&router, "/two/").await;
    let trail = between(&overview, "class=\"breadcrumbs\"><ol>", "</ol>");
    assert_eq!(hrefs(trail), ["/", "/two/"], "{trail}");

    // Previous and next never leave the skill: its overview has no previous page and its
    // last page no next one.
    for &i in &skill.pages {
        let url = &store.site.pages()[i].url;
        let page = html(&router, url).await;
        let links = between(&page, "class=\"prev-next\">", "</nav>");
        for href in hrefs(links) {
            assert!(href.starts_with("/two/"), "{url} links to {href}");
        }
    }
    let last = &store.site.pages()[*skill.pages.last().unwrap()].url;
    assert!(
        !html(&router, last).await.contains("rel=\"next\""),
        "{last}"
    );
    assert!(!overview.contains("rel=\"prev\""));
}

#[tokio::test]
async fn the_sitemap_and_the_static_export_include_the_library() {
    let (store, router, site) = library_app(
        "export",
        &[
            "--base-path",
            "/guide",
            "--site-url",
            "https://example.org/guide",
        ],
    );
    let sitemap =
        String::from_utf8(body(send(&router, get("/guide/sitemap.xml", &[])).await).await).unwrap();
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| &rest[..rest.find("</loc>").unwrap()])
        .collect();
    assert_eq!(locs[0], "https://example.org/guide/", "{sitemap}");
    assert_eq!(locs.len(), store.site.pages().len() + 1, "{sitemap}");
    for page in store.site.pages() {
        assert!(
            locs.contains(&format!("https://example.org{}", page.url).as_str()),
            "{}",
            page.url
        );
    }
    // `/guide` and `/guide/index.html` lead to the library.
    let response = send(&router, get("/guide", &[])).await;
    assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(response.headers()[header::LOCATION], "/guide/");

    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("library-export-out");
    let _ = std::fs::remove_dir_all(&out);
    server::export::write(&store, &site, &out).unwrap();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(index.matches("class=\"skill-card\"").count(), 3);
    assert!(index.contains("href=\"/guide/two/\""));
    assert!(Path::new(&out.join("two/consensus.html")).is_file());
    let markdown = std::fs::read_to_string(out.join("index.md")).unwrap();
    assert!(
        markdown.contains("## [Beta systems](https://example.org/guide/two/)"),
        "{markdown}"
    );
}

#[tokio::test]
async fn search_filters_by_skill() {
    let (_, router, _) = library_app("search-skill", &[]);
    let results = |page: &str| between(page, "<ol>", "</ol>").to_owned();
    let all = results(&html(&router, "/search?q=raft+log").await);
    assert!(
        all.contains("href=\"/one/") && all.contains("href=\"/two/"),
        "{all}"
    );
    let page = html(&router, "/search?q=raft+log&skill=zeta-systems").await;
    let one = results(&page);
    assert!(
        one.contains("href=\"/one/") && !one.contains("href=\"/two/"),
        "{one}"
    );
    // The filter is in the form, the chosen skill selected.
    let form = between(&page, "<select name=\"skill\"", "</select>");
    assert!(
        form.contains("<option value=\"zeta-systems\" selected"),
        "{form}"
    );
    let unknown = send(&router, get("/search?q=raft&skill=nope", &[])).await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        String::from_utf8(body(unknown).await).unwrap(),
        "no skill is named \"nope\""
    );
}
