//! The widget shell: one control bar, event log, invariant badges and share row around
//! every simulation widget, drawn as HTML text.
//!
//! Widgets do not build reactive views. A widget is a model (its simulation plus the
//! reader's selections) that writes its stage as markup; the server sends that markup as
//! the static fallback, and in the browser the `engine` redraws the parts that changed
//! and hands the reader's clicks back to the model. This keeps the WebAssembly small:
//! the code that draws a widget is compiled once, not once per rendering mode.
//!
//! # How a widget plugs in
//!
//! 1. Implement [`Widget`] for a model type. `Run` is usually a [`sim::Sim<P>`] (it
//!    implements [`Timeline`] already); `rebuild` starts a fresh run for a [`Choice`];
//!    `decode` reads a shared `v1.…` text (never panic, return the reason).
//! 2. Write `stage`: the drawing (usually an `<svg>`) for the current step. Anything that
//!    moves between steps (messages, timers) goes inside elements marked `data-motion`,
//!    whose content `motion` writes; the engine calls it on every animation frame. A stage
//!    with many moving parts paints them on a canvas instead ([`paint`]): it writes the
//!    canvas with [`paint::canvas`] and the shapes in `paint`, called on every frame too.
//!    A stage wider than the screen scrolls sideways in a box (`overflow-x: auto`). A
//!    box marked `data-reveal="START END"` (a span of its content in CSS px, say the
//!    newest event's) is scrolled just enough to show that span whenever the value
//!    changes, without moving the page (its content must not transition its size: the
//!    scroll is clamped to the size at that moment).
//! 3. Declare the widget's actions with [`actions!`](action::actions) (a typed enum with
//!    its `data-act` names) and write controls as real buttons, inputs and selects whose
//!    start tag carries `action.attrs()`: the engine reads a click or change back into
//!    the enum and hands it to `act`, which returns a [`Reply`].
//! 4. Register it: an `ENTRY` in the widget's `mod.rs` whose `mount` calls [`mount`] on
//!    the model, one line in [`WIDGETS`](super::registry::WIDGETS) and a `widget-<name>`
//!    feature in the crate's Cargo.toml, from which the release build makes the module a
//!    page showing this widget loads (see docs/authoring.md, "Adding a widget").
//!
//! Keyboard: Space plays or pauses and the arrow keys step whenever focus is inside the
//! widget but not in a form field.

pub mod action;
#[cfg(any(test, feature = "hydrate"))]
pub mod controller;
#[cfg(feature = "hydrate")]
mod engine;
pub mod fragment;
pub mod markup;
pub mod paint;
#[cfg(feature = "hydrate")]
mod patch;
pub mod presets;
#[cfg(any(test, feature = "hydrate"))]
mod scan;

pub mod ring;
pub mod timeline;
pub mod tour;

pub use paint::Paint;
pub use timeline::{Badge, Timeline};

/// True in a build with a widget that marks a span to reveal (see the crate's `reveal`
/// feature): a module without one leaves the engine's scrolling code out.
pub const REVEAL: bool = cfg!(any(feature = "reveal", not(feature = "bundle")));

/// What the reader chose in the control bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Preset name (one of [`Widget::PRESETS`]).
    pub preset: String,
    /// Seed of the run.
    pub seed: u64,
    /// The "break it" switch: the seeded bug is on.
    pub broken: bool,
}

impl Choice {
    /// Preset `preset` with `seed`, and the seeded bug on if `broken`.
    pub fn new(preset: &str, seed: u64, broken: bool) -> Self {
        Choice {
            preset: preset.to_string(),
            seed,
            broken,
        }
    }
}

