//! The widget shell shared by every simulation widget.
//!
//! # How a widget plugs in
//!
//! 1. Wrap your simulation in a model type and implement [`WidgetModel`] for it:
//!    `Run` is usually a [`sim::Sim<P>`] (it implements [`Timeline`] already), `rebuild`
//!    starts a fresh run for a [`Choice`] (preset, seed, "break it"), `decode` reads a
//!    shared `v1.…` text (use [`timeline::decode_sim`]; never panic, return the reason).
//! 2. Write the stage: a function `Fn(Ctx<M>) -> AnyView` that draws an `<svg>` (and any
//!    widget-specific controls). Read state with [`Ctx::with`] (re-runs on every state
//!    change) and animate with [`Ctx::clock`] (virtual ms, changes every frame while
//!    playing or tweening). Change state with [`Ctx::update`]; that branches the run,
//!    bumps the log and keeps the share link honest.
//! 3. Call [`shell`] with the model, the stage and a caption; return its view from your
//!    arm of `islands/widget.rs`.
//!
//! The shell draws the control bar (play/pause, step back/forward, speed, reset,
//! scrubber, preset, seed), the event log (`aria-live`), invariant badges, the "break it"
//! switch, the Share button and the no-JS note. Keyboard: Space plays or pauses, arrow
//! keys step, whenever focus is inside the widget but not in a text field or slider.
//! The server renders the same view at step 0; it is the static fallback.

mod animate;
mod controls;
mod log;
pub mod ring;
mod share;
pub mod timeline;

pub use timeline::{Badge, Timeline};

use leptos::prelude::*;

/// What the reader chose in the control bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Preset name (one of [`WidgetModel::PRESETS`]).
    pub preset: String,
    /// Seed of the run.
    pub seed: u64,
    /// The "break it" switch: the seeded bug is on.
    pub broken: bool,
}

/// A widget's simulation as the shell sees it.
pub trait WidgetModel: 'static {
    /// The recorded run the shell steps, seeks and animates.
    type Run: Timeline;
    /// Widget name used in share keys (`#w-<KIND>-<n>=v1.…`).
    const KIND: &'static str;
    /// Names of the scenario presets, for the preset select.
    const PRESETS: &'static [&'static str];
    /// Label of the "break it" switch, saying which bug it turns on (empty: no switch).
    const BREAK_LABEL: &'static str;
    /// Virtual milliseconds per real millisecond at speed 1×.
    const BASE_SPEED: f64;

    /// The run.
    fn run(&self) -> &Self::Run;
    /// The run, mutably.
    fn run_mut(&mut self) -> &mut Self::Run;
    /// The choice the current run was built from.
    fn choice(&self) -> Choice;
    /// Starts a fresh run for `choice`, at step 0.
    fn rebuild(&mut self, choice: &Choice);
    /// Replaces the run with a shared one, or explains why the text is unusable.
    fn decode(&mut self, text: &str) -> Result<(), String>;
}

/// Handle given to a widget's stage: read the model, follow the animation clock, act.
pub struct Ctx<M: WidgetModel> {
    model: StoredValue<M, LocalStorage>,
    rev: RwSignal<u64>,
    clock: RwSignal<f64>,
    playing: RwSignal<bool>,
    notice: RwSignal<Option<String>>,
    hydrated: RwSignal<bool>,
    branch: RwSignal<u64>,
    speed: RwSignal<i32>,
    anim: StoredValue<animate::AnimState, LocalStorage>,
    key: StoredValue<String, LocalStorage>,
}

impl<M: WidgetModel> Clone for Ctx<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M: WidgetModel> Copy for Ctx<M> {}

impl<M: WidgetModel> Ctx<M> {
    fn new(model: M) -> Self {
        let clock = model.run().now() as f64;
        Ctx {
            model: StoredValue::new_local(model),
            rev: RwSignal::new(0),
            clock: RwSignal::new(clock),
            playing: RwSignal::new(false),
            notice: RwSignal::new(None),
            hydrated: RwSignal::new(false),
            branch: RwSignal::new(0),
            speed: RwSignal::new(0),
            anim: StoredValue::new_local(animate::AnimState::default()),
            key: StoredValue::new_local(format!("w-{}-1", M::KIND)),
        }
    }

