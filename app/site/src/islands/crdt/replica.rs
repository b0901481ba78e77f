//! One replica's card: its value, internal state, the merge that just happened there
//! (decisions revealed one by one) and its operation and sync buttons.

use leptos::prelude::*;
use sim::crdt::{CrdtAction, CrdtKind, MergeDecision, ReplicaView};
use sim::NodeStatus;

use super::state::state_table;

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
}

fn op_buttons(
    kind: CrdtKind,
    id: usize,
    operand: &str,
    act: Callback<CrdtAction>,
    live: Signal<bool>,
) -> impl IntoView {
    let who = format!("n{}", id + 1);
    let ops: Vec<(String, String, CrdtAction)> = match kind {
        CrdtKind::GCounter => vec![(
            "+1".into(),
            format!("Increment at {who}"),
            CrdtAction::Increment { replica: id },
        )],
        CrdtKind::PnCounter => vec![
            (
                "+1".into(),
                format!("Increment at {who}"),
                CrdtAction::Increment { replica: id },
            ),
            (
                "−1".into(),
                format!("Decrement at {who}"),
                CrdtAction::Decrement { replica: id },
            ),
        ],
        CrdtKind::LwwRegister => vec![(
            format!("set {operand}"),
            format!("Set {operand} at {who}"),
            CrdtAction::Set {
                replica: id,
                value: operand.into(),
            },
        )],
        CrdtKind::OrSet => vec![
            (
                format!("add {operand}"),
                format!("Add {operand} at {who}"),
                CrdtAction::Add {
                    replica: id,
                    element: operand.into(),
                },
            ),
            (
                format!("remove {operand}"),
                format!("Remove {operand} at {who}"),
                CrdtAction::Remove {
                    replica: id,
                    element: operand.into(),
                },
            ),
        ],
    };
    ops.into_iter()
        .map(|(text, label, action)| {
            view! {
                <button type="button" aria-label=label disabled=move || !live.get()
                    on:click=move |_| act.run(action.clone())>{text}</button>
            }
        })
        .collect_view()
}

fn sync_buttons(
    id: usize,
    replicas: usize,
    act: Callback<CrdtAction>,
    live: Signal<bool>,
) -> impl IntoView {
    (0..replicas)
        .filter(|to| *to != id)
        .map(|to| {
            let label = format!("Sync n{} to n{}", id + 1, to + 1);
            view! {
                <button type="button" aria-label=label disabled=move || !live.get()
                    on:click=move |_| act.run(CrdtAction::Sync { from: id, to })>
                    {format!("→n{}", to + 1)}
                </button>
            }
        })
        .collect_view()
}

/// The card of replica `r`.
pub fn replica_card(
    r: &ReplicaView,
    cx: CardContext<'_>,
    act: Callback<CrdtAction>,
    live: Signal<bool>,
) -> impl IntoView {
    let id = r.id;
    let status = match r.status {
        NodeStatus::Up => "",
        NodeStatus::Crashed => " (crashed)",
        NodeStatus::Paused => " (paused)",
    };
    let merged = cx.merging.map(|(_, d)| d).unwrap_or(&r.last_merge);
    let table = state_table(id, &r.state, cx.replicas, merged);
    let merge = cx.merging.map(|(from, decisions)| {
        let items = decisions
            .iter()
            .enumerate()
            .map(|(i, d)| {
                view! { <li class=format!("crdt-decision crdt-d{}", i.min(9))>{format!("{}: {}", d.entry, d.text)}</li> }
            })
            .collect_view();
        view! {
            <div class="crdt-merge">
                <p>{format!("Merging state from n{}:", from + 1)}</p>
                <ol>{items}</ol>
            </div>
        }
    });
    view! {
        <section class="crdt-replica" aria-label=format!("Replica n{}", id + 1)>
            <h4>{format!("n{}{status}", id + 1)} " " <span class="crdt-value">"value " <strong>{r.value.clone()}</strong></span></h4>
            {table}
            {merge}
            <div class="crdt-ops">{op_buttons(cx.kind, id, cx.operand, act, live)}</div>
            <div class="crdt-sync"><span>"sync"</span>{sync_buttons(id, cx.replicas, act, live)}</div>
        </section>
    }
}
