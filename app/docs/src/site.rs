//! Loading a content directory into a [`Site`]: discover skills, read and render every
//! page once, order them, check links and anchors, and gather the search index's
//! sections (the index itself is built on first use).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::dates;
use crate::decision_tree::DecisionTree;
use crate::error::{LoadError, Problems};
use crate::front_matter::{self, FrontMatter};
use crate::highlight::{fill_placeholders, DeferredCode};
use crate::model::{NavSection, Page, PageLink, Segment, Skill};
use crate::render::{self, links::LinkMap, PageInput, Rendered};
use crate::search::{SearchHit, SearchIndex, SectionDoc, Shards};
use crate::slug::slugify;
use crate::widget::{NoWidgets, WidgetCatalog};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

/// How to build URLs and links, and which widgets the content may place.
#[derive(Clone)]
pub struct SiteOptions {
    /// URL prefix the site is served under, such as `/guide` (`""` or `/` for none).
    pub base_path: String,
    /// Prefix of "Edit this page" links; the file's path relative to the content
    /// directory is appended after a `/` (e.g. `https://git.example/o/r/edit/main/content`).
    pub repo_edit_url: Option<String>,
    /// Skip `git log` and use file modification times (faster for live reload).
    pub no_git: bool,
    /// Checks the content's widget directives (the web app's widget registry).
    pub widgets: Arc<dyn WidgetCatalog>,
    /// Names the server answers itself just below the base path (`search`, `pkg`,
    /// `llms.txt`, ...): a page, skill folder or download whose URL would start with one
    /// of them (in any case) is a load-time error.
    pub reserved: Vec<String>,
    /// Leave the syntax highlighting of code blocks until a page is rendered (by
    /// [`Site::highlighted`]), so that loading only parses and checks: what a server
    /// that renders pages on first request wants. The pages' segments then hold
    /// placeholders where highlighted code goes.
    pub defer_highlighting: bool,
}

impl Default for SiteOptions {
    fn default() -> Self {
        SiteOptions {
            base_path: String::new(),
            repo_edit_url: None,
            no_git: false,
            widgets: Arc::new(NoWidgets),
            reserved: Vec::new(),
            defer_highlighting: false,
        }
    }
}

impl std::fmt::Debug for SiteOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteOptions")
            .field("base_path", &self.base_path)
            .field("repo_edit_url", &self.repo_edit_url)
            .field("no_git", &self.no_git)
            .field("reserved", &self.reserved)
            .field("defer_highlighting", &self.defer_highlighting)
            .finish_non_exhaustive()
    }
}

/// Every skill and page, rendered, with navigation and a search index.
#[derive(Debug, Clone)]
pub struct Site {
    skills: Vec<Skill>,
    pages: Vec<Page>,
    by_url: HashMap<String, usize>,
    escalation: HashMap<String, DecisionTree>,
    search: LazyIndex,
    base_path: String,
    /// Each page's code blocks still to highlight, by page index (empty unless
    /// [`SiteOptions::defer_highlighting`]).
    deferred_code: Vec<Vec<DeferredCode>>,
}

/// A Markdown file found on disk, before rendering.
struct SourceFile {
    key: PathBuf,
    path: PathBuf,
    folder: String,
    file_name: String,
    text: String,
}

/// Per-page facts kept between rendering and assembling.
struct Loaded {
    file: SourceFile,
    front: FrontMatter,
    url: String,
    rendered: Rendered,
}

