//! The vector clocks widget: a space-time diagram where the reader adds local events
//! and messages, switches between vector, Lamport and hybrid logical clocks, selects
//! events to see their causal past, future and concurrent events, and steps through
//! the clock update rules.

mod diagram;
mod model;
mod panels;
mod rules;

use diagram::{diagram, ClockShown, DiagramActions};
use docs::widget::{ClockKind, ClocksParams};
use leptos::prelude::*;
use sim::clocks::ClocksAction;
use sim::Action;

use crate::islands::shell::{shell, Ctx};
use model::ClocksModel;

/// Applies a clocks action (a local event or a send) at the current step.
fn act(ctx: Ctx<ClocksModel>, a: ClocksAction) {
    ctx.update(|m| m.sim.apply(Action::Protocol(a)).map_err(|e| e.0));
}

/// Toggles `id` in the selection (at most two events; a third replaces the oldest).
fn toggle(selected: RwSignal<Vec<usize>>, id: usize) {
    selected.update(|s| {
        if let Some(i) = s.iter().position(|x| *x == id) {
            s.remove(i);
        } else {
            s.push(id);
            if s.len() > 2 {
                s.remove(0);
            }
        }
    });
}

/// The clocks widget for the content's parameters.
pub fn clocks_widget(params: &ClocksParams, caption: Option<String>) -> AnyView {
    let model = ClocksModel::new(params);
    let shown = RwSignal::new(match params.clock {
        Some(ClockKind::Lamport) => ClockShown::Lamport,
        Some(ClockKind::Hlc) => ClockShown::Hlc,
        _ => ClockShown::Vector,
    });
    shell(model, "Logical clocks", caption, move |ctx| {
        let selected = RwSignal::new(Vec::<usize>::new());
        let actions = DiagramActions {
            select: Callback::new(move |id| toggle(selected, id)),
            lane: Callback::new(move |lane: usize| {
                let from = ctx.with_untracked(|m| {
                    let v = m.sim.view();
                    match selected.get_untracked().as_slice() {
                        [one] => v.events.get(*one).map(|e| e.process),
                        _ => None,
                    }
                });
                match from {
                    Some(from) if from != lane => {
                        act(ctx, ClocksAction::Send { from, to: lane });
                        selected.set(Vec::new());
                    }
                    _ => act(ctx, ClocksAction::Local { process: lane }),
                }
            }),
        };
        let drawing = move || {
            let t = ctx.clock();
            let sel = selected.get();
            let which = shown.get();
            ctx.with(|m| diagram(&m.sim.view(), &m.sim.messages_in_flight(), t, which, &sel, actions))
        };
        view! {
            {panels::clock_switch(shown)}
            <div class="clk-scroll" tabindex="0" role="group" aria-label="Space-time diagram; scroll sideways for later events">
                {drawing}
            </div>
            {panels::lane_buttons(ctx, selected)}
            {panels::selection_panel(ctx, selected, shown)}
            {panels::rules_panel(ctx)}
        }
        .into_any()
    })
    .into_any()
}
