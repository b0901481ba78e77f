//! The HTML shell shared by every page.

use leptos::prelude::{AnyView, Owner};
use leptos::tachys::view::RenderHtml;

/// URLs of the built front-end assets, as laid out by the build tool.
#[derive(Clone, Debug, Default)]
pub struct Assets {
    /// The site stylesheet.
    pub stylesheet: String,
    /// The module that loads the WASM once, when an island nears the viewport, and
    /// hydrates every island.
    pub boot_script: String,
    /// Small progressive enhancements (theme toggle, copy buttons, instant search).
    pub enhance_script: String,
    /// The favicon.
    pub favicon: String,
}

/// Site-wide settings the layout needs.
#[derive(Clone, Debug, Default)]
pub struct SiteInfo {
    /// Name shown in the header and in every `<title>`.
    pub name: String,
    /// Path prefix of every URL, without a trailing slash (`""` at the root).
    pub base_path: String,
    /// Absolute site URL for canonical links and Open Graph (`https://example.org/guide`).
    pub site_url: Option<String>,
    /// Front-end assets.
    pub assets: Assets,
    /// Development mode: pages load the live-reload script (see the server's `--watch`).
    pub live_reload: bool,
}

/// What goes into `<head>` for one page.
pub struct Head<'a> {
    /// The page's own title (the site name is appended).
    pub title: &'a str,
    /// Meta description.
    pub description: &'a str,
    /// The page's path (with base path), for the canonical URL.
    pub path: &'a str,
    /// Whether the page has islands and so needs the WASM.
    pub has_islands: bool,
    /// Whether search engines should index the page.
    pub indexable: bool,
}

/// Sets the saved theme before first paint, so a chosen theme never flashes.
/// The server allows it in its Content-Security-Policy by its SHA-256 hash.
pub const THEME_SCRIPT: &str = "try{var t=localStorage.getItem('theme');if(t)document.documentElement.dataset.theme=t}catch(e){}";

/// Renders a complete HTML document around the view `body` builds (inside a reactive owner).
///
/// Hydration scripts are emitted only when the page has islands, so that pages
/// without interactive parts download no WebAssembly.
pub fn document(site: &SiteInfo, head: Head<'_>, body: impl FnOnce() -> AnyView) -> String {
    let assets = &site.assets;
    let title = if head.title == site.name {
        site.name.clone()
    } else {
        format!("{} · {}", head.title, site.name)
    };
    let canonical = site.site_url.as_ref().map(|url| {
        format!(
            "{}{}",
            url.trim_end_matches('/'),
            strip_base(head.path, &site.base_path)
        )
    });
    let e = docs::escape;
    let mut html = String::with_capacity(16 * 1024);
    html.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    html.push_str(&format!("<title>{}</title>", e(&title)));
    html.push_str(&format!(
        "<meta name=\"description\" content=\"{}\">",
        e(head.description)
    ));
    html.push_str("<meta name=\"color-scheme\" content=\"light dark\">");
    if !head.indexable {
        html.push_str("<meta name=\"robots\" content=\"noindex\">");
    }
    if let Some(url) = &canonical {
        html.push_str(&format!(
            "<link rel=\"canonical\" href=\"{0}\"><meta property=\"og:url\" content=\"{0}\">",
            e(url)
        ));
    }
    html.push_str(&format!(
        "<meta property=\"og:type\" content=\"article\"><meta property=\"og:title\" content=\"{}\"><meta property=\"og:description\" content=\"{}\"><meta property=\"og:site_name\" content=\"{}\">",
        e(&title), e(head.description), e(&site.name)
    ));
    html.push_str(&format!(
        "<link rel=\"icon\" href=\"{}\" sizes=\"any\">",
        e(&assets.favicon)
    ));
    // Before the stylesheet: a classic script after a stylesheet waits for it to load, and
    // holds up the parser meanwhile.
    html.push_str(&format!("<script>{THEME_SCRIPT}</script>"));
    html.push_str(&format!(
        "<link rel=\"stylesheet\" href=\"{}\">",
        e(&assets.stylesheet)
    ));
    html.push_str(&format!(
        "<script type=\"module\" src=\"{}\"></script>",
        e(&assets.enhance_script)
    ));
    if site.live_reload {
        html.push_str(&format!(
            "<script type=\"module\" src=\"{}/__live-reload.js\"></script>",
            e(&site.base_path)
        ));
    }
    if head.has_islands {
        html.push_str(&format!(
            "<script type=\"module\" src=\"{}\"></script>",
            e(&assets.boot_script)
        ));
    }
    html.push_str("</head><body>");
    let owner = Owner::new();
    // tachys marks text-node boundaries with `<!>`, which browsers read as an empty
    // comment but HTML forbids ("bogus comment"); `<!---->` is the same node, written validly.
    owner.with(|| html.push_str(&body().to_html().replace("<!>", "<!---->")));
    html.push_str("</body></html>");
    html
}

fn strip_base<'a>(path: &'a str, base: &str) -> &'a str {
    path.strip_prefix(base).unwrap_or(path)
}
