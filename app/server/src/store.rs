//! Everything the server answers with. The content is loaded and checked at startup
//! (a bad page stops the server there), with its code blocks left unhighlighted; each
//! page is highlighted, rendered and compressed when first asked for and then kept in a
//! bounded cache ([`Pages`]). The sources are compressed when first asked for (see
//! `Prepared::lazy`), the small bodies at once.

use crate::body::{prepare_all, PreparedBody};
use crate::config::Config;
use crate::markdown::{self, Links};
use crate::prepared::{Policy, Prepared};
use crate::prepared_cache::PreparedCache;
use crate::search_files::SearchFiles;
use crate::security::ContentSecurityPolicy;
use crate::site_dir::{Kind, SiteDir};
use crate::{app, cargo_leptos};
use axum::body::Bytes;
use docs::{Site, SiteOptions};
use site::layout::{
    library_markdown_url, render_doc_page, render_library_page, render_not_found, Assets, SiteInfo,
};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// HTML is revalidated on every use (cheap: ETag + 304); assets under /pkg are immutable.
const HTML_CACHE: &str = "no-cache";
/// Small files whose names carry no hash.
const SHORT_CACHE: &str = "max-age=3600";

/// The whole site, in memory.
pub struct Store {
    /// Loaded content (for search and the layout of dynamic pages).
    pub site: Site,
    /// Layout settings.
    pub info: SiteInfo,
    /// Pages by canonical path (including the base path), rendered on first request.
    pub pages: Pages,
    /// Lower-cased path -> canonical path, for case-insensitive redirects.
    pub lowercase_paths: HashMap<String, String>,
    /// The 404 page.
    pub not_found: Prepared,
    /// Top-level files from the site directory (favicon.ico, ...), by path.
    pub public_files: HashMap<String, Prepared>,
    /// `/sitemap.xml`.
    pub sitemap: Prepared,
    /// `/robots.txt`.
    pub robots: Prepared,
    /// The instant search's files, built on first use (see [`Store::search`]).
    search: OnceLock<Search>,
    /// Markdown out, by path: each page's `.md`, `llms.txt`, `llms-full.txt`, and each
    /// skill's `.zip`.
    pub sources: HashMap<String, Prepared>,
    /// Content-Security-Policies.
    pub csp: ContentSecurityPolicy,
    /// Whether responses carry `Strict-Transport-Security` (`--hsts`).
    hsts: bool,
}

/// The instant search's files.
pub struct Search {
    /// The manifest (`search-index.json`).
    pub manifest: Prepared,
    /// The shards and fragments.
    pub files: SearchFiles,
}

/// Bytes of rendered pages kept, every encoding counted: a page of the guide is about
/// 165 KB of HTML and 60 KB compressed (brotli and gzip), so about 140 pages, all of a
/// small site. Rendering one again costs a few tens of milliseconds (highlighting,
/// layout, compression).
pub const MAX_CACHED_PAGE_BYTES: usize = 32 * 1024 * 1024;

/// Every page's address, and the pages rendered so far (most recently used first).
pub struct Pages {
    slots: HashMap<String, Slot>,
    cache: PreparedCache,
}

/// What a page address shows.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// `Site::pages()[n]`.
    Doc(usize),
    /// The library page (several skills).
    Library,
}

impl Pages {
    /// How many pages the site has.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the site has no page.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Whether `path` is a page's canonical address.
    pub fn contains(&self, path: &str) -> bool {
        self.slots.contains_key(path)
    }

    /// Every page's canonical address, in no order.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.slots.keys().map(String::as_str)
    }

    /// The page at `path` if it is rendered already (no rendering here).
    pub fn cached(&self, path: &str) -> Option<Arc<Prepared>> {
        self.cache.get(path)
    }

    /// Rendered pages kept, and their bytes (every encoding).
    pub fn cached_len_and_bytes(&self) -> (usize, usize) {
        (self.cache.len(), self.cache.bytes())
    }
}

