//! Markdown to segments: one pass over pulldown-cmark's events, rewriting links,
//! headings, code blocks, callouts, tables, footnotes, widgets and decision trees.

pub(crate) mod lines;
pub(crate) mod links;
mod text;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::decision_tree::DecisionTree;
use crate::escape::{escape, push_escaped};
use crate::highlight::{self, push_code_block, DeferredCode};
use crate::model::{Segment, TocEntry};
use crate::slug::Slugger;
use crate::widget::{WidgetCatalog, WidgetSpec};
use lines::LineIndex;
use links::{LinkMap, Resolved};
pub(crate) use text::SectionText;

/// The Markdown extensions the site uses.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// What rendering one page needs to know.
pub(crate) struct PageInput<'a> {
    /// The whole file (for line numbers).
    pub file: &'a str,
    /// The Markdown body (after front matter).
    pub body: &'a str,
    /// Byte offset of `body` in `file`.
    pub body_offset: usize,
    /// The page's key (path relative to the content directory).
    pub key: &'a Path,
    /// Whether the page is a skill overview.
    pub is_overview: bool,
    /// Every page of the site.
    pub links: &'a LinkMap,
    /// Checks widget directives.
    pub widgets: &'a dyn WidgetCatalog,
    /// Leave highlighted code blocks as placeholders, kept in [`Rendered::deferred_code`].
    pub defer_highlighting: bool,
}

/// An anchor that must exist on a page, checked after every page is rendered.
#[derive(Debug)]
pub(crate) struct AnchorCheck {
    /// The page the anchor must be on.
    pub page: PathBuf,
    /// The anchor.
    pub anchor: String,
    /// Line of the link in the current file.
    pub line: usize,
}

/// The result of rendering one page.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub segments: Vec<Segment>,
    pub toc: Vec<TocEntry>,
    pub anchors: HashSet<String>,
    pub first_h1: Option<String>,
    pub anchor_checks: Vec<AnchorCheck>,
    pub problems: Vec<(usize, String)>,
    pub decision_trees: Vec<DecisionTree>,
    /// Page keys listed (backticked) in the overview's "Reference Files" section.
    pub reference_list: Vec<PathBuf>,
    pub word_count: usize,
    /// Source line of each widget segment, in order.
    pub widget_lines: Vec<usize>,
    pub sections: Vec<SectionText>,
    /// The code blocks left as placeholders, in order (with `defer_highlighting`).
    pub deferred_code: Vec<DeferredCode>,
}

/// Renders a page. Never panics; problems are collected in [`Rendered::problems`].
pub(crate) fn render(input: &PageInput<'_>) -> Rendered {
    let lines = LineIndex::new(input.file);
    let mut r = Renderer {
        input,
        out: Rendered::default(),
        events: Vec::new(),
        html: String::new(),
        heading: None,
        code: None,
        depth: 0,
        slugger: Slugger::new(),
        footnotes: HashMap::new(),
        referenced: HashSet::new(),
        footnote_stack: Vec::new(),
        table: None,
        tables: 0,
        ref_section: None,
        text: text::TextCollector::default(),
    };
    for (event, range) in Parser::new_ext(input.body, options()).into_offset_iter() {
        let line = lines.line(input.body_offset + range.start);
        r.event(event, line);
    }
    r.finish()
}

struct HeadingCapture<'a> {
    level: HeadingLevel,
    id: Option<String>,
    events: Vec<Event<'a>>,
    text: String,
}

struct CodeCapture {
    info: String,
    text: String,
    line: usize,
}

struct TableCapture {
    /// Index in `events` where the scrolling wrapper opens.
    at: usize,
    in_head: bool,
    head: String,
    wrapper_open: bool,
}

struct Renderer<'i, 'a> {
    input: &'i PageInput<'a>,
    out: Rendered,
    /// Events waiting to be turned into HTML.
    events: Vec<Event<'a>>,
    /// HTML of the current segment.
    html: String,
    heading: Option<HeadingCapture<'a>>,
    code: Option<CodeCapture>,
    /// Nesting of block containers (lists, quotes, footnotes).
    depth: usize,
    slugger: Slugger,
    /// Footnote name to number.
    footnotes: HashMap<String, usize>,
    referenced: HashSet<String>,
    /// Names of the footnote definitions being rendered (innermost last).
    footnote_stack: Vec<String>,
    table: Option<TableCapture>,
    tables: usize,
    /// Level of the "Reference Files" heading while inside that section.
    ref_section: Option<HeadingLevel>,
    text: text::TextCollector,
}

