//! The overlay drawing: nodes on a ring (a crashed one crossed out), every connection as
//! one path (the mesh's hairball), the split as a dashed line, and on the canvas the
//! latest broadcast filling the nodes it reached and its messages in flight; the live
//! counters under it.

use super::model::OverlayModel;
use crate::islands::shell::markup::{Esc, Tenths};
use crate::islands::shell::paint::{self, Colour, Paint};
use crate::islands::shell::ring::{along, name, node_pos, progress, translate};
use sim::overlay::{OverlayMsg, OverlayView, Topology};
use sim::NodeStatus;
use std::fmt::Write;

/// The drawing's `viewBox` size.
const VIEW: f64 = 440.0;
const CENTER: (f64, f64) = (220.0, 220.0);
const RING_R: f64 = 188.0;
/// Radius of a broadcast message on the canvas.
const MESSAGE_R: f64 = 2.5;

/// Where node `i` of `n` is drawn.
pub fn pos(i: usize, n: usize) -> (f64, f64) {
    node_pos(i, n, CENTER, RING_R)
}

/// A node's radius: large for a few nodes, small enough for 200 to fit the ring.
fn node_r(n: usize) -> f64 {
    (450.0 / n as f64).clamp(2.5, 9.0)
}

/// "Full mesh" or "HyParView".
pub fn topology_name(t: Topology) -> &'static str {
    match t {
        Topology::FullMesh => "Full mesh",
        Topology::HyParView => "HyParView",
    }
}

fn down(v: &OverlayView) -> usize {
    v.nodes
        .iter()
        .filter(|x| x.status != NodeStatus::Up)
        .count()
}

/// True while the two halves are cut apart (the first node cannot reach the last).
fn split(m: &OverlayModel) -> bool {
    let n = m.nodes();
    !m.sim().kernel().links().is_up(0, n - 1)
}

fn summary(m: &OverlayModel, v: &OverlayView) -> String {
    let n = v.nodes.len();
    let cut = if split(m) { "; cut in two halves" } else { "" };
    format!(
        "{} of {n} nodes at t = {} ms: {} up, {} down{cut}; {} connections; the largest connected part holds {} of {} live nodes.",
        topology_name(v.topology),
        v.now,
        n - down(v),
        down(v),
        v.connections,
        v.largest_component.0,
        v.largest_component.1
    )
}

fn nodes(m: &OverlayModel, v: &OverlayView, out: &mut String) {
    let n = v.nodes.len();
    let r = node_r(n);
    out.push_str("<g class=\"overlay-nodes\">");
    for (i, x) in v.nodes.iter().enumerate() {
        let at = translate(pos(i, n));
        if x.status == NodeStatus::Crashed {
            let _ = write!(
                out,
                "<path class=\"overlay-down\" transform=\"{at}\" d=\"M-{0} -{0}L{0} {0}M{0} -{0}L-{0} {0}\"/>",
                Tenths(r)
            );
        } else {
            let _ = write!(
                out,
                "<circle class=\"overlay-node\" transform=\"{at}\" r=\"{}\"/>",
                Tenths(r)
            );
        }
    }
    let picked = m.picked();
    let _ = write!(
        out,
        "</g><g class=\"overlay-picked\" transform=\"{}\"><circle r=\"{}\"/></g>\
         <text class=\"overlay-picked-name\" transform=\"{}\" y=\"4\">{}</text>",
        translate(pos(picked, n)),
        Tenths(r + 4.0),
        translate(node_pos(picked, n, CENTER, RING_R + r + 11.0)),
        name(picked)
    );
}

/// The dashed line between the two halves, while they are cut apart.
fn cut_line(m: &OverlayModel, out: &mut String) {
    if !split(m) {
        return;
    }
    let n = m.nodes();
    let reach = RING_R + 18.0;
    let (a, b) = (
        node_pos(2 * n - 1, 2 * n, CENTER, reach),
        node_pos(2 * (n / 2) - 1, 2 * n, CENTER, reach),
    );
    let _ = write!(
        out,
        "<line class=\"overlay-cut\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\
         <text class=\"overlay-cut-label\" transform=\"{}\">cut</text>",
        Tenths(a.0),
        Tenths(a.1),
        Tenths(b.0),
        Tenths(b.1),
        translate(along(a, b, 0.5, 12.0))
    );
}