impl Store {
    /// The search index and the instant search's files: built (with the site's index)
    /// by the first caller, which the others wait for. At 400 pages that takes about a
    /// second, more than loading and checking the pages, so a server starts it on a
    /// thread of its own once it can answer pages ([`Store::build_search_in_background`]).
    pub fn search(&self) -> &Search {
        self.search.get_or_init(|| {
            let started = Instant::now();
            let (files, manifest) = SearchFiles::new(&self.site, &self.info.base_path);
            let manifest = PreparedBody::new(manifest, "application/json");
            let search = Search {
                manifest: Prepared::new(manifest, policy(&self.csp, self.hsts, HTML_CACHE, false)),
                files,
            };
            tracing::info!(
                "built the search index and its {} files in {} ms",
                search.files.shards().count(),
                started.elapsed().as_millis()
            );
            search
        })
    }

    /// Whether [`Store::search`] is built (and so answers at once).
    pub fn search_is_built(&self) -> bool {
        self.search.get().is_some()
    }

    /// Waits, on the blocking pool (not on a worker), for [`Store::search`], which is
    /// being built in the background just after startup; false if building it failed.
    pub async fn search_built(store: &Arc<Store>) -> bool {
        if store.search_is_built() {
            return true;
        }
        let store = store.clone();
        tokio::task::spawn_blocking(move || {
            store.search();
        })
        .await
        .is_ok()
    }

    /// Builds the search files on a thread of their own (if not built already).
    pub fn build_search_in_background(store: &Arc<Store>) {
        if store.search_is_built() {
            return;
        }
        let store = store.clone();
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                store.search();
            });
        if let Err(e) = spawned {
            // The first search request builds it then.
            tracing::warn!("cannot start the search index's thread: {e}");
        }
    }

    /// The page at `path`: from the cache, else highlighted, rendered and compressed now
    /// (tens of milliseconds: call it off the async workers) and kept. `None` when no
    /// page has that address.
    pub fn page(&self, path: &str) -> Option<Arc<Prepared>> {
        if let Some(page) = self.pages.cached(path) {
            return Some(page);
        }
        let page = Arc::new(self.render_page(path)?);
        self.pages.cache.insert(path.to_owned(), page.clone());
        Some(page)
    }

    /// The page at `path`, rendered and compressed now, not kept (the static export
    /// renders each page once).
    pub fn render_page(&self, path: &str) -> Option<Prepared> {
        let (html, islands) = match *self.pages.slots.get(path)? {
            Slot::Doc(n) => {
                let page = self.site.highlighted(self.site.pages().get(n)?);
                let html = render_doc_page(&self.info, &self.site, &page);
                (html, page.has_widgets())
            }
            Slot::Library => (render_library_page(&self.info, &self.site), false),
        };
        let body = PreparedBody::new(html, HTML);
        Some(Prepared::new(
            body,
            policy(&self.csp, self.hsts, HTML_CACHE, islands),
        ))
    }
}

/// How a body is served: `cache_control`, the CSP that allows WASM only with `islands`.
fn policy(
    csp: &ContentSecurityPolicy,
    hsts: bool,
    cache_control: &'static str,
    islands: bool,
) -> Policy {
    Policy {
        cache_control,
        csp: if islands {
            csp.with_wasm
        } else {
            csp.without_wasm
        },
        hsts,
        found: true,
    }
}

