//! A site laid out by cargo-leptos (no manifest, fixed names) is served with the server's
//! own loader and page scripts, and the root `Cargo.toml` keeps cargo-leptos's settings
//! consistent with what exists in the workspace.

mod common;

use axum::body::Body;
use axum::http::Response;
use common::{body, get, send};
use server::store::Store;
use std::path::PathBuf;
use std::sync::Arc;

async fn body_text(response: Response<Body>) -> String {
    String::from_utf8(body(response).await).unwrap()
}

/// The cargo-leptos layout: `pkg/site.{js,wasm,css}` and the public files, no manifest.
fn cargo_leptos_site() -> PathBuf {
    let site = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixture-cargo-leptos");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(
        site.join("pkg/site.js"),
        "export default function init() {}\n",
    )
    .unwrap();
    std::fs::write(site.join("pkg/site.wasm"), "\0asm\x01\0\0\0").unwrap();
    std::fs::write(site.join("pkg/site.css"), "body { color: black; }\n").unwrap();
    std::fs::write(
        site.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    site
}

#[tokio::test]
async fn pages_load_the_built_in_scripts_pointed_at_cargo_leptos_files() {
    let site = cargo_leptos_site();
    let config = common::config(&site, &["--base-path", "/guide"]);
    let store = Arc::new(Store::load(&config).unwrap());
    let router = server::app::router(store, &site, "/guide", false);

    let page = body_text(send(&router, get("/guide/consensus", &[])).await).await;
    assert!(page.contains("href=\"/guide/pkg/site.css\""), "stylesheet");
    assert!(
        page.contains("src=\"/guide/fieldguide-boot.js\""),
        "island loader"
    );
    assert!(
        page.contains("src=\"/guide/fieldguide-enhance.js\""),
        "page scripts"
    );

    let response = send(&router, get("/guide/fieldguide-boot.js", &[])).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let boot = body_text(response).await;
    // cargo-leptos builds one module, with every widget: no per-widget modules.
    assert!(
        boot.contains("[\"/guide/pkg/site.js\", \"/guide/pkg/site.wasm\"]"),
        "{boot}"
    );
    assert!(boot.contains("BUNDLES = /*BUNDLES*/{}"), "{boot}");
    assert!(!boot.contains("./GLUE") && !boot.contains("./WASM"));

    let enhance = body_text(send(&router, get("/guide/fieldguide-enhance.js", &[])).await).await;
    assert!(enhance.contains("/guide/fieldguide-search.js"));
    let search = send(&router, get("/guide/fieldguide-search.js", &[])).await;
    assert_eq!(search.status(), 200);
    let wasm = send(&router, get("/guide/pkg/site.wasm", &[])).await;
    assert_eq!(wasm.status(), 200);
}

/// `key = "value"` pairs of the `[[workspace.metadata.leptos]]` table in the root Cargo.toml.
fn leptos_metadata() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let table = manifest
        .split("[[workspace.metadata.leptos]]")
        .nth(1)
        .expect("the root Cargo.toml has [[workspace.metadata.leptos]]");
    table
        .lines()
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
        .collect()
}

#[test]
fn cargo_leptos_settings_name_what_exists() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let meta = leptos_metadata();
    let value = |key: &str| {
        meta.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim_matches('"').to_owned())
            .unwrap_or_else(|| panic!("[[workspace.metadata.leptos]] has no {key}"))
    };
    assert_eq!(
        value("output-name"),
        "site",
        "the server expects pkg/site.*"
    );
    assert_eq!(value("site-pkg-dir"), "pkg");
    assert!(root
        .join("app")
        .join(value("bin-package"))
        .join("Cargo.toml")
        .is_file());
    let lib = std::fs::read_to_string(
        root.join("app")
            .join(value("lib-package"))
            .join("Cargo.toml"),
    )
    .unwrap();
    assert!(
        lib.contains("\nhydrate = ["),
        "the lib package has a hydrate feature"
    );
    assert!(
        lib.contains("\"cdylib\""),
        "the lib package builds a cdylib"
    );
    assert_eq!(value("lib-features"), "[\"hydrate\"]");
    assert!(root.join(value("style-file")).is_file());
    assert!(root.join(value("assets-dir")).is_dir());
    let profile = value("lib-profile-release");
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        workspace.contains(&format!("[profile.{profile}]")),
        "profile {profile} exists"
    );
}