impl Site {
    /// Loads every skill folder under `content_dir` (or `content_dir` itself when it
    /// holds a `SKILL.md`) and renders every page. All problems are reported together.
    pub fn load(content_dir: &Path, options: SiteOptions) -> Result<Site, LoadError> {
        let mut problems = Problems::default();
        let base = normalize_base(&options.base_path);
        let files = discover(content_dir, &mut problems);
        let multi = files
            .iter()
            .map(|f| f.folder.as_str())
            .collect::<HashSet<_>>()
            .len()
            > 1;

        let mut links = LinkMap::default();
        for f in &files {
            links.insert(
                f.key.clone(),
                page_url(&base, multi, &f.folder, &f.file_name),
            );
        }

        // git log runs while pages render; pages render on every core.
        let (mut loaded, dates) = std::thread::scope(|scope| {
            let git = (!options.no_git).then(|| scope.spawn(|| dates::git_dates(content_dir)));
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            let chunk = files.len().div_ceil(threads).max(1);
            let mut rest = files;
            let mut handles = Vec::new();
            while !rest.is_empty() {
                let tail = rest.split_off(chunk.min(rest.len()));
                let part = std::mem::replace(&mut rest, tail);
                let links = &links;
                let widgets = options.widgets.as_ref();
                let defer = options.defer_highlighting;
                handles.push(scope.spawn(move || {
                    let mut problems = Problems::default();
                    let loaded: Vec<Loaded> = part
                        .into_iter()
                        .filter_map(|f| load_file(f, links, widgets, defer, &mut problems))
                        .collect();
                    (loaded, problems)
                }));
            }
            let mut loaded = Vec::new();
            for handle in handles {
                match handle.join() {
                    Ok((part, part_problems)) => {
                        loaded.extend(part);
                        problems.append(part_problems);
                    }
                    Err(_) => problems.push(content_dir, 0, "rendering a page panicked"),
                }
            }
            let dates = git.and_then(|g| g.join().ok()).unwrap_or_default();
            (loaded, dates)
        });

        check_anchors(&loaded, &mut problems);
        check_skill_names(&loaded, &mut problems);
        check_urls(&loaded, &base, &options.reserved, &mut problems);
        let escalation = fill_decision_trees(&mut loaded, options.widgets.as_ref(), &mut problems);
        problems.into_result()?;

        let site = assemble(loaded, &options, &dates, escalation, base);
        Ok(site)
    }

    /// The skills, in folder order.
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// Every page in reading order (each skill's overview first).
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The page at a URL path (base path included). A trailing slash is ignored, and
    /// the overview also answers without it.
    pub fn page_by_path(&self, path: &str) -> Option<&Page> {
        let index = self.by_url.get(path).or_else(|| {
            let trimmed = path.trim_end_matches('/');
            self.by_url
                .get(trimmed)
                .or_else(|| self.by_url.get(&format!("{trimmed}/")))
        })?;
        self.pages.get(*index)
    }