impl Store {
    /// Loads and checks the content and reads the built assets; renders the small bodies
    /// (the pages wait for their first request).
    pub fn load(config: &Config) -> Result<Store, String> {
        let started = Instant::now();
        // The syntax set loads while the content does: the first page asked for is
        // highlighted then, not at load time.
        docs::warm_up();
        return_freed_memory_to_the_system();
        let mut public = read_public_files(&config.site_dir, &config.base_path)?;
        let assets = if cargo_leptos::is_cargo_leptos_site(&config.site_dir) {
            public.extend(cargo_leptos::scripts(&config.base_path));
            cargo_leptos::assets(&config.base_path)
        } else {
            read_assets(&config.site_dir, &config.base_path)?
        };
        // No page may take an address the server answers itself.
        let mut reserved = app::reserved_names(&config.base_path);
        reserved.extend(public.iter().filter_map(|(path, _, _)| {
            path.strip_prefix(&config.base_path)
                .map(|name| name.trim_start_matches('/').to_owned())
        }));
        let options = SiteOptions {
            base_path: config.base_path.clone(),
            repo_edit_url: config.edit_url.clone(),
            widgets: std::sync::Arc::new(site::islands::registry::Registry),
            reserved,
            defer_highlighting: true,
            ..Default::default()
        };
        let mut site = Site::load(&config.content_dir, options).map_err(|e| {
            format!(
                "content directory {} (--content-dir / FIELDGUIDE_CONTENT_DIR):\n{e}",
                config.content_dir.display()
            )
        })?;
        let info = SiteInfo {
            name: config.site_name.clone(),
            base_path: config.base_path.clone(),
            site_url: config.site_url.clone(),
            assets,
            live_reload: config.watch,
        };
        let loaded = started.elapsed();

        let mut slots: HashMap<String, Slot> = site
            .pages()
            .iter()
            .enumerate()
            .map(|(n, page)| (page.url.clone(), Slot::Doc(n)))
            .collect();
        // Several skills: the home is the library page, one card per skill.
        if site.is_library() {
            slots.insert(site.home_url(), Slot::Library);
        }
        let not_found = render_not_found(&info, &site);
        let sitemap = sitemap_xml(&site, config.site_url.as_deref(), &config.base_path);
        let robots = robots_txt(config.site_url.as_deref(), &config.base_path);
        let links = Links::new(config.site_url.as_deref(), &config.base_path);
        let mut sources: Vec<(String, Bytes, &'static str)> = Vec::new();
        if site.is_library() {
            let text = markdown::library_md(&site, &config.site_name, &links);
            sources.push((library_markdown_url(&site), text.into(), markdown::MARKDOWN));
        }
        let base = &config.base_path;
        let llms = markdown::llms_txt(&site, &config.site_name, &links);
        let llms_full = markdown::llms_full_txt(&site, &config.site_name, &links);
        sources.push((format!("{base}/llms.txt"), llms.into(), markdown::TEXT));
        sources.push((
            format!("{base}/llms-full.txt"),
            llms_full.into(),
            markdown::TEXT,
        ));
        for skill in site.skills() {
            let zip = markdown::skill_zip(&site, skill)?;
            sources.push((skill.download_url.clone(), zip.into(), markdown::ZIP));
        }
        // Last, as the pages' Markdown moves out of the site into their `.md` responses.
        let urls: Vec<String> = site
            .pages()
            .iter()
            .map(|p| p.markdown_url.clone())
            .collect();
        for (url, text) in urls.into_iter().zip(site.take_markdown()) {
            sources.push((url, text.into(), markdown::MARKDOWN));
        }
        let rendered_at = started.elapsed();

        // The small bodies compressed now in one parallel batch, in this order; pages and
        // sources (most of the bytes) when first asked for.
        let mut bodies: Vec<(Bytes, &'static str)> = vec![(not_found.into(), HTML)];
        bodies.push((sitemap.into(), "application/xml"));
        bodies.push((robots.into(), "text/plain; charset=utf-8"));
        bodies.extend(public.iter().map(|(_, bytes, ty)| (bytes.clone(), *ty)));
        let mut prepared = prepare_all(bodies).into_iter();
        let mut next = || prepared.next().expect("one prepared body per input");

        let csp = ContentSecurityPolicy::compute();
        let policy =
            |cache_control, islands: bool| policy(&csp, config.hsts, cache_control, islands);
        let not_found = Prepared::new(
            next(),
            Policy {
                found: false,
                ..policy(HTML_CACHE, false)
            },
        );
        let sitemap = Prepared::new(next(), policy(SHORT_CACHE, false));
        let robots = Prepared::new(next(), policy(SHORT_CACHE, false));
        let public_files = public
            .into_iter()
            .map(|(path, _, _)| (path, Prepared::new(next(), policy(SHORT_CACHE, false))))
            .collect();
        // Revalidated like the pages they come from (their names carry no hash).
        let sources = sources
            .into_iter()
            .map(|(path, bytes, ty)| {
                let body = PreparedBody::uncompressed_from(bytes, ty);
                (path, Prepared::lazy(body, policy(HTML_CACHE, false)))
            })
            .collect();
        return_freed_memory_to_the_system();
        let lowercase_paths = slots
            .keys()
            .map(|p| (p.to_lowercase(), p.clone()))
            .collect();
        let pages = Pages {
            cache: PreparedCache::new(slots.len(), MAX_CACHED_PAGE_BYTES),
            slots,
        };
        tracing::info!(
            "loaded and checked {} pages in {} ms, made the sources in {} ms, compressed the small bodies in {} ms",
            pages.len(),
            loaded.as_millis(),
            (rendered_at - loaded).as_millis(),
            (started.elapsed() - rendered_at).as_millis()
        );
        Ok(Store {
            site,
            info,
            pages,
            lowercase_paths,
            not_found,
            public_files,
            sitemap,
            robots,
            search: OnceLock::new(),
            sources,
            csp,
            hsts: config.hsts,
        })
    }
}

const HTML: &str = "text/html; charset=utf-8";

/// Makes glibc give large blocks (a page's HTML is 160 KB) their own mapping and trim
/// the heap as it goes, so that what start-up frees goes back to the system. Its default
/// raises the mapping threshold after the first large free, and the freed heap then
/// stays resident: at 400 pages 195 MB resident after start-up, 140 MB with these
/// settings (the same as `MALLOC_TRIM_THRESHOLD_=131072` in the environment).
fn return_freed_memory_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes glibc's thresholds, malloc_trim only returns free
    // pages to the kernel; neither touches memory in use.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 * 1024);
        libc::malloc_trim(0);
    }
}

