//! The HTML panels around the diagram: the clock switch, per-lane buttons (the keyboard
//! way to add events and messages), the selection's causal summary or pairwise
//! relation, and the update rules of the latest event.

use leptos::prelude::*;
use sim::clocks::{ClocksAction, ClocksView, Relation};
use sim::EventKind;

use super::act;
use super::diagram::{stamp, ClockShown};
use super::model::ClocksModel;
use super::rules::explain_rules;
use crate::islands::shell::Ctx;

/// Toggle buttons choosing which clock the events show.
pub fn clock_switch(shown: RwSignal<ClockShown>) -> impl IntoView {
    let options = [
        (ClockShown::Vector, "Vector"),
        (ClockShown::Lamport, "Lamport"),
        (ClockShown::Hlc, "HLC"),
    ]
    .into_iter()
    .map(|(which, text)| {
        view! {
            <button type="button" aria-pressed=move || if shown.get() == which { "true" } else { "false" }
                on:click=move |_| shown.set(which)>{text}</button>
        }
    })
    .collect_view();
    view! { <div class="clk-switch" role="group" aria-label="Clock shown"><span>"Clock shown:"</span>{options}</div> }
}

fn names(list: &[usize]) -> String {
    if list.is_empty() {
        "none".into()
    } else {
        list.iter()
            .map(|e| format!("e{e}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A local-event button per lane and, with one event selected, send buttons.
pub fn lane_buttons(ctx: Ctx<ClocksModel>, selected: RwSignal<Vec<usize>>) -> impl IntoView {
    move || {
        let live = ctx.live();
        ctx.with(|m| {
            let v = m.sim.view();
            let n = v.processes.len();
            let from = match selected.get().as_slice() {
                [one] => v.events.get(*one).map(|e| e.process),
                _ => None,
            };
            let locals = (0..n)
                .map(|p| {
                    view! { <button type="button" disabled=!live
                        on:click=move |_| act(ctx, ClocksAction::Local { process: p })>{format!("Event at p{}", p + 1)}</button> }
                })
                .collect_view();
            let sends = from.map(|from| {
                (0..n)
                    .filter(|to| *to != from)
                    .map(|to| {
                        view! { <button type="button" disabled=!live on:click=move |_| {
                            act(ctx, ClocksAction::Send { from, to });
                            selected.set(Vec::new());
                        }>{format!("Send p{} → p{}", from + 1, to + 1)}</button> }
                    })
                    .collect_view()
            });
            view! {
                <div class="clk-buttons" role="group" aria-label="Add events">
                    {locals}
                    {sends}
                </div>
            }
        })
    }
}

fn relation_text(v: &ClocksView, a: usize, b: usize) -> String {
    match v.relation(a, b) {
        Relation::Same => format!("e{a} is e{b}"),
        Relation::Before => format!("e{a} happened before e{b} (e{a} → e{b})"),
        Relation::After => format!("e{a} happened after e{b} (e{b} → e{a})"),
        Relation::Concurrent => format!("e{a} and e{b} are concurrent (e{a} ∥ e{b})"),
    }
}

/// What the selection means: one event's causal past, future and concurrent events, or
/// two events' relation with the element-wise comparison.
pub fn selection_panel(
    ctx: Ctx<ClocksModel>,
    selected: RwSignal<Vec<usize>>,
    shown: RwSignal<ClockShown>,
) -> impl IntoView {
    move || {
        let sel = selected.get();
        let which = shown.get();
        ctx.with(|m| {
            let v = m.sim.view();
            let valid: Vec<usize> = sel.into_iter().filter(|e| *e < v.events.len()).collect();
            let body = match valid.as_slice() {
                [] => view! { <p>"Select an event (click it, or Tab to it and press Enter) to see its causal past and future; select two to compare them. With one event selected, clicking another lane sends a message from its process."</p> }.into_any(),
                [e] => {
                    let ev = &v.events[*e];
                    view! {
                        <p><strong>{format!("e{e} on p{} {}", ev.process + 1, stamp(&v, *e, which))}</strong></p>
                        <ul>
                            <li>"◀ causal past (happened before): " {names(&v.causal_past(*e))}</li>
                            <li>"▶ causal future (happened after): " {names(&v.causal_future(*e))}</li>
                            <li>"∥ concurrent: " {names(&v.concurrent_with(*e))}</li>
                        </ul>
                    }
                    .into_any()
                }
                [a, b, ..] => view! {
                    <p class="clk-relation"><strong>{relation_text(&v, *a, *b)}</strong></p>
                    <p class="clk-explain">{v.explain(*a, *b)}</p>
                }
                .into_any(),
            };
            view! {
                <div class="clk-panel" aria-live="polite">
                    <h4>"Selection"</h4>
                    {body}
                    <button type="button" disabled=valid.is_empty() on:click=move |_| selected.set(Vec::new())>"Clear selection"</button>
                </div>
            }
        })
    }
}

/// The clock update rules worked through for the event recorded at the current step.
pub fn rules_panel(ctx: Ctx<ClocksModel>) -> impl IntoView {
    move || {
        ctx.with(|m| {
            let step = m.sim.current_step();
            let recorded = m.sim.events_at(step).iter().find_map(|e| match e.kind {
                EventKind::Note { note, .. } => Some(note),
                _ => None,
            });
            let v = m.sim.view();
            let body = match recorded.and_then(|id| explain_rules(&v, id).map(|r| (id, r))) {
                Some((id, [vector, lamport, hlc])) => view! {
                    <p>{format!("Step {step} records e{id}:")}</p>
                    <ul><li>{vector}</li><li>{lamport}</li><li>{hlc}</li></ul>
                }
                .into_any(),
                None => view! { <p>{format!("Step {step}: no clock changes. Step forward to see the update rules at the next event.")}</p> }.into_any(),
            };
            view! { <div class="clk-panel clk-rules"><h4>"Update rules"</h4>{body}</div> }
        })
    }
}
