//! Which browser modules a release build makes. A page loads one module that carries
//! the widgets it shows: the one made for exactly its kinds of widget when there is one,
//! else the module with every widget. Made for: each kind alone, and each set of kinds
//! that a page of the content shows together (`docs/benchmarks.md` has the sizes and
//! why this beats `wasm_split`'s chunks).

use crate::assets::read;
use crate::{workspace_root, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// The widgets one module carries, by name, and [`TOUR`] if it can follow guided tours;
/// empty for the module with every widget (and tours).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Kinds(pub BTreeSet<String>);

/// The word that stands for guided tours among a page's kinds: the site crate's `tour`
/// feature, and `tour` in the loader's key (`boot.js` adds it for a page with a tour).
/// Following a tour costs every module about 5 KB brotli, which the pages without one
/// do not pay (the CRDT module alone: 89,5xx bytes without, 94,691 with).
pub const TOUR: &str = "tour";

impl Kinds {
    /// File stem of the module's outputs: `site`, `site-raft`, `site-clocks_crdt_raft`
    /// (names are kebab-case, so `_` cannot be part of one).
    pub fn stem(&self, package: &str) -> String {
        if self.0.is_empty() {
            package.to_owned()
        } else {
            format!("{package}-{}", self.words().join("_"))
        }
    }

    /// Cargo features of the site crate that build it.
    pub fn features(&self) -> String {
        let mut features = vec!["hydrate".to_owned()];
        if !self.0.is_empty() {
            features.push("bundle".to_owned());
            features.extend(self.0.iter().map(|k| match k.as_str() {
                TOUR => TOUR.to_owned(),
                kind => format!("widget-{kind}"),
            }));
        }
        features.join(",")
    }

    /// The key the page's loader looks it up by: the kinds, sorted, joined by spaces.
    pub fn key(&self) -> String {
        self.words().join(" ")
    }

    fn words(&self) -> Vec<&str> {
        self.0.iter().map(String::as_str).collect()
    }
}

/// Every module to build: the one with every widget first, then each kind alone, then
/// each set of two or more kinds some page of `content_dir` shows.
pub fn release_modules(content_dir: &Path) -> Result<Vec<Kinds>> {
    let kinds = widget_kinds()?;
    let mut modules = vec![Kinds(BTreeSet::new())];
    modules.extend(kinds.iter().map(|k| Kinds(BTreeSet::from([k.clone()]))));
    let together: BTreeSet<Kinds> = pages_kinds(content_dir)?
        .into_iter()
        .filter(|set| set.0.len() > 1 && set.0.iter().all(|k| kinds.contains(k) || k == TOUR))
        .collect();
    modules.extend(together);
    Ok(modules)
}

/// The widget kinds: the site crate's `widget-<kind>` features (the registry's tests
/// check there is one per widget).
fn widget_kinds() -> Result<Vec<String>> {
    let path = workspace_root().join("app/site/Cargo.toml");
    let manifest = String::from_utf8_lossy(&read(&path)?).into_owned();
    let kinds: Vec<String> = manifest
        .lines()
        .filter_map(|line| line.strip_prefix("widget-")?.split_once(" = ["))
        .map(|(kind, _)| kind.to_owned())
        .collect();
    if kinds.is_empty() {
        return Err(format!(
            "{} has no `widget-<kind>` features",
            path.display()
        ));
    }
    Ok(kinds)
}

/// For every Markdown page under `dir` (skill folders and their subfolders), the kinds
/// of widget it places: the first word after each fence that opens a ```` ```widget ````
/// or ```` ```tour ```` block, and [`TOUR`] if it has a tour. (The docs engine checks the directives when the server starts; a misspelt
/// name here only means no module is made for that set.)
fn pages_kinds(dir: &Path) -> Result<Vec<Kinds>> {
    let mut found = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("reading {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            found.extend(pages_kinds(&path)?);
        } else if path.extension().is_some_and(|e| e == "md") {
            let text = String::from_utf8_lossy(&read(&path)?).into_owned();
            found.push(Kinds(placed(&text)));
        }
    }
    Ok(found)
}

fn placed(markdown: &str) -> BTreeSet<String> {
    let mut kinds = BTreeSet::new();
    for line in markdown.lines().map(str::trim_start) {
        let (rest, tour) = match (
            line.strip_prefix("```widget "),
            line.strip_prefix("```tour "),
        ) {
            (Some(rest), _) => (rest, false),
            (_, Some(rest)) => (rest, true),
            _ => continue,
        };
        if let Some(kind) = rest.split_whitespace().next() {
            kinds.insert(kind.to_owned());
            if tour {
                kinds.insert(TOUR.to_owned());
            }
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_features_and_keys() {
        let every = Kinds(BTreeSet::new());
        assert_eq!(every.stem("site"), "site");
        assert_eq!(every.features(), "hydrate");
        let some = Kinds(["raft", "crdt"].map(String::from).into());
        assert_eq!(some.stem("site"), "site-crdt_raft");
        assert_eq!(some.features(), "hydrate,bundle,widget-crdt,widget-raft");
        assert_eq!(some.key(), "crdt raft");
    }

    #[test]
    fn a_page_places_the_kinds_of_its_widget_blocks() {
        let page = "# P\n```widget raft nodes=5\n```\ntext ```widget no\n  ```widget crdt\n```\n```widget raft\n```\n```tour clocks\nstep\nA.\n```\n";
        assert_eq!(
            placed(page),
            ["clocks", "crdt", "raft", "tour"].map(String::from).into()
        );
        let tour = Kinds(["tour", "crdt"].map(String::from).into());
        assert_eq!(tour.stem("site"), "site-crdt_tour");
        assert_eq!(tour.features(), "hydrate,bundle,widget-crdt,tour");
    }

    #[test]
    fn the_guide_gets_a_module_for_each_page_with_several_kinds() {
        let modules = release_modules(&workspace_root().join("content")).unwrap();
        let stems: Vec<String> = modules.iter().map(|m| m.stem("site")).collect();
        assert_eq!(stems[0], "site");
        assert!(stems.contains(&"site-escalation".to_owned()), "{stems:?}");
        assert!(
            stems.contains(&"site-fencing_netsplit_raft_tour".to_owned()),
            "{stems:?}"
        );
        assert!(
            stems.contains(&"site-clocks_crdt_raft_tour".to_owned()),
            "{stems:?}"
        );
    }
}