    /// Reads the model; in a reactive closure it re-runs whenever the state changes.
    pub fn with<R>(&self, f: impl FnOnce(&M) -> R) -> R {
        self.rev.track();
        self.model.with_value(f)
    }

    /// Reads the model without subscribing.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&M) -> R) -> R {
        self.model.with_value(f)
    }

    /// The animation clock in virtual ms (tracked): between the current step's time and
    /// the next step's while playing or tweening, equal to the step's time otherwise.
    pub fn clock(&self) -> f64 {
        self.clock.get()
    }

    /// True once the island has hydrated (controls work); false in the static render.
    pub fn live(&self) -> bool {
        self.hydrated.get()
    }

    /// Changes the run (a user action, a toggle): the recorded future is replaced.
    /// An `Err` is shown to the reader in the widget.
    pub fn update(&self, f: impl FnOnce(&mut M) -> Result<(), String>) {
        let outcome = self.model.try_update_value(|m| {
            let r = f(m);
            m.run_mut().record_ahead();
            r
        });
        self.notice.set(
            outcome
                .and_then(|r| r.err())
                .map(|e| format!("Not possible: {e}")),
        );
        self.branch.update(|b| *b += 1);
        self.changed(false);
    }

    /// Moves through the recorded run (step, seek, reset) without branching it.
    fn navigate(&self, tween: bool, f: impl FnOnce(&mut M)) {
        self.playing.set(false);
        self.model.update_value(|m| {
            f(m);
            m.run_mut().record_ahead();
        });
        self.changed(tween);
    }

    /// Signals a state change; with `tween` the clock glides to the new time.
    fn changed(&self, tween: bool) {
        let now = self.model.with_value(|m| m.run().now()) as f64;
        if tween {
            animate::tween_to(*self, now);
        } else {
            self.clock.set(now);
        }
        self.rev.update(|r| *r += 1);
    }
}

/// The complete widget: stage, badges, controls, log and share around `stage`.
pub fn shell<M: WidgetModel>(
    model: M,
    title: &'static str,
    caption: Option<String>,
    stage: impl FnOnce(Ctx<M>) -> AnyView,
) -> impl IntoView {
    shell_with_tools(model, title, caption, stage, |_| ().into_any())
}

/// Like [`shell`], with widget-specific `tools` (action buttons, options) placed right
/// under the control bar.
pub fn shell_with_tools<M: WidgetModel>(
    model: M,
    title: &'static str,
    caption: Option<String>,
    stage: impl FnOnce(Ctx<M>) -> AnyView,
    tools: impl FnOnce(Ctx<M>) -> AnyView,
) -> impl IntoView {
    let mut model = model;
    model.run_mut().record_ahead();
    let ctx = Ctx::new(model);
    let root = NodeRef::<leptos::html::Figure>::new();
    Effect::new(move |_| {
        ctx.hydrated.set(true);
        animate::watch_reduced_motion();
        if let Some(el) = root.get() {
            share::load_from_url(ctx, &el);
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| controls::on_key(ctx, ev);
    view! {
        <figure class="widget" data-widget=M::KIND node_ref=root on:keydown=on_key>
            <div class="widget-head">
                <strong class="widget-title">{title}</strong>
                <p class="widget-nojs" class:widget-hidden=move || ctx.hydrated.get()>
                    "Static view of the starting state; with JavaScript this runs step by step."
                </p>
            </div>
            {move || ctx.notice.get().map(|n| view! { <p class="widget-notice" role="alert">{n}</p> })}
            <div class="widget-body">
                <div class="widget-stage" tabindex="0" role="group"
                    aria-label="Simulation stage. Space plays or pauses; the arrow keys step back and forward.">
                    {stage(ctx)}
                </div>
                {log::checks(ctx)}
            </div>
            {controls::control_bar(ctx)}
            {tools(ctx)}
            {log::event_log(ctx)}
            {share::share_row(ctx)}
            {caption.map(|c| view! { <figcaption>{c}</figcaption> })}
        </figure>
    }
}
