//! Markdown out, skills out: each page's source at its `.md` address, `llms.txt` (the
//! site as an llmstxt.org index), `llms-full.txt` (every page's Markdown in one file) and
//! each skill's folder as a `.zip` that an agent installs. Built once at startup and then
//! served and exported like every other prepared response.

use docs::{Page, Site, Skill};
use site::layout::{library_markdown_url, library_summary, skill_cards};
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Content type of a page's source.
pub const MARKDOWN: &str = "text/markdown; charset=utf-8";
/// Content type of `llms.txt` and `llms-full.txt`.
pub const TEXT: &str = "text/plain; charset=utf-8";
/// Content type of a skill's download.
pub const ZIP: &str = "application/zip";

/// Where the links of `llms.txt` point: absolute URLs under `--site-url` when it is set
/// (llmstxt.org's examples are absolute), else paths from the root.
pub struct Links<'a> {
    /// The public URL with the base path removed (`https://example.org`), or `""`.
    origin: &'a str,
}

impl<'a> Links<'a> {
    /// Links for a site published at `site_url` (which ends with `base_path`).
    pub fn new(site_url: Option<&'a str>, base_path: &str) -> Links<'a> {
        let origin = site_url.map_or("", |url| url.strip_suffix(base_path).unwrap_or(url));
        Links { origin }
    }

    fn to(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

/// `llms.txt`: the site's name as H1, a one-line summary as a block quote, then one H2
/// section per skill listing its pages' Markdown (title and description) and the
/// skill's download.
pub fn llms_txt(site: &Site, site_name: &str, links: &Links<'_>) -> String {
    let mut out = header(site, site_name);
    out.push_str(&format!(
        "Every page below is Markdown (the same page as HTML is at the address without `.md`). All of them in one file: [llms-full.txt]({}).\n",
        links.to(&format!("{}/llms-full.txt", site.base_path()))
    ));
    if site.is_library() {
        out.push_str(&format!(
            "The library of every skill, with what each covers: [index.md]({}).\n",
            links.to(&library_markdown_url(site))
        ));
    }
    for skill in site.skills() {
        out.push_str(&format!("\n## {}\n\n", one_line(&skill.name)));
        for page in pages_of(site, skill) {
            out.push_str(&format!(
                "- [{}]({})",
                link_text(&page.title),
                links.to(&page.markdown_url)
            ));
            if !page.description.trim().is_empty() {
                out.push_str(&format!(": {}", one_line(&page.description)));
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "- [Download this skill]({}): the folder `{}/` ({} files: SKILL.md and the reference pages) as a .zip, to install for an agent\n",
            links.to(&skill.download_url),
            skill.install_name,
            skill.pages.len()
        ));
    }
    out
}

/// The library page as Markdown: the site's name, then per skill (sorted by name, as on
/// the page) a heading linking to its overview, its description, and its page count and
/// widgets.
pub fn library_md(site: &Site, site_name: &str, links: &Links<'_>) -> String {
    let cards = skill_cards(site);
    let mut out = format!("# {}\n\n{}\n", one_line(site_name), library_summary(&cards));
    for card in &cards {
        out.push_str(&format!(
            "\n## [{}]({})\n\n{}\n\n{}\n",
            link_text(&card.name),
            links.to(&card.url),
            one_line(&card.description),
            card.facts()
        ));
    }
    out
}

/// `llms-full.txt`: the same heading and summary as `llms.txt`, then every page's
/// Markdown source as it is, in reading order, each after a comment naming its address.
pub fn llms_full_txt(site: &Site, site_name: &str, links: &Links<'_>) -> String {
    let mut out = header(site, site_name);
    for page in site.pages() {
        if !out.ends_with("\n\n") {
            out.push('\n'); // one blank line between pages
        }
        out.push_str(&format!("<!-- {} -->\n\n", links.to(&page.markdown_url)));
        out.push_str(&page.markdown);
        if !page.markdown.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The skill's folder as a `.zip`: `<install name>/SKILL.md` and every reference page,
/// deflated, each dated by its last change (so that replicas built from one commit serve
/// the same bytes).
pub fn skill_zip(site: &Site, skill: &Skill) -> Result<Vec<u8>, String> {
    let error = |e: zip::result::ZipError| format!("zipping skill `{}`: {e}", skill.name);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let root = &skill.install_name;
    let folder_date = pages_of(site, skill)
        .filter_map(|page| page.last_updated.as_deref())
        .max()
        .map_or_else(DateTime::default, zip_date);
    zip.add_directory(
        format!("{root}/"),
        options
            .unix_permissions(0o755)
            .last_modified_time(folder_date),
    )
    .map_err(error)?;
    for page in pages_of(site, skill) {
        let name = page
            .source
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| format!("{} has no file name", page.source.display()))?;
        let date = page
            .last_updated
            .as_deref()
            .map_or_else(DateTime::default, zip_date);
        zip.start_file(format!("{root}/{name}"), options.last_modified_time(date))
            .map_err(error)?;
        zip.write_all(page.markdown.as_bytes())
            .map_err(|e| format!("zipping {}: {e}", page.source.display()))?;
    }
    Ok(zip.finish().map_err(error)?.into_inner())
}

/// `# Site name` and the summary: the skill's description, or the skills' names.
fn header(site: &Site, site_name: &str) -> String {
    let summary = match site.skills() {
        [one] => one.description.clone(),
        skills => format!(
            "{} skills: {}.",
            skills.len(),
            skills
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!("# {}\n\n> {}\n\n", one_line(site_name), one_line(&summary))
}

fn pages_of<'s>(site: &'s Site, skill: &'s Skill) -> impl Iterator<Item = &'s Page> {
    skill.pages.iter().filter_map(|&i| site.pages().get(i))
}

/// Text on one line (a front matter description may span several).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Markdown link text: brackets escaped.
fn link_text(text: &str) -> String {
    one_line(text).replace('[', "\\[").replace(']', "\\]")
}

/// A `YYYY-MM-DD` date at midnight; the zip format's first day (1980-01-01) if it is not one.
fn zip_date(date: &str) -> DateTime {
    let mut parts = date.splitn(3, '-').map(str::parse::<u16>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) => {
            let month = u8::try_from(month).unwrap_or(0);
            let day = u8::try_from(day).unwrap_or(0);
            DateTime::from_date_and_time(year, month, day, 0, 0, 0).unwrap_or_default()
        }
        _ => DateTime::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::{link_text, zip_date, Links};

    #[test]
    fn dates_outside_the_zip_range_fall_back_to_1980() {
        assert_eq!(zip_date("2026-11-26").year(), 2026);
        assert_eq!(zip_date("2026-11-26").day(), 26);
        assert_eq!(zip_date("1970-01-01").year(), 1980);
        assert_eq!(zip_date("soon").year(), 1980);
        assert_eq!(zip_date("2026-13-01").year(), 1980);
    }

    #[test]
    fn links_are_absolute_under_a_site_url() {
        let links = Links::new(Some("https://example.org/guide"), "/guide");
        assert_eq!(links.to("/guide/x.md"), "https://example.org/guide/x.md");
        assert_eq!(Links::new(None, "/guide").to("/guide/x.md"), "/guide/x.md");
        assert_eq!(link_text("A [b]\n c"), "A \\[b\\] c");
    }
}