    /// The sidebar: one section per skill with every page.
    pub fn nav(&self) -> Vec<NavSection> {
        self.skills
            .iter()
            .map(|skill| NavSection {
                title: skill.name.clone(),
                url: skill.url.clone(),
                items: skill
                    .pages
                    .iter()
                    .map(|&i| PageLink {
                        url: self.pages[i].url.clone(),
                        title: self.pages[i].title.clone(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// Whether the site is a library of several skills: its home (`{base}/`) is then the
    /// library page, one card per skill, rather than the one skill's overview.
    pub fn is_library(&self) -> bool {
        self.skills.len() > 1
    }

    /// The site's home: the library page, or the overview of the only skill.
    pub fn home_url(&self) -> String {
        format!("{}/", self.base_path)
    }

    /// `page` (one of this site's) as it is shown: with its code blocks highlighted when
    /// [`SiteOptions::defer_highlighting`] left them as placeholders, else as it is.
    pub fn highlighted<'p>(&self, page: &'p Page) -> std::borrow::Cow<'p, Page> {
        let blocks = self
            .by_url
            .get(&page.url)
            .and_then(|&i| self.deferred_code.get(i))
            .filter(|blocks| !blocks.is_empty());
        let Some(blocks) = blocks else {
            return std::borrow::Cow::Borrowed(page);
        };
        let mut page = page.clone();
        for segment in &mut page.segments {
            if let Segment::Html(html) = segment {
                *html = fill_placeholders(html, blocks);
            }
        }
        std::borrow::Cow::Owned(page)
    }

    /// Takes every page's Markdown source out of the site, in page order, leaving it
    /// empty: for a server that serves each source as it is and has made everything
    /// else it needs from them (`llms-full.txt`, the downloads), so that it does not hold
    /// them twice (10.8 MB at 400 pages).
    pub fn take_markdown(&mut self) -> Vec<String> {
        self.pages
            .iter_mut()
            .map(|page| std::mem::take(&mut page.markdown))
            .collect()
    }

    /// The names of the widgets a skill's pages place, each once, in reading order.
    pub fn widgets_of(&self, skill: &Skill) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        let specs = skill
            .pages
            .iter()
            .filter_map(|&i| self.pages.get(i))
            .flat_map(|page| &page.segments)
            .filter_map(|segment| match segment {
                Segment::Widget(spec) => Some(spec.name.as_str()),
                Segment::Html(_) => None,
            });
        for name in specs {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// The skill a page belongs to.
    pub fn skill_of(&self, page: &Page) -> Option<&Skill> {
        self.skills.iter().find(|skill| skill.name == page.skill)
    }

    /// The decision tree of a skill's overview (what the escalation widget shows).
    pub fn decision_tree(&self, skill_name: &str) -> Option<&DecisionTree> {
        self.escalation.get(skill_name)
    }

    /// The base path the URLs were built with (`""` or `/guide`).
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The full-text index over every page.
    ///
    /// The index is built on first use, not by [`Site::load`] (at 400 pages building it
    /// takes longer than loading and checking them): a server can answer pages while
    /// another thread builds it. Callers on other threads wait for that build.
    pub fn search_index(&self) -> &SearchIndex {
        self.search.get()
    }

    /// Runs a search; see [`SearchIndex::search`].
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        self.search.get().search(query, limit)
    }

    /// Runs a search among the pages of the skill named `skill`; `None` when no skill
    /// has that name.
    pub fn search_skill(&self, query: &str, skill: &str, limit: usize) -> Option<Vec<SearchHit>> {
        let index = self.skills.iter().position(|s| s.name == skill)?;
        Some(self.search.get().search_in(query, Some(index), limit))
    }

    /// The sharded index for the instant search box; see [`Shards`].
    pub fn search_shards(&self) -> Shards {
        let names: Vec<String> = self.skills.iter().map(|s| s.name.clone()).collect();
        self.search.get().shards(&names)
    }
}

/// The search index, built from its sections on first use.
struct LazyIndex {
    built: OnceLock<SearchIndex>,
    /// The sections, until the index is built.
    pending: Mutex<Vec<SectionDoc>>,
}

impl LazyIndex {
    fn new(sections: Vec<SectionDoc>) -> LazyIndex {
        LazyIndex {
            built: OnceLock::new(),
            pending: Mutex::new(sections),
        }
    }

    fn pending(&self) -> MutexGuard<'_, Vec<SectionDoc>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn get(&self) -> &SearchIndex {
        self.built
            .get_or_init(|| SearchIndex::build(std::mem::take(&mut *self.pending())))
    }
}

impl Clone for LazyIndex {
    fn clone(&self) -> LazyIndex {
        match self.built.get() {
            Some(index) => LazyIndex {
                built: OnceLock::from(index.clone()),
                pending: Mutex::default(),
            },
            None => LazyIndex::new(self.pending().clone()),
        }
    }
}

impl std::fmt::Debug for LazyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.built.get() {
            Some(index) => index.fmt(f),
            None => write!(f, "SearchIndex (not built yet)"),
        }
    }
}

fn normalize_base(base: &str) -> String {
    let trimmed = base.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

fn page_url(base: &str, multi: bool, folder: &str, file_name: &str) -> String {
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let skill = if multi && !folder.is_empty() {
        format!("/{folder}")
    } else {
        String::new()
    };
    if file_name == "SKILL.md" {
        format!("{base}{skill}/")
    } else {
        format!("{base}{skill}/{stem}")
    }
}

/// Where a page's Markdown source is served: `/consensus` -> `/consensus.md`,
/// `/guide/skill/` -> `/guide/skill/index.md`.
fn markdown_url(url: &str) -> String {
    if url.ends_with('/') {
        format!("{url}index.md")
    } else {
        format!("{url}.md")
    }
}

/// The folder an agent installs a skill under: its folder, or, when the content directory
/// is the skill folder itself, the slug of its `name` (`skill` if that is empty).
fn install_name(folder: &str, name: &str) -> String {
    match (folder, slugify(name)) {
        ("", slug) if slug.is_empty() => "skill".to_owned(),
        ("", slug) => slug,
        (folder, _) => folder.to_owned(),
    }
}

fn download_url(base: &str, install_name: &str) -> String {
    format!("{base}/{install_name}.zip")
}

/// Finds the skill folders and their Markdown files, sorted by folder then file name.
/// A folder of Markdown files without a `SKILL.md` is a problem (a misnamed overview
/// would otherwise drop the whole skill without a word); other folders, and hidden
/// ones, are not skills and are skipped.
fn discover(content_dir: &Path, problems: &mut Problems) -> Vec<SourceFile> {
    let mut folders = Vec::new();
    if content_dir.join("SKILL.md").is_file() {
        folders.push((String::new(), content_dir.to_path_buf()));
    } else {
        match fs::read_dir(content_dir) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    let path = entry.path();
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') || !path.is_dir() {
                        continue;
                    }
                    if path.join("SKILL.md").is_file() {
                        folders.push((name, path));
                    } else if has_markdown(&path) {
                        problems.push(
                            &path,
                            0,
                            "this folder has Markdown files but no SKILL.md: a skill folder needs its overview in SKILL.md (front matter `name` and `description`)",
                        );
                    }
                }
            }
            Err(e) => {
                problems.push(
                    content_dir,
                    0,
                    format!("cannot read the content directory: {e}"),
                );
                return Vec::new();
            }
        }
    }
    if folders.is_empty() {
        problems.push(
            content_dir,
            0,
            "no skill folder (a folder with a SKILL.md) found",
        );
    }
    folders.sort();
    let mut files = Vec::new();
    for (folder, dir) in folders {
        let Ok(entries) = fs::read_dir(&dir) else {
            problems.push(&dir, 0, "cannot read the skill folder");
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        for file_name in names {
            let path = dir.join(&file_name);
            match fs::read_to_string(&path) {
                Ok(text) => files.push(SourceFile {
                    key: Path::new(&folder).join(&file_name),
                    path,
                    folder: folder.clone(),
                    file_name,
                    text,
                }),
                Err(e) => problems.push(&path, 0, format!("cannot read the file: {e}")),
            }
        }
    }
    files
}

