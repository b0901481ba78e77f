//! Serving a site built by cargo-leptos (`cargo leptos watch` / `build`) instead of
//! `cargo xtask build`.
//!
//! cargo-leptos writes `pkg/site.js`, `pkg/site.wasm` and `pkg/site.css` (the names come
//! from `output-name = "site"` in the root `Cargo.toml`) and no asset manifest, and it
//! knows nothing of the island loader or the page enhancements. For such a site the server
//! serves its own copies of those scripts, pointed at cargo-leptos's file names.

use axum::body::Bytes;
use site::layout::Assets;
use std::path::Path;

/// File stem of cargo-leptos's outputs (`output-name` in `[[workspace.metadata.leptos]]`).
const OUTPUT_NAME: &str = "site";
const JAVASCRIPT: &str = "text/javascript; charset=utf-8";

const BOOT_JS: &str = include_str!("../../site/js/boot.js");
const ENHANCE_JS: &str = include_str!("../../site/js/enhance.js");
const SEARCH_JS: &str = include_str!("../../docs/assets/search.js");

/// True when `site_dir` holds cargo-leptos's outputs and no `cargo xtask` manifest.
pub fn is_cargo_leptos_site(site_dir: &Path) -> bool {
    let pkg = site_dir.join("pkg");
    !pkg.join("manifest.json").exists()
        && ["js", "wasm", "css"]
            .iter()
            .all(|ext| pkg.join(format!("{OUTPUT_NAME}.{ext}")).is_file())
}

/// Asset URLs for a cargo-leptos site served below `base_path`.
pub fn assets(base_path: &str) -> Assets {
    Assets {
        stylesheet: format!("{base_path}/pkg/{OUTPUT_NAME}.css"),
        boot_script: format!("{base_path}/fieldguide-boot.js"),
        enhance_script: format!("{base_path}/fieldguide-enhance.js"),
        favicon: format!("{base_path}/favicon.svg"),
    }
}

/// The loader and enhancement scripts, as (URL path, bytes, content type), with their
/// placeholders replaced by cargo-leptos's file names.
pub fn scripts(base_path: &str) -> Vec<(String, Bytes, &'static str)> {
    let boot = BOOT_JS
        .replace("./GLUE", &format!("{base_path}/pkg/{OUTPUT_NAME}.js"))
        .replace("./WASM", &format!("{base_path}/pkg/{OUTPUT_NAME}.wasm"));
    let enhance = ENHANCE_JS.replace("./SEARCH_JS", &format!("{base_path}/fieldguide-search.js"));
    [
        ("fieldguide-boot.js", boot),
        ("fieldguide-enhance.js", enhance),
        ("fieldguide-search.js", SEARCH_JS.to_owned()),
    ]
    .into_iter()
    .map(|(name, text)| (format!("{base_path}/{name}"), Bytes::from(text), JAVASCRIPT))
    .collect()
}
