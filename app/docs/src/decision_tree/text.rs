//! The text alternative of a decision tree: a nested list with links on results.

use std::collections::HashSet;

use super::{DecisionTree, Target};
use crate::escape::push_escaped;

pub(super) fn push_text_alternative(out: &mut String, tree: &DecisionTree) {
    out.push_str("<details class=\"decision-tree-text\" open><summary>The decision tree as a list</summary><ul>");
    let mut expanded = HashSet::new();
    push_question(out, tree, 0, &mut expanded);
    out.push_str("</ul></details>");
}

fn push_question<'t>(
    out: &mut String,
    tree: &'t DecisionTree,
    index: usize,
    expanded: &mut HashSet<&'t str>,
) {
    let q = &tree.questions[index];
    expanded.insert(q.id.as_str());
    out.push_str("<li>");
    push_escaped(out, &q.text);
    out.push_str("<ul>");
    for a in &q.answers {
        out.push_str("<li><strong>");
        push_escaped(out, &a.label);
        out.push_str("</strong>: ");
        match &a.target {
            Target::Result { text, url, .. } => {
                out.push_str("<a href=\"");
                push_escaped(out, url);
                out.push_str("\">");
                push_escaped(out, text);
                out.push_str("</a></li>");
            }
            Target::Question { id } => {
                let Some(next) = tree.questions.iter().position(|q| &q.id == id) else {
                    out.push_str("</li>");
                    continue;
                };
                if expanded.contains(id.as_str()) {
                    out.push_str("see “");
                    push_escaped(out, &tree.questions[next].text);
                    out.push_str("” above</li>");
                } else {
                    out.push_str("<ul>");
                    push_question(out, tree, next, expanded);
                    out.push_str("</ul></li>");
                }
            }
        }
    }
    out.push_str("</ul></li>");
}
