//! Everything the server answers with, rendered at startup; the pages and sources are
//! compressed when first asked for (see `Prepared::lazy`), the small bodies at once.

use crate::body::{prepare_all, PreparedBody};
use crate::config::Config;
use crate::markdown::{self, Links};
use crate::prepared::{Policy, Prepared};
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
    /// Pages by canonical path (including the base path), each with its CSP (WASM is
    /// allowed only on pages with islands).
    pub pages: HashMap<String, Prepared>,
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
    /// The instant search's manifest (`search-index.json`).
    pub search_index: Prepared,
    /// The instant search's shards and fragments.
    pub search_files: SearchFiles,
    /// Markdown out, by path: each page's `.md`, `llms.txt`, `llms-full.txt`, and each
    /// skill's `.zip`.
    pub sources: HashMap<String, Prepared>,
    /// Content-Security-Policies.
    pub csp: ContentSecurityPolicy,
}

impl Store {
    /// Loads the content and the built assets, renders every page and compresses it.
    pub fn load(config: &Config) -> Result<Store, String> {
        let started = Instant::now();
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

        // Each page's HTML and ETags, on every core; compressed when first asked for.
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = site.pages().len().div_ceil(workers).max(1);
        let (info_ref, site_ref) = (&info, &site);
        let mut rendered: Vec<(String, PreparedBody, bool)> = std::thread::scope(|scope| {
            let handles: Vec<_> = site
                .pages()
                .chunks(chunk)
                .map(|pages| {
                    scope.spawn(move || {
                        pages
                            .iter()
                            .map(|page| {
                                let html = render_doc_page(info_ref, site_ref, page);
                                let body = PreparedBody::uncompressed_from(html, HTML);
                                (page.url.clone(), body, page.has_widgets())
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(join).collect()
        });
        // Several skills: the home is the library page, one card per skill.
        if site.is_library() {
            let html = render_library_page(&info, &site);
            let body = PreparedBody::uncompressed_from(html, HTML);
            rendered.push((site.home_url(), body, false));
        }
        let not_found = render_not_found(&info, &site);
        let sitemap = sitemap_xml(&site, config.site_url.as_deref(), &config.base_path);
        let robots = robots_txt(config.site_url.as_deref(), &config.base_path);
        let (search_files, search_index) = SearchFiles::new(&site, &config.base_path);
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
        bodies.push((search_index.into(), "application/json"));
        bodies.extend(public.iter().map(|(_, bytes, ty)| (bytes.clone(), *ty)));
        let mut prepared = prepare_all(bodies).into_iter();
        let mut next = || prepared.next().expect("one prepared body per input");

        let csp = ContentSecurityPolicy::compute();
        let policy = |cache_control, islands: bool| Policy {
            cache_control,
            csp: if islands {
                csp.with_wasm
            } else {
                csp.without_wasm
            },
            hsts: config.hsts,
            found: true,
        };
        let pages: HashMap<String, Prepared> = rendered
            .into_iter()
            .map(|(url, body, islands)| (url, Prepared::lazy(body, policy(HTML_CACHE, islands))))
            .collect();
        let not_found = Prepared::new(
            next(),
            Policy {
                found: false,
                ..policy(HTML_CACHE, false)
            },
        );
        let sitemap = Prepared::new(next(), policy(SHORT_CACHE, false));
        let robots = Prepared::new(next(), policy(SHORT_CACHE, false));
        let search_index = Prepared::new(next(), policy(HTML_CACHE, false));
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
        // Every page is HTML now; nothing renders one again.
        site.drop_rendered_html();
        return_freed_memory_to_the_system();
        let lowercase_paths = pages
            .keys()
            .map(|p| (p.to_lowercase(), p.clone()))
            .collect();
        tracing::info!(
            "loaded content in {} ms, rendered {} pages in {} ms, compressed the small bodies in {} ms",
            loaded.as_millis(),
            pages.len(),
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
            search_index,
            search_files,
            sources,
            csp,
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

/// Joins a rendering thread; a panic while rendering is a bug in the layout, re-raised here
/// at startup (never while serving a request).
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
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