impl<'a> Renderer<'_, 'a> {
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.out.problems.push((line, message.into()));
    }

    fn event(&mut self, event: Event<'a>, line: usize) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some(HeadingCapture {
                    level,
                    id: id.map(|i| i.to_string()),
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeCapture {
                    info,
                    text: String::new(),
                    line,
                });
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.resolve_link(&dest_url, line).unwrap_or(dest_url);
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.depth += 1;
                let (class, label) = callout(kind);
                self.text.block_break();
                self.emit(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.depth = self.depth.saturating_sub(1);
                self.emit(Event::Html(CowStr::Borrowed("</div>")));
            }
            Event::Start(
                tag @ (Tag::BlockQuote(None) | Tag::List(_) | Tag::Item | Tag::DefinitionList),
            ) => {
                self.depth += 1;
                self.text.block_break();
                self.emit(Event::Start(tag));
            }
            Event::End(
                tag @ (TagEnd::BlockQuote(None)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::DefinitionList),
            ) => {
                self.depth = self.depth.saturating_sub(1);
                self.text.block_break();
                self.emit(Event::End(tag));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.depth += 1;
                let n = self.footnote_number(&name);
                let id = footnote_id(&name);
                self.out.anchors.insert(id.clone());
                self.emit(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote\" id=\"{id}\"><span class=\"footnote-label\">{n}.</span>"
                ))));
                self.text.block_break();
                self.footnote_stack.push(name.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.depth = self.depth.saturating_sub(1);
                let name = self.footnote_stack.pop();
                let mut html = String::new();
                if let Some(name) = name.filter(|n| self.referenced.contains(n)) {
                    let n = self.footnote_number(&name);
                    html.push_str(&format!(
                        "<a class=\"footnote-back\" href=\"#ref-{}\" aria-label=\"Back to reference {n}\">↩</a>",
                        footnote_id(&name)
                    ));
                }
                html.push_str("</div>");
                self.emit(Event::Html(CowStr::from(html)));
            }
            Event::TaskListMarker(done) => {
                // A drawn box with its state in words: a disabled checkbox would be a
                // form control without a label.
                let (class, glyph, state) = if done {
                    ("task-box done", "☑", "done")
                } else {
                    ("task-box", "☐", "to do")
                };
                self.emit(Event::InlineHtml(CowStr::from(format!(
                    "<span class=\"{class}\" role=\"img\" aria-label=\"{state}\">{glyph}</span> "
                ))));
            }
            Event::FootnoteReference(name) => {
                let n = self.footnote_number(&name);
                let id = footnote_id(&name);
                let first = self.referenced.insert(name.to_string());
                let ref_id = if first {
                    self.out.anchors.insert(format!("ref-{id}"));
                    format!(" id=\"ref-{id}\"")
                } else {
                    String::new()
                };
                self.emit(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"{ref_id}><a href=\"#{id}\" aria-label=\"Footnote {n}\">{n}</a></sup>"
                ))));
            }
            Event::Start(Tag::Table(align)) => {
                self.depth += 1;
                self.tables += 1;
                self.table = Some(TableCapture {
                    at: self.events.len(),
                    in_head: false,
                    head: String::new(),
                    wrapper_open: false,
                });
                self.emit(Event::Start(Tag::Table(align)));
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
                self.emit(Event::Start(Tag::TableHead));
            }
            Event::End(TagEnd::TableHead) => {
                self.emit(Event::End(TagEnd::TableHead));
                self.open_table_wrapper();
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = self.table.as_mut().filter(|t| t.in_head) {
                    t.head.push_str(", ");
                }
                self.text.word_break();
                self.emit(Event::End(TagEnd::TableCell));
            }
            Event::End(TagEnd::Table) => {
                self.depth = self.depth.saturating_sub(1);
                self.emit(Event::End(TagEnd::Table));
                if self.table.take().is_some_and(|t| t.wrapper_open) {
                    self.emit(Event::Html(CowStr::Borrowed("</div>")));
                }
            }
            Event::Code(code) => self.inline_code(code),
            Event::Text(t) => {
                if let Some(table) = self.table.as_mut().filter(|t| t.in_head) {
                    table.head.push_str(&t);
                }
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&t);
                } else {
                    self.out.word_count += t.split_whitespace().count();
                    self.text.push(&t);
                }
                self.emit(Event::Text(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text.word_break();
                if let Some(h) = &mut self.heading {
                    h.text.push(' ');
                }
                self.emit(event);
            }
            Event::End(TagEnd::Paragraph) => {
                self.text.block_break();
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(h) => h.events.push(event),
            None => self.events.push(event),
        }
    }

    fn flush(&mut self) {
        if !self.events.is_empty() {
            pulldown_cmark::html::push_html(&mut self.html, self.events.drain(..));
        }
    }

    fn push_widget(&mut self, spec: WidgetSpec, line: usize) {
        self.out.widget_lines.push(line);
        self.flush();
        if !self.html.is_empty() {
            let html = std::mem::take(&mut self.html);
            self.out.segments.push(Segment::Html(html));
        }
        self.out.segments.push(Segment::Widget(spec));
    }

    fn finish(mut self) -> Rendered {
        if self.heading.is_some() {
            self.end_heading();
        }
        if self.code.is_some() {
            self.end_code_block();
        }
        self.flush();
        if !self.html.is_empty() {
            let html = std::mem::take(&mut self.html);
            self.out.segments.push(Segment::Html(html));
        }
        self.out.sections = self.text.finish();
        self.out
    }

    /// Rewrites a page link to its URL; records anchors to check and missing pages.
    fn resolve_link(&mut self, dest: &str, line: usize) -> Option<CowStr<'a>> {
        match self.input.links.resolve(self.input.key, dest) {
            Resolved::Unchanged => None,
            Resolved::Missing(message) => {
                self.problem(line, message);
                None
            }
            Resolved::Page { key, url, anchor } => {
                if let Some(anchor) = anchor {
                    self.out.anchor_checks.push(AnchorCheck {
                        page: key,
                        anchor,
                        line,
                    });
                }
                Some(CowStr::from(url))
            }
        }
    }

    fn inline_code(&mut self, code: CowStr<'a>) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(&code);
        } else {
            self.out.word_count += code.split_whitespace().count();
            self.text.push(&code);
        }
        let in_refs = self.input.is_overview && self.ref_section.is_some() && self.depth > 0;
        if in_refs && code.ends_with(".md") && !code.contains(char::is_whitespace) {
            if let Resolved::Page { key, url, .. } = self.input.links.resolve(self.input.key, &code)
            {
                self.out.reference_list.push(key);
                self.emit(Event::InlineHtml(CowStr::from(format!(
                    "<a href=\"{}\"><code>{}</code></a>",
                    escape(&url),
                    escape(&code)
                ))));
                return;
            }
        }
        self.emit(Event::Code(code));
    }

    fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else {
            return;
        };
        let text = h.text.trim().to_string();
        let slug = match h.id {
            Some(id) => self.slugger.claim(id),
            None => self.slugger.slug(&text),
        };
        self.out.anchors.insert(slug.clone());
        let level = h.level as u8;
        if level == 1 && self.out.first_h1.is_none() {
            self.out.first_h1 = Some(text.clone());
        }
        if (2..=3).contains(&level) {
            self.out.toc.push(TocEntry {
                level,
                slug: slug.clone(),
                text: text.clone(),
            });
            self.text.start_section(&slug, &text);
        }
        match self.ref_section {
            Some(ref_level) if h.level <= ref_level => self.ref_section = None,
            _ => {}
        }
        if self.input.is_overview && text.to_lowercase().contains("reference files") {
            self.ref_section = Some(h.level);
        }
        let mut inner = String::new();
        pulldown_cmark::html::push_html(&mut inner, h.events.into_iter());
        let mut html = String::new();
        if level == 1 {
            html.push_str(&format!("<h1 id=\"{slug}\">{inner}</h1>\n"));
        } else {
            html.push_str(&format!(
                "<div class=\"heading\"><h{level} id=\"{slug}\">{inner}</h{level}><a class=\"anchor\" href=\"#{slug}\" aria-label=\"Link to section: "
            ));
            push_escaped(&mut html, &text);
            html.push_str("\">#</a></div>\n");
        }
        self.text.block_break();
        self.events.push(Event::Html(CowStr::from(html)));
    }

    fn end_code_block(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let info = code.info.trim();
        let (lang, rest) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
        match lang {
            "widget" => match WidgetSpec::parse(self.input.widgets, rest, &code.text) {
                Ok(spec) if self.depth == 0 => self.push_widget(spec, code.line),
                Ok(_) => self.problem(
                    code.line,
                    "a widget must be at the top level of the page, not inside a list or quote",
                ),
                Err(errors) => {
                    for e in errors {
                        self.problem(code.line, e);
                    }
                }
            },
            "tour" => self.tour(&code, rest),
            "decision-tree" => self.decision_tree(&code),
            _ => {
                self.text.push_code(&code.text);
                let mut html = String::new();
                if self.input.defer_highlighting && highlight::is_highlighted(lang) {
                    html.push_str(&highlight::placeholder(self.out.deferred_code.len()));
                    self.out.deferred_code.push(DeferredCode {
                        lang: lang.to_owned(),
                        code: code.text.clone(),
                    });
                } else {
                    push_code_block(&mut html, lang, &code.text);
                }
                html.push('\n');
                self.emit(Event::Html(CowStr::from(html)));
            }
        }
    }

    /// A ```` ```tour ```` block: a widget with its steps, each step's Markdown rendered
    /// as its paragraph.
    fn tour(&mut self, code: &CodeCapture, args: &str) {
        match WidgetSpec::parse_tour(self.input.widgets, args, &code.text) {
            Ok((mut spec, markdown)) if self.depth == 0 => {
                for (step, text) in spec.tour.iter_mut().zip(markdown) {
                    let events: Vec<Event<'_>> = pulldown_cmark::Parser::new(&text).collect();
                    for event in &events {
                        match event {
                            Event::Text(t) | Event::Code(t) => self.text.push(t),
                            Event::End(_) => self.text.word_break(),
                            _ => {}
                        }
                    }
                    self.text.block_break();
                    pulldown_cmark::html::push_html(&mut step.html, events.into_iter());
                }
                self.push_widget(spec, code.line);
            }
            Ok(_) => self.problem(
                code.line,
                "a tour must be at the top level of the page, not inside a list or quote",
            ),
            Err(errors) => {
                for (line, e) in errors {
                    let line = line.map_or(code.line, |l| code.line + 1 + l);
                    self.problem(line, e);
                }
            }
        }
    }

    fn decision_tree(&mut self, code: &CodeCapture) {
        let mut tree = match DecisionTree::parse(&code.text) {
            Ok(tree) => tree,
            Err(errors) => {
                for e in errors {
                    self.problem(
                        code.line + 1 + e.line,
                        format!("decision tree: {}", e.message),
                    );
                }
                return;
            }
        };
        let mut problems = Vec::new();
        let mut checks = Vec::new();
        for (line, link, url) in tree.results_mut() {
            let line = code.line + 1 + line;
            match self.input.links.resolve(self.input.key, link) {
                Resolved::Page {
                    key,
                    url: resolved,
                    anchor,
                } => {
                    *url = resolved;
                    if let Some(anchor) = anchor {
                        checks.push(AnchorCheck {
                            page: key,
                            anchor,
                            line,
                        });
                    }
                }
                Resolved::Missing(m) => problems.push((line, format!("decision tree: {m}"))),
                Resolved::Unchanged => *url = link.to_string(),
            }
        }
        self.out.problems.extend(problems);
        self.out.anchor_checks.extend(checks);
        let prefix = format!("decision-tree-{}", self.out.decision_trees.len() + 1);
        self.text.push(&tree_text(&tree));
        let html = tree.to_html(&prefix) + "\n";
        self.emit(Event::Html(CowStr::from(html)));
        self.out.decision_trees.push(tree);
    }

    fn open_table_wrapper(&mut self) {
        let Some(t) = self.table.as_mut() else {
            return;
        };
        t.in_head = false;
        let head = t.head.trim_end_matches([',', ' ']).to_string();
        let at = t.at.min(self.events.len());
        let label = format!("Table {}: {}", self.tables, head);
        let html = format!(
            "<div class=\"table-wrapper\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
            escape(&label)
        );
        t.wrapper_open = true;
        self.events.insert(at, Event::Html(CowStr::from(html)));
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name.to_string()).or_insert(next)
    }
}

fn footnote_id(name: &str) -> String {
    format!("fn-{}", crate::slug::slugify(name))
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The words of a decision tree, for search.
fn tree_text(tree: &DecisionTree) -> String {
    let mut s = String::new();
    for q in &tree.questions {
        s.push_str(&q.text);
        s.push(' ');
        for a in &q.answers {
            if let crate::decision_tree::Target::Result { text, .. } = &a.target {
                s.push_str(text);
                s.push(' ');
            }
        }
    }
    s
}