/// Whether `dir` holds a `.md` file at its top level.
fn has_markdown(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".md") && e.path().is_file())
    })
}

/// Parses the front matter and renders one file; problems go to `problems`.
fn load_file(
    file: SourceFile,
    links: &LinkMap,
    widgets: &dyn WidgetCatalog,
    defer_highlighting: bool,
    problems: &mut Problems,
) -> Option<Loaded> {
    let split = match front_matter::split(&file.text) {
        Ok(split) => split,
        Err(e) => {
            problems.push(&file.path, e.line, e.message);
            return None;
        }
    };
    let is_overview = file.file_name == "SKILL.md";
    if is_overview && !split.present {
        problems.push(
            &file.path,
            1,
            "SKILL.md needs YAML front matter between `---` lines with `name` and `description`",
        );
    } else if is_overview {
        let fields = [
            ("name", &split.front.name),
            ("description", &split.front.description),
        ];
        for (field, value) in fields {
            if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                problems.push(
                    &file.path,
                    1,
                    format!("SKILL.md front matter needs `{field}`"),
                );
            }
        }
    }
    let rendered = render::render(&PageInput {
        file: &file.text,
        body: split.body,
        body_offset: split.body_offset,
        key: &file.key,
        is_overview,
        links,
        widgets,
        defer_highlighting,
    });
    for (line, message) in &rendered.problems {
        problems.push(&file.path, *line, message.clone());
    }
    let front = split.front;
    let url = links.url(&file.key).unwrap_or_default().to_string();
    Some(Loaded {
        file,
        front,
        url,
        rendered,
    })
}

fn check_anchors(loaded: &[Loaded], problems: &mut Problems) {
    let anchors: HashMap<&Path, &HashSet<String>> = loaded
        .iter()
        .map(|l| (l.file.key.as_path(), &l.rendered.anchors))
        .collect();
    for l in loaded {
        for check in &l.rendered.anchor_checks {
            let exists = anchors
                .get(check.page.as_path())
                .is_some_and(|set| set.contains(&check.anchor));
            if !exists {
                problems.push(
                    &l.file.path,
                    check.line,
                    format!(
                        "link to missing anchor `#{}` in `{}`",
                        check.anchor,
                        check.page.display()
                    ),
                );
            }
        }
    }
}

/// Two skills may not share a `name` (it names the skill in the navigation, in
/// `llms.txt` and to an agent); the later `SKILL.md` is reported at its `name:` line.
fn check_skill_names(loaded: &[Loaded], problems: &mut Problems) {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for l in loaded.iter().filter(|l| l.file.file_name == "SKILL.md") {
        let Some(name) = l.front.name.as_deref().map(str::trim) else {
            continue;
        };
        match seen.entry(name) {
            Entry::Occupied(first) => problems.push(
                &l.file.path,
                front_matter::key_line(&l.file.text, "name"),
                format!(
                    "skill name `{name}` is already the name of {}",
                    first.get().display()
                ),
            ),
            Entry::Vacant(slot) => {
                slot.insert(&l.file.path);
            }
        }
    }
}

