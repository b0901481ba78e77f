//! The widget shell's logic as a plain state machine, apart from the DOM.
//!
//! The browser layer (`engine.rs`) turns what the reader does into an [`Input`] and hands
//! it to [`Controller::handle`] with the real time; the controller updates the model and
//! the shell state and returns [`Effects`]: which regions of the figure to patch from
//! what markup to what, whether the animation loop should run, the URL to set, the text
//! to copy. The engine applies them and nothing else, as raft-rs's `RawNode` hands its
//! driver a `Ready` to apply. Everything here compiles natively and is tested below.

use super::fragment::{fragment_pairs, with_pair};
use super::markup::{self, LOG_LINES};
use super::tour;
use super::{speed_factor, AnyWidget, Choice, Paint, Reply, ShellState};
use following::{leaves_tour, Following};
pub use following::{TourMove, TourView};

/// Real milliseconds a tween between two steps takes.
const TWEEN_MS: f64 = 280.0;

/// While playing, the badges, tools, event log and control bar (step readout, scrubber)
/// are redrawn at most this often (real ms); the stage follows every step. Pausing
/// brings everything up to date. Text that changes more often cannot be read, and a
/// frame that redraws the panels costs several times an ordinary one.
const SIDE_PANELS_MS: f64 = 500.0;

/// Frames further apart than this (a background tab) count as this long.
const LONGEST_FRAME_MS: f64 = 100.0;

/// What the reader (or the browser) did.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A control of the shell.
    Shell(ShellAction),
    /// A control of the widget: the element's `data-act`, `data-arg` and value.
    Widget {
        /// `data-act`.
        act: String,
        /// `data-arg`.
        arg: String,
        /// The control's value (`"true"`/`"false"` for a checkbox).
        value: String,
    },
    /// A key pressed with the focus in the widget but not in a form field.
    Key(Key),
    /// An animation frame.
    Frame,
    /// The Share button, with the page's URL as it is (without the fragment) and its
    /// fragment (without `#`).
    Share {
        /// Origin, path and query of the page.
        page: String,
        /// The URL's fragment.
        fragment: String,
    },
    /// The clipboard took the shared link (or refused it).
    Copied(bool),
}

/// The shell's own controls, as their markup names them in `data-act`.
#[derive(Clone, Debug, PartialEq)]
pub enum ShellAction {
    /// Play or pause.
    Play,
    /// One step back.
    Back,
    /// One step forward.
    Forward,
    /// Start the current choice again.
    Reset,
    /// The speed slider, -10..=10.
    Speed(i32),
    /// The scrubber: go to this step.
    Seek(u64),
    /// Another preset.
    Preset(String),
    /// The seed field, as typed.
    Seed(String),
    /// The "break it" switch.
    Break(bool),
    /// A move in the widget's tour.
    Tour(TourMove),
}

impl ShellAction {
    /// The shell action a control's `data-act` and value stand for; `None` for a widget's
    /// own action (or a value that does not read, such as a non-numeric slider).
    pub fn read(act: &str, value: &str) -> Option<ShellAction> {
        Some(match act {
            "play" => ShellAction::Play,
            "back" => ShellAction::Back,
            "forward" => ShellAction::Forward,
            "reset" => ShellAction::Reset,
            "speed" => ShellAction::Speed(value.parse().ok()?),
            "seek" => ShellAction::Seek(value.parse().ok()?),
            "preset" => ShellAction::Preset(value.to_owned()),
            "seed" => ShellAction::Seed(value.to_owned()),
            "break" => ShellAction::Break(value == "true"),
            "tour" if tour::ON => ShellAction::Tour(TourMove::read(value)?),
            _ => return None,
        })
    }

    /// True for the `data-act` names the shell keeps for itself (`share` included).
    pub fn is_shell(act: &str) -> bool {
        super::action::SHELL_NAMES.contains(&act)
    }
}

/// Keys the widget answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// Space: play or pause.
    Space,
    /// Step back.
    Left,
    /// Step forward.
    Right,
}

/// A region of the figure the controller redraws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    /// The refusal or unreadable-link notice.
    Notice,
    /// The drawing.
    Stage,
    /// The invariant badges.
    Badges,
    /// The widget's own controls under the control bar.
    Tools,
    /// The shared link box.
    ShareLink,
    /// The stage's `n`-th moving part (`data-motion`, in document order).
    Motion(usize),
}

