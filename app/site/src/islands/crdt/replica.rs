//! One replica's card: its value, internal state, the merge that just happened there
//! (decisions revealed one by one) and its operation and sync buttons.

use sim::crdt::{CrdtKind, MergeDecision, ReplicaView};
use sim::NodeStatus;
use std::fmt::Write;

use super::state::state_table;
use crate::islands::shell::markup::{off, Esc};
use crate::islands::shell::ring::name;

/// What the card needs besides the replica itself.
pub struct CardContext<'a> {
    /// The data type (which buttons to show).
    pub kind: CrdtKind,
    /// Number of replicas (sync targets).
    pub replicas: usize,
    /// The merge that happened here at the current step: sender and decisions.
    pub merging: Option<(usize, &'a [MergeDecision])>,
    /// The element or value the add/remove/set buttons use.
    pub operand: &'a str,
    /// False in the static render (buttons disabled).
    pub live: bool,
}

/// The operation buttons of replica `id`: `data-act` is the operation, `data-arg` the
/// replica; the model adds the chosen operand.
fn op_buttons(cx: &CardContext<'_>, id: usize, out: &mut String) {
    let who = name(id);
    let w = Esc(cx.operand);
    let ops: &[(&str, String, String)] = &match cx.kind {
        CrdtKind::GCounter => vec![("inc", "+1".into(), format!("Increment at {who}"))],
        CrdtKind::PnCounter => vec![
            ("inc", "+1".into(), format!("Increment at {who}")),
            ("dec", "−1".into(), format!("Decrement at {who}")),
        ],
        CrdtKind::LwwRegister => vec![("set", format!("set {w}"), format!("Set {w} at {who}"))],
        CrdtKind::OrSet => vec![
            ("add", format!("add {w}"), format!("Add {w} at {who}")),
            (
                "remove",
                format!("remove {w}"),
                format!("Remove {w} at {who}"),
            ),
        ],
    };
    for (act, text, label) in ops {
        let _ = write!(
            out,
            "<button type=\"button\" aria-label=\"{label}\" data-act=\"{act}\" data-arg=\"{id}\"{}>{text}</button>",
            off(cx.live)
        );
    }
}

fn sync_buttons(cx: &CardContext<'_>, id: usize, out: &mut String) {
    for to in (0..cx.replicas).filter(|to| *to != id) {
        let _ = write!(
            out,
            "<button type=\"button\" aria-label=\"Sync {} to {}\" data-act=\"sync\" data-arg=\"{id}-{to}\"{}>→{}</button>",
            name(id),
            name(to),
            off(cx.live),
            name(to)
        );
    }
}

/// The card of replica `r`.
pub fn replica_card(r: &ReplicaView, cx: &CardContext<'_>, out: &mut String) {
    let id = r.id;
    let status = match r.status {
        NodeStatus::Up => "",
        NodeStatus::Crashed => " (crashed)",
        NodeStatus::Paused => " (paused)",
    };
    let _ = write!(
        out,
        "<section class=\"crdt-replica\" aria-label=\"Replica {0}\"><h4>{0}{status} \
         <span class=\"crdt-value\">value <strong>{1}</strong></span></h4>",
        name(id),
        Esc(&r.value)
    );
    let merged = cx.merging.map_or(r.last_merge.as_slice(), |(_, d)| d);
    state_table(id, &r.state, cx.replicas, merged, out);
    if let Some((from, decisions)) = cx.merging {
        let _ = write!(
            out,
            "<div class=\"crdt-merge\"><p>Merging state from {}:</p><ol>",
            name(from)
        );
        for (i, d) in decisions.iter().enumerate() {
            let _ = write!(
                out,
                "<li class=\"crdt-decision crdt-d{}\">{}: {}</li>",
                i.min(9),
                Esc(&d.entry),
                Esc(&d.text)
            );
        }
        out.push_str("</ol></div>");
    }
    out.push_str("<div class=\"crdt-ops\">");
    op_buttons(cx, id, out);
    out.push_str("</div><div class=\"crdt-sync\"><span>sync</span>");
    sync_buttons(cx, id, out);
    out.push_str("</div></section>");
}
