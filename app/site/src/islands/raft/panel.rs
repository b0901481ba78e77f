//! Raft actions for the reader: per node (crash, restart, force timeout, client
//! request), per link (cut one way, both ways, heal), partition presets and the
//! PreVote / CheckQuorum switches. Every action is a real, labelled HTML control; the
//! model's `act` carries them out.

use super::model::{Act, RaftModel};
use crate::islands::shell::action::Action;
use crate::islands::shell::markup::{checked, crash_or_restart, node_options, off, selected};
use crate::islands::shell::ring::name;
use sim::NodeStatus;
use std::fmt::Write;

fn node_buttons(m: &RaftModel, d: &str, out: &mut String) {
    out.push_str(
        "<fieldset class=\"raft-fieldset\"><legend>Node (or click one in the drawing)</legend>",
    );
    for i in 0..m.nodes() {
        let _ = write!(
            out,
            "<button type=\"button\"{} aria-pressed=\"{}\"{d}>{}</button>",
            Act::Node(i).attrs(),
            m.selected() == Some(i),
            name(i)
        );
    }
    if let Some(node) = m.selected() {
        let down = m.view().nodes.get(node).map(|n| n.status) == Some(NodeStatus::Crashed);
        out.push_str("<span class=\"raft-node-actions\">");
        crash_or_restart(down, Act::Crash(node), Act::Restart(node), node, d, out);
        let _ = write!(
            out,
            "<button type=\"button\"{}{d}>Force timeout</button>\
             <button type=\"button\"{}{d}>Client request</button></span>",
            Act::Timeout(node).attrs(),
            Act::Request(node).attrs(),
        );
    }
    out.push_str("</fieldset>");
}

fn node_select(m: &RaftModel, label: &str, act: Act, value: usize, d: &str, out: &mut String) {
    let _ = write!(out, "<label>{label} <select{}{d}>", act.attrs());
    node_options(m.nodes(), value, out);
    out.push_str("</select></label>");
}

fn link_controls(m: &RaftModel, d: &str, out: &mut String) {
    let (from, to) = m.link();
    out.push_str(
        "<fieldset class=\"raft-fieldset\"><legend>Link (or click one in the drawing)</legend>",
    );
    node_select(m, "from", Act::LinkFrom, from, d, out);
    node_select(m, "to", Act::LinkTo, to, d, out);
    let _ = write!(
        out,
        "<button type=\"button\"{}{d}>Cut one way</button>\
         <button type=\"button\"{}{d}>Cut both ways</button>\
         <button type=\"button\"{}{d}>Heal all</button><p class=\"raft-cuts\">Cut links: ",
        Act::CutOne.attrs(),
        Act::CutBoth.attrs(),
        Act::Heal.attrs(),
    );
    let cuts = m.view().cut_links;
    if cuts.is_empty() {
        out.push_str("none");
    }
    for (k, (a, b)) in cuts.iter().enumerate() {
        let sep = if k > 0 { ", " } else { "" };
        let _ = write!(out, "{sep}{} → {}", name(*a), name(*b));
    }
    out.push_str("</p></fieldset>");
}

fn partitions(m: &RaftModel, d: &str, out: &mut String) {
    let _ = write!(
        out,
        "<fieldset class=\"raft-fieldset\"><legend>Partitions</legend>\
         <button type=\"button\"{}{d}>Isolate the leader</button>\
         <button type=\"button\"{}{d}>Minority | majority</button>\
         <button type=\"button\"{}{d}>One-way: nobody reaches {}</button></fieldset>",
        Act::IsolateLeader.attrs(),
        Act::Split.attrs(),
        Act::OneWay.attrs(),
        name(m.one_way_victim())
    );
}

fn toggles(m: &RaftModel, d: &str, out: &mut String) {
    let _ = write!(
        out,
        "<fieldset class=\"raft-fieldset\"><legend>Cluster options (the run restarts)</legend>\
         <label>Nodes <select class=\"raft-size\"{}{d}>",
        Act::Size.attrs()
    );
    for k in [3usize, 5, 7] {
        let _ = write!(
            out,
            "<option value=\"{k}\"{}>{k}</option>",
            selected(m.nodes() == k)
        );
    }
    let o = m.options();
    let _ = write!(
        out,
        "</select></label>\
         <label><input type=\"checkbox\"{}{d}{}> PreVote</label>\
         <label><input type=\"checkbox\"{}{d}{}> CheckQuorum</label>\
         <label><input type=\"checkbox\"{}{d}{}> Leader no-op</label></fieldset>",
        Act::PreVote.attrs(),
        checked(o.pre_vote),
        Act::CheckQuorum.attrs(),
        checked(o.check_quorum),
        Act::Noop.attrs(),
        checked(o.noop)
    );
}

/// Every reader action on the cluster.
pub fn panel(m: &RaftModel, live: bool, out: &mut String) {
    let d = off(live);
    out.push_str("<div class=\"raft-panel\">");
    node_buttons(m, d, out);
    link_controls(m, d, out);
    partitions(m, d, out);
    toggles(m, d, out);
    out.push_str("</div>");
}
