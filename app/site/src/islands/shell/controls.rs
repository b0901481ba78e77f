//! The control bar (play/pause, step, speed, reset, scrubber, preset, seed) and the
//! widget's keyboard shortcuts.

use super::animate::{play, speed_factor};
use super::{Choice, Ctx, Timeline, WidgetModel};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// Toggles play and pause.
fn toggle_play<M: WidgetModel>(ctx: Ctx<M>) {
    if ctx.playing.get_untracked() {
        ctx.playing.set(false);
    } else {
        play(ctx);
    }
}

/// One step forward (tweened).
fn step_forward<M: WidgetModel>(ctx: Ctx<M>) {
    ctx.navigate(true, |m| {
        m.run_mut().step();
    });
}

/// One step back (exact, through the recorded trace).
fn step_back<M: WidgetModel>(ctx: Ctx<M>) {
    ctx.navigate(false, |m| {
        let run = m.run_mut();
        let at = run.current_step();
        run.seek(at.saturating_sub(1));
    });
}

/// Starts a fresh run for `choice`.
pub fn rebuild<M: WidgetModel>(ctx: Ctx<M>, choice: Choice) {
    ctx.notice.set(None);
    ctx.branch.update(|b| *b += 1);
    ctx.navigate(false, |m| m.rebuild(&choice));
}

/// Space plays or pauses, arrow keys step, unless a form field has the focus.
pub fn on_key<M: WidgetModel>(ctx: Ctx<M>, ev: KeyboardEvent) {
    let in_field = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().as_str(),
                "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"
            )
        });
    if in_field || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
        return;
    }
    match ev.key().as_str() {
        " " => toggle_play(ctx),
        "ArrowRight" => step_forward(ctx),
        "ArrowLeft" => step_back(ctx),
        _ => return,
    }
    ev.prevent_default();
}

/// The control bar under the stage.
pub fn control_bar<M: WidgetModel>(ctx: Ctx<M>) -> impl IntoView + use<M> {
    let off = move || !ctx.hydrated.get();
    let step_now = move || ctx.with(|m| m.run().current_step());
    let total = move || ctx.with(|m| m.run().recorded_steps());
    let time_now = move || ctx.with(|m| m.run().now());
    let choice = Memo::new(move |_| ctx.with(|m| m.choice()));
    let choice = move || choice.get();
    let on_seek = move |ev: leptos::ev::Event| {
        if let Ok(target) = event_target_value(&ev).parse::<u64>() {
            ctx.navigate(false, |m| m.run_mut().seek(target));
        }
    };
    let on_preset = move |ev: leptos::ev::Event| {
        let preset = event_target_value(&ev);
        let current = ctx.with_untracked(|m| m.choice());
        rebuild(ctx, Choice { preset, ..current });
    };
    let on_seed = move |ev: leptos::ev::Event| match event_target_value(&ev).trim().parse::<u64>() {
        Ok(seed) => {
            let current = ctx.with_untracked(|m| m.choice());
            rebuild(ctx, Choice { seed, ..current });
        }
        Err(_) => ctx.notice.set(Some(
            "The seed must be a whole number from 0 to 18446744073709551615.".into(),
        )),
    };
    let on_reset = move |_| {
        let current = ctx.with_untracked(|m| m.choice());
        rebuild(ctx, current);
    };
    view! {
        <div class="widget-controls" role="group" aria-label="Simulation controls">
            <div class="widget-buttons">
                <button type="button" class="widget-play" disabled=off aria-pressed=move || ctx.playing.get().to_string()
                    on:click=move |_| toggle_play(ctx)>
                    {move || if ctx.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
                </button>
                <button type="button" disabled=off on:click=move |_| step_back(ctx) aria-label="Step back">"◀ Back"</button>
                <button type="button" disabled=off on:click=move |_| step_forward(ctx) aria-label="Step forward">"Step ▶"</button>
                <button type="button" disabled=off on:click=on_reset>"↺ Reset"</button>
                <span class="widget-speed">
                    <label>
                        "Speed "
                        <input type="range" min="-10" max="10" step="1" disabled=off
                            prop:value=move || ctx.speed.get().to_string()
                            on:input=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<i32>() {
                                    ctx.speed.set(v.clamp(-10, 10));
                                }
                            }/>
                    </label>
                    <output>{move || format!("{:.1}×", speed_factor(ctx.speed.get()))}</output>
                </span>
            </div>
            <div class="widget-scrubber">
                <label>
                    <span>"Timeline"</span>
                    <input type="range" min="0" disabled=off
                        prop:max=move || total().to_string() prop:value=move || step_now().to_string()
                        max=move || total().to_string() value=move || step_now().to_string()
                        on:input=on_seek/>
                </label>
                <output class="widget-position">
                    {move || format!("step {} of {} · t = {} ms", step_now(), total(), time_now())}
                </output>
            </div>
            <div class="widget-setup">
                <label>
                    "Scenario "
                    <select disabled=off on:change=on_preset prop:value=move || choice().preset>
                        {M::PRESETS.iter().map(|p| {
                            let name = *p;
                            view! { <option value=name selected=move || choice().preset == name>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "Seed "
                    <input type="number" min="0" inputmode="numeric" class="widget-seed" disabled=off
                        prop:value=move || choice().seed.to_string() value=move || choice().seed.to_string()
                        on:change=on_seed/>
                </label>
            </div>
        </div>
    }
}