/// Every address the content takes (each page, its Markdown, each skill's download) must
/// be its own, compared without case (case-insensitive redirects and file systems), and
/// must stay clear of the names the server answers itself (`reserved`).
fn check_urls(loaded: &[Loaded], base: &str, reserved: &[String], problems: &mut Problems) {
    let reserved: HashSet<String> = reserved.iter().map(|r| r.to_lowercase()).collect();
    let mut owners: HashMap<String, &Path> = HashMap::new();
    for l in loaded {
        let mut urls = vec![l.url.clone(), markdown_url(&l.url)];
        if l.file.file_name == "SKILL.md" {
            let name = l.front.name.as_deref().unwrap_or_default();
            urls.push(download_url(base, &install_name(&l.file.folder, name)));
        }
        let mut reported = false; // one problem per file is enough to rename it
        for url in urls {
            let relative = url
                .strip_prefix(base)
                .unwrap_or(&url)
                .trim_start_matches('/');
            let first = relative
                .split('/')
                .next()
                .unwrap_or_default()
                .to_lowercase();
            if !reported && reserved.contains(&first) {
                let what = if relative.contains('/') && first == l.file.folder.to_lowercase() {
                    "skill folder"
                } else {
                    "file"
                };
                problems.push(
                    &l.file.path,
                    0,
                    format!("`{url}` collides with `{base}/{first}`, which the site serves itself: rename the {what}"),
                );
                reported = true;
            }
            match owners.entry(url.to_lowercase()) {
                Entry::Occupied(owner) => {
                    if !reported {
                        problems.push(
                            &l.file.path,
                            0,
                            format!("`{url}` is also the address of {}", owner.get().display()),
                        );
                        reported = true;
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(&l.file.path);
                }
            }
        }
    }
}

/// Gives every widget that asks for it its skill overview's decision tree; returns the
/// trees by skill name.
fn fill_decision_trees(
    loaded: &mut [Loaded],
    widgets: &dyn WidgetCatalog,
    problems: &mut Problems,
) -> HashMap<String, DecisionTree> {
    let mut by_folder: HashMap<String, DecisionTree> = HashMap::new();
    let mut by_name = HashMap::new();
    for l in loaded.iter() {
        if l.file.file_name == "SKILL.md" {
            if let Some(tree) = l.rendered.decision_trees.first() {
                by_folder.insert(l.file.folder.clone(), tree.clone());
                let name = l.front.name.clone().unwrap_or_default();
                by_name.insert(name, tree.clone());
            }
        }
    }
    for l in loaded.iter_mut() {
        let mut lines = l.rendered.widget_lines.iter();
        for segment in &mut l.rendered.segments {
            let Segment::Widget(spec) = segment else {
                continue;
            };
            let line = lines.next().copied().unwrap_or(0);
            if widgets.wants_decision_tree(&spec.name) {
                match by_folder.get(&l.file.folder) {
                    Some(tree) => spec.tree = Some(tree.clone()),
                    None => problems.push(
                        &l.file.path,
                        line,
                        format!(
                            "the {} widget needs a decision-tree block in the skill's SKILL.md",
                            spec.name
                        ),
                    ),
                }
            }
        }
    }
    by_name
}

fn assemble(
    loaded: Vec<Loaded>,
    options: &SiteOptions,
    dates: &HashMap<PathBuf, String>,
    escalation: HashMap<String, DecisionTree>,
    base_path: String,
) -> Site {
    // Group by folder, in discovery (folder) order.
    let mut groups: Vec<(String, Vec<Loaded>)> = Vec::new();
    for l in loaded {
        match groups.iter_mut().find(|(f, _)| *f == l.file.folder) {
            Some((_, v)) => v.push(l),
            None => groups.push((l.file.folder.clone(), vec![l])),
        }
    }
    let mut pages: Vec<Page> = Vec::new();
    let mut deferred_code = Vec::new();
    let mut skills = Vec::new();
    let mut sections = Vec::new();
    for (folder, group) in groups {
        let ordered = order_pages(group);
        let Some(overview) = ordered.first().filter(|l| l.file.file_name == "SKILL.md") else {
            continue;
        };
        let name = overview
            .front
            .name
            .clone()
            .unwrap_or_else(|| folder.clone());
        let install_name = install_name(&folder, &name);
        let mut skill = Skill {
            name: name.clone(),
            description: overview.front.description.clone().unwrap_or_default(),
            download_url: download_url(&base_path, &install_name),
            install_name,
            folder: folder.clone(),
            url: overview.url.clone(),
            pages: Vec::new(),
        };
        for l in ordered {
            let is_overview = l.file.file_name == "SKILL.md";
            let stem = l.file.file_name.trim_end_matches(".md").to_string();
            let title = l
                .front
                .title
                .clone()
                .or(l.rendered.first_h1.clone())
                .or_else(|| is_overview.then(|| name.clone()))
                .unwrap_or(stem);
            let last_updated = dates
                .get(&l.file.key)
                .cloned()
                .or_else(|| dates::mtime_date(&l.file.path));
            let edit_url = options.repo_edit_url.as_ref().map(|prefix| {
                let key = l.file.key.to_string_lossy().replace('\\', "/");
                format!("{}/{key}", prefix.trim_end_matches('/'))
            });
            let description = l.front.description.clone().unwrap_or_else(|| {
                let intro = l.rendered.sections.first().map_or("", |s| s.text.as_str());
                summary_of(intro)
            });
            for s in l.rendered.sections {
                sections.push(SectionDoc {
                    page: pages.len(),
                    skill: skills.len(),
                    page_title: title.clone(),
                    url: match &s.anchor {
                        Some(a) => format!("{}#{a}", l.url),
                        None => l.url.clone(),
                    },
                    heading: s.heading,
                    text: s.text,
                });
            }
            skill.pages.push(pages.len());
            deferred_code.push(l.rendered.deferred_code);
            pages.push(Page {
                markdown_url: markdown_url(&l.url),
                url: l.url,
                source: l.file.path,
                markdown: l.file.text,
                title,
                description,
                skill: name.clone(),
                is_overview,
                segments: l.rendered.segments,
                toc: l.rendered.toc,
                prev: None,
                next: None,
                last_updated,
                edit_url,
                word_count: l.rendered.word_count,
            });
        }
        skills.push(skill);
    }
    let links: Vec<PageLink> = pages
        .iter()
        .map(|p| PageLink {
            url: p.url.clone(),
            title: p.title.clone(),
        })
        .collect();
    // Previous and next stay inside the skill: its last page has no next.
    for skill in &skills {
        for (k, &i) in skill.pages.iter().enumerate() {
            let prev = k.checked_sub(1).and_then(|j| skill.pages.get(j));
            let next = skill.pages.get(k + 1);
            pages[i].prev = prev.map(|&j| links[j].clone());
            pages[i].next = next.map(|&j| links[j].clone());
        }
    }
    let by_url = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.clone(), i))
        .collect();
    Site {
        skills,
        pages,
        by_url,
        escalation,
        search: LazyIndex::new(sections),
        base_path,
        deferred_code,
    }
}