impl Region {
    /// The selector of the region's element in the figure (for [`Region::Motion`], the
    /// selector of all of them: take the `n`-th).
    pub fn selector(self) -> &'static str {
        match self {
            Region::Notice => "[data-region=notice]",
            Region::Stage => ".widget-stage",
            Region::Badges => ".widget-badges",
            Region::Tools => "[data-region=tools]",
            Region::ShareLink => "[data-region=share-link]",
            Region::Motion(_) => "[data-motion]",
        }
    }
}

/// A region to change from the markup it shows to new markup (the DOM layer patches
/// only what differs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patch {
    /// Which region.
    pub region: Region,
    /// The markup it shows now.
    pub old: String,
    /// The markup it must show.
    pub new: String,
}

/// A change to the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogChange {
    /// New lines on top of the ones shown (the run moved forward): remove the first
    /// `replaced` lines, add them, and keep at most `keep` lines. A screen reader then
    /// announces just them.
    Prepend {
        /// Lines on top of the list that the new ones replace (a fold of heartbeats
        /// that grew or formed; 0 when none).
        replaced: usize,
        /// The new lines' markup, newest first.
        html: String,
        /// Lines the list holds afterwards at most.
        keep: usize,
    },
    /// Another list altogether.
    Replace(String),
}

/// The control bar's values (its elements stay, so a dragged slider keeps its grip).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Controls {
    /// Playing.
    pub playing: bool,
    /// Speed slider position.
    pub speed: i32,
    /// The step readout ("step 3 · t = 30 ms").
    pub position: String,
    /// The scrubber's maximum.
    pub recorded: u64,
    /// The scrubber's value.
    pub step: u64,
    /// The preset select's value.
    pub preset: String,
    /// The seed field's value.
    pub seed: u64,
    /// The "break it" switch.
    pub broken: bool,
}

/// What the DOM layer must do after an input.
#[derive(Debug, Default, PartialEq)]
pub struct Effects {
    /// Regions to patch, in order.
    pub patches: Vec<Patch>,
    /// The event log's change, if any.
    pub log: Option<LogChange>,
    /// New control-bar values, if any changed.
    pub controls: Option<Controls>,
    /// New text of the share status line.
    pub share_status: Option<String>,
    /// Paint [`Controller::picture`] on the stage's canvas.
    pub paint: bool,
    /// Frames are wanted: the loop should run (or keep running).
    pub animate: bool,
    /// Replace the page's URL with this one (history, no navigation).
    pub url: Option<String>,
    /// Copy this text to the clipboard, then report with [`Input::Copied`].
    pub copy: Option<String>,
    /// Scroll the widget into view (it was opened from a shared link).
    pub scroll_into_view: bool,
    /// Scroll the stage's `data-reveal` box to show the span its value names (the value
    /// changed: a widget marks so its newest part, such as the latest event).
    pub reveal: bool,
    /// The tour's position changed: show it.
    pub tour: Option<TourView>,
}

/// Animation bookkeeping.
#[derive(Default)]
struct Anim {
    last_frame: Option<f64>,
    /// Where play has got to in virtual ms (the drawn clock snaps to steps when the
    /// reader prefers reduced motion; this one keeps counting).
    play_clock: f64,
    /// Real time the side panels were last redrawn while playing.
    panels_drawn: f64,
    /// Clock from, clock to, real start time.
    tween: Option<(f64, f64, f64)>,
}

/// The markup last written to each region, so unchanged regions are not touched.
#[derive(Default)]
struct Drawn {
    notice: String,
    stage: String,
    badges: String,
    tools: String,
    /// Each event log line's markup, newest first.
    log: Vec<String>,
    share_link: String,
    controls: Option<Controls>,
    motion: Vec<String>,
}

/// One widget's shell: its model, what the reader sees, and what is drawn.
pub struct Controller {
    model: Box<dyn AnyWidget>,
    state: ShellState,
    /// This widget's share key (`w-raft-1`).
    key: String,
    reduced_motion: bool,
    anim: Anim,
    drawn: Drawn,
    picture: Paint,
    /// Real time of the input being handled.
    now: f64,
    /// The tour this widget tells, if any.
    following: Option<Following>,
    /// A shared scenario was loaded at start (a tour then starts left).
    shared: bool,
}

