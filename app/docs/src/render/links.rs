//! Resolving Markdown link destinations between pages.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The pages of the site, by path relative to the content directory, with their URLs.
#[derive(Debug, Default)]
pub(crate) struct LinkMap {
    urls: HashMap<PathBuf, String>,
}

/// What a link destination turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// Leave the destination unchanged (external, absolute, or not a page).
    Unchanged,
    /// A page of the site (maybe the current one), with an optional anchor to check.
    Page {
        /// Key of the target page (path relative to the content directory).
        key: PathBuf,
        /// The URL to write, anchor included.
        url: String,
        /// The anchor, if any, to check once every page is rendered.
        anchor: Option<String>,
    },
    /// A `.md` link to a file that is not a page.
    Missing(String),
}

impl LinkMap {
    /// Registers a page.
    pub(crate) fn insert(&mut self, key: PathBuf, url: String) {
        self.urls.insert(key, url);
    }

    /// The URL of a page, by key.
    pub(crate) fn url(&self, key: &Path) -> Option<&str> {
        self.urls.get(key).map(String::as_str)
    }

    /// Resolves `dest` written in the page `from` (a key).
    pub(crate) fn resolve(&self, from: &Path, dest: &str) -> Resolved {
        if dest.is_empty() || dest.starts_with('/') || dest.starts_with("//") || has_scheme(dest) {
            return Resolved::Unchanged;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let anchor = anchor.map(str::to_string);
        if path.is_empty() {
            return match anchor {
                Some(a) => Resolved::Page {
                    key: from.to_path_buf(),
                    url: format!("#{a}"),
                    anchor: Some(a),
                },
                None => Resolved::Unchanged,
            };
        }
        if !path.ends_with(".md") {
            return Resolved::Unchanged;
        }
        let key = normalize(&from.parent().unwrap_or(Path::new("")).join(path));
        match key.as_ref().and_then(|k| self.urls.get(k)) {
            Some(url) => {
                let url = match &anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url.clone(),
                };
                Resolved::Page {
                    key: key.unwrap_or_default(),
                    url,
                    anchor,
                }
            }
            None => Resolved::Missing(format!("link to missing page `{path}`")),
        }
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => dest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.'),
        None => false,
    }
}

/// Lexically normalises `a/./b/../c` to `a/c`; `None` if it climbs out of the root.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> LinkMap {
        let mut m = LinkMap::default();
        m.insert("s/SKILL.md".into(), "/g/".into());
        m.insert("s/raft.md".into(), "/g/raft".into());
        m.insert("t/SKILL.md".into(), "/g/t/".into());
        m
    }

    #[test]
    fn resolves() {
        let m = map();
        let from = Path::new("s/SKILL.md");
        assert_eq!(
            m.resolve(from, "raft.md#vote"),
            Resolved::Page {
                key: "s/raft.md".into(),
                url: "/g/raft#vote".into(),
                anchor: Some("vote".into())
            }
        );
        assert_eq!(
            m.resolve(from, "../t/SKILL.md"),
            Resolved::Page {
                key: "t/SKILL.md".into(),
                url: "/g/t/".into(),
                anchor: None
            }
        );
        assert!(matches!(m.resolve(from, "nope.md"), Resolved::Missing(_)));
        assert!(matches!(
            m.resolve(from, "../../x.md"),
            Resolved::Missing(_)
        ));
        assert_eq!(m.resolve(from, "https://x.org/a.md"), Resolved::Unchanged);
        assert_eq!(m.resolve(from, "mailto:a@b"), Resolved::Unchanged);
        assert_eq!(m.resolve(from, "img/a.png"), Resolved::Unchanged);
        assert!(matches!(m.resolve(from, "#x"), Resolved::Page { .. }));
    }
}
