//! The reader's actions: on a node (start the name, stop it under presence, crash or
//! restart), on a link (cut one way or both, `net_kernel:connect_node`, heal), the
//! partitions, and the cluster's size and library (which restart the run).

use super::library::Shown;
use super::model::{Act, NetsplitModel, NAME, SIZES};
use crate::islands::registry::Keyword;
use crate::islands::shell::action::Action;
use crate::islands::shell::markup::{crash_or_restart, node_options, off, selected};
use crate::islands::shell::ring::name;
use sim::NodeStatus;
use std::fmt::Write;

fn node_select(m: &NetsplitModel, label: &str, act: Act, value: usize, d: &str, out: &mut String) {
    let _ = write!(out, "<label>{label} <select{}{d}>", act.attrs());
    node_options(m.nodes(), value, out);
    out.push_str("</select></label>");
}

fn node_actions(m: &NetsplitModel, d: &str, out: &mut String) {
    let node = m.picked();
    out.push_str("<fieldset class=\"raft-fieldset\"><legend>Node</legend>");
    node_select(m, "Node", Act::Pick, node, d, out);
    let verb = if m.shown() == Shown::Presence {
        "Track"
    } else {
        "Start and register"
    };
    let _ = write!(
        out,
        "<button type=\"button\"{}{d}>{verb} {NAME} on {}</button>",
        Act::Start.attrs(),
        name(node)
    );
    if m.shown() == Shown::Presence {
        let _ = write!(
            out,
            "<button type=\"button\"{}{d}>Stop {NAME} on {}</button>",
            Act::Stop.attrs(),
            name(node)
        );
    }
    let crashed = m.sim().kernel().status(node) == NodeStatus::Crashed;
    crash_or_restart(crashed, Act::Crash, Act::Restart, node, d, out);
    out.push_str("</fieldset>");
}

fn link_actions(m: &NetsplitModel, d: &str, out: &mut String) {
    let (from, to) = m.link();
    out.push_str("<fieldset class=\"raft-fieldset\"><legend>Link</legend>");
    node_select(m, "from", Act::LinkFrom, from, d, out);
    node_select(m, "to", Act::LinkTo, to, d, out);
    let _ = write!(
        out,
        "<button type=\"button\"{}{d}>Cut one way</button>\
         <button type=\"button\"{}{d}>Cut both ways</button>\
         <button type=\"button\"{}{d}>connect_node from {} to {}</button>\
         <p class=\"raft-cuts\">Cut links: ",
        Act::CutOne.attrs(),
        Act::CutBoth.attrs(),
        Act::Connect.attrs(),
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
         <button type=\"button\"{}{d}>Split {}–{} | {}–{}</button>\
         <button type=\"button\"{}{d}>Isolate {}</button>\
         <button type=\"button\"{}{d}>Heal all</button></fieldset>",
        Act::Split.attrs(),
        name(0),
        name(majority - 1),
        name(majority),
        name(n - 1),
        Act::Isolate.attrs(),
        name(m.picked()),
        Act::Heal.attrs(),
    );
}

fn options(m: &NetsplitModel, d: &str, out: &mut String) {
    let _ = write!(
        out,
        "<fieldset class=\"raft-fieldset ns-options\"><legend>Cluster (the run restarts with the same actions)</legend>\
         <label class=\"ns-library\">Library <select{}{d}>",
        Act::Library.attrs()
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
    let _ = write!(out, "<label>Nodes <select{}{d}>", Act::Size.attrs());
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
