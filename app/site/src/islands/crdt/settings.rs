//! The CRDT widget's own controls: data type, replica count, state or delta sync,
//! lossy network, partition/heal, and the element or value the buttons use.

use leptos::prelude::*;
use sim::crdt::{CrdtKind, SyncMode};
use sim::Action;

use super::model::{CrdtModel, Settings, EMPTY};
use super::operands;
use crate::islands::shell::{Ctx, WidgetModel};

const KINDS: [(CrdtKind, &str); 4] = [
    (CrdtKind::GCounter, "G-Counter"),
    (CrdtKind::PnCounter, "PN-Counter"),
    (CrdtKind::LwwRegister, "LWW-Register"),
    (CrdtKind::OrSet, "OR-Set"),
];

fn change(ctx: Ctx<CrdtModel>, f: impl FnOnce(&mut Settings)) {
    ctx.update(|m| {
        let mut s = m.settings;
        f(&mut s);
        m.change_settings(s)
    });
}

fn type_select(ctx: Ctx<CrdtModel>) -> impl IntoView {
    let current = move || ctx.with(|m| m.settings.kind);
    let on_change = move |ev: leptos::ev::Event| {
        let i: usize = event_target_value(&ev).parse().unwrap_or(0);
        let kind = KINDS.get(i).map(|k| k.0).unwrap_or(CrdtKind::OrSet);
        ctx.update(|m| {
            m.settings.kind = kind;
            let choice = crate::islands::shell::Choice {
                preset: EMPTY.into(),
                ..m.choice()
            };
            m.rebuild(&choice);
            Ok(())
        });
    };
    let options = KINDS
        .iter()
        .enumerate()
        .map(|(i, (k, name))| {
            let k = *k;
            view! { <option value=i.to_string() selected=move || current() == k>{*name}</option> }
        })
        .collect_view();
    view! {
        <label>"Type " <select disabled=move || !ctx.live() on:change=on_change>{options}</select></label>
    }
}

fn replicas_select(ctx: Ctx<CrdtModel>) -> impl IntoView {
    let current = move || ctx.with(|m| m.settings.replicas);
    let on_change = move |ev: leptos::ev::Event| {
        let n: usize = event_target_value(&ev).parse().unwrap_or(3);
        change(ctx, |s| s.replicas = n.clamp(2, 5));
    };
    let options = (2..=5usize)
        .map(|n| view! { <option value=n.to_string() selected=move || current() == n>{n}</option> })
        .collect_view();
    view! {
        <label>"Replicas " <select disabled=move || !ctx.live() on:change=on_change>{options}</select></label>
    }
}

fn toggles(ctx: Ctx<CrdtModel>) -> impl IntoView {
    let delta = move || ctx.with(|m| m.settings.sync == SyncMode::Delta);
    let lossy = move || ctx.with(|m| m.settings.lossy);
    let split = move || ctx.with(|m| !m.sim.view().cut_links.is_empty());
    let toggle_partition = move |_| {
        ctx.update(|m| {
            let n = m.settings.replicas;
            let action = if m.sim.view().cut_links.is_empty() {
                Action::Partition {
                    groups: vec![(0..n / 2).collect()],
                }
            } else {
                Action::Heal
            };
            m.sim.apply(action).map_err(|e| e.0)
        })
    };
    view! {
        <label><input type="checkbox" prop:checked=delta disabled=move || !ctx.live()
            on:change=move |ev| {
                let on = event_target_checked(&ev);
                change(ctx, |s| s.sync = if on { SyncMode::Delta } else { SyncMode::State });
            }/> " Ship deltas"</label>
        <label><input type="checkbox" prop:checked=lossy disabled=move || !ctx.live()
            on:change=move |ev| {
                let on = event_target_checked(&ev);
                change(ctx, |s| s.lossy = on);
            }/> " Lossy network (25%)"</label>
        <button type="button" aria-pressed=move || if split() { "true" } else { "false" }
            disabled=move || !ctx.live() on:click=toggle_partition>
            {move || if split() { "Heal partition" } else { "Partition" }}
        </button>
    }
}

fn operand_select(ctx: Ctx<CrdtModel>, operand: RwSignal<usize>) -> impl IntoView {
    move || {
        let kind = ctx.with(|m| m.settings.kind);
        let label = match kind {
            CrdtKind::LwwRegister => "Value ",
            CrdtKind::OrSet => "Element ",
            _ => return None,
        };
        let options = operands(kind)
            .iter()
            .enumerate()
            .map(|(i, w)| view! { <option value=i.to_string() selected=move || operand.get() == i>{*w}</option> })
            .collect_view();
        Some(view! {
            <label>{label}<select disabled=move || !ctx.live()
                on:change=move |ev| operand.set(event_target_value(&ev).parse().unwrap_or(0))>{options}</select></label>
        })
    }
}

/// The settings bar above the stage.
pub fn settings_bar(ctx: Ctx<CrdtModel>, operand: RwSignal<usize>) -> impl IntoView {
    view! {
        <div class="crdt-settings" role="group" aria-label="CRDT settings">
            {type_select(ctx)}
            {replicas_select(ctx)}
            {toggles(ctx)}
            {operand_select(ctx, operand)}
        </div>
    }
}
