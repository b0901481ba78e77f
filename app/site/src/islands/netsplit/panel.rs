//! The reader's actions: on a node (start the name, stop it under presence, crash or
//! restart), on a link (cut one way or both, `net_kernel:connect_node`, heal), the
//! partitions, and the cluster's size and library (which restart the run).

use super::library::Shown;
use super::model::{NetsplitModel, NAME, SIZES};
use crate::islands::registry::Keyword;
use crate::islands::shell::markup::{off, selected};
use crate::islands::shell::ring::name;
use sim::NodeStatus;
use std::fmt::Write;

fn node_select(m: &NetsplitModel, label: &str, act: &str, value: usize, d: &str, out: &mut String) {
    let _ = write!(out, "<label>{label} <select data-act=\"{act}\"{d}>");
    for i in 0..m.nodes() {
        let _ = write!(
            out,
            "<option value=\"{i}\"{}>{}</option>",
            selected(i == value),
            name(i)
        );
    }
    out.push_str("</select></label>");
}

fn node_actions(m: &NetsplitModel, d: &str, out: &mut String) {
    let node = m.picked();
    out.push_str("<fieldset class=\"raft-fieldset\"><legend>Node</legend>");
    node_select(m, "Node", "pick", node, d, out);
    let verb = if m.shown() == Shown::Presence {
        "Track"
    } else {
        "Start and register"
    };
    let _ = write!(
        out,
        "<button type=\"button\" data-act=\"start\"{d}>{verb} {NAME} on {}</button>",
        name(node)
    );
    if m.shown() == Shown::Presence {
        let _ = write!(
            out,
            "<button type=\"button\" data-act=\"stop\"{d}>Stop {NAME} on {}</button>",
            name(node)
        );
    }
    let crashed = m.sim().kernel().status(node) == NodeStatus::Crashed;
    let (act, verb) = if crashed {
        ("restart", "Restart")
    } else {
        ("crash", "Crash")
    };
    let _ = write!(
        out,
        "<button type=\"button\" data-act=\"{act}\"{d}>{verb} {}</button></fieldset>",
        name(node)
    );
}

fn link_actions(m: &NetsplitModel, d: &str, out: &mut String) {
    let (from, to) = m.link();
    out.push_str("<fieldset class=\"raft-fieldset\"><legend>Link</legend>");
    node_select(m, "from", "link-from", from, d, out);
    node_select(m, "to", "link-to", to, d, out);
    let _ = write!(
        out,
        "<button type=\"button\" data-act=\"cut-one\"{d}>Cut one way</button>\
         <button type=\"button\" data-act=\"cut-both\"{d}>Cut both ways</button>\
         <button type=\"button\" data-act=\"connect\"{d}>connect_node from {} to {}</button>\
         <p class=\"raft-cuts\">Cut links: ",
        name(from),
        name(to)
    );
    let cuts = m.sim().view().cut_links;
    if cuts.is_empty() {
        out.push_str("none");
    }
    for (k, (a, b)) in cuts.iter().enumerate() {
        let sep = if k > 0 { ", " } else { "" };
        let _ = write!(out, "{sep}{} → {}", name(*a), name(*b));
    }
    out.push_str("</p></fieldset>");
}

fn partitions(m: &NetsplitModel, d: &str, out: &mut String) {
    let n = m.nodes();
    let majority = n.div_ceil(2);
    let _ = write!(
        out,
        "<fieldset class=\"raft-fieldset\"><legend>Partitions</legend>\
         <button type=\"button\" data-act=\"split\"{d}>Split {}–{} | {}–{}</button>\
         <button type=\"button\" data-act=\"isolate\"{d}>Isolate {}</button>\
         <button type=\"button\" data-act=\"heal\"{d}>Heal all</button></fieldset>",
        name(0),
        name(majority - 1),
        name(majority),
        name(n - 1),
        name(m.picked())
    );
}

fn options(m: &NetsplitModel, d: &str, out: &mut String) {
    let _ = write!(
        out,
        "<fieldset class=\"raft-fieldset ns-options\"><legend>Cluster (the run restarts with the same actions)</legend>\
         <label class=\"ns-library\">Library <select data-act=\"library\"{d}>"
    );
    for shown in Shown::VALUES {
        let _ = write!(
            out,
            "<option value=\"{}\"{}>{}</option>",
            shown.word(),
            selected(*shown == m.shown()),
            shown.label()
        );
    }
    out.push_str("</select></label>");
    let _ = write!(out, "<label>Nodes <select data-act=\"size\"{d}>");
    for k in SIZES {
        let _ = write!(
            out,
            "<option value=\"{k}\"{}>{k}</option>",
            selected(m.nodes() == k)
        );
    }
    out.push_str("</select></label></fieldset>");
}

/// Every reader action on the cluster.
pub fn panel(m: &NetsplitModel, live: bool, out: &mut String) {
    let d = off(live);
    out.push_str("<div class=\"raft-panel\">");
    node_actions(m, d, out);
    link_actions(m, d, out);
    partitions(m, d, out);
    options(m, d, out);
    out.push_str("</div>");
}
