//! `server export --out DIR`: the in-memory site written to disk for a static host or CDN.
//!
//! Clean URLs the way static hosts serve them: `{base}/` is `index.html`, `{base}/consensus`
//! is `consensus.html` (GitHub Pages, Netlify, Cloudflare Pages and nginx's
//! `try_files $uri $uri.html` all map the clean URL to that file). Pages' Markdown
//! (`consensus.md`), `llms.txt`, `llms-full.txt` and the skills' `.zip` files keep their
//! names. Each file also gets `.br` and `.gz` siblings where they are smaller (nginx
//! `gzip_static`/`brotli_static` serve them as they are).
//! `search.html` answers the no-JavaScript search form: it runs the client search (the
//! manifest `search-index.json` and the shards and fragments below `search-index/`) for
//! the `?q=` in its URL.

use crate::body::PreparedBody;
use crate::site_dir::{Kind, SiteDir};
use crate::store::Store;
use sha2::{Digest, Sha256};
use site::layout::render_search_page;
use std::path::{Path, PathBuf};

/// Runs the instant search for `?q=` on the exported search page (no server to answer it).
const STATIC_SEARCH_JS: &str = include_str!("static-search.js");

/// Writes the whole site below `out` (which must be empty or absent) and returns how many
/// files were written.
pub fn write(store: &Store, site_dir: &Path, out: &Path) -> Result<usize, String> {
    if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(format!(
            "export directory {} (--out) is not empty; remove it or choose another",
            out.display()
        ));
    }
    let base = store.info.base_path.as_str();
    let mut writer = Writer {
        out: out.to_path_buf(),
        count: 0,
    };
    let mut urls: Vec<&str> = store.pages.urls().collect();
    urls.sort_unstable();
    for url in urls {
        let page = store
            .render_page(url)
            .ok_or_else(|| format!("no page at {url}"))?;
        writer.body(&file_for_url(base, url)?, page.body())?;
    }
    writer.body("404.html", store.not_found.body())?;
    writer.body("sitemap.xml", store.sitemap.body())?;
    writer.body("robots.txt", store.robots.body())?;
    let search = store.search();
    writer.body("search-index.json", search.manifest.body())?;
    let search_dir = format!("search-index/{}", search.files.version);
    for (path, body) in search.files.shards() {
        writer.body(&format!("{search_dir}/{path}"), body)?;
    }
    let index = store.site.search_index();
    for (n, json) in (0..index.len()).filter_map(|n| Some((n, index.fragment(n)?))) {
        let body = PreparedBody::new(json, "application/json");
        writer.body(&format!("{search_dir}/d/{n}.json"), &body)?;
    }
    for (url, file) in store.public_files.iter().chain(&store.sources) {
        writer.body(&file_for_url(base, url)?, file.body())?;
    }
    let script_name = format!("static-search.{}.js", short_hash(STATIC_SEARCH_JS));
    writer.bytes(&format!("pkg/{script_name}"), STATIC_SEARCH_JS.as_bytes())?;
    let search = render_search_page(&store.info, &store.site, "", "", &[]);
    let tag = format!("<script type=\"module\" src=\"{base}/pkg/{script_name}\"></script>");
    let search = search.replacen("</body>", &format!("{tag}</body>"), 1);
    writer.body(
        "search.html",
        &PreparedBody::new(search, "text/html; charset=utf-8"),
    )?;
    writer.copy_tree(&SiteDir::new(site_dir)?, &site_dir.join("pkg"), "pkg")?;
    Ok(writer.count)
}

/// The file that serves `url` (which starts with `base`): `/x/` -> `x/index.html`,
/// `/x/y` -> `x/y.html`, `/favicon.svg` -> `favicon.svg`.
fn file_for_url(base: &str, url: &str) -> Result<String, String> {
    let relative = url
        .strip_prefix(base)
        .and_then(|rest| rest.strip_prefix('/'))
        .filter(|rest| !rest.split('/').any(|part| part == ".." || part == "."))
        .ok_or_else(|| format!("cannot export {url:?}: not below the base path {base:?}"))?;
    Ok(if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else if relative.contains('.') {
        relative.to_owned()
    } else {
        format!("{relative}.html")
    })
}

fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

struct Writer {
    out: PathBuf,
    count: usize,
}

impl Writer {
    /// Writes `relative` plus its `.br` and `.gz` siblings, each only where the server
    /// would send it: when it is smaller (not for a tiny file, nor for a `.zip`).
    fn body(&mut self, relative: &str, body: &PreparedBody) -> Result<(), String> {
        self.bytes(relative, &body.identity)?;
        for (suffix, bytes) in [("br", &body.brotli), ("gz", &body.gzip)] {
            if bytes.len() < body.identity.len() {
                self.bytes(&format!("{relative}.{suffix}"), bytes)?;
            }
        }
        Ok(())
    }

    fn bytes(&mut self, relative: &str, bytes: &[u8]) -> Result<(), String> {
        let path = self.out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("creating {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))?;
        self.count += 1;
        Ok(())
    }

    /// Copies the regular files of `from` (recursively) to `relative`, following no link
    /// out of `site`.
    fn copy_tree(&mut self, site: &SiteDir, from: &Path, relative: &str) -> Result<(), String> {
        let entries =
            std::fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("reading {}: {e}", from.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let target = format!("{relative}/{name}");
            let path = entry.path();
            match site.kind(&entry)? {
                Kind::Directory => self.copy_tree(site, &path, &target)?,
                Kind::File => {
                    let bytes = std::fs::read(&path)
                        .map_err(|e| format!("reading {}: {e}", path.display()))?;
                    self.bytes(&target, &bytes)?;
                }
                Kind::Other => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::file_for_url;

    #[test]
    fn clean_urls_map_to_the_files_static_hosts_serve() {
        assert_eq!(file_for_url("", "/").unwrap(), "index.html");
        assert_eq!(file_for_url("", "/consensus").unwrap(), "consensus.html");
        assert_eq!(file_for_url("/guide", "/guide/").unwrap(), "index.html");
        assert_eq!(
            file_for_url("/guide", "/guide/skill/").unwrap(),
            "skill/index.html"
        );
        assert_eq!(
            file_for_url("/guide", "/guide/skill/raft").unwrap(),
            "skill/raft.html"
        );
        assert_eq!(
            file_for_url("/guide", "/guide/favicon.svg").unwrap(),
            "favicon.svg"
        );
        assert!(file_for_url("/guide", "/other/x").is_err());
        assert!(file_for_url("", "/../etc/passwd").is_err());
    }
}
