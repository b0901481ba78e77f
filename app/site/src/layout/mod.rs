//! Server-side layout: every HTML document the site serves is rendered here once.

mod chrome;
mod document;
mod library;
mod pages;

pub use document::{Assets, SiteInfo, THEME_SCRIPT};
pub use library::{
    library_markdown_url, library_summary, render_library_page, skill_cards, SkillCard,
};
pub use pages::{render_doc_page, render_not_found, render_search_page};
