//! One replica's card: its value, internal state, the merge that just happened there
//! (decisions revealed one by one) and its operation and sync buttons.

use sim::crdt::{CrdtKind, MergeDecision, ReplicaView};
use sim::NodeStatus;
use std::fmt::Write;

use super::model::Act;
use super::state::state_table;
use crate::islands::shell::action::{Action, Pair};
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

/// The operation buttons of replica `id`; the model adds the chosen operand.
fn op_buttons(cx: &CardContext<'_>, id: usize, out: &mut String) {
    let who = name(id);
    let w = Esc(cx.operand);
    let ops: &[(Act, String, String)] = &match cx.kind {
        CrdtKind::GCounter => vec![(Act::Inc(id), "+1".into(), format!("Increment at {who}"))],
        CrdtKind::PnCounter => vec![
            (Act::Inc(id), "+1".into(), format!("Increment at {who}")),
            (Act::Dec(id), "−1".into(), format!("Decrement at {who}")),
        ],
        CrdtKind::LwwRegister => vec![(
            Act::Set(id),
            format!("set {w}"),
            format!("Set {w} at {who}"),
        )],
        CrdtKind::OrSet => vec![
            (
                Act::Add(id),
                format!("add {w}"),
                format!("Add {w} at {who}"),
            ),
            (
                Act::Remove(id),
                format!("remove {w}"),
                format!("Remove {w} at {who}"),
            ),
        ],
    };
    for (act, text, label) in ops {
        let _ = write!(
            out,
            "<button type=\"button\" aria-label=\"{label}\"{}{}>{text}</button>",
            act.attrs(),
            off(cx.live)
        );
    }
}

fn sync_buttons(cx: &CardContext<'_>, id: usize, out: &mut String) {
    for to in (0..cx.replicas).filter(|to| *to != id) {
        let _ = write!(
            out,
            "<button type=\"button\" aria-label=\"Sync {} to {}\"{}{}>→{}</button>",
            name(id),
            name(to),
            Act::Sync(Pair(id, to)).attrs(),
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
        // A long list (a large set) scrolls, reachable by keyboard.
        let scroll = if decisions.len() > 10 {
            " class=\"crdt-scroll\" tabindex=\"0\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<div class=\"crdt-merge\"><p>Merging state from {}:</p><ol{scroll}>",
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
