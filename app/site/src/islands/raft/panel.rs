//! Raft actions for the reader: per node (crash, restart, force timeout, client
//! request), per link (cut one way, both ways, heal), partition presets and the
//! PreVote / CheckQuorum switches. Every action is a real, labelled HTML control; the
//! model's `act` carries them out.

use super::model::RaftModel;
use crate::islands::shell::markup::{checked, off, selected};
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
            "<button type=\"button\" data-act=\"node\" data-arg=\"{i}\" aria-pressed=\"{}\"{d}>{}</button>",
            m.selected() == Some(i),
            name(i)
        );
    }
    if let Some(node) = m.selected() {
        let down = m.view().nodes.get(node).map(|n| n.status) == Some(NodeStatus::Crashed);
        let (act, verb) = if down {
            ("restart", "Restart")
        } else {
            ("crash", "Crash")
        };
        let _ = write!(
            out,
            "<span class=\"raft-node-actions\">\
             <button type=\"button\" data-act=\"{act}\" data-arg=\"{node}\"{d}>{verb} {}</button>\
             <button type=\"button\" data-act=\"timeout\" data-arg=\"{node}\"{d}>Force timeout</button>\
             <button type=\"button\" data-act=\"request\" data-arg=\"{node}\"{d}>Client request</button></span>",
            name(node)
        );
    }
    out.push_str("</fieldset>");
}

fn node_select(m: &RaftModel, label: &str, act: &str, value: usize, d: &str, out: &mut String) {
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

fn link_controls(m: &RaftModel, d: &str, out: &mut String) {
    let (from, to) = m.link();
    out.push_str(
        "<fieldset class=\"raft-fieldset\"><legend>Link (or click one in the drawing)</legend>",
    );
    node_select(m, "from", "link-from", from, d, out);
    node_select(m, "to", "link-to", to, d, out);
    let _ = write!(
        out,
        "<button type=\"button\" data-act=\"cut-one\"{d}>Cut one way</button>\
         <button type=\"button\" data-act=\"cut-both\"{d}>Cut both ways</button>\
         <button type=\"button\" data-act=\"heal\"{d}>Heal all</button><p class=\"raft-cuts\">Cut links: "
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
         <button type=\"button\" data-act=\"isolate-leader\"{d}>Isolate the leader</button>\
         <button type=\"button\" data-act=\"split\"{d}>Minority | majority</button>\
         <button type=\"button\" data-act=\"one-way\"{d}>One-way: nobody reaches {}</button></fieldset>",
        name(m.one_way_victim())
    );
}

fn toggles(m: &RaftModel, d: &str, out: &mut String) {
    let _ = write!(
        out,
        "<fieldset class=\"raft-fieldset\"><legend>Cluster options (the run restarts)</legend>\
         <label>Nodes <select class=\"raft-size\" data-act=\"size\"{d}>"
    );
    for k in [3usize, 5, 7] {
        let _ = write!(
            out,
            "<option value=\"{k}\"{}>{k}</option>",
            selected(m.nodes() == k)
        );
    }
    let (pre_vote, check_quorum) = m.toggles();
    let _ = write!(
        out,
        "</select></label>\
         <label><input type=\"checkbox\" data-act=\"prevote\"{d}{}> PreVote</label>\
         <label><input type=\"checkbox\" data-act=\"checkquorum\"{d}{}> CheckQuorum</label></fieldset>",
        checked(pre_vote),
        checked(check_quorum)
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
