//! The escalation decision guide: the overview's decision tree asked one question at a
//! time, landing on a level of the escalation ladder with a link to its section.
//!
//! It is a question-by-question flow, not a simulation, so it has no control bar: it
//! draws its own markup as text (the server's render is the static fallback) and, in
//! the browser, [`live`] answers its buttons.

#[cfg(feature = "hydrate")]
mod live;
mod walk;

use crate::islands::registry::{Build, Entry};
use crate::islands::shell::action::{actions, Action};
use crate::islands::shell::markup::{off, Esc};
use crate::islands::shell::Mount;
use docs::decision_tree::DecisionTree;
use std::fmt::Write;
use walk::{level_of, walk, Position};

/// The `escalation` directive: no parameters; the docs engine attaches the skill
/// overview's decision tree.
pub const ENTRY: Entry = Entry {
    name: "escalation",
    title: TITLE,
    params: &[],
    break_label: "",
    build: Build::Tree(|tree, caption| {
        escalation_widget(DecisionTree::from_resolved_source(tree), caption)
    }),
};

const TITLE: &str = "Which level do you need?";

actions! {
    standalone
    /// The guide's buttons.
    pub enum Act {
        /// Give the current question's answer with this index.
        Answer(usize) = "answer",
        /// Take back the last answer.
        Back = "back",
        /// Take back every answer.
        Restart = "restart",
        /// Return to the question with this index in the trail, taking back its answer
        /// and every later one.
        Revisit(usize) = "revisit",
    }
}

/// The guide: the tree and the answers given so far (answer indices from the root).
pub struct Guide {
    tree: DecisionTree,
    answers: Vec<usize>,
}

impl Guide {
    /// Handles a button.
    #[cfg(any(feature = "hydrate", test))]
    pub fn act(&mut self, act: Act) {
        match act {
            Act::Answer(i) => self.answers.push(i),
            Act::Back => {
                self.answers.pop();
            }
            Act::Restart => self.answers.clear(),
            Act::Revisit(k) => self.answers.truncate(k),
        }
    }

    /// The trail of answered questions (the content of `.esc-trail`): each a button that
    /// returns to its question.
    pub fn trail(&self, out: &mut String) {
        for (k, s) in walk(&self.tree, &self.answers).0.iter().enumerate() {
            let _ = write!(
                out,
                "<li><button type=\"button\" class=\"esc-revisit\"{}>{} <strong>{}</strong>\
                 <span class=\"visually-hidden\"> (change this answer)</span></button></li>",
                Act::Revisit(k).attrs(),
                Esc(s.question),
                Esc(s.answer)
            );
        }
    }

    /// The current question with its answers, or the result (the content of
    /// `.esc-current`). Answers are disabled unless `live`.
    pub fn current(&self, live: bool, out: &mut String) {
        let t = &self.tree;
        let (done, position) = walk(t, &self.answers);
        match position {
            Position::Asking(q) => {
                let question = &t.questions[q];
                let _ = write!(
                    out,
                    "<p class=\"esc-question\" tabindex=\"-1\"><span class=\"esc-count\">Question {}: </span>{}</p>\
                     <div class=\"esc-answers\" role=\"group\" aria-label=\"Answers\">",
                    done.len() + 1,
                    Esc(&question.text)
                );
                for (i, ans) in question.answers.iter().enumerate() {
                    let _ = write!(
                        out,
                        "<button type=\"button\" class=\"esc-answer\"{}{}>{}</button>",
                        Act::Answer(i).attrs(),
                        off(live),
                        Esc(&ans.label)
                    );
                }
                out.push_str("</div>");
            }
            Position::Landed { text, url } => {
                let level = level_of(text);
                let badge = level.map_or_else(|| "?".to_string(), |l| l.to_string());
                let link_text = match level {
                    Some(l) => format!("Read about Level {l} on the escalation ladder"),
                    None => "Read about it on the escalation ladder".to_string(),
                };
                let _ = write!(
                    out,
                    "<p class=\"esc-question esc-result\" tabindex=\"-1\">\
                     <span class=\"esc-level\" aria-hidden=\"true\">{badge}</span>\
                     <span>Recommended: <strong>{}</strong></span></p>\
                     <p><a class=\"esc-link\" href=\"{}\">{link_text}</a></p>",
                    Esc(text),
                    Esc(url)
                );
            }
        }
    }

    /// Back and Start over (the content of `.esc-nav`), disabled at the first question.
    pub fn nav(&self, out: &mut String) {
        let d = if self.answers.is_empty() {
            " disabled"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<button type=\"button\"{}{d}>Back</button>\
             <button type=\"button\"{}{d}>Start over</button>",
            Act::Back.attrs(),
            Act::Restart.attrs(),
        );
    }

