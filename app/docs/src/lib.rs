//! The content pipeline of the documentation site: load skill folders, render their
//! Markdown to HTML segments once, check links, and index everything for search.
//!
//! The web app only lays pages out: [`Site::load`] gives it every [`Page`] with its
//! body as [`Segment`]s (HTML, or a [`WidgetSpec`] where an island goes), table of
//! contents, previous/next links, dates and edit links, plus [`Site::nav`] and
//! [`Site::search`]. The content contract is `docs/authoring.md`.
//!
//! Without the default `render` feature only the plain data types compile (pages,
//! widget specs, decision trees, search), so a WASM client can share them.
//!
//! ```no_run
//! use docs::{Segment, Site, SiteOptions};
//!
//! let site = Site::load(
//!     std::path::Path::new("content"),
//!     SiteOptions { base_path: "/guide".into(), ..Default::default() },
//! )?;
//! let page = site.page_by_path("/guide/").expect("overview");
//! for segment in &page.segments {
//!     match segment {
//!         Segment::Html(html) => print!("{html}"),
//!         Segment::Widget(spec) => print!("<figure data-args=\"{}\"></figure>", docs::Esc(&spec.args)),
//!     }
//! }
//! for hit in site.search("fencing token", 10) {
//!     println!("{} › {} {} {}", hit.page_title, hit.heading, hit.url, hit.snippet_html);
//! }
//! # Ok::<(), docs::LoadError>(())
//! ```

pub mod decision_tree;
mod escape;
mod model;
pub mod problems;
#[cfg(feature = "render")]
pub mod search;
mod slug;
pub mod tour;
pub mod widget;

#[cfg(feature = "render")]
mod dates;
#[cfg(feature = "render")]
mod error;
#[cfg(feature = "render")]
mod front_matter;
#[cfg(feature = "render")]
mod highlight;
#[cfg(feature = "render")]
mod render;
#[cfg(feature = "render")]
mod site;

pub use decision_tree::DecisionTree;
pub use escape::{escape, Esc};
pub use model::{NavSection, Page, PageLink, Segment, Skill, TocEntry};
#[cfg(feature = "render")]
pub use search::{SearchHit, SearchIndex};
pub use slug::{slugify, Slugger};
pub use tour::TourStep;
pub use widget::{Directive, NoWidgets, WidgetCatalog, WidgetSpec};

#[cfg(feature = "render")]
pub use error::{LoadError, Problem};
#[cfg(feature = "render")]
pub use highlight::warm_up;
#[cfg(feature = "render")]
pub use site::{Site, SiteOptions};

/// Renders a Markdown string on its own (no links to other pages are resolved;
/// `.md` links are reported as problems; widget directives are checked by `widgets`).
/// Useful for previews and fuzzing.
#[cfg(feature = "render")]
pub fn render_markdown(markdown: &str, widgets: &dyn WidgetCatalog) -> (Vec<Segment>, Vec<String>) {
    let links = render::links::LinkMap::default();
    let rendered = render::render(&render::PageInput {
        file: markdown,
        body: markdown,
        body_offset: 0,
        key: std::path::Path::new("page.md"),
        is_overview: false,
        links: &links,
        widgets,
        defer_highlighting: false,
    });
    let problems = rendered
        .problems
        .into_iter()
        .map(|(line, m)| format!("line {line}: {m}"))
        .collect();
    (rendered.segments, problems)
}