impl Controller {
    /// The controller of a figure the server rendered for `model` (static, at its
    /// current step), with share key `key`. `fragment` is the page URL's fragment: a
    /// shared scenario for this widget in it is loaded (or explained if unreadable).
    pub fn start(
        model: Box<dyn AnyWidget>,
        caption: Option<String>,
        key: String,
        reduced_motion: bool,
        fragment: &str,
    ) -> (Controller, Effects) {
        let clock = model.timeline().now() as f64;
        let mut controller = Controller {
            model,
            state: ShellState {
                live: true,
                clock,
                caption,
                ..ShellState::default()
            },
            key,
            reduced_motion,
            anim: Anim::default(),
            drawn: Drawn::default(),
            picture: Paint::default(),
            now: 0.0,
            following: None,
            shared: false,
        };
        controller.remember_server_render();
        controller.shared = controller.load_shared(fragment);
        let mut effects = Effects {
            scroll_into_view: controller.shared,
            ..Effects::default()
        };
        controller.draw(true, &mut effects);
        (controller, effects)
    }

    /// The shapes to paint on the stage's canvas when [`Effects::paint`] says so.
    pub fn picture(&self) -> &Paint {
        &self.picture
    }

    /// The shell state (for tests and the DOM layer's checks).
    pub fn state(&self) -> &ShellState {
        &self.state
    }

    /// The model.
    pub fn model(&self) -> &dyn AnyWidget {
        self.model.as_ref()
    }

    /// Handles `input` at real time `now` (ms) and says what to do.
    pub fn handle(&mut self, input: Input, now: f64) -> Effects {
        self.now = now;
        let mut effects = Effects::default();
        if leaves_tour(&input) {
            self.leave_tour(&mut effects);
        }
        match input {
            Input::Shell(action) => self.shell(action, &mut effects),
            Input::Widget { act, arg, value } => match self.model.act(&act, &arg, &value) {
                Reply::Ignored => {}
                Reply::Redraw => self.draw(true, &mut effects),
                Reply::Changed(outcome) => {
                    self.state.notice = outcome.err().map(|e| format!("Not possible: {e}"));
                    self.navigate(false, |_| {}, &mut effects);
                }
            },
            Input::Key(Key::Space) => self.toggle_play(&mut effects),
            Input::Key(Key::Left) => self.shell(ShellAction::Back, &mut effects),
            Input::Key(Key::Right) => self.shell(ShellAction::Forward, &mut effects),
            Input::Frame => self.frame(&mut effects),
            Input::Share { page, fragment } => self.share(&page, &fragment, &mut effects),
            Input::Copied(ok) => {
                let text = if ok {
                    "Link copied to the clipboard."
                } else {
                    "Copy the link from the box."
                };
                self.set_share_status(text, &mut effects);
            }
        }
        effects.animate = self.state.playing || self.anim.tween.is_some();
        if !effects.animate {
            self.anim.last_frame = None;
        }
        effects
    }

    fn shell(&mut self, action: ShellAction, effects: &mut Effects) {
        match action {
            ShellAction::Play => self.toggle_play(effects),
            ShellAction::Back => self.navigate(
                false,
                |m| {
                    let run = m.timeline_mut();
                    let at = run.current_step();
                    run.seek(at.saturating_sub(1));
                },
                effects,
            ),
            ShellAction::Forward => self.navigate(
                true,
                |m| {
                    m.timeline_mut().step();
                },
                effects,
            ),
            ShellAction::Reset => self.rebuild(self.model.choice(), effects),
            ShellAction::Speed(speed) => {
                self.state.speed = speed.clamp(-10, 10);
                self.draw(true, effects);
            }
            ShellAction::Seek(target) => {
                self.navigate(false, |m| m.timeline_mut().seek(target), effects)
            }
            ShellAction::Preset(preset) => {
                let choice = Choice {
                    preset,
                    ..self.model.choice()
                };
                self.rebuild(choice, effects);
            }
            ShellAction::Seed(text) => match text.trim().parse::<u64>() {
                Ok(seed) => {
                    let choice = Choice {
                        seed,
                        ..self.model.choice()
                    };
                    self.rebuild(choice, effects);
                }
                Err(_) => {
                    self.state.notice = Some(
                        "The seed must be a whole number from 0 to 18446744073709551615.".into(),
                    );
                    self.draw(true, effects);
                }
            },
            ShellAction::Break(broken) => {
                let choice = Choice {
                    broken,
                    ..self.model.choice()
                };
                self.rebuild(choice, effects);
            }
            ShellAction::Tour(step) => self.tour_move(step, effects),
        }
    }