/// Reads `pkg/manifest.json` (written by `cargo xtask build`) into asset URLs.
fn read_assets(site_dir: &Path, base_path: &str) -> Result<Assets, String> {
    let path = site_dir.join("pkg/manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "reading {} ({e}); build the site first with `cargo xtask build`, or point --site-dir (LEPTOS_SITE_ROOT) at a built site",
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
        enhance_script: url("enhance.js")?,
        favicon: format!("{base_path}/favicon.svg"),
    })
}

/// Every regular file at the top of the site directory, e.g. `{base}/favicon.svg`, as
/// (URL path, bytes, content type). A link out of the site directory is an error.
fn read_public_files(
    site_dir: &Path,
    base_path: &str,
) -> Result<Vec<(String, Bytes, &'static str)>, String> {
    let site = SiteDir::new(site_dir)?;
    let entries = std::fs::read_dir(site_dir).map_err(|e| {
        format!(
            "site directory {} (--site-dir / LEPTOS_SITE_ROOT): {e}",
            site_dir.display()
        )
    })?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if site.kind(&entry)? != Kind::File {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        files.push((
            format!("{base_path}/{name}"),
            bytes.into(),
            content_type_for(&name),
        ));
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
    let mut entry = |url: &str, date: Option<&str>| {
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc>",
            docs::escape(origin),
            docs::escape(url)
        ));
        if let Some(date) = date {
            xml.push_str(&format!("<lastmod>{}</lastmod>", docs::escape(date)));
        }
        xml.push_str("</url>\n");
    };
    // The library page changes when any skill does.
    if site.is_library() {
        let newest = site
            .pages()
            .iter()
            .filter_map(|page| page.last_updated.as_deref())
            .max();
        entry(&site.home_url(), newest);
    }
    for page in site.pages() {
        entry(&page.url, page.last_updated.as_deref());
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
