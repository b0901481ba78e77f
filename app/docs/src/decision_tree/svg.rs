//! Drawing a decision tree as an SVG flow chart.
//!
//! Layout: one row per question, in breadth-first order from the root. The question
//! box sits on the left, the results it leads to are stacked on the right, and an
//! answer leading to another question is an arrow down the left side. Colours come
//! from `currentColor` and class names (`dt-question`, `dt-result`, `dt-edge`,
//! `dt-label`), so the stylesheet themes it and no inline style is needed (strict CSP).

use std::collections::{HashMap, VecDeque};
use std::fmt::Write;

use super::{DecisionTree, Target};
use crate::escape::push_escaped;

const FONT: f32 = 14.0;
const LINE: f32 = 18.0;
const CHAR_W: f32 = 7.4;
const PAD: f32 = 10.0;
const Q_W: f32 = 280.0;
const R_W: f32 = 300.0;
const LINK_W: f32 = 130.0;
const ROW_GAP: f32 = 54.0;
const RESULT_GAP: f32 = 12.0;
const GUTTER: f32 = 40.0;

struct Boxed {
    lines: Vec<String>,
    y: f32,
    h: f32,
}

pub(super) fn push_svg(out: &mut String, tree: &DecisionTree, prefix: &str) {
    let order = breadth_first(tree);
    let row_of: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(row, &q)| (tree.questions[q].id.as_str(), row))
        .collect();
    let q_x = GUTTER;
    let r_x = q_x + Q_W + LINK_W;
    let width = r_x + R_W + 2.0;

    // Lay out rows.
    let mut y = 2.0;
    let mut q_boxes = Vec::new();
    let mut r_boxes: Vec<Vec<(usize, Boxed)>> = Vec::new();
    for &q in &order {
        let question = &tree.questions[q];
        let q_lines = wrap(&question.text, Q_W);
        let q_h = box_height(q_lines.len());
        let mut results = Vec::new();
        let mut ry = y;
        for (i, a) in question.answers.iter().enumerate() {
            if let Target::Result { text, .. } = &a.target {
                let lines = wrap(text, R_W);
                let h = box_height(lines.len());
                results.push((i, Boxed { lines, y: ry, h }));
                ry += h + RESULT_GAP;
            }
        }
        let results_h = (ry - y - RESULT_GAP).max(0.0);
        let row_h = q_h.max(results_h);
        q_boxes.push(Boxed {
            lines: q_lines,
            y: y + (row_h - q_h) / 2.0,
            h: q_h,
        });
        r_boxes.push(results);
        y += row_h + ROW_GAP;
    }
    let height = y - ROW_GAP + 2.0;

    let title_id = format!("{prefix}-title");
    let desc_id = format!("{prefix}-desc");
    let _ = write!(
        out,
        "<svg class=\"decision-tree-svg\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         aria-labelledby=\"{title_id} {desc_id}\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         width=\"{width:.0}\" height=\"{height:.0}\" font-size=\"{FONT}\" fill=\"currentColor\">"
    );
    out.push_str(&format!("<title id=\"{title_id}\">Decision tree: "));
    push_escaped(out, &tree.questions[0].text);
    let _ = write!(
        out,
        "</title><desc id=\"{desc_id}\">A flow chart of {} questions; the same tree follows as a list.</desc>",
        tree.questions.len()
    );
    let _ = write!(
        out,
        "<defs><marker id=\"{prefix}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\
         <path d=\"M0 0L10 5L0 10z\"/></marker></defs>"
    );
    let arrow = format!("marker-end=\"url(#{prefix}-arrow)\"");

    let mut detour = 0.0;
    for (row, &q) in order.iter().enumerate() {
        let question = &tree.questions[q];
        let qb = &q_boxes[row];
        push_box(out, "dt-question", q_x, qb, Q_W, false);
        let q_mid = qb.y + qb.h / 2.0;
        for (i, a) in question.answers.iter().enumerate() {
            match &a.target {
                Target::Result { .. } => {
                    let Some((_, rb)) = r_boxes[row].iter().find(|(j, _)| *j == i) else {
                        continue;
                    };
                    let r_mid = rb.y + rb.h / 2.0;
                    let elbow = q_x + Q_W + 24.0;
                    let _ = write!(
                        out,
                        "<path class=\"dt-edge\" fill=\"none\" stroke=\"currentColor\" {arrow} \
                         d=\"M{:.0} {q_mid:.0}H{elbow:.0}V{r_mid:.0}H{:.0}\"/>",
                        q_x + Q_W,
                        r_x - 1.0
                    );
                    push_label(out, elbow + 6.0, r_mid - 5.0, &a.label);
                    push_box(out, "dt-result", r_x, rb, R_W, true);
                }
                Target::Question { id } => {
                    let target_row = row_of[id.as_str()];
                    let tb = &q_boxes[target_row];
                    let cx = q_x + Q_W / 2.0;
                    if target_row == row + 1 {
                        let _ = write!(
                            out,
                            "<path class=\"dt-edge\" fill=\"none\" stroke=\"currentColor\" {arrow} \
                             d=\"M{cx:.0} {:.0}V{:.0}\"/>",
                            qb.y + qb.h,
                            tb.y - 1.0
                        );
                        push_label(out, cx + 8.0, qb.y + qb.h + ROW_GAP / 2.0 + 4.0, &a.label);
                    } else {
                        detour += 8.0;
                        let gx = (GUTTER - 8.0 - detour).max(4.0);
                        let _ = write!(
                            out,
                            "<path class=\"dt-edge\" fill=\"none\" stroke=\"currentColor\" {arrow} \
                             d=\"M{q_x:.0} {q_mid:.0}H{gx:.0}V{:.0}H{:.0}\"/>",
                            tb.y + tb.h / 2.0,
                            q_x - 1.0
                        );
                        push_label(out, gx + 2.0, q_mid - 5.0, &a.label);
                    }
                }
            }
        }
    }
    out.push_str("</svg>");
}