    /// The whole guide as the server renders it (not live: answers disabled).
    #[cfg(not(feature = "hydrate"))]
    fn static_markup(&self, out: &mut String) {
        out.push_str(
            "<div class=\"esc\"><p class=\"widget-nojs\">Needs JavaScript; the same questions are in the decision tree on the overview page.</p>\
             <ol class=\"esc-trail\" aria-label=\"Your answers so far\">",
        );
        self.trail(out);
        out.push_str("</ol><div class=\"esc-current\" aria-live=\"polite\">");
        self.current(false, out);
        out.push_str("</div><div class=\"esc-nav\">");
        self.nav(out);
        out.push_str("</div></div>");
    }
}

/// The escalation widget: a titled figure around the guide for the skill overview's
/// decision tree (URLs resolved), with the content's caption. Without a tree a message
/// is shown instead.
fn escalation_widget(tree: Option<DecisionTree>, caption: Option<String>) -> Mount {
    let guide = tree.filter(|t| !t.questions.is_empty()).map(|tree| Guide {
        tree,
        answers: Vec::new(),
    });
    #[cfg(not(feature = "hydrate"))]
    let html = {
        let mut html = String::with_capacity(2 * 1024);
        let _ = write!(
            html,
            "<div class=\"widget-head\"><strong class=\"widget-title\">{TITLE}</strong></div>"
        );
        match &guide {
            Some(g) => g.static_markup(&mut html),
            None => html
                .push_str("<p class=\"esc-missing\">This guide has no decision tree to ask.</p>"),
        }
        if let Some(c) = &caption {
            let _ = write!(html, "<figcaption>{}</figcaption>", Esc(c));
        }
        html
    };
    #[cfg(feature = "hydrate")]
    let _ = caption;
    Mount {
        class: "widget esc-widget",
        kind: "escalation",
        #[cfg(not(feature = "hydrate"))]
        html,
        #[cfg(feature = "hydrate")]
        html: String::new(),
        #[cfg(feature = "hydrate")]
        start: Box::new(move |root| {
            if let Some(g) = guide {
                live::start(g, root);
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "q1: One <node> enough?
  yes -> Level 0: a single node | escalation-ladder.md#level-0
  no -> Level 3: consensus | escalation-ladder.md#level-3
";

    #[test]
    fn answers_move_through_the_tree_and_text_is_escaped() {
        let mut g = Guide {
            tree: DecisionTree::parse(TREE).unwrap(),
            answers: Vec::new(),
        };
        let mut html = String::new();
        g.static_markup(&mut html);
        assert!(html.contains("Question 1: </span>One &lt;node&gt; enough?"));
        assert!(html.contains("data-act=\"back\" disabled"));
        assert_eq!(Act::read("jump", ""), None);
        g.act(Act::Answer(1));
        let mut current = String::new();
        g.current(true, &mut current);
        assert!(current.contains("<span class=\"esc-level\" aria-hidden=\"true\">3</span>"));
        assert!(current.contains("Read about Level 3 on the escalation ladder"));
        g.act(Act::Restart);
        assert!(g.answers.is_empty());
    }

    #[test]
    fn a_trail_entry_returns_to_its_question() {
        const TREE: &str = "q1: One node enough?
  yes -> Level 0: a single node | escalation-ladder.md#level-0
  no -> q2
q2: Shared state?
  yes -> q3
  no -> Level 1: stateless | escalation-ladder.md#level-1
q3: Must it survive a partition?
  yes -> Level 4: CRDTs | escalation-ladder.md#level-4
  no -> Level 3: consensus | escalation-ladder.md#level-3
";
        let mut g = Guide {
            tree: DecisionTree::parse(TREE).unwrap(),
            answers: vec![1, 0, 1],
        };
        let mut trail = String::new();
        g.trail(&mut trail);
        assert!(
            trail.contains(
                "<li><button type=\"button\" class=\"esc-revisit\" data-act=\"revisit\" data-arg=\"1\">\
                 Shared state? <strong>yes</strong>"
            ),
            "{trail}"
        );
        assert_eq!(trail.matches("<button").count(), 3);
        let act = Act::read("revisit", "1").expect("the trail's action reads back");
        g.act(act);
        assert_eq!(
            g.answers,
            vec![1],
            "the answer to question 2 and later are taken back"
        );
        let mut current = String::new();
        g.current(true, &mut current);
        assert!(
            current.contains("Question 2: </span>Shared state?"),
            "{current}"
        );
        g.act(Act::Revisit(0));
        assert!(g.answers.is_empty());
    }
}
