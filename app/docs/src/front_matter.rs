//! YAML front matter between `---` lines at the top of a Markdown file.

use serde::Deserialize;

/// The fields the engine reads; other keys are allowed and ignored.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct FrontMatter {
    /// Skill name (overview only).
    pub name: Option<String>,
    /// Page title (reference pages).
    pub title: Option<String>,
    /// One-sentence description for meta tags.
    pub description: Option<String>,
    /// Sort key among pages not listed in the overview.
    pub order: Option<i64>,
}

/// A file split into its front matter and body.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// Parsed front matter (default when absent).
    pub front: FrontMatter,
    /// Whether the file had a front matter block.
    pub present: bool,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// A front matter problem at a 1-based line of the file.
#[derive(Debug)]
pub(crate) struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

/// Splits `source` and parses its front matter, if it starts with `---`.
pub(crate) fn split(source: &str) -> Result<Split<'_>, FrontMatterError> {
    let source_no_bom = source.strip_prefix('\u{feff}').unwrap_or(source);
    let bom = source.len() - source_no_bom.len();
    let first_line_end = source_no_bom
        .find('\n')
        .map_or(source_no_bom.len(), |i| i + 1);
    if source_no_bom[..first_line_end].trim_end() != "---" {
        return Ok(Split {
            front: FrontMatter::default(),
            present: false,
            body: source_no_bom,
            body_offset: bom,
        });
    }
    let yaml_start = first_line_end;
    let mut pos = yaml_start;
    loop {
        if pos >= source_no_bom.len() {
            return Err(FrontMatterError {
                line: 1,
                message: "front matter starts with `---` but has no closing `---` line".into(),
            });
        }
        let end = source_no_bom[pos..]
            .find('\n')
            .map_or(source_no_bom.len(), |i| pos + i + 1);
        if source_no_bom[pos..end].trim_end() == "---" {
            let yaml = &source_no_bom[yaml_start..pos];
            let front = if yaml.trim().is_empty() {
                FrontMatter::default()
            } else {
                serde_yaml_ng::from_str::<FrontMatter>(yaml).map_err(|e| FrontMatterError {
                    line: e.location().map_or(1, |l| l.line() + 1),
                    message: format!("bad front matter: {e}"),
                })?
            };
            return Ok(Split {
                front,
                present: true,
                body: &source_no_bom[end..],
                body_offset: bom + end,
            });
        }
        pos = end;
    }
}

/// The 1-based line of `key:` in the front matter at the top of `source`, or 1 (the
/// opening `---`) when the key is not there.
pub(crate) fn key_line(source: &str, key: &str) -> usize {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return 1;
    }
    lines
        .take_while(|line| line.trim_end() != "---")
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_parses() {
        let s = split("---\nname: x\ndescription: \"d\"\nother: 1\n---\n# Hi\n").unwrap();
        assert!(s.present);
        assert_eq!(s.front.name.as_deref(), Some("x"));
        assert_eq!(s.body, "# Hi\n");
        assert_eq!(s.body_offset, 42);
    }

    #[test]
    fn no_front_matter() {
        let s = split("# Title\n").unwrap();
        assert!(!s.present);
        assert_eq!(s.body, "# Title\n");
    }

    #[test]
    fn finds_the_line_of_a_key() {
        let source = "---\ndescription: d\nname: x\n---\nname: body\n";
        assert_eq!(key_line(source, "name"), 3);
        assert_eq!(key_line(source, "order"), 1);
        assert_eq!(key_line("name: x\n", "name"), 1);
    }

    #[test]
    fn errors_name_lines() {
        let e = split("---\nname: x\norder: [\n---\n").unwrap_err();
        assert!(e.line >= 3, "{}", e.line);
        assert_eq!(split("---\nname: x\n").unwrap_err().line, 1);
        let e = split("---\norder: seven\n---\n").unwrap_err();
        assert_eq!(e.line, 2, "{}", e.message);
    }
}
