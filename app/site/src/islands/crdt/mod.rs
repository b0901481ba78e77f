//! The CRDT merges widget: 2 to 5 replicas of a G-Counter, PN-Counter, LWW-Register or
//! OR-Set, their internal state, sync by state or delta over a network that can be
//! partitioned or lossy, merges explained entry by entry, convergence and bytes shipped.

mod model;
mod replica;
mod settings;
mod stage;
mod state;

use docs::widget::CrdtParams;
use leptos::prelude::*;
use sim::crdt::{CrdtAction, CrdtKind, CrdtNote, CrdtSim, MergeDecision};
use sim::{Action, EventKind};

use crate::islands::shell::{shell, Ctx};
use model::CrdtModel;
use replica::{replica_card, CardContext};

/// The operands offered for add/remove (OR-Set) and set (LWW-Register).
fn operands(kind: CrdtKind) -> [&'static str; 3] {
    match kind {
        CrdtKind::LwwRegister => ["red", "green", "blue"],
        _ => ["x", "y", "z"],
    }
}

/// Merges that happened at the current step: receiver, sender and decisions.
fn merges_now(sim: &CrdtSim) -> Vec<(usize, usize, Vec<MergeDecision>)> {
    sim.events_at(sim.current_step())
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Note {
                node,
                note: CrdtNote::Merged {
                    from, decisions, ..
                },
            } => Some((*node, *from, decisions.clone())),
            _ => None,
        })
        .collect()
}

fn status_line(ctx: Ctx<CrdtModel>) -> impl IntoView {
    move || {
        ctx.with(|m| {
            let v = m.sim.view();
            let (badge, text) = if v.converged {
                (
                    "crdt-converged",
                    "✓ Converged: every replica holds the same state".to_string(),
                )
            } else {
                (
                    "crdt-diverged",
                    "✗ Not converged: replicas differ".to_string(),
                )
            };
            let bytes = match v.sync {
                sim::crdt::SyncMode::Delta => format!(
                    "Bytes shipped: {} as deltas (full states would have been {})",
                    v.bytes_shipped, v.bytes_full_state
                ),
                sim::crdt::SyncMode::State => {
                    format!("Bytes shipped: {} as full states", v.bytes_shipped)
                }
            };
            view! {
                <p class="crdt-status">
                    <span class=format!("crdt-badge {badge}")>{text}</span>
                    <span class="crdt-bytes">{bytes}</span>
                </p>
            }
        })
    }
}

fn cards(ctx: Ctx<CrdtModel>, operand: RwSignal<usize>) -> impl IntoView {
    let act = Callback::new(move |a: CrdtAction| {
        ctx.update(|m| m.sim.apply(Action::Protocol(a)).map_err(|e| e.0));
    });
    let live = Signal::derive(move || ctx.live());
    move || {
        let pick = operand.get();
        ctx.with(|m| {
            let v = m.sim.view();
            let merges = merges_now(&m.sim);
            let word = operands(v.kind)[pick.min(2)];
            v.replicas
                .iter()
                .map(|r| {
                    let merging = merges
                        .iter()
                        .find(|(to, _, _)| *to == r.id)
                        .map(|(_, from, d)| (*from, d.as_slice()));
                    let cx = CardContext {
                        kind: v.kind,
                        replicas: v.replicas.len(),
                        merging,
                        operand: word,
                    };
                    replica_card(r, cx, act, live)
                })
                .collect_view()
        })
    }
}

/// The CRDT widget for the content's parameters.
pub fn crdt_widget(params: &CrdtParams, caption: Option<String>) -> AnyView {
    let model = CrdtModel::new(params);
    shell(model, "CRDT merges", caption, |ctx| {
        let operand = RwSignal::new(0usize);
        let stage = move || {
            let t = ctx.clock();
            ctx.with(|m| stage::crdt_stage(&m.sim.view(), &m.sim.messages_in_flight(), t))
        };
        view! {
            {settings::settings_bar(ctx, operand)}
            {status_line(ctx)}
            {stage}
            <div class="crdt-replicas">{cards(ctx, operand)}</div>
        }
        .into_any()
    })
    .into_any()
}
