//! Parsing and validation of the `decision-tree` block syntax.

use super::{Answer, DecisionTree, Question, Target};
use crate::problems::Problems;

/// A problem in a decision-tree block, at a 0-based line of the block body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    /// 0-based line inside the block.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Problems with line numbers, kept in line order (cheaper in the browser than sorting
/// them at the end).
impl Problems for Vec<TreeError> {
    fn add(&mut self, line: usize, message: impl FnOnce() -> String) {
        let at = self
            .iter()
            .position(|e| e.line > line)
            .unwrap_or(self.len());
        self.insert(
            at,
            TreeError {
                line,
                message: message(),
            },
        );
    }
    fn any(&self) -> bool {
        !self.is_empty()
    }
}

pub(super) fn parse(source: &str, errors: &mut impl Problems) -> Option<DecisionTree> {
    let mut questions: Vec<Question> = Vec::new();
    let mut question_lines = Vec::new();
    for (n, raw) in source.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let indented = raw.starts_with(' ') || raw.starts_with('\t');
        let line = raw.trim();
        if !indented {
            if let Some(q) = parse_question(line, n, errors) {
                if questions.iter().any(|other| other.id == q.id) {
                    errors.add(n, || format!("question `{}` is defined twice", q.id));
                }
                questions.push(q);
                question_lines.push(n);
            }
        } else {
            let answer = parse_answer(line, n, errors);
            match (questions.last_mut(), answer) {
                (None, _) => errors.add(n, || "an answer must follow a question line".into()),
                (Some(q), Some(a)) => q.answers.push(a),
                (Some(_), None) => {}
            }
        }
    }
    if questions.is_empty() && !errors.any() {
        errors.add(0, || "the decision tree has no questions".into());
    }
    for (q, &qline) in questions.iter().zip(&question_lines) {
        if q.answers.is_empty() {
            errors.add(qline, || format!("question `{}` has no answers", q.id));
        }
        for a in &q.answers {
            if let Target::Question { id } = &a.target {
                if position(&questions, id).is_none() {
                    errors.add(a.line, || {
                        format!("answer leads to unknown question `{id}`")
                    });
                }
            }
        }
    }
    if !errors.any() {
        check_shape(&questions, &question_lines, errors);
    }
    (!errors.any()).then_some(DecisionTree { questions })
}

fn parse_question(line: &str, n: usize, errors: &mut impl Problems) -> Option<Question> {
    let Some((id, text)) = line.split_once(':') else {
        errors.add(n, || {
            format!("expected a question `ID: question text`, found `{line}`")
        });
        return None;
    };
    let id = id.trim();
    if !is_id(id) {
        errors.add(n, || {
            format!("question id `{id}` must be letters, digits, `-` or `_`")
        });
        return None;
    }
    let text = text.trim();
    if text.is_empty() {
        errors.add(n, || format!("question `{id}` has no text"));
        return None;
    }
    Some(Question {
        id: id.to_string(),
        text: text.to_string(),
        answers: Vec::new(),
    })
}

fn parse_answer(line: &str, n: usize, errors: &mut impl Problems) -> Option<Answer> {
    let Some((label, target)) = line.split_once("->") else {
        errors.add(n, || {
            format!("expected an answer `label -> TARGET`, found `{line}`")
        });
        return None;
    };
    let label = label.trim();
    let target = target.trim();
    if label.is_empty() {
        errors.add(n, || "an answer needs a label before `->`".into());
        return None;
    }
    let target = match target.rsplit_once('|') {
        Some((text, link)) => {
            let (text, link) = (text.trim(), link.trim());
            if text.is_empty() || link.is_empty() {
                errors.add(n, || {
                    format!(
                        "a result needs text and a link: `result text | page.md#anchor`, found `{target}`"
                    )
                });
                return None;
            }
            Target::Result {
                text: text.to_string(),
                link: link.to_string(),
                url: String::new(),
            }
        }
        None if is_id(target) => Target::Question {
            id: target.to_string(),
        },
        None => {
            errors.add(n, || {
                format!("target `{target}` is neither a question id nor `result text | link`")
            });
            return None;
        }
    };
    Some(Answer {
        label: label.to_string(),
        target,
        line: n,
    })
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Index of the question `id` (trees are small: a scan beats a hash map, in code size
/// too, which matters in the browser).
fn position(questions: &[Question], id: &str) -> Option<usize> {
    questions.iter().position(|q| q.id == id)
}

/// Every question must be reachable from the root and the graph must have no cycle.
fn check_shape(questions: &[Question], lines: &[usize], errors: &mut impl Problems) {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; questions.len()];
    let mut stack = vec![(0usize, 0usize)];
    state[0] = 1;
    while let Some(&mut (q, ref mut next)) = stack.last_mut() {
        let answers = &questions[q].answers;
        if *next == answers.len() {
            state[q] = 2;
            stack.pop();
            continue;
        }
        let answer = &answers[*next];
        *next += 1;
        if let Target::Question { id } = &answer.target {
            let Some(t) = position(questions, id) else {
                continue; // reported already
            };
            match state[t] {
                0 => {
                    state[t] = 1;
                    stack.push((t, 0));
                }
                1 => errors.add(answer.line, || {
                    format!("answer leads back to `{id}`, making a cycle")
                }),
                _ => {}
            }
        }
    }
    for (i, q) in questions.iter().enumerate() {
        if state[i] == 0 {
            errors.add(lines[i], || {
                format!(
                    "question `{}` cannot be reached from the first question",
                    q.id
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::DecisionTree;
    use super::Target;

    fn parse(source: &str) -> Result<DecisionTree, Vec<super::TreeError>> {
        DecisionTree::parse(source)
    }

    const TREE: &str = "q1: One node enough?\n  yes -> Level 0 | a.md#l0\n  no -> q2\nq2: Shared state?\n  no -> Level 1 | a.md#l1\n  yes -> Level 2 | a.md#l2\n";

    #[test]
    fn parses() {
        let t = parse(TREE).unwrap();
        assert_eq!(t.questions.len(), 2);
        assert_eq!(
            t.questions[0].answers[1].target,
            Target::Question { id: "q2".into() }
        );
        assert_eq!(t.questions[1].answers[0].line, 4);
    }

    #[test]
    fn reports_problems_with_lines() {
        let bad = "q1: A?\n  yes -> q9\n  no -> q1\nq2: B?\n  x -> R | a.md\nnonsense\n";
        let errors = parse(bad).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 5], "{errors:?}");
        let cyc = parse("q1: A?\n  yes -> q2\nq2: B?\n  no -> q1\nq3: C?\n  x -> R | a.md\n")
            .unwrap_err();
        assert_eq!(cyc.len(), 2, "{cyc:?}");
        assert!(cyc[0].message.contains("cycle"));
        assert!(cyc[1].message.contains("cannot be reached"));
    }
}