    fn toggle_play(&mut self, effects: &mut Effects) {
        if self.state.playing {
            self.pause(effects);
        } else {
            // A notice is about the paused run (a refused action, the broken invariant).
            self.state.notice = None;
            self.anim.tween = None;
            self.anim.play_clock = self.state.clock;
            self.anim.last_frame = Some(self.now);
            self.state.playing = true;
            self.draw(true, effects);
        }
    }

    /// Pauses where play got to. Nothing is recorded ahead here: the scrubber keeps the
    /// range play gave it, and grows when the reader steps or scrubs past its end.
    fn pause(&mut self, effects: &mut Effects) {
        self.state.playing = false;
        self.draw(true, effects);
    }

    /// Moves through the recorded run (step, seek, reset) without branching it.
    fn navigate(&mut self, tween: bool, f: impl FnOnce(&mut dyn AnyWidget), effects: &mut Effects) {
        self.state.playing = false;
        f(self.model.as_mut());
        self.model.timeline_mut().record_ahead();
        let now = self.model.timeline().now() as f64;
        if tween && !self.reduced_motion && now > self.state.clock {
            self.anim.tween = Some((self.state.clock, now, self.now));
            self.anim.last_frame = Some(self.now);
        } else {
            self.anim.tween = None;
            self.state.clock = now;
        }
        self.draw(true, effects);
    }

    /// Starts a fresh run for `choice`.
    fn rebuild(&mut self, choice: Choice, effects: &mut Effects) {
        self.state.notice = None;
        self.navigate(false, |m| m.rebuild(&choice), effects);
    }

    fn share(&mut self, page: &str, fragment: &str, effects: &mut Effects) {
        let text = self.model.timeline().encode();
        let url = format!("{page}#{}", with_pair(fragment, &self.key, &text));
        self.state.share_link = Some(url.clone());
        self.state.share_status = "Link ready; copying…".into();
        self.draw(true, effects);
        effects.share_status = Some(self.state.share_status.clone());
        effects.url = Some(url.clone());
        effects.copy = Some(url);
    }

    fn set_share_status(&mut self, text: &str, effects: &mut Effects) {
        self.state.share_status = text.to_owned();
        effects.share_status = Some(text.to_owned());
    }

    /// One animation frame.
    fn frame(&mut self, effects: &mut Effects) {
        let dt = self
            .anim
            .last_frame
            .map_or(0.0, |last| (self.now - last).clamp(0.0, LONGEST_FRAME_MS));
        self.anim.last_frame = Some(self.now);
        if self.state.playing {
            self.advance(dt, effects);
            return;
        }
        let Some((from, to, start)) = self.anim.tween else {
            return;
        };
        let p = ((self.now - start) / TWEEN_MS).clamp(0.0, 1.0);
        self.state.clock = from + (to - from) * p * (2.0 - p);
        if p >= 1.0 {
            self.anim.tween = None;
        }
        self.draw_motion(effects);
    }