/// Thousands separated by commas: "19,900".
struct Grouped(u64);

impl std::fmt::Display for Grouped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.0.to_string();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                f.write_str(",")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

fn counter(label: &str, value: impl std::fmt::Display, out: &mut String) {
    let _ = write!(out, "<div><dt>{label}</dt><dd>{value}</dd></div>");
}

/// The live counters, as a description list.
fn counters(v: &OverlayView, out: &mut String) {
    let n = v.nodes.len() as u64;
    let (lo, hi) = v.connections_per_node;
    out.push_str("<dl class=\"overlay-counters\">");
    let total = match v.topology {
        Topology::FullMesh => format!(
            "{} (a full mesh of {n} needs {n} × {} / 2 = {})",
            Grouped(v.connections as u64),
            n - 1,
            Grouped(n * (n - 1) / 2)
        ),
        Topology::HyParView => format!("{}", Grouped(v.connections as u64)),
    };
    counter("Connections in total", total, out);
    let per_node = if lo == hi {
        format!("{lo}")
    } else {
        format!("{lo} to {hi}")
    };
    counter("Connections per live node", per_node, out);
    counter("Keep-alive ticks per second", Grouped(v.ticks_per_s), out);
    if v.topology == Topology::HyParView {
        counter(
            "Shuffle messages per second",
            Grouped(v.shuffles_per_s),
            out,
        );
    }
    counter("All messages per second", Grouped(v.messages_per_s), out);
    let how = match v.topology {
        Topology::FullMesh => "the origin sends it to each node directly",
        Topology::HyParView => "flooded over the active views (not Plumtree's tree)",
    };
    let reach = match v.last_broadcast {
        Some((ms, msgs)) => format!("{ms} ms, {} messages; {how}", Grouped(msgs)),
        None => format!("none yet; {how}"),
    };
    counter("Last broadcast to reach every live node", reach, out);
    counter(
        "Largest connected part",
        format_args!(
            "{} of {} live nodes",
            v.largest_component.0, v.largest_component.1
        ),
        out,
    );
    out.push_str("</dl>");
}

/// The stage: the ring, the connections, the canvas for the broadcast, the counters.
pub fn stage(m: &OverlayModel, out: &mut String) {
    let v = m.sim().view();
    let kind = match v.topology {
        Topology::FullMesh => "mesh",
        Topology::HyParView => "hyparview",
    };
    let _ = write!(
        out,
        "<div class=\"overlay-drawing\"><svg class=\"stage overlay-stage\" viewBox=\"0 0 {VIEW} {VIEW}\" role=\"img\" aria-label=\"{}\">\
         <path class=\"overlay-links overlay-links-{kind}\" d=\"",
        Esc(&summary(m, &v))
    );
    m.links().write(m.sim().state(), out);
    out.push_str("\"/>");
    nodes(m, &v, out);
    cut_line(m, out);
    out.push_str("</svg>");
    // The broadcast moves on every frame: it is painted on a canvas.
    paint::canvas("overlay-motion", out);
    out.push_str("</div>");
    counters(&v, out);
}

/// The latest broadcast at `clock`: the nodes it has reached filled, its messages in
/// flight.
pub fn paint(m: &OverlayModel, clock: f64, paint: &mut Paint) {
    paint.start(VIEW, VIEW);
    let n = m.nodes();
    let o = m.sim().state();
    if let Some(b) = o.broadcasts.last() {
        let r = node_r(n) - 1.0;
        for (i, got) in b.got_at.iter().enumerate() {
            if got.is_some_and(|t| t as f64 <= clock) {
                paint.dot(pos(i, n), r, Colour::Leader);
            }
        }
    }
    for env in m.sim().kernel().in_flight() {
        if let OverlayMsg::Gossip { .. } = env.msg {
            let t = progress(env.sent_at, env.deliver_at, clock);
            let at = along(pos(env.from, n), pos(env.to, n), t, 0.0);
            paint.dot(at, MESSAGE_R, Colour::Accent);
        }
    }
}
