//! The widget directive: a fenced block ```` ```widget raft nodes=5 ```` that places an
//! interactive island.
//!
//! The engine does not know which widgets exist. The web app hands it a
//! [`WidgetCatalog`] (in [`crate::SiteOptions`]) that checks each directive, the way an
//! mdBook preprocessor or a Zola shortcode plugs in; the engine splits the directive
//! into words, asks the catalog, reports what it refuses with file and line, and places
//! a [`WidgetSpec`] for what it accepts. The browser reads the same words back with the
//! same catalog table (see the site's `islands::registry`).

use serde::{Deserialize, Serialize};

use crate::decision_tree::DecisionTree;
use crate::problems::Problems;
use crate::tour::{TourBody, TourStep};

/// A problem with a block, at a 0-based line of its body (`None`: on its fence line).
pub type LineProblem = (Option<usize>, String);

/// A checked widget placement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WidgetSpec {
    /// The widget's name (`raft`).
    pub name: String,
    /// The directive as written after ```` ```widget ````, with single spaces
    /// (`raft nodes=5 seed=7`).
    pub args: String,
    /// The one-line caption written in the block's body, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// The skill's decision tree, for a widget that asks for it
    /// ([`WidgetCatalog::wants_decision_tree`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<DecisionTree>,
    /// For a ```` ```tour ```` block, its steps in order (empty for a plain widget).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tour: Vec<TourStep>,
}

/// A directive's words: the widget's name and its `key=value` parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
    /// The first word.
    pub name: &'a str,
    /// The other words, split at their first `=`.
    pub params: Vec<(&'a str, &'a str)>,
}

impl<'a> Directive<'a> {
    /// Splits `args` into words; `None` if there is no name. A word that is not
    /// `key=value` is reported and left out.
    pub fn split(args: &'a str, errors: &mut impl Problems) -> Option<Directive<'a>> {
        let mut words = args.split_whitespace();
        let Some(name) = words.next() else {
            errors.add(0, || "widget directive without a widget name".to_string());
            return None;
        };
        let mut params = Vec::new();
        for word in words {
            match word.split_once('=') {
                Some((k, v)) if !k.is_empty() && !v.is_empty() => params.push((k, v)),
                _ => errors.add(0, || {
                    format!("widget parameter `{word}` is not of the form key=value")
                }),
            }
        }
        Some(Directive { name, params })
    }
}

/// What the web app tells the engine about its widgets.
pub trait WidgetCatalog: Send + Sync {
    /// Checks a directive; each problem is pushed as a message for the author.
    fn check(&self, directive: &Directive<'_>, errors: &mut Vec<String>);
    /// True for a widget that shows its skill's decision tree (the engine attaches it to
    /// the spec, and reports a skill without one).
    fn wants_decision_tree(&self, name: &str) -> bool;
    /// Checks a tour of the widget `directive` places: each step's words (what follows
    /// `step`), in order. A problem is pushed with the index of the step it is about.
    /// Returns what the web app draws at each step for readers without JavaScript
    /// ([`TourStep::snapshot`]), from the same replay, or nothing. Without an
    /// implementation every tour is refused.
    fn check_tour(
        &self,
        directive: &Directive<'_>,
        steps: &[&str],
        errors: &mut Vec<(usize, String)>,
    ) -> Vec<String> {
        let _ = steps;
        errors.push((
            0,
            format!(
                "widget `{}` cannot take a tour on this site",
                directive.name
            ),
        ));
        Vec::new()
    }
}

/// A catalog with no widgets: every directive is refused (previews and tools that
/// place no islands).
#[derive(Debug, Default)]
pub struct NoWidgets;

impl WidgetCatalog for NoWidgets {
    fn check(&self, directive: &Directive<'_>, errors: &mut Vec<String>) {
        errors.push(format!(
            "unknown widget `{}`: this site has no widgets",
            directive.name
        ));
    }
    fn wants_decision_tree(&self, _name: &str) -> bool {
        false
    }
}

impl WidgetSpec {
    /// Checks the rest of a `widget` info string (`raft nodes=5 seed=7`) and the block
    /// body (the caption) with `catalog`. Errors are messages for the author.
    pub fn parse(
        catalog: &dyn WidgetCatalog,
        args: &str,
        body: &str,
    ) -> Result<WidgetSpec, Vec<String>> {
        let mut errors = Vec::new();
        let directive = Directive::split(args, &mut errors);
        if let Some(directive) = &directive {
            catalog.check(directive, &mut errors);
        }
        let caption = body.trim();
        if caption.lines().count() > 1 {
            errors.push("a widget caption must be a single line".to_string());
        }
        match directive {
            Some(directive) if errors.is_empty() => Ok(WidgetSpec {
                name: directive.name.to_string(),
                args: args.split_whitespace().collect::<Vec<_>>().join(" "),
                caption: (!caption.is_empty()).then(|| caption.to_string()),
                tree: None,
                tour: Vec::new(),
            }),
            _ => Err(errors),
        }
    }

