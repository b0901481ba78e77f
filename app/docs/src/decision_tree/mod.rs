//! The `decision-tree` block: parsed into a [`DecisionTree`] (shared with the
//! escalation widget through serde) and drawn as an accessible SVG flow chart with a
//! nested-list text alternative.

mod parse;
mod svg;
mod text;

use crate::problems::Unexplained;
use serde::{Deserialize, Serialize};

pub use parse::TreeError;

/// A validated decision tree; the first question is the root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionTree {
    /// The questions in source order; `questions[0]` is the root.
    pub questions: Vec<Question>,
}

/// One question and its answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The author's identifier, e.g. `q1`.
    pub id: String,
    /// The question as written.
    pub text: String,
    /// The answers, in source order.
    pub answers: Vec<Answer>,
}

/// An answer: its label and where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The label, e.g. `yes`.
    pub label: String,
    /// Where the answer leads.
    pub target: Target,
    /// 0-based line of the answer inside the block (for error messages).
    #[serde(skip)]
    pub line: usize,
}

/// Where an answer leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Another question, by id.
    Question {
        /// The question's id.
        id: String,
    },
    /// A result, with the page it points to.
    Result {
        /// The result as written.
        text: String,
        /// The link as written (`page.md#anchor`).
        link: String,
        /// The resolved URL (empty until the site resolves it).
        url: String,
    },
}

impl DecisionTree {
    /// Parses the body of a `decision-tree` block; errors carry 0-based block lines.
    pub fn parse(source: &str) -> Result<DecisionTree, Vec<TreeError>> {
        let mut errors = Vec::new();
        parse::parse(source, &mut errors).ok_or(errors)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every result target, mutably, with the answer's block line (to resolve links).
    pub fn results_mut(&mut self) -> impl Iterator<Item = (usize, &str, &mut String)> {
        self.questions
            .iter_mut()
            .flat_map(|q| q.answers.iter_mut())
            .filter_map(|a| match &mut a.target {
                Target::Result { link, url, .. } => Some((a.line, link.as_str(), url)),
                Target::Question { .. } => None,
            })
    }

    /// The tree in the block syntax with every result's resolved URL as its link: what
    /// the escalation widget's island carries to the browser, which reads it back with
    /// [`DecisionTree::from_resolved_source`].
    pub fn to_resolved_source(&self) -> String {
        let mut out = String::new();
        for q in &self.questions {
            out.push_str(&q.id);
            out.push_str(": ");
            out.push_str(&q.text);
            out.push('\n');
            for a in &q.answers {
                out.push_str("  ");
                out.push_str(&a.label);
                out.push_str(" -> ");
                match &a.target {
                    Target::Question { id } => out.push_str(id),
                    Target::Result { text, url, .. } => {
                        out.push_str(text);
                        out.push_str(" | ");
                        out.push_str(url);
                    }
                }
                out.push('\n');
            }
        }
        out
    }

    /// Reads [`DecisionTree::to_resolved_source`]'s text: each result's link is its URL.
    /// `None` if it does not parse (the text was checked when it was written, so this
    /// does not explain why).
    pub fn from_resolved_source(source: &str) -> Option<DecisionTree> {
        let mut tree = parse::parse(source, &mut Unexplained::default())?;
        for (_, link, url) in tree.results_mut() {
            *url = link.to_string();
        }
        Some(tree)
    }

    /// The accessible figure: an SVG flow chart (`role="img"`, titled and described)
    /// followed by the same tree as a nested list. `id_prefix` keeps ids unique on a page.
    pub fn to_html(&self, id_prefix: &str) -> String {
        let mut out = String::new();
        out.push_str("<figure class=\"decision-tree\">");
        svg::push_svg(&mut out, self, id_prefix);
        text::push_text_alternative(&mut out, self);
        out.push_str("</figure>");
        out
    }
}