/// Overview first, then the overview's "Reference Files" order, then `order`, then
/// file name.
fn order_pages(group: Vec<Loaded>) -> Vec<Loaded> {
    let listed: Vec<PathBuf> = group
        .iter()
        .find(|l| l.file.file_name == "SKILL.md")
        .map(|l| l.rendered.reference_list.clone())
        .unwrap_or_default();
    let rank = |l: &Loaded| -> (u8, usize, i64, String) {
        if l.file.file_name == "SKILL.md" {
            return (0, 0, 0, String::new());
        }
        match listed.iter().position(|k| *k == l.file.key) {
            Some(i) => (1, i, 0, String::new()),
            None => (
                2,
                0,
                l.front.order.unwrap_or(i64::MAX),
                l.file.file_name.clone(),
            ),
        }
    };
    let mut group = group;
    group.sort_by_cached_key(rank);
    group
}

/// A meta description for a page without one in its front matter: the opening text,
/// cut at a word boundary to at most [`SUMMARY_CHARS`] characters.
fn summary_of(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SUMMARY_CHARS {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 2 > SUMMARY_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// Longest generated meta description, in characters (search engines show about this many).
const SUMMARY_CHARS: usize = 160;

#[cfg(test)]
mod summary_tests {
    use super::{summary_of, SUMMARY_CHARS};

    #[test]
    fn long_openings_are_cut_at_a_word_with_an_ellipsis() {
        let long = "word ".repeat(100);
        let summary = summary_of(&long);
        assert!(summary.chars().count() <= SUMMARY_CHARS);
        assert!(summary.ends_with("word…"), "{summary}");
        assert_eq!(summary_of("  Short\n opening. "), "Short opening.");
    }
}
