//! The reader's actions on both sides at once: write at a node, partition, heal.

use super::model::CompareModel;
use crate::islands::shell::ring::name;
use crate::islands::shell::{Ctx, WidgetModel};
use leptos::prelude::*;
use sim::compare::CompareAction;

/// Write / partition / heal buttons.
pub fn panel(ctx: Ctx<CompareModel>) -> AnyView {
    let off = move || !ctx.live();
    let n = ctx.with_untracked(|m| m.nodes());
    let write = move |node: usize| {
        ctx.update(|m| {
            let element = format!("x{}", m.run().current_step());
            m.apply(CompareAction::Write { node, element })
        })
    };
    let split = move |_| {
        let groups = vec![(0..n / 2).collect(), (n / 2..n).collect()];
        ctx.update(|m| m.apply(CompareAction::Partition { groups }));
    };
    view! {
        <fieldset class="raft-fieldset">
            <legend>"Both sides at once"</legend>
            {(0..n).map(|i| view! {
                <button type="button" disabled=off on:click=move |_| write(i)>{format!("Write at {}", name(i))}</button>
            }).collect_view()}
            <button type="button" disabled=off on:click=split>"Partition minority | majority"</button>
            <button type="button" disabled=off on:click=move |_| ctx.update(|m| m.apply(CompareAction::Heal))>"Heal"</button>
        </fieldset>
    }
    .into_any()
}
