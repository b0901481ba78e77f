//! The CRDT network drawn as SVG: replicas on a ring with their values, the links
//! between them (cut links dashed and labelled), and sync messages in flight.

use sim::crdt::{CrdtView, SyncMode};
use sim::NodeStatus;
use std::fmt::Write;

use super::bytes;
use super::model::CrdtModel;
use crate::islands::shell::markup::{Esc, Tenths};
use crate::islands::shell::ring::{self, name, progress};

/// Width of the drawing in SVG units.
pub const WIDTH: f64 = 440.0;
/// Height of the drawing in SVG units.
pub const HEIGHT: f64 = 310.0;
const RADIUS: f64 = 100.0;
const NODE_R: f64 = 30.0;
/// Characters of a value drawn under its replica, at most.
const VALUE_CHARS: usize = 12;

/// Centre of replica `i` of `n` (the first at the top, then clockwise).
fn position(i: usize, n: usize) -> (f64, f64) {
    if n == 2 {
        return (WIDTH / 2.0 + (i as f64 * 2.0 - 1.0) * 140.0, HEIGHT / 2.0);
    }
    let (cos, sin) = ring::ring_direction(i, n);
    (
        WIDTH / 2.0 + 1.5 * RADIUS * cos,
        HEIGHT / 2.0 + RADIUS * sin,
    )
}

fn glyph(kind: &str) -> &'static str {
    match kind {
        "Delta" => "Δ",
        "State" => "S",
        _ => "✓",
    }
}

/// Whether the replicas converged (if not, the first difference between them), and the
/// bytes shipped so far; with deltas, against full states over time.
pub fn status_line(m: &CrdtModel, out: &mut String) {
    let v = m.sim.view();
    let (class, text) = match m.sim.state().difference() {
        None => (
            "converged",
            "✓ Converged: every replica holds the same state".to_string(),
        ),
        Some(gap) => ("diverged", format!("✗ Not converged: {gap}")),
    };
    let _ = write!(
        out,
        "<p class=\"crdt-status\"><span class=\"crdt-badge crdt-{class}\">{}</span>\
         <span class=\"crdt-bytes\">",
        Esc(&text)
    );
    if v.sync == SyncMode::Delta {
        bytes::sparkline(&m.sim, out);
        let _ = write!(
            out,
            "Bytes shipped: {} as deltas (solid line); full states would have shipped {} \
             (dashed)",
            v.bytes_shipped, v.bytes_full_state
        );
    } else {
        let _ = write!(out, "Bytes shipped: {} as full states", v.bytes_shipped);
    }
    out.push_str("</span></p>");
}

/// The sync messages in flight at (fractional) virtual time `clock`.
pub fn messages(m: &CrdtModel, clock: f64, out: &mut String) {
    let n = m.settings.replicas;
    for msg in m.sim.messages_in_flight() {
        let ((x1, y1), (x2, y2)) = (position(msg.from, n), position(msg.to, n));
        // Kept off the node circles so a message never hides a replica's name.
        let p = 0.15 + 0.7 * progress(msg.sent_at, msg.deliver_at, clock);
        let (x, y) = (x1 + (x2 - x1) * p, y1 + (y2 - y1) * p);
        let (x, y, text_y) = (Tenths(x), Tenths(y), Tenths(y + 4.5));
        let (class, mark) = if msg.lost {
            ("crdt-msg crdt-msg-lost", "✗")
        } else {
            ("crdt-msg", glyph(msg.kind))
        };
        let _ = write!(
            out,
            "<g class=\"{class}\"><title>{}</title><circle cx=\"{x}\" cy=\"{y}\" r=\"11\"/>\
             <text x=\"{x}\" y=\"{text_y}\" text-anchor=\"middle\">{mark}</text></g>",
            Esc(&msg.summary),
        );
    }
}

fn links(v: &CrdtView, out: &mut String) {
    let n = v.replicas.len();
    let cut = |a: usize, b: usize| v.cut_links.contains(&(a, b)) || v.cut_links.contains(&(b, a));
    out.push_str("<g>");
    for a in 0..n {
        for b in a + 1..n {
            let ((x1, y1), (x2, y2)) = (position(a, n), position(b, n));
            let is_cut = cut(a, b);
            let class = if is_cut {
                "crdt-link crdt-link-cut"
            } else {
                "crdt-link"
            };
            let _ = write!(
                out,
                "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                Tenths(x1),
                Tenths(y1),
                Tenths(x2),
                Tenths(y2)
            );
            if is_cut {
                let _ = write!(
                    out,
                    "<text class=\"crdt-cut-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">✕ cut</text>",
                    Tenths((x1 + x2) / 2.0),
                    Tenths((y1 + y2) / 2.0 - 4.0)
                );
            }
        }
    }
    out.push_str("</g>");
}

fn nodes(v: &CrdtView, out: &mut String) {
    let n = v.replicas.len();
    out.push_str("<g>");
    for r in &v.replicas {
        let (x, y) = position(r.id, n);
        let node_r = Tenths(NODE_R);
        let (x, name_y, value_y, y) = (
            Tenths(x),
            Tenths(y + 5.0),
            Tenths(y + NODE_R + 18.0),
            Tenths(y),
        );
        // A large set's value is cut short on the drawing; its card shows it whole.
        let shown = match r.value.char_indices().nth(VALUE_CHARS) {
            Some((cut, _)) => format!("{}…", &r.value[..cut]),
            None => r.value.clone(),
        };
        let down = r.status != NodeStatus::Up;
        let (class, status) = if down {
            ("crdt-node crdt-node-down", " (down)")
        } else {
            ("crdt-node", "")
        };
        let _ = write!(
            out,
            "<g class=\"{class}\"><circle cx=\"{x}\" cy=\"{y}\" r=\"{node_r}\"/>\
             <text class=\"crdt-node-name\" x=\"{x}\" y=\"{name_y}\" text-anchor=\"middle\">{}{status}</text>\
             <text class=\"crdt-node-value\" x=\"{x}\" y=\"{value_y}\" text-anchor=\"middle\">{}</text></g>",
            name(r.id),
            Esc(&shown)
        );
    }
    out.push_str("</g>");
}

/// The network drawing at (fractional) virtual time `clock`.
pub fn crdt_stage(m: &CrdtModel, clock: f64, out: &mut String) {
    let v = m.sim.view();
    let mut summary = format!("{} replicas; values ", v.replicas.len());
    for r in &v.replicas {
        let sep = if r.id > 0 { ", " } else { "" };
        let _ = write!(summary, "{sep}{} = {}", name(r.id), r.value);
    }
    let _ = write!(
        summary,
        "; {} messages in flight",
        m.sim.messages_in_flight().len()
    );
    let _ = write!(
        out,
        "<svg class=\"crdt-stage\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
        Tenths(WIDTH),
        Tenths(HEIGHT),
        Esc(&summary)
    );
    links(&v, out);
    nodes(&v, out);
    out.push_str("<g data-motion=\"\">");
    messages(m, clock, out);
    out.push_str("</g></svg>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_stay_inside_the_drawing() {
        for n in 2..=5 {
            for i in 0..n {
                let (x, y) = position(i, n);
                assert!(
                    x - NODE_R >= 0.0 && x + NODE_R <= WIDTH,
                    "n={n} i={i} x={x}"
                );
                assert!(
                    y - NODE_R >= 0.0 && y + NODE_R + 22.0 <= HEIGHT,
                    "n={n} i={i} y={y}"
                );
            }
        }
    }
}
