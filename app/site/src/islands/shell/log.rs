//! Invariant badges, the "break it" switch and the event log.

use super::controls::rebuild;
use super::timeline::LogLine;
use super::{Badge, Choice, Ctx, Timeline, WidgetModel};
use leptos::prelude::*;

/// Lines kept in the event log (the most recent ones, newest first).
const LOG_LINES: usize = 40;

fn badge_view(b: Badge) -> impl IntoView {
    let (class, symbol, state) = match &b.failed {
        None => ("badge badge-ok", "✓", "holds".to_string()),
        Some((step, _)) => ("badge badge-bad", "✗", format!("violated at step {step}")),
    };
    let detail = b.failed.map(|(_, d)| d);
    view! {
        <li class=class>
            <span class="badge-symbol" aria-hidden="true">{symbol}</span>
            " " <span class="badge-name">{b.name}</span>
            <span class="visually-hidden">{format!(": {state}")}</span>
            {detail.map(|d| view! { <span class="badge-detail">{d}</span> })}
        </li>
    }
}

/// Invariant badges and the "break it" switch.
pub fn checks<M: WidgetModel>(ctx: Ctx<M>) -> impl IntoView + use<M> {
    let badges = Memo::new(move |_| ctx.with(|m| m.run().badges()));
    let broken = move || ctx.with(|m| m.choice().broken);
    let on_break = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let current = ctx.with_untracked(|m| m.choice());
        rebuild(
            ctx,
            Choice {
                broken: on,
                ..current
            },
        );
    };
    view! {
        <div class="widget-checks">
            <ul class="widget-badges" aria-label="Invariants">
                {move || badges.get().into_iter().map(badge_view).collect_view()}
            </ul>
            {(!M::BREAK_LABEL.is_empty()).then(|| view! {
                <label class="widget-break">
                    <input type="checkbox" disabled=move || !ctx.hydrated.get() prop:checked=broken on:change=on_break/>
                    " " {M::BREAK_LABEL}
                </label>
            })}
        </div>
    }
}

/// The event log in words, newest first, following the current step.
pub fn event_log<M: WidgetModel>(ctx: Ctx<M>) -> impl IntoView + use<M> {
    let lines = Memo::new(move |_| {
        let branch = ctx.branch.get();
        let lines: Vec<(u64, LogLine)> = ctx
            .with(|m| m.run().recent_lines(LOG_LINES))
            .into_iter()
            .map(|l| (branch, l))
            .collect();
        lines
    });
    view! {
        <div class="widget-side">
            <p class="widget-log-title">"Event log (newest first)"</p>
            <ol class="widget-log" aria-live="polite" aria-label="Event log" tabindex="0">
                <For
                    each=move || lines.get()
                    key=|(branch, l)| (*branch, l.step, l.index)
                    children=|(_, l)| view! { <li><span class="log-step">{format!("#{}", l.step)}</span> " " {l.text}</li> }
                />
            </ol>
        </div>
    }
}
