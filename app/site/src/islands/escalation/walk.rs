//! Walking a decision tree by the answers given so far (pure logic, no view).

use docs::decision_tree::{DecisionTree, Target};

/// Where a sequence of answers leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position<'t> {
    /// A question still to answer: its index in the tree.
    Asking(usize),
    /// A result: its text and resolved URL.
    Landed {
        /// The result as written, e.g. "Level 3: Raft consensus with ra".
        text: &'t str,
        /// The page and section it points to.
        url: &'t str,
    },
}

/// One answered question, for the trail shown above the current question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step<'t> {
    /// The question's text.
    pub question: &'t str,
    /// The chosen answer's label.
    pub answer: &'t str,
}

/// Follows `answers` (answer indices) from the root. Answers past a result, or
/// indices that do not exist, are ignored: the walk stops at the last valid position.
pub fn walk<'t>(tree: &'t DecisionTree, answers: &[usize]) -> (Vec<Step<'t>>, Position<'t>) {
    let mut trail = Vec::new();
    let mut at = 0;
    if tree.questions.is_empty() {
        return (trail, Position::Asking(0));
    }
    for &choice in answers {
        let question = &tree.questions[at];
        let Some(answer) = question.answers.get(choice) else {
            break;
        };
        let next = match &answer.target {
            Target::Question { id } => match tree.questions.iter().position(|q| &q.id == id) {
                Some(next) => Position::Asking(next),
                None => break,
            },
            Target::Result { text, url, .. } => Position::Landed { text, url },
        };
        trail.push(Step {
            question: &question.text,
            answer: &answer.label,
        });
        match next {
            Position::Asking(next) => at = next,
            landed => return (trail, landed),
        }
    }
    (trail, Position::Asking(at))
}

/// The level number in a result such as "Level 3: Raft consensus", if it names one.
pub fn level_of(result: &str) -> Option<u8> {
    let rest = result.trim_start().strip_prefix("Level")?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "q1: One node enough?
  yes -> Level 0: a single node | escalation-ladder.md#level-0-a-single-node
  no -> q2
q2: Shared state?
  no -> Level 1: stateless | escalation-ladder.md#level-1-stateless-nodes
  yes -> Level 3: consensus | escalation-ladder.md#level-3-consensus
";

    fn tree() -> DecisionTree {
        let mut tree = DecisionTree::parse(TREE).unwrap();
        for (_, link, url) in tree.results_mut() {
            *url = format!("/{}", link.replace(".md", ""));
        }
        tree
    }

    #[test]
    fn no_answers_asks_the_root() {
        let t = tree();
        assert_eq!(walk(&t, &[]), (vec![], Position::Asking(0)));
    }

    #[test]
    fn answers_lead_to_a_result_with_its_url() {
        let t = tree();
        let (trail, pos) = walk(&t, &[1, 0]);
        assert_eq!(trail.len(), 2);
        assert_eq!(trail[1].answer, "no");
        assert_eq!(
            pos,
            Position::Landed {
                text: "Level 1: stateless",
                url: "/escalation-ladder#level-1-stateless-nodes"
            }
        );
    }

    #[test]
    fn bad_and_extra_answers_are_ignored() {
        let t = tree();
        assert_eq!(walk(&t, &[7]).1, Position::Asking(0));
        assert_eq!(walk(&t, &[1, 9, 0]).1, Position::Asking(1));
        assert!(matches!(walk(&t, &[0, 1, 1]).1, Position::Landed { .. }));
        let (trail, pos) = walk(&t, &[1, 1, 1]);
        assert_eq!(trail.len(), 2, "answers after a result are ignored");
        assert!(matches!(
            pos,
            Position::Landed {
                text: "Level 3: consensus",
                ..
            }
        ));
    }

    #[test]
    fn levels_are_read_from_result_text() {
        assert_eq!(level_of("Level 3: Raft"), Some(3));
        assert_eq!(level_of("  Level 5: overlay"), Some(5));
        assert_eq!(level_of("Stay put"), None);
        assert_eq!(level_of("Level x"), None);
    }
}