/// A widget's simulation and the reader's selections, as the shell sees it.
pub trait Widget: 'static {
    /// The recorded run the shell steps, seeks and animates.
    type Run: Timeline;
    /// The reader's actions on this widget (see [`action::actions!`]).
    type Action: action::Action;
    /// Widget name used in `data-widget` and share keys (`#w-<KIND>-<n>=v1.…`).
    const KIND: &'static str;
    /// Title shown above the stage.
    const TITLE: &'static str;
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

    /// Writes the stage for the current step, animated parts at virtual time `clock`.
    /// `live` is false in the server's static render (controls are then disabled).
    fn stage(&self, clock: f64, live: bool, out: &mut String);
    /// Writes the content of the stage's `region`-th `data-motion` element at `clock`.
    fn motion(&self, region: usize, clock: f64, out: &mut String) {
        let _ = (region, clock, out);
    }
    /// Lists the shapes to paint on the stage's canvas at `clock` (for a stage that has
    /// one); nothing by default.
    fn paint(&self, clock: f64, paint: &mut Paint) {
        let _ = (clock, paint);
    }
    /// Writes widget-specific controls placed under the control bar.
    fn tools(&self, live: bool, out: &mut String) {
        let _ = (live, out);
    }
    /// Carries out a reader action; `value` is its control's value (`"true"`/`"false"`
    /// for a checkbox, empty for a button). Ignores it by default (a widget whose
    /// `Action` is [`action::NoAction`] has none).
    fn act(&mut self, action: Self::Action, value: &str) -> Reply {
        let _ = (action, value);
        Reply::Ignored
    }
    /// What the simulation shows now, as named facts (`leader` → `n3`): what a tour
    /// step's `expect=` is checked against on the server ([`tour::check`]). None by
    /// default (such a widget's tours can expect nothing).
    #[cfg(not(feature = "hydrate"))]
    fn facts(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// A [`Widget`] seen through a pointer. The engine and the shell's markup work with
/// `dyn AnyWidget`, so their code is compiled once rather than once per widget (which
/// made up a tenth of the WebAssembly).
pub trait AnyWidget {
    /// [`Widget::KIND`].
    fn kind(&self) -> &'static str;
    /// [`Widget::TITLE`].
    fn title(&self) -> &'static str;
    /// [`Widget::PRESETS`].
    fn presets(&self) -> &'static [&'static str];
    /// [`Widget::BREAK_LABEL`].
    fn break_label(&self) -> &'static str;
    /// [`Widget::BASE_SPEED`].
    fn base_speed(&self) -> f64;
    /// [`Widget::run`].
    fn timeline(&self) -> &dyn Timeline;
    /// [`Widget::run_mut`].
    fn timeline_mut(&mut self) -> &mut dyn Timeline;
    /// [`Widget::choice`].
    fn choice(&self) -> Choice;
    /// [`Widget::rebuild`].
    fn rebuild(&mut self, choice: &Choice);
    /// [`Widget::decode`].
    fn decode(&mut self, text: &str) -> Result<(), String>;
    /// [`Widget::stage`].
    fn stage(&self, clock: f64, live: bool, out: &mut String);
    /// [`Widget::motion`].
    fn motion(&self, region: usize, clock: f64, out: &mut String);
    /// [`Widget::paint`].
    fn paint(&self, clock: f64, paint: &mut Paint);
    /// [`Widget::tools`].
    fn tools(&self, live: bool, out: &mut String);
    /// [`Widget::act`] for the action an element's `data-act` and `data-arg` name
    /// ([`Reply::Ignored`] if they name none of this widget's).
    fn act(&mut self, act: &str, arg: &str, value: &str) -> Reply;
    /// [`Widget::facts`].
    #[cfg(not(feature = "hydrate"))]
    fn facts(&self) -> Vec<(String, String)>;
}

impl<M: Widget> AnyWidget for M {
    fn kind(&self) -> &'static str {
        M::KIND
    }
    fn title(&self) -> &'static str {
        M::TITLE
    }
    fn presets(&self) -> &'static [&'static str] {
        M::PRESETS
    }
    fn break_label(&self) -> &'static str {
        M::BREAK_LABEL
    }
    fn base_speed(&self) -> f64 {
        M::BASE_SPEED
    }
    fn timeline(&self) -> &dyn Timeline {
        Widget::run(self)
    }
    fn timeline_mut(&mut self) -> &mut dyn Timeline {
        Widget::run_mut(self)
    }
    fn choice(&self) -> Choice {
        Widget::choice(self)
    }
    fn rebuild(&mut self, choice: &Choice) {
        Widget::rebuild(self, choice);
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        Widget::decode(self, text)
    }
    fn stage(&self, clock: f64, live: bool, out: &mut String) {
        Widget::stage(self, clock, live, out);
    }
    fn motion(&self, region: usize, clock: f64, out: &mut String) {
        Widget::motion(self, region, clock, out);
    }
    fn paint(&self, clock: f64, paint: &mut Paint) {
        Widget::paint(self, clock, paint);
    }
    fn tools(&self, live: bool, out: &mut String) {
        Widget::tools(self, live, out);
    }
    fn act(&mut self, act: &str, arg: &str, value: &str) -> Reply {
        match <M::Action as action::Action>::read(act, arg) {
            Some(action) => Widget::act(self, action, value),
            None => Reply::Ignored,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    fn facts(&self) -> Vec<(String, String)> {
        Widget::facts(self)
    }
}

/// What a reader action did.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    /// Nothing this widget knows.
    Ignored,
    /// Only the reader's selection changed: redraw.
    Redraw,
    /// The run changed (its recorded future is replaced); an `Err` is shown to the reader.
    Changed(Result<(), String>),
}