    /// One frame of play: moves the clock by `dt` real ms at the chosen speed and runs
    /// the simulation up to it. The run records as it goes (no recording ahead while
    /// playing, which would stall a frame); play stops at the run's end, and at the step
    /// that breaks an invariant (stepping at most to it), which the notice names.
    fn advance(&mut self, dt: f64, effects: &mut Effects) {
        if let Some((target, speed)) = self.following.as_ref().and_then(|f| f.goal) {
            let clock = (self.anim.play_clock.max(0.0) + dt * speed).min(target as f64);
            self.anim.play_clock = clock;
            self.state.clock = clock;
            if clock >= target as f64 {
                self.finish_tour_move();
                self.draw(true, effects);
            } else {
                self.model.timeline_mut().run_until(clock as u64);
                self.draw(false, effects);
            }
            return;
        }
        let speed = self.model.base_speed() * speed_factor(self.state.speed);
        let clock = self.anim.play_clock.max(0.0) + dt * speed;
        self.anim.play_clock = clock;
        let run = self.model.timeline_mut();
        let before = run.current_step();
        let broke = if run.invariants_hold() {
            // Step by step, so that play stops on the breaking step, not after it.
            while run.next_time().is_some_and(|t| t <= clock as u64) && run.step() {
                if !run.invariants_hold() {
                    break;
                }
            }
            !run.invariants_hold()
        } else {
            run.run_until(clock as u64);
            false
        };
        let moved = run.current_step() != before;
        let now = run.now() as f64;
        let finished = run.finished();
        self.state.clock = if self.reduced_motion || broke {
            now
        } else {
            clock
        };
        if broke {
            let step = run.current_step();
            self.state.notice = Some(format!(
                "Paused at step {step}: an invariant broke here (see the red badge). Play on, or step back to see how."
            ));
            self.pause(effects);
        } else if finished {
            self.pause(effects);
        } else if moved {
            let panels = self.now - self.anim.panels_drawn >= SIDE_PANELS_MS;
            if panels {
                self.anim.panels_drawn = self.now;
            }
            self.draw(panels, effects);
        } else {
            self.draw_motion(effects);
        }
    }

    /// Redraws the stage and the moving parts, and with `panels` the notice, badges,
    /// tools, event log, share link and control values too (each only if changed).
    fn draw(&mut self, panels: bool, effects: &mut Effects) {
        let mut html = String::with_capacity(16 * 1024);
        self.model
            .stage(self.state.clock, self.state.live, &mut html);
        if tour::ON {
            tour::mark(&mut html, &self.state.highlights);
        }
        effects.reveal |= super::REVEAL
            && reveal_key(&html).is_some_and(|k| reveal_key(&self.drawn.stage) != Some(k));
        // A redrawn stage already holds its moving parts at this clock.
        let redrawn = put(&mut self.drawn.stage, Region::Stage, html, effects);
        if redrawn {
            self.remember_motion();
            self.paint(effects);
        }
        if panels {
            self.draw_panels(effects);
        }
        if !redrawn {
            self.draw_motion(effects);
        }
    }

    fn draw_panels(&mut self, effects: &mut Effects) {
        let mut html = String::new();
        let stopped = (self.state.notice.is_none())
            .then(|| self.model.timeline().stop_reason())
            .flatten()
            .map(|reason| format!("Recording stopped: {reason}."));
        markup::notice(
            self.state.notice.as_deref().or(stopped.as_deref()),
            &mut html,
        );
        put(&mut self.drawn.notice, Region::Notice, html, effects);

        let mut html = String::new();
        markup::badges(&self.model.timeline().badges(), self.state.live, &mut html);
        put(&mut self.drawn.badges, Region::Badges, html, effects);

        let mut html = String::new();
        self.model.tools(self.state.live, &mut html);
        put(&mut self.drawn.tools, Region::Tools, html, effects);

        self.draw_log(effects);

        let mut html = String::new();
        markup::share_link(self.state.share_link.as_deref(), &mut html);
        put(&mut self.drawn.share_link, Region::ShareLink, html, effects);

        let controls = self.controls();
        if self.drawn.controls.as_ref() != Some(&controls) {
            self.drawn.controls = Some(controls.clone());
            effects.controls = Some(controls);
        }
    }

    fn controls(&self) -> Controls {
        let run = self.model.timeline();
        let choice = self.model.choice();
        Controls {
            playing: self.state.playing,
            speed: self.state.speed,
            position: markup::position(run),
            recorded: run.recorded_steps(),
            step: run.current_step(),
            preset: choice.preset,
            seed: choice.seed,
            broken: choice.broken,
        }
    }

    /// The event log's lines as markup, newest first.
    fn log_lines(&self) -> Vec<String> {
        self.model
            .timeline()
            .recent_lines(LOG_LINES)
            .iter()
            .map(|line| {
                let mut html = String::new();
                markup::log_line(line, &mut html);
                html
            })
            .collect()
    }

