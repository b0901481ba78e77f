//! Reading the built site directory without leaving it: a symbolic link is followed only
//! when it resolves to a regular file inside the site directory; a link out of it (say
//! `pkg/etc -> /etc`) or to a directory is an error that names it.

use std::fs::DirEntry;
use std::path::{Path, PathBuf};

/// What an entry of the site directory is.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file, or a link to one inside the site directory.
    File,
    /// A directory (never through a link).
    Directory,
    /// Anything else (a socket, a FIFO...): not part of the site.
    Other,
}

/// The site directory, resolved once so that links can be checked against it.
pub struct SiteDir {
    root: PathBuf,
}

impl SiteDir {
    /// `dir` with every link in its own path resolved.
    pub fn new(dir: &Path) -> Result<SiteDir, String> {
        let root = dir.canonicalize().map_err(|e| {
            format!(
                "site directory {} (--site-dir / LEPTOS_SITE_ROOT): {e}",
                dir.display()
            )
        })?;
        Ok(SiteDir { root })
    }

    /// What `entry` (read from a directory below the site directory) is.
    pub fn kind(&self, entry: &DirEntry) -> Result<Kind, String> {
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        if file_type.is_dir() {
            return Ok(Kind::Directory);
        }
        if file_type.is_file() {
            return Ok(Kind::File);
        }
        if !file_type.is_symlink() {
            return Ok(Kind::Other);
        }
        let target = path.canonicalize().map_err(|e| {
            format!(
                "{}: a symbolic link that does not resolve: {e}",
                path.display()
            )
        })?;
        if !target.starts_with(&self.root) {
            return Err(format!(
                "{} is a symbolic link to {}, outside the site directory {}; remove it or copy the file in",
                path.display(),
                target.display(),
                self.root.display()
            ));
        }
        if !target.is_file() {
            return Err(format!(
                "{} is a symbolic link to a directory ({}); only links to files are followed",
                path.display(),
                target.display()
            ));
        }
        Ok(Kind::File)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::{Kind, SiteDir};

    #[test]
    fn links_inside_are_files_and_links_outside_are_errors() {
        let root = std::env::temp_dir().join(format!("site-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let site = root.join("site");
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::write(site.join("pkg/a.js"), "a").unwrap();
        std::fs::write(root.join("outside.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(site.join("pkg/a.js"), site.join("pkg/b.js")).unwrap();
        std::os::unix::fs::symlink(root.join("outside.txt"), site.join("pkg/c.txt")).unwrap();
        std::os::unix::fs::symlink(&root, site.join("pkg/up")).unwrap();
        let dir = SiteDir::new(&site).unwrap();
        let kinds: Vec<(String, Result<Kind, String>)> = std::fs::read_dir(site.join("pkg"))
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                (
                    entry.file_name().to_string_lossy().into_owned(),
                    dir.kind(&entry),
                )
            })
            .collect();
        for (name, kind) in kinds {
            match name.as_str() {
                "a.js" | "b.js" => assert_eq!(kind, Ok(Kind::File), "{name}"),
                "c.txt" => assert!(kind.unwrap_err().contains("outside the site directory")),
                "up" => assert!(kind.is_err(), "{name}"),
                _ => unreachable!("{name}"),
            }
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