/// The shell's own state: what the control bar, notice and share row show.
#[derive(Clone, Debug, Default)]
pub struct ShellState {
    /// True once hydrated (controls work); false in the static render.
    pub live: bool,
    /// The animation clock in virtual ms.
    pub clock: f64,
    /// Playing.
    pub playing: bool,
    /// Speed slider position (-10..=10), see [`speed_factor`].
    pub speed: i32,
    /// A refused action or an unreadable link, explained.
    pub notice: Option<String>,
    /// The link the Share button made.
    pub share_link: Option<String>,
    /// Whether the link was copied.
    pub share_status: String,
    /// The content's caption.
    pub caption: Option<String>,
    /// What the tour's current step marks in the stage (see [`tour::mark`]).
    pub highlights: Vec<String>,
}

/// Speed factor for the slider position `exp` (-10..=10): 10^(exp/10), a log scale.
/// (An integer power of 10^0.1 rather than `powf`, which would bring a general `pow`
/// into the WebAssembly.)
pub fn speed_factor(exp: i32) -> f64 {
    const TENTH_DECADE: f64 = 1.258_925_411_794_167_2; // 10^0.1
    TENTH_DECADE.powi(exp)
}

/// A widget ready to be placed in its island's `<figure>`.
pub struct Mount {
    /// `class` of the figure.
    pub class: &'static str,
    /// `data-widget` of the figure.
    pub kind: &'static str,
    /// The figure's content as the server renders it (empty in the browser, which keeps
    /// the server's).
    pub html: String,
    /// Brings the figure to life (browser only).
    #[cfg(feature = "hydrate")]
    pub start: Box<dyn FnOnce(web_sys::HtmlElement)>,
}

/// Mounts a simulation widget: the shell around `model`'s stage, with `caption`. For a
/// tour (`tour` holds its steps' words, one step per line) the run starts at the first
/// step, and the browser's controller follows the tour.
pub fn mount(mut model: Box<dyn AnyWidget>, caption: Option<String>, tour: &str) -> Mount {
    let tour = (tour::ON && !tour.is_empty())
        .then(|| tour::parse(tour).ok())
        .flatten()
        .and_then(|steps| tour::Tour::new(steps, model.timeline().encode()));
    if let Some(tour) = &tour {
        // The site checked every step when it loaded.
        let _ = tour::replay(model.as_mut(), &tour.steps, 0);
    }
    model.timeline_mut().record_ahead();
    #[cfg(not(feature = "hydrate"))]
    let html = {
        let state = ShellState {
            clock: model.timeline().now() as f64,
            caption,
            highlights: tour
                .as_ref()
                .map(|t| t.steps[0].highlights.clone())
                .unwrap_or_default(),
            ..ShellState::default()
        };
        let mut html = String::with_capacity(16 * 1024);
        markup::shell(model.as_ref(), &state, &mut html);
        html
    };
    Mount {
        class: "widget",
        kind: model.kind(),
        #[cfg(not(feature = "hydrate"))]
        html,
        #[cfg(feature = "hydrate")]
        html: String::new(),
        #[cfg(feature = "hydrate")]
        start: Box::new(move |root| engine::start(model, caption, tour, root)),
    }
}

#[cfg(test)]
mod tests {
    use super::speed_factor;

    #[test]
    fn speed_is_a_power_of_ten_in_tenths() {
        for exp in -10..=10 {
            let expected = 10f64.powf(f64::from(exp) / 10.0);
            assert!(
                (speed_factor(exp) - expected).abs() < 1e-12 * expected,
                "{exp}"
            );
        }
    }
}