    fn draw_log(&mut self, effects: &mut Effects) {
        let lines = self.log_lines();
        if lines == self.drawn.log {
            return;
        }
        let old = &self.drawn.log;
        // Where the old list, less its first `replaced` lines, goes on in the new one.
        let continues = |replaced: usize| {
            let rest = old.get(replaced..).filter(|rest| !rest.is_empty())?;
            lines
                .iter()
                .position(|l| l == &rest[0])
                .filter(|&p| p + replaced > 0 && lines[p..].iter().zip(rest).all(|(a, b)| a == b))
                .map(|p| (replaced, p))
        };
        // A fold replaces the lines it takes in: at most the two of a run too short to
        // fold, or the fold it grows from.
        effects.log = Some(match (0..=2).find_map(continues) {
            Some((replaced, p)) => LogChange::Prepend {
                replaced,
                html: lines[..p].concat(),
                keep: lines.len(),
            },
            None => LogChange::Replace(lines.concat()),
        });
        self.drawn.log = lines;
    }

    /// Records what the server rendered (the static view of the current state, which
    /// the page holds), so the first redraw changes only what differs from it.
    fn remember_server_render(&mut self) {
        let mut drawn = Drawn::default();
        self.model.stage(self.state.clock, false, &mut drawn.stage);
        markup::badges(&self.model.timeline().badges(), false, &mut drawn.badges);
        self.model.tools(false, &mut drawn.tools);
        drawn.log = self.log_lines();
        self.drawn = drawn;
        self.remember_motion();
    }

    /// Records the stage's moving parts as drawn at the current clock (the stage's
    /// markup includes them).
    fn remember_motion(&mut self) {
        let regions = self.drawn.stage.matches("data-motion=").count();
        self.drawn.motion = (0..regions)
            .map(|i| {
                let mut html = String::new();
                self.model.motion(i, self.state.clock, &mut html);
                html
            })
            .collect();
    }

    /// Redraws the moving parts of the stage at the current clock.
    fn draw_motion(&mut self, effects: &mut Effects) {
        for i in 0..self.drawn.motion.len() {
            let mut html = String::with_capacity(2 * 1024);
            self.model.motion(i, self.state.clock, &mut html);
            put(&mut self.drawn.motion[i], Region::Motion(i), html, effects);
        }
        self.paint(effects);
    }

    /// Lists the canvas's shapes at the current clock, if the stage has a canvas.
    fn paint(&mut self, effects: &mut Effects) {
        if !self.drawn.stage.contains("data-paint") {
            return;
        }
        self.model.paint(self.state.clock, &mut self.picture);
        effects.paint = !self.picture.ops().is_empty();
    }

    /// Replays this widget's shared scenario if `fragment` has one, or explains why it
    /// cannot; true when there was one.
    fn load_shared(&mut self, fragment: &str) -> bool {
        let Some((_, text)) = fragment_pairs(fragment)
            .into_iter()
            .find(|(k, _)| *k == self.key)
        else {
            return false;
        };
        let text = percent_decode(&text);
        if let Err(reason) = self.model.decode(&text) {
            let choice = self.model.choice();
            self.model.rebuild(&choice);
            self.state.notice = Some(format!(
                "This shared link could not be read ({reason}). Showing the default scenario instead."
            ));
        }
        self.model.timeline_mut().record_ahead();
        self.state.clock = self.model.timeline().now() as f64;
        true
    }
}

/// The value of the first `data-reveal` attribute in a stage's markup.
fn reveal_key(html: &str) -> Option<&str> {
    let (_, rest) = html.split_once(" data-reveal=\"")?;
    rest.split_once('"').map(|(value, _)| value)
}

/// Makes `slot` (what `region` shows) become `html` unless it already is; true if it
/// changed.
fn put(slot: &mut String, region: Region, html: String, effects: &mut Effects) -> bool {
    if *slot == html {
        return false;
    }
    let old = std::mem::replace(slot, html);
    effects.patches.push(Patch {
        region,
        old,
        new: slot.clone(),
    });
    true
}

/// `text` with `%XX` escapes decoded (as a browser may write a shared link's fragment);
/// text that does not decode to UTF-8 is kept as it is.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_owned(), |decoded| decoded.into_owned())
}

mod following;

#[cfg(test)]
mod tests;
