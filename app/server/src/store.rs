//! Everything the server answers with, rendered and compressed once at startup.

use crate::body::PreparedBody;
use crate::config::Config;
use crate::security::ContentSecurityPolicy;
use docs::{Site, SiteOptions};
use site::layout::{render_doc_page, render_not_found, Assets, SiteInfo};
use std::collections::HashMap;
use std::path::Path;

/// A rendered HTML page and the CSP it is served with.
pub struct HtmlPage {
    /// The page's bytes in every encoding.
    pub body: PreparedBody,
    /// Its Content-Security-Policy (WASM is allowed only on pages with islands).
    pub csp: &'static str,
}

/// The whole site, in memory.
pub struct Store {
    /// Loaded content (for search and the layout of dynamic pages).
    pub site: Site,
    /// Layout settings.
    pub info: SiteInfo,
    /// Pages by canonical path (including the base path).
    pub pages: HashMap<String, HtmlPage>,
    /// Lower-cased path -> canonical path, for case-insensitive redirects.
    pub lowercase_paths: HashMap<String, String>,
    /// The 404 page.
    pub not_found: HtmlPage,
    /// Top-level files from the site directory (favicon.ico, ...), by path.
    pub public_files: HashMap<String, PreparedBody>,
    /// `/sitemap.xml`.
    pub sitemap: PreparedBody,
    /// `/robots.txt`.
    pub robots: PreparedBody,
    /// The search index for the instant search box and the static export.
    pub search_index: PreparedBody,
    /// Content-Security-Policies.
    pub csp: ContentSecurityPolicy,
}

impl Store {
    /// Loads the content and the built assets and renders every page.
    pub fn load(config: &Config) -> Result<Store, String> {
        let options = SiteOptions {
            base_path: config.base_path.clone(),
            repo_edit_url: config.edit_url.clone(),
            ..Default::default()
        };
        let site = Site::load(&config.content_dir, options)
            .map_err(|e| format!("content in {}:\n{e}", config.content_dir.display()))?;
        let info = SiteInfo {
            name: config.site_name.clone(),
            base_path: config.base_path.clone(),
            site_url: config.site_url.clone(),
            assets: read_assets(&config.site_dir, &config.base_path)?,
        };
        let csp = ContentSecurityPolicy::new();
        let render = |html: String, islands: bool| HtmlPage {
            body: PreparedBody::new(html, "text/html; charset=utf-8"),
            csp: if islands {
                csp.with_wasm
            } else {
                csp.without_wasm
            },
        };
        let pages: HashMap<String, HtmlPage> = std::thread::scope(|scope| {
            let handles: Vec<_> = site
                .pages()
                .iter()
                .map(|page| {
                    scope.spawn(|| {
                        (
                            page.url.clone(),
                            render(render_doc_page(&info, &site, page), page.has_widgets()),
                        )
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("rendering a page does not panic"))
                .collect()
        });
        let lowercase_paths = pages
            .keys()
            .map(|p| (p.to_lowercase(), p.clone()))
            .collect();
        let not_found = render(render_not_found(&info, &site), false);
        let public_files = read_public_files(&config.site_dir)?;
        let sitemap = PreparedBody::new(
            sitemap_xml(&site, config.site_url.as_deref(), &config.base_path),
            "application/xml",
        );
        let robots = PreparedBody::new(
            robots_txt(config.site_url.as_deref(), &config.base_path),
            "text/plain; charset=utf-8",
        );
        let search_index = PreparedBody::new(site.search_index().to_json(), "application/json");
        Ok(Store {
            site,
            info,
            pages,
            lowercase_paths,
            not_found,
            public_files,
            sitemap,
            robots,
            search_index,
            csp,
        })
    }
}

/// Reads `pkg/manifest.json` (written by `cargo xtask build`) into asset URLs.
fn read_assets(site_dir: &Path, base_path: &str) -> Result<Assets, String> {
    let path = site_dir.join("pkg/manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "reading {} ({e}); build the site first with `cargo xtask build`",
            path.display()
        )
    })?;
    let manifest: HashMap<String, String> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let url = |name: &str| {
        manifest
            .get(name)
            .map(|file| format!("{base_path}/pkg/{file}"))
            .ok_or_else(|| {
                format!(
                    "{} lists no {name}; rebuild with `cargo xtask build`",
                    path.display()
                )
            })
    };
    Ok(Assets {
        stylesheet: url("site.css")?,
        boot_script: url("boot.js")?,
        glue_script: url("site.js")?,
        wasm: url("site.wasm")?,
        enhance_script: url("enhance.js")?,
        favicon: format!("{base_path}/favicon.svg"),
    })
}

/// Every regular file at the top of the site directory, e.g. `/favicon.svg`.
fn read_public_files(site_dir: &Path) -> Result<HashMap<String, PreparedBody>, String> {
    let entries =
        std::fs::read_dir(site_dir).map_err(|e| format!("reading {}: {e}", site_dir.display()))?;
    let mut files = HashMap::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        files.insert(
            format!("/{name}"),
            PreparedBody::new(bytes, content_type_for(&name)),
        );
    }
    Ok(files)
}

fn content_type_for(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        Some("webmanifest") => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn sitemap_xml(site: &Site, site_url: Option<&str>, base_path: &str) -> String {
    let origin = site_url
        .map(|u| u.strip_suffix(base_path).unwrap_or(u))
        .unwrap_or("http://127.0.0.1:3000");
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in site.pages() {
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc>",
            docs::escape(origin),
            docs::escape(&page.url)
        ));
        if let Some(date) = &page.last_updated {
            xml.push_str(&format!("<lastmod>{}</lastmod>", docs::escape(date)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn robots_txt(site_url: Option<&str>, base_path: &str) -> String {
    let sitemap = match site_url {
        Some(url) => format!("Sitemap: {url}/sitemap.xml\n"),
        None => String::new(),
    };
    format!("User-agent: *\nDisallow: {base_path}/search\n{sitemap}")
}
