//! The netsplit drawing: nodes on a ring with their Distributed Erlang connections (solid
//! when both ends see it, dashed while only one does, absent when closed), cut links
//! marked ✕ and an arrow at the sending end, messages in flight; under it the counters, what the
//! library does at heal, a table of nodes and every process with how it ended.

use super::model::{Act, NetsplitModel};
use crate::islands::shell::action::{Action, Pair};
use crate::islands::shell::markup::{Esc, Tenths};
use crate::islands::shell::ring::{along, cut_mark, name, node_pos, progress, translate};
use sim::cluster::{exit_words, pid_name, ClusterView, Library, NodeView};
use sim::NodeStatus;
use std::fmt::Write;

const CENTER: (f64, f64) = (220.0, 178.0);
/// A node's radius, an integer: writing an `f64` with `Display` brings the float
/// formatter into the module (about 5 KB brotli).
const NODE_R: u16 = 25;

fn ring_radius(n: usize) -> f64 {
    match n {
        0..=3 => 110.0,
        4..=5 => 135.0,
        _ => 145.0,
    }
}

fn pos(i: usize, n: usize) -> (f64, f64) {
    node_pos(i, n, CENTER, ring_radius(n))
}

fn status_word(status: NodeStatus) -> &'static str {
    match status {
        NodeStatus::Up => "up",
        NodeStatus::Crashed => "crashed",
        NodeStatus::Paused => "paused",
    }
}

/// The names of nodes `ids`, or "none".
fn names(ids: impl Iterator<Item = usize>) -> String {
    let list: Vec<String> = ids.map(name).collect();
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

fn summary(v: &ClusterView) -> String {
    let n = v.nodes.len();
    let nodes: Vec<String> = v
        .nodes
        .iter()
        .map(|x| {
            format!(
                "{} {}, connected to {}",
                name(x.id),
                status_word(x.status),
                names(x.connected.iter().copied())
            )
        })
        .collect();
    format!(
        "Cluster of {n} nodes at t = {} ms, {} of {} connections open: {}.",
        v.now,
        v.open_connections,
        n * (n - 1) / 2,
        nodes.join("; ")
    )
}

/// A line per pair of nodes that either end sees as connected, and a line to click for
/// every pair.
fn links(v: &ClusterView, out: &mut String) {
    let n = v.nodes.len();
    out.push_str("<g class=\"ns-links\">");
    for a in 0..n {
        for b in a + 1..n {
            let (ab, ba) = (
                v.nodes[a].connected.contains(&b),
                v.nodes[b].connected.contains(&a),
            );
            let class = match (ab, ba) {
                (true, true) => "ns-link",
                (false, false) => "ns-link-none",
                _ => "ns-link ns-link-half",
            };
            let (p, q) = (pos(a, n), pos(b, n));
            let (x1, y1, x2, y2) = (Tenths(p.0), Tenths(p.1), Tenths(q.0), Tenths(q.1));
            // Every pair can be picked by clicking along its line, open or not (a
            // closed one for connect_node).
            let _ = write!(
                out,
                "<g{}><line class=\"{class}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>\
                 <line class=\"link-hit\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/></g>",
                Act::Link(Pair(a, b)).attrs()
            );
        }
    }
    for &(from, to) in &v.cut_links {
        cut_mark(pos(from, n), pos(to, n), 0.3, 7.0, 5, out);
    }
    out.push_str("</g>");
}

fn node(x: &NodeView, n: usize, picked: bool, out: &mut String) {
    let shape = match x.status {
        NodeStatus::Up => "ns-shape",
        NodeStatus::Crashed => "ns-shape ns-shape-down",
        NodeStatus::Paused => "ns-shape ns-shape-paused",
    };
    let runs: Vec<&str> = x.running.iter().map(|p| p.name.as_str()).collect();
    let _ = write!(
        out,
        "<g class=\"ns-node{}\" transform=\"{}\"{}><circle class=\"{shape}\" r=\"{NODE_R}\"/>\
         <text class=\"node-name\" y=\"-1\">{}</text><text class=\"ns-status\" y=\"12\">{}</text>",
        if picked { " is-selected" } else { "" },
        translate(pos(x.id, n)),
        Act::Node(x.id).attrs(),
        name(x.id),
        status_word(x.status)
    );
    if !runs.is_empty() {
        let _ = write!(
            out,
            "<text class=\"ns-runs\" y=\"{}\">runs {}</text>",
            Tenths(f64::from(NODE_R) + 14.0),
            Esc(&runs.join(", "))
        );
    }
    out.push_str("</g>");
}

/// Messages in flight at `clock` (the stage's one `data-motion` region).
pub fn messages(m: &NetsplitModel, clock: f64, out: &mut String) {
    let n = m.nodes();
    for msg in m.sim().messages_in_flight() {
        let family = match msg.kind {
            "Tick" => "tick",
            "Connect" | "Accept" | "Confirm" | "Close" | "Peers" | "LostConnection" => "mesh",
            "Delta" | "Ack" => "crdt",
            "Heartbeat" | "TransferReq" | "TransferDelta" | "TransferFull" => "presence",
            _ => "global",
        };
        let at = along(
            pos(msg.from, n),
            pos(msg.to, n),
            progress(msg.sent_at, msg.deliver_at, clock),
            4.0,
        );
        let _ = write!(
            out,
            "<circle class=\"ns-msg ns-msg-{family}\" r=\"4\" transform=\"{}\"/>",
            translate(at)
        );
    }
}

fn counters(m: &NetsplitModel, v: &ClusterView, out: &mut String) {
    let n = v.nodes.len();
    let ticks = v.ticks_per_1000_s;
    let _ = write!(
        out,
        "<p class=\"ns-counters\">Open connections: {} of {} · ticks: {}.{} per second",
        v.open_connections,
        n * (n - 1) / 2,
        ticks / 1000,
        ticks % 1000 / 100
    );
    if let Library::Presence(_) = v.library {
        let b = v.presence_bytes;
        let _ = write!(
            out,
            " · tracker bytes: {} heartbeats, {} in {} deltas, {} in {} full states",
            b.heartbeats, b.deltas, b.delta_transfers, b.full_states, b.full_transfers
        );
    }
    let _ = write!(
        out,
        "</p><p class=\"ns-heal\"><strong>{}:</strong> {}</p>",
        m.shown().label(),
        m.shown().at_heal()
    );
}

fn table(v: &ClusterView, out: &mut String) {
    out.push_str(
        "<table class=\"ns-nodes\"><caption>Nodes: connections and \
         registries</caption><thead><tr><th scope=\"col\">Node</th><th scope=\"col\">Status</th>\
         <th scope=\"col\">Connected to</th><th scope=\"col\">Cut off from</th>\
         <th scope=\"col\">Registry</th></tr></thead><tbody>",
    );
    let n = v.nodes.len();
    for x in &v.nodes {
        let registry: Vec<String> = x
            .names
            .iter()
            .map(|(k, pid)| format!("{k} → {}", pid_name(*pid)))
            .collect();
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            name(x.id),
            status_word(x.status),
            names(x.connected.iter().copied()),
            names((0..n).filter(|p| *p != x.id && !x.connected.contains(p))),
            if registry.is_empty() {
                "empty".to_string()
            } else {
                Esc(&registry.join(", ")).to_string()
            }
        );
    }
    out.push_str("</tbody></table>");
}

