//! The tour directive: a widget and the ordered steps of a story told with it.
//!
//! ````text
//! ```tour raft nodes=5 seed=3
//! A one-line caption (optional).
//!
//! step time=1500 expect=leader:n3 highlight=node:n3
//! n3's timer runs out first: it votes for itself and asks the others.
//!
//! step do=crash:n3 highlight=node:n3
//! Now crash the leader.
//! ```
//! ````
//!
//! The engine splits the body into steps (a line starting with the word `step` opens
//! one; the lines under it, Markdown, are its paragraph) and leaves the words after
//! `step` to the widget catalog, which replays the steps in the simulation and says what
//! it refuses ([`crate::WidgetCatalog::check_tour`]).

use serde::{Deserialize, Serialize};

/// One step of a tour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TourStep {
    /// The words after `step`, with single spaces (`time=1500 expect=leader:n3`).
    pub target: String,
    /// The step's paragraph as HTML (the Markdown under the `step` line).
    pub html: String,
    /// The widget's stage at this step as the web app draws it (HTML), for readers
    /// without JavaScript; empty when the catalog draws none
    /// ([`crate::WidgetCatalog::check_tour`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub snapshot: String,
}

/// A tour body split into its caption and its steps, before the paragraphs are rendered.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TourBody {
    /// The lines before the first step, trimmed (a one-line caption, or empty).
    pub caption: String,
    /// Each step: the 0-based line of its `step` line in the body, its words, and its
    /// Markdown.
    pub steps: Vec<(usize, String, String)>,
}

impl TourBody {
    /// Splits `body`; each problem is reported with its 0-based line in the body.
    pub fn split(body: &str, problems: &mut Vec<(usize, String)>) -> TourBody {
        let mut out = TourBody::default();
        let mut caption = Vec::new();
        for (i, line) in body.lines().enumerate() {
            let mut words = line.split_whitespace();
            if words.next() == Some("step") {
                let target = words.collect::<Vec<_>>().join(" ");
                out.steps.push((i, target, String::new()));
            } else if let Some((_, _, text)) = out.steps.last_mut() {
                text.push_str(line);
                text.push('\n');
            } else if !line.trim().is_empty() {
                caption.push((i, line.trim()));
            }
        }
        if caption.len() > 1 {
            problems.push((
                caption[1].0,
                "a tour's caption must be a single line (start each step with a `step` line)"
                    .to_string(),
            ));
        }
        out.caption = caption
            .first()
            .map(|(_, c)| c.to_string())
            .unwrap_or_default();
        if out.steps.is_empty() {
            problems.push((0, "a tour needs at least one `step` line".to_string()));
        }
        for (line, _, text) in &out.steps {
            if text.trim().is_empty() {
                problems.push((
                    *line,
                    "a tour step needs a paragraph under its `step` line".into(),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_caption_and_steps() {
        let mut problems = Vec::new();
        let body = "Watch n3.\n\nstep time=10  highlight=node:n3\nFirst *one*.\n\nstep do=crash:n3\nSecond.\n";
        let tour = TourBody::split(body, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(tour.caption, "Watch n3.");
        assert_eq!(tour.steps.len(), 2);
        assert_eq!(tour.steps[0].0, 2);
        assert_eq!(tour.steps[0].1, "time=10 highlight=node:n3");
        assert_eq!(tour.steps[0].2.trim(), "First *one*.");
        assert_eq!(tour.steps[1].1, "do=crash:n3");
    }

    #[test]
    fn reports_what_is_missing_with_its_line() {
        let mut problems = Vec::new();
        TourBody::split("One.\nTwo.\n", &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].0, 1);
        assert!(problems[1].1.contains("at least one `step`"));
        let mut problems = Vec::new();
        TourBody::split("step time=1\n\nstep time=2\nText.", &mut problems);
        assert_eq!(
            problems,
            vec![(
                0,
                "a tour step needs a paragraph under its `step` line".to_string()
            )]
        );
    }
}
