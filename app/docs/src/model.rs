//! The data the engine hands to the web app: pages, their body segments, table of
//! contents and navigation. Plain data with serde, compiled without the `render`
//! feature too.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::widget::WidgetSpec;

/// A piece of a page body: ready HTML, or a widget island to place there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Segment {
    /// Rendered, trusted HTML (insert as inner HTML).
    Html(String),
    /// A widget placed by a top-level ```` ```widget ```` block.
    Widget(WidgetSpec),
}

/// A heading in the "On this page" table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id (anchor without `#`).
    pub slug: String,
    /// The heading as plain text.
    pub text: String,
}

/// A link to another page (previous/next, navigation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageLink {
    /// The page's URL (base path included).
    pub url: String,
    /// The page's title.
    pub title: String,
}

/// One rendered page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// URL path, base path included: `/`, `/consensus`, `/guide/skill/consensus`.
    pub url: String,
    /// Where the page's Markdown source is served: the URL with `.md` appended, or
    /// `index.md` for an overview at a folder URL (`/index.md`, `/guide/skill/index.md`).
    pub markdown_url: String,
    /// The Markdown file.
    pub source: PathBuf,
    /// The file's text as read, front matter included (what `markdown_url` serves).
    pub markdown: String,
    /// Title: front matter `title`, else the first `# h1`, else the file stem.
    pub title: String,
    /// Description for meta tags (front matter; empty when absent).
    pub description: String,
    /// Name of the skill the page belongs to.
    pub skill: String,
    /// Whether this is the skill's overview (`SKILL.md`).
    pub is_overview: bool,
    /// The body, in order.
    pub segments: Vec<Segment>,
    /// h2/h3 headings.
    pub toc: Vec<TocEntry>,
    /// The page before this one in reading order.
    pub prev: Option<PageLink>,
    /// The page after this one in reading order.
    pub next: Option<PageLink>,
    /// Last change, `YYYY-MM-DD` (git commit date, else file modification time).
    pub last_updated: Option<String>,
    /// "Edit this page" URL, when the site has a repository URL.
    pub edit_url: Option<String>,
    /// Words of prose and inline code (code blocks excluded).
    pub word_count: usize,
}

impl Page {
    /// Whether any widget is placed on the page (pages without widgets need no WASM).
    pub fn has_widgets(&self) -> bool {
        self.segments
            .iter()
            .any(|s| matches!(s, Segment::Widget(_)))
    }
}

/// A skill: its overview and reference pages, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skill {
    /// `name` from the overview's front matter.
    pub name: String,
    /// `description` from the overview's front matter.
    pub description: String,
    /// The folder name under the content directory (empty when the content directory is
    /// the skill folder itself).
    pub folder: String,
    /// The folder name an agent installs the skill under: `folder`, or the slug of `name`
    /// when the content directory is the skill folder itself.
    pub install_name: String,
    /// URL of the overview.
    pub url: String,
    /// URL of the skill's folder as a `.zip` (`/guide/distributed-systems.zip`).
    pub download_url: String,
    /// Indexes into [`crate::Site::pages`], overview first.
    pub pages: Vec<usize>,
}

/// A sidebar group: one skill and its pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavSection {
    /// The skill's name.
    pub title: String,
    /// The overview's URL.
    pub url: String,
    /// Every page of the skill, overview first.
    pub items: Vec<PageLink>,
}
