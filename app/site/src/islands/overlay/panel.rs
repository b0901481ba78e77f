//! The reader's controls: cluster size and topology (each restarts the run), and the
//! faults: crash or restart a node, broadcast from it, cut the cluster in two, heal.

use super::model::{Act, OverlayModel, MAX_NODES, MIN_NODES};
use super::stage::topology_name;
use crate::islands::shell::action::Action;
use crate::islands::shell::markup::{crash_or_restart, node_options, off, selected};
use crate::islands::shell::ring::name;
use sim::overlay::Topology;
use sim::NodeStatus;
use std::fmt::Write;

/// Sizes offered besides the current one.
const SIZES: &[usize] = &[10, 20, 30, 50, 100, 150, 200];

fn cluster(m: &OverlayModel, d: &str, out: &mut String) {
    let _ = write!(
        out,
        "<fieldset class=\"overlay-fieldset\"><legend>Cluster (a change restarts the run)</legend>\
         <label>Nodes <select class=\"overlay-size\"{}{d}>",
        Act::Nodes.attrs()
    );
    let mut sizes: Vec<usize> = SIZES.to_vec();
    if !sizes.contains(&m.nodes()) {
        sizes.push(m.nodes());
        sizes.sort_unstable();
    }
    for k in sizes {
        let _ = write!(
            out,
            "<option value=\"{k}\"{}>{k}</option>",
            selected(m.nodes() == k)
        );
    }
    let _ = write!(
        out,
        "</select></label><label>Topology <select class=\"overlay-topology\"{}{d}>",
        Act::Topology.attrs()
    );
    for (value, t) in [
        ("mesh", Topology::FullMesh),
        ("hyparview", Topology::HyParView),
    ] {
        let _ = write!(
            out,
            "<option value=\"{value}\"{}>{}</option>",
            selected(m.topology() == t),
            topology_name(t)
        );
    }
    let _ = write!(
        out,
        "</select></label><span class=\"overlay-range\">{MIN_NODES} to {MAX_NODES} nodes. Full mesh: Distributed Erlang. \
         HyParView: Partisan's defaults, active view 6, passive view 30, a shuffle every 10 s.</span></fieldset>"
    );
}

fn faults(m: &OverlayModel, d: &str, out: &mut String) {
    let picked = m.picked();
    let _ = write!(
        out,
        "<fieldset class=\"overlay-fieldset\"><legend>Faults</legend><label>Node <select class=\"overlay-pick\"{}{d}>",
        Act::Pick.attrs()
    );
    node_options(m.nodes(), picked, out);
    out.push_str("</select></label>");
    let crashed = m.sim().kernel().status(picked) == NodeStatus::Crashed;
    crash_or_restart(crashed, Act::Crash, Act::Restart, picked, d, out);
    let _ = write!(
        out,
        "<button type=\"button\"{}{d}>Broadcast from {}</button>\
         <button type=\"button\"{}{d}>Cut the cluster in two</button>\
         <button type=\"button\"{}{d}>Heal</button></fieldset>",
        Act::Broadcast.attrs(),
        name(picked),
        Act::Split.attrs(),
        Act::Heal.attrs(),
    );
}

/// Every reader action on the cluster.
pub fn panel(m: &OverlayModel, live: bool, out: &mut String) {
    let d = off(live);
    out.push_str("<div class=\"overlay-panel\">");
    cluster(m, d, out);
    faults(m, d, out);
    out.push_str("</div>");
}