fn breadth_first(tree: &DecisionTree) -> Vec<usize> {
    let mut seen = vec![false; tree.questions.len()];
    let mut order = Vec::new();
    let mut queue = VecDeque::from([0usize]);
    seen[0] = true;
    while let Some(q) = queue.pop_front() {
        order.push(q);
        for a in &tree.questions[q].answers {
            if let Target::Question { id } = &a.target {
                if let Some(t) = tree.questions.iter().position(|q| &q.id == id) {
                    if !seen[t] {
                        seen[t] = true;
                        queue.push_back(t);
                    }
                }
            }
        }
    }
    order
}

fn box_height(lines: usize) -> f32 {
    lines as f32 * LINE + 2.0 * PAD
}

/// Greedy word wrap to the number of characters that fit in a box of `width`.
fn wrap(text: &str, width: f32) -> Vec<String> {
    let max = ((width - 2.0 * PAD) / CHAR_W).floor().max(8.0) as usize;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws one box; results are rounded. The SVG holds no links (it is `role="img"`):
/// the text alternative that follows it carries them.
fn push_box(out: &mut String, class: &str, x: f32, b: &Boxed, w: f32, rounded: bool) {
    let radius = if rounded { 12 } else { 3 };
    let _ = write!(
        out,
        "<g class=\"{class}\"><rect x=\"{x:.0}\" y=\"{:.0}\" width=\"{w:.0}\" height=\"{:.0}\" \
         rx=\"{radius}\" fill=\"none\" stroke=\"currentColor\"/>",
        b.y, b.h
    );
    for (i, line) in b.lines.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{:.0}\" y=\"{:.0}\">",
            x + PAD,
            b.y + PAD + FONT - 1.0 + i as f32 * LINE
        );
        push_escaped(out, line);
        out.push_str("</text>");
    }
    out.push_str("</g>");
}

fn push_label(out: &mut String, x: f32, y: f32, label: &str) {
    let _ = write!(
        out,
        "<text class=\"dt-label\" x=\"{x:.0}\" y=\"{y:.0}\" font-size=\"12\">"
    );
    push_escaped(out, label);
    out.push_str("</text>");
}