fn processes(v: &ClusterView, out: &mut String) {
    out.push_str("<p class=\"ns-procs-title\">Processes</p><ul class=\"ns-procs\">");
    if v.processes.is_empty() {
        out.push_str("<li>none started yet</li>");
    }
    for p in &v.processes {
        let state = match &p.exit {
            None => "running".to_string(),
            Some(exit) => format!("ended: {}", exit_words(exit)),
        };
        let notified = match p.conflict_messages {
            0 => String::new(),
            k => format!("; received {{global_name_conflict, ...}} ×{k}"),
        };
        let _ = write!(
            out,
            "<li class=\"{}\">{} {} on {}: {}{}</li>",
            if p.alive() { "ns-alive" } else { "ns-ended" },
            pid_name(p.pid),
            Esc(&p.name),
            name(p.pid.node),
            Esc(&state),
            Esc(&notified)
        );
    }
    out.push_str("</ul>");
}

/// The stage: the drawing (messages at `clock`), counters, explanation, nodes, processes.
pub fn stage(m: &NetsplitModel, clock: f64, out: &mut String) {
    let v = m.sim().view();
    let n = v.nodes.len();
    let _ = write!(
        out,
        "<svg class=\"stage ns-stage\" viewBox=\"40 0 360 362\" role=\"img\" aria-label=\"{}\">",
        Esc(&summary(&v))
    );
    links(&v, out);
    out.push_str("<g class=\"messages\" data-motion=\"\">");
    messages(m, clock, out);
    out.push_str("</g>");
    for x in &v.nodes {
        node(x, n, x.id == m.picked(), out);
    }
    out.push_str("</svg>");
    counters(m, &v, out);
    table(&v, out);
    processes(&v, out);
}
