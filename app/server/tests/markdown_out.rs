//! Markdown out, skills out: every page's source at its URL + `.md`, `llms.txt`,
//! `llms-full.txt` and each skill's `.zip`, served with the headers of every prepared
//! response, linked from the pages, and written by the static export.

mod common;

use axum::http::{header, StatusCode};
use common::{app, body, get, request, send};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The skill folder's files an agent installs: SKILL.md and the reference pages, by name.
fn skill_folder_files() -> BTreeMap<String, Vec<u8>> {
    let folder = common::content_dir().join("distributed-systems");
    std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// The files of a zip (directories left out) with their bytes.
fn unzip(bytes: Vec<u8>) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        if file.is_dir() {
            continue;
        }
        let mut contents = Vec::new();
        file.read_to_end(&mut contents).unwrap();
        files.insert(file.name().unwrap().into_owned(), contents);
    }
    files
}

#[tokio::test]
async fn every_page_is_served_as_its_markdown_source() {
    let (store, router) = app("markdown-pages", &[]);
    assert_eq!(store.site.pages().len(), 8);
    for page in store.site.pages() {
        let response = send(&router, get(&page.markdown_url, &[])).await;
        assert_eq!(response.status(), StatusCode::OK, "{}", page.markdown_url);
        let h = response.headers();
        assert_eq!(h[header::CONTENT_TYPE], "text/markdown; charset=utf-8");
        assert_eq!(h[header::CACHE_CONTROL], "no-cache");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(h.contains_key(header::ETAG));
        let source = std::fs::read(&page.source).unwrap();
        assert_eq!(body(response).await, source, "{}", page.markdown_url);
    }
    assert_eq!(store.site.pages()[0].markdown_url, "/index.md");

    // Compressed like the pages, with a 304 for the ETag of the coding asked for.
    let compressed = send(&router, get("/consensus.md", &[("accept-encoding", "br")])).await;
    assert_eq!(compressed.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(compressed.headers()[header::VARY], "Accept-Encoding");
    let etag = compressed.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    let again = get(
        "/consensus.md",
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
    );
    assert_eq!(
        send(&router, again).await.status(),
        StatusCode::NOT_MODIFIED
    );
    let head = send(&router, request("HEAD", "/consensus.md", &[])).await;
    assert_eq!(head.status(), StatusCode::OK);
    assert!(body(head).await.is_empty());
}

#[tokio::test]
async fn llms_txt_lists_each_skill_and_page_and_llms_full_txt_has_every_page() {
    let (store, router) = app("markdown-llms", &[]);
    let response = send(&router, get("/llms.txt", &[])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let text = String::from_utf8(body(response).await).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // llmstxt.org: an H1 with the site's name, then a block quote with the summary.
    assert_eq!(lines[0], "# Distributed Systems Field Guide", "{text}");
    assert_eq!(lines[1], "");
    let skill = &store.site.skills()[0];
    assert_eq!(lines[2], format!("> {}", skill.description));
    // One section per skill: a line per page, title, Markdown URL and description.
    let sections: Vec<&&str> = lines.iter().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(sections, [&"## distributed-systems"], "{text}");
    let items: Vec<&&str> = lines.iter().filter(|l| l.starts_with("- [")).collect();
    assert_eq!(items.len(), store.site.pages().len() + 1, "{text}");
    for (page, item) in store.site.pages().iter().zip(&items) {
        let line = format!(
            "- [{}]({}): {}",
            page.title, page.markdown_url, page.description
        );
        assert_eq!(**item, line);
    }
    assert!(
        items[items.len() - 1].starts_with("- [Download this skill](/distributed-systems.zip): "),
        "{text}"
    );
    assert!(text.contains("[llms-full.txt](/llms-full.txt)"), "{text}");

    let response = send(&router, get("/llms-full.txt", &[])).await;
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    let full = String::from_utf8(body(response).await).unwrap();
    assert!(full.starts_with("# Distributed Systems Field Guide\n\n> "));
    let mut at = 0;
    for page in store.site.pages() {
        let source = std::fs::read_to_string(&page.source).unwrap();
        let marker = format!("<!-- {} -->\n\n", page.markdown_url);
        let found = full[at..]
            .find(&marker)
            .unwrap_or_else(|| panic!("{} missing or out of order", page.markdown_url));
        at += found + marker.len();
        assert!(full[at..].starts_with(&source), "{}", page.markdown_url);
    }
    println!("llms-full.txt: {} bytes", full.len());
}

#[tokio::test]
async fn llms_txt_links_are_absolute_under_a_site_url_and_base_path() {
    let (_, router) = app(
        "markdown-site-url",
        &[
            "--base-path",
            "/guide",
            "--site-url",
            "https://example.org/guide",
        ],
    );
    let text =
        String::from_utf8(body(send(&router, get("/guide/llms.txt", &[])).await).await).unwrap();
    assert!(
        text.contains("](https://example.org/guide/index.md): "),
        "{text}"
    );
    assert!(
        text.contains("](https://example.org/guide/consensus.md): "),
        "{text}"
    );
    assert!(text.contains("(https://example.org/guide/distributed-systems.zip)"));
    let zip = send(&router, get("/guide/distributed-systems.zip", &[])).await;
    assert_eq!(zip.status(), StatusCode::OK);
}

#[tokio::test]
async fn each_skill_downloads_as_a_zip_of_its_folder() {
    let (_, router) = app("markdown-zip", &[]);
    let response = send(
        &router,
        get(
            "/distributed-systems.zip",
            &[("accept-encoding", "br, gzip")],
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let h = response.headers();
    assert_eq!(h[header::CONTENT_TYPE], "application/zip");
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    assert!(h.contains_key(header::ETAG));
    // Deflated inside already: not compressed again.
    assert!(!h.contains_key(header::CONTENT_ENCODING));
    let bytes = body(response).await;
    println!("distributed-systems.zip: {} bytes", bytes.len());
    let files = unzip(bytes);
    let expected: BTreeMap<String, Vec<u8>> = skill_folder_files()
        .into_iter()
        .map(|(name, bytes)| (format!("distributed-systems/{name}"), bytes))
        .collect();
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    assert!(files == expected, "a file's bytes differ from the folder's");
}

#[tokio::test]
async fn pages_link_their_markdown_and_the_overview_its_download() {
    let (_, router) = app("markdown-links", &[]);
    let overview = String::from_utf8(body(send(&router, get("/", &[])).await).await).unwrap();
    assert!(
        overview.contains("<a href=\"/index.md\" type=\"text/markdown\" class=\"markdown-link\">View as Markdown</a>"),
        "{overview}"
    );
    assert!(
        overview.contains("<a href=\"/distributed-systems.zip\" download>Download this skill</a>"),
        "{overview}"
    );
    let page = String::from_utf8(body(send(&router, get("/consensus", &[])).await).await).unwrap();
    assert!(page.contains("href=\"/consensus.md\""));
    assert!(!page.contains("Download this skill"));
}

#[test]
fn the_static_export_writes_the_markdown_llms_files_and_the_zip() {
    let site = common::fixture_site("markdown-export");
    let config = common::config(&site, &[]);
    let store = server::store::Store::load(&config).unwrap();
    let out = site.parent().unwrap().join("export");
    let _ = std::fs::remove_dir_all(&out);
    server::export::write(&store, &site, &out).unwrap();
    let read = |name: &str| std::fs::read(out.join(name)).unwrap();
    for page in store.site.pages() {
        let file = page.markdown_url.trim_start_matches('/');
        assert_eq!(read(file), std::fs::read(&page.source).unwrap(), "{file}");
        assert!(out.join(format!("{file}.br")).is_file(), "{file}.br");
    }
    for name in ["llms.txt", "llms-full.txt", "llms.txt.gz"] {
        assert!(out.join(name).is_file(), "{name}");
    }
    let zip = read("distributed-systems.zip");
    assert_eq!(unzip(zip).len(), skill_folder_files().len());
    // No compressed sibling that a static host would send with a Content-Encoding.
    for sibling in ["distributed-systems.zip.br", "distributed-systems.zip.gz"] {
        assert!(!Path::new(&out.join(sibling)).exists(), "{sibling}");
    }
}
