//! The animation loop: requestAnimationFrame drives the virtual clock while playing and
//! glides it between steps (tweening) unless the reader prefers reduced motion.

use super::{Ctx, Timeline, WidgetModel};
use leptos::prelude::*;
use std::cell::Cell;

/// Real milliseconds a tween between two steps takes.
const TWEEN_MS: f64 = 280.0;

thread_local! {
    static REDUCED_MOTION: Cell<bool> = const { Cell::new(false) };
}

/// Loop bookkeeping of one widget (not reactive).
#[derive(Default)]
pub struct AnimState {
    running: bool,
    last_frame: f64,
    tween: Option<(f64, f64, f64)>,
}

/// Reads `prefers-reduced-motion` once (browser only).
pub fn watch_reduced_motion() {
    let reduced = window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|q| q.matches());
    REDUCED_MOTION.with(|r| r.set(reduced));
}

fn reduced_motion() -> bool {
    REDUCED_MOTION.with(Cell::get)
}

fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Speed factor for the slider position `exp` (-10..=10): 10^(exp/10), a log scale.
pub fn speed_factor(exp: i32) -> f64 {
    10f64.powf(f64::from(exp) / 10.0)
}

/// Glides the clock to `to` (or jumps, with reduced motion).
pub fn tween_to<M: WidgetModel>(ctx: Ctx<M>, to: f64) {
    let from = ctx.clock.get_untracked();
    if reduced_motion() || to <= from {
        ctx.clock.set(to);
        return;
    }
    let start = now_ms();
    ctx.anim.update_value(|a| a.tween = Some((from, to, start)));
    ensure_running(ctx);
}

/// Starts playing from the current step.
pub fn play<M: WidgetModel>(ctx: Ctx<M>) {
    ctx.anim.update_value(|a| a.tween = None);
    ctx.playing.set(true);
    ensure_running(ctx);
}

/// Starts the frame loop if it is not running.
fn ensure_running<M: WidgetModel>(ctx: Ctx<M>) {
    let start = ctx.anim.try_update_value(|a| {
        let start = !a.running;
        a.running = true;
        a.last_frame = now_ms();
        start
    });
    if start == Some(true) {
        request_animation_frame(move || frame(ctx));
    }
}

fn frame<M: WidgetModel>(ctx: Ctx<M>) {
    let Some(playing) = ctx.playing.try_get_untracked() else {
        return; // the widget is gone
    };
    let t = now_ms();
    let Some((dt, tween)) = ctx.anim.try_update_value(|a| {
        let dt = (t - a.last_frame).clamp(0.0, 100.0);
        a.last_frame = t;
        (dt, a.tween)
    }) else {
        return;
    };
    let more = if playing {
        advance(ctx, dt)
    } else if let Some((from, to, start)) = tween {
        let p = ((t - start) / TWEEN_MS).clamp(0.0, 1.0);
        let eased = p * (2.0 - p);
        ctx.clock.set(from + (to - from) * eased);
        if p >= 1.0 {
            ctx.anim.update_value(|a| a.tween = None);
        }
        p < 1.0
    } else {
        false
    };
    if more {
        request_animation_frame(move || frame(ctx));
    } else {
        ctx.anim.update_value(|a| a.running = false);
    }
}

/// One frame of play: moves the clock by `dt` real ms at the chosen speed and runs the
/// simulation up to it. Returns false when the run has ended (play stops).
fn advance<M: WidgetModel>(ctx: Ctx<M>, dt: f64) -> bool {
    let speed = M::BASE_SPEED * speed_factor(ctx.speed.get_untracked());
    let clock = ctx.clock.get_untracked().max(0.0) + dt * speed;
    let Some((moved, now, finished)) = ctx.model.try_update_value(|m| {
        let run = m.run_mut();
        let before = run.current_step();
        run.run_until(clock as u64);
        run.record_ahead();
        (run.current_step() != before, run.now(), run.finished())
    }) else {
        return false;
    };
    ctx.clock
        .set(if reduced_motion() { now as f64 } else { clock });
    if moved {
        ctx.rev.update(|r| *r += 1);
    }
    if finished {
        ctx.playing.set(false);
    }
    !finished
}