    /// Checks a ```` ```tour ```` block: the widget directive `args` and the body's
    /// caption and steps, with `catalog`. On success, the spec (its steps' `html` still
    /// empty) and each step's Markdown; otherwise every problem with its 0-based line in
    /// the body, or `None` for a problem of the directive (on the fence's line).
    pub fn parse_tour(
        catalog: &dyn WidgetCatalog,
        args: &str,
        body: &str,
    ) -> Result<(WidgetSpec, Vec<String>), Vec<LineProblem>> {
        let mut line_problems = Vec::new();
        let tour = TourBody::split(body, &mut line_problems);
        let mut errors: Vec<LineProblem> = Vec::new();
        let mut snapshots = Vec::new();
        let spec = WidgetSpec::parse(catalog, args, &tour.caption);
        match &spec {
            Err(problems) => errors.extend(problems.iter().map(|p| (None, p.clone()))),
            Ok(_) if line_problems.is_empty() => {
                let mut found = crate::problems::Unexplained::default();
                if let Some(directive) = Directive::split(args, &mut found) {
                    let words: Vec<&str> = tour.steps.iter().map(|(_, w, _)| w.as_str()).collect();
                    let mut step_problems = Vec::new();
                    snapshots = catalog.check_tour(&directive, &words, &mut step_problems);
                    for (step, message) in step_problems {
                        let line = tour.steps.get(step).map(|(line, _, _)| *line);
                        errors.push((line, format!("tour step {}: {message}", step + 1)));
                    }
                }
            }
            Ok(_) => {}
        }
        errors.extend(line_problems.into_iter().map(|(line, p)| (Some(line), p)));
        match spec {
            Ok(mut spec) if errors.is_empty() => {
                let mut markdown = Vec::new();
                let mut snapshots = snapshots.into_iter();
                for (_, target, text) in tour.steps {
                    spec.tour.push(TourStep {
                        target,
                        html: String::new(),
                        snapshot: snapshots.next().unwrap_or_default(),
                    });
                    markdown.push(text);
                }
                Ok((spec, markdown))
            }
            _ => Err(errors),
        }
    }

    /// The spec as JSON, for front ends that want it parsed (this site's island carries
    /// [`WidgetSpec::args`] instead; the golden tests record the JSON).
    pub fn to_attr_string(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a spec back from [`WidgetSpec::to_attr_string`]'s output.
    pub fn from_attr_string(s: &str) -> Result<WidgetSpec, serde_json::Error> {
        serde_json::from_str(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::Unexplained;

    /// Knows `raft` (with `nodes` only) and `guide` (which wants the tree).
    struct Two;

    impl WidgetCatalog for Two {
        fn check(&self, d: &Directive<'_>, errors: &mut Vec<String>) {
            match d.name {
                "raft" | "guide" => {
                    for (k, _) in &d.params {
                        if *k != "nodes" {
                            errors.push(format!("unknown parameter `{k}`"));
                        }
                    }
                }
                other => errors.push(format!("unknown widget `{other}`")),
            }
        }
        fn wants_decision_tree(&self, name: &str) -> bool {
            name == "guide"
        }
    }

    #[test]
    fn parses_through_the_catalog_and_round_trips_as_json() {
        let spec = WidgetSpec::parse(&Two, "raft  nodes=5", "Cut the link.\n").unwrap();
        assert_eq!(spec.name, "raft");
        assert_eq!(spec.args, "raft nodes=5");
        assert_eq!(spec.caption.as_deref(), Some("Cut the link."));
        let json = spec.to_attr_string();
        assert_eq!(
            json,
            r#"{"name":"raft","args":"raft nodes=5","caption":"Cut the link."}"#
        );
        assert_eq!(WidgetSpec::from_attr_string(&json).unwrap(), spec);
    }

    #[test]
    fn reports_every_error() {
        let errors = WidgetSpec::parse(&Two, "raft nodes=5 colour=red x", "a\nb").unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("`x` is not of the form key=value"));
        assert!(errors[1].contains("unknown parameter `colour`"));
        assert!(errors[2].contains("single line"));
        assert!(WidgetSpec::parse(&Two, "tetris", "").unwrap_err()[0].contains("unknown widget"));
        assert!(WidgetSpec::parse(&Two, "", "").unwrap_err()[0].contains("without a widget name"));
        assert!(WidgetSpec::parse(&NoWidgets, "raft", "").unwrap_err()[0].contains("no widgets"));
    }

    #[test]
    fn split_without_messages() {
        let mut found = Unexplained::default();
        let d = Directive::split("raft nodes=5 seed=7", &mut found).unwrap();
        assert_eq!(d.params, vec![("nodes", "5"), ("seed", "7")]);
        assert!(!found.any());
        Directive::split("raft nodes", &mut found).unwrap();
        assert!(found.any());
    }
}
