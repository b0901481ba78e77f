//! The widget engine in the browser: one per widget figure. It keeps the model and the
//! shell state, listens to the figure (event delegation on `data-act`), redraws only the
//! regions whose markup changed, runs the requestAnimationFrame loop (play and tweens)
//! and reads and writes share links.

use super::fragment::{fragment_pairs, with_pair};
use super::markup::{self, LOG_LINES};
use super::patch::patch_from;
use super::{speed_factor, AnyWidget, Choice, Paint, Reply, ShellState};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};

/// Real milliseconds a tween between two steps takes.
const TWEEN_MS: f64 = 280.0;

/// While playing, the badges, tools, event log and control bar (step readout, scrubber)
/// are redrawn at most this often (real ms); the stage follows every step. Pausing
/// brings everything up to date. Text that changes more often cannot be read, and a
/// frame that redraws the panels costs several times an ordinary one.
const SIDE_PANELS_MS: f64 = 500.0;

type Shared = Rc<RefCell<Engine>>;

#[wasm_bindgen]
extern "C" {
    /// `boot.js`'s painter: draws a [`Paint`]'s shapes on `canvas`. An error (no painter
    /// on the page) leaves the canvas empty.
    #[wasm_bindgen(catch, js_name = fieldguidePaint)]
    fn paint_on(canvas: &Element, ops: &[f64]) -> Result<(), JsValue>;
}

/// Animation loop bookkeeping.
#[derive(Default)]
struct Anim {
    running: bool,
    last_frame: f64,
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
    controls: String,
    motion: Vec<String>,
}

struct Engine {
    model: Box<dyn AnyWidget>,
    root: HtmlElement,
    state: ShellState,
    key: String,
    reduced_motion: bool,
    anim: Anim,
    drawn: Drawn,
    /// The shapes last painted on the stage's canvas (the buffer is reused).
    picture: Paint,
}

fn window() -> web_sys::Window {
    web_sys::window().expect("widgets run in a browser window")
}

fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|q| q.matches())
}

/// Brings the server-rendered figure `root` to life with `model`.
pub fn start(model: Box<dyn AnyWidget>, caption: Option<String>, root: HtmlElement) {
    let clock = model.timeline().now() as f64;
    let engine = Engine {
        key: share_key(model.kind(), &root),
        model,
        root: root.clone(),
        state: ShellState {
            live: true,
            clock,
            caption,
            ..ShellState::default()
        },
        reduced_motion: prefers_reduced_motion(),
        anim: Anim::default(),
        drawn: Drawn::default(),
        picture: Paint::default(),
    };
    let shared = Rc::new(RefCell::new(engine));
    go_live(&root);
    listen(&shared);
    let mut engine = shared.borrow_mut();
    engine.remember_server_render();
    engine.load_from_url();
    engine.refresh();
}

/// Hides the no-JS note and enables the shell's own controls, which the server rendered
/// disabled. Controls in the stage and tools are the widget's: the first redraw gives
/// them their live state (some stay disabled).
fn go_live(root: &HtmlElement) {
    if let Ok(Some(note)) = root.query_selector(".widget-nojs") {
        let _ = note.class_list().add_1("widget-hidden");
    }
    if let Ok(list) = root.query_selector_all("[disabled]") {
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let widgets_own = el.closest(".widget-stage, [data-region]").ok().flatten();
            if widgets_own.is_none() {
                let _ = el.remove_attribute("disabled");
            }
        }
    }
}

fn listen(shared: &Shared) {
    let root = shared.borrow().root.clone();
    for kind in ["click", "input", "change", "keydown"] {
        let target = shared.clone();
        let handler = Closure::<dyn FnMut(Event)>::new(move |ev: Event| on_event(&target, ev));
        let _ = root.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref());
        handler.forget(); // the widget lives as long as the page
    }
}

/// The control an event is about: the nearest element with `data-act`, if the event
/// type is the one that control reports (clicks for buttons, `input` for sliders,
/// `change` for selects, checkboxes and text fields).
fn acted_on(ev: &Event) -> Option<Element> {
    let target = ev.target()?.dyn_into::<Element>().ok()?;
    let el = target.closest("[data-act]").ok()??;
    let tag = el.tag_name();
    let field = tag == "INPUT" || tag == "SELECT";
    let slider = tag == "INPUT" && el.get_attribute("type").as_deref() == Some("range");
    let wanted = match ev.type_().as_str() {
        "click" => !field,
        "input" => slider,
        "change" => field && !slider,
        _ => false,
    };
    wanted.then_some(el)
}

/// The value a control reports: `"true"`/`"false"` for a checkbox, else its value.
fn value_of(el: &Element) -> String {
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        if input.type_() == "checkbox" {
            return input.checked().to_string();
        }
        return input.value();
    }
    el.dyn_ref::<HtmlSelectElement>()
        .map(HtmlSelectElement::value)
        .unwrap_or_default()
}

fn on_event(shared: &Shared, ev: Event) {
    if let Some(key) = ev.dyn_ref::<KeyboardEvent>() {
        on_key(shared, key);
        return;
    }
    if let Some(el) = acted_on(&ev) {
        dispatch(shared, &el);
    }
}

/// Carries out the action of the control `el` (its `data-act`, `data-arg` and value).
fn dispatch(shared: &Shared, el: &Element) {
    let act = el.get_attribute("data-act").unwrap_or_default();
    let arg = el.get_attribute("data-arg").unwrap_or_default();
    let value = value_of(el);
    let mut engine = shared.borrow_mut();
    match act.as_str() {
        "play" => {
            drop(engine);
            toggle_play(shared);
        }
        "back" => engine.step_back(),
        "forward" => {
            engine.step_forward();
            drop(engine);
            ensure_running(shared);
        }
        "reset" => {
            let choice = engine.model.choice();
            engine.rebuild(choice);
        }
        "speed" => {
            if let Ok(v) = value.parse::<i32>() {
                engine.state.speed = v.clamp(-10, 10);
                engine.refresh();
            }
        }
        "seek" => {
            if let Ok(target) = value.parse::<u64>() {
                engine.navigate(false, |m| m.timeline_mut().seek(target));
            }
        }
        "preset" => {
            let choice = Choice {
                preset: value,
                ..engine.model.choice()
            };
            engine.rebuild(choice);
        }
        "seed" => match value.trim().parse::<u64>() {
            Ok(seed) => {
                let choice = Choice {
                    seed,
                    ..engine.model.choice()
                };
                engine.rebuild(choice);
            }
            Err(_) => {
                engine.state.notice =
                    Some("The seed must be a whole number from 0 to 18446744073709551615.".into());
                engine.refresh();
            }
        },
        "break" => {
            let choice = Choice {
                broken: value == "true",
                ..engine.model.choice()
            };
            engine.rebuild(choice);
        }
        "share" => {
            drop(engine);
            share(shared);
        }
        _ => match engine.model.act(&act, &arg, &value) {
            Reply::Ignored => {}
            Reply::Redraw => engine.refresh(),
            Reply::Changed(outcome) => engine.changed_run(outcome),
        },
    }
}

/// Space plays or pauses, arrow keys step, unless a form field or button has the focus.
/// Enter or Space on a focusable drawing element with `role="button"` and `data-act`
/// (an SVG `<g>`, which has no native keyboard activation) acts as a click on it.
fn on_key(shared: &Shared, ev: &KeyboardEvent) {
    let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
    if matches!(ev.key().as_str(), "Enter" | " ") {
        let drawn_button = target
            .as_ref()
            .filter(|el| el.tag_name() != "BUTTON")
            .filter(|el| el.get_attribute("role").as_deref() == Some("button"))
            .filter(|el| el.has_attribute("data-act"));
        if let Some(el) = drawn_button {
            ev.prevent_default();
            dispatch(shared, el);
            return;
        }
    }
    let in_field = target.is_some_and(|el| {
        matches!(
            el.tag_name().as_str(),
            "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"
        )
    });
    if in_field || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
        return;
    }
    match ev.key().as_str() {
        " " => toggle_play(shared),
        "ArrowRight" => {
            shared.borrow_mut().step_forward();
            ensure_running(shared);
        }
        "ArrowLeft" => shared.borrow_mut().step_back(),
        _ => return,
    }
    ev.prevent_default();
}

fn toggle_play(shared: &Shared) {
    let mut engine = shared.borrow_mut();
    if engine.state.playing {
        engine.pause();
    } else {
        engine.anim.tween = None;
        engine.anim.play_clock = engine.state.clock;
        engine.state.playing = true;
        engine.refresh();
        drop(engine);
        ensure_running(shared);
    }
}

/// Starts the frame loop unless it runs (it stops by itself when idle).
fn ensure_running(shared: &Shared) {
    {
        let mut engine = shared.borrow_mut();
        if engine.anim.running || (!engine.state.playing && engine.anim.tween.is_none()) {
            return;
        }
        engine.anim.running = true;
        engine.anim.last_frame = now_ms();
    }
    request_frame(shared.clone());
}

fn request_frame(shared: Shared) {
    let callback = Closure::once_into_js(move || {
        let more = shared.borrow_mut().frame(now_ms());
        if more {
            request_frame(shared);
        } else {
            shared.borrow_mut().anim.running = false;
        }
    });
    let _ = window().request_animation_frame(callback.unchecked_ref());
}

fn share(shared: &Shared) {
    let url = {
        let mut engine = shared.borrow_mut();
        let text = engine.model.timeline().encode();
        let fragment = with_pair(&current_fragment(), &engine.key, &text);
        let loc = window().location();
        let url = format!(
            "{}{}{}#{fragment}",
            loc.origin().unwrap_or_default(),
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        );
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
        engine.state.share_link = Some(url.clone());
        engine.set_share_status("Link ready; copying…");
        engine.refresh();
        url
    };
    let clipboard = js_sys::Reflect::get(&window().navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Clipboard>().ok());
    let Some(clipboard) = clipboard else {
        shared
            .borrow_mut()
            .set_share_status("Copy the link from the box.");
        return;
    };
    let (on_ok, on_err) = (shared.clone(), shared.clone());
    let ok = Closure::once(move |_: JsValue| {
        on_ok
            .borrow_mut()
            .set_share_status("Link copied to the clipboard.")
    });
    let err = Closure::once(move |_: JsValue| {
        on_err
            .borrow_mut()
            .set_share_status("Copy the link from the box.")
    });
    let _ = clipboard.write_text(&url).then2(&ok, &err);
    ok.forget();
    err.forget();
}

impl Engine {
    fn step_forward(&mut self) {
        self.navigate(true, |m| {
            m.timeline_mut().step();
        });
    }

    fn step_back(&mut self) {
        self.navigate(false, |m| {
            let run = m.timeline_mut();
            let at = run.current_step();
            run.seek(at.saturating_sub(1));
        });
    }

    fn pause(&mut self) {
        self.state.playing = false;
        self.model.timeline_mut().record_ahead();
        self.refresh();
    }

    /// Moves through the recorded run (step, seek, reset) without branching it.
    fn navigate(&mut self, tween: bool, f: impl FnOnce(&mut dyn AnyWidget)) {
        self.state.playing = false;
        f(self.model.as_mut());
        self.model.timeline_mut().record_ahead();
        let now = self.model.timeline().now() as f64;
        if tween && !self.reduced_motion && now > self.state.clock {
            self.anim.tween = Some((self.state.clock, now, now_ms()));
        } else {
            self.anim.tween = None;
            self.state.clock = now;
        }
        self.refresh();
    }

    /// After an action changed the run: shows a refusal, if any, and redraws.
    fn changed_run(&mut self, outcome: Result<(), String>) {
        self.state.notice = outcome.err().map(|e| format!("Not possible: {e}"));
        self.navigate(false, |_| {});
    }

    /// Starts a fresh run for `choice`.
    fn rebuild(&mut self, choice: Choice) {
        self.state.notice = None;
        self.navigate(false, |m| m.rebuild(&choice));
    }

    fn set_share_status(&mut self, text: &str) {
        self.state.share_status = text.to_string();
        if let Ok(Some(el)) = self.root.query_selector(".widget-share-status") {
            el.set_text_content(Some(text));
        }
    }

    /// One animation frame at real time `t`; false when the loop can stop.
    fn frame(&mut self, t: f64) -> bool {
        let dt = (t - self.anim.last_frame).clamp(0.0, 100.0);
        self.anim.last_frame = t;
        if self.state.playing {
            return self.advance(t, dt);
        }
        let Some((from, to, start)) = self.anim.tween else {
            return false;
        };
        let p = ((t - start) / TWEEN_MS).clamp(0.0, 1.0);
        self.state.clock = from + (to - from) * p * (2.0 - p);
        if p >= 1.0 {
            self.anim.tween = None;
        }
        self.draw_motion();
        p < 1.0
    }

    /// One frame of play: moves the clock by `dt` real ms at the chosen speed and runs
    /// the simulation up to it. The run records as it goes (no recording ahead while
    /// playing, which would stall a frame); false when the run has ended.
    fn advance(&mut self, t: f64, dt: f64) -> bool {
        let speed = self.model.base_speed() * speed_factor(self.state.speed);
        let clock = self.anim.play_clock.max(0.0) + dt * speed;
        self.anim.play_clock = clock;
        let run = self.model.timeline_mut();
        let before = run.current_step();
        run.run_until(clock as u64);
        let moved = run.current_step() != before;
        let now = run.now() as f64;
        let finished = run.finished();
        self.state.clock = if self.reduced_motion { now } else { clock };
        if finished {
            self.pause();
            return false;
        }
        if moved {
            let panels = t - self.anim.panels_drawn >= SIDE_PANELS_MS;
            if panels {
                self.anim.panels_drawn = t;
            }
            self.draw(panels);
        } else {
            self.draw_motion();
        }
        true
    }

    /// Redraws every region whose markup changed, and the control values.
    fn refresh(&mut self) {
        self.draw(true);
    }

    /// Redraws the stage and the moving parts, and with `panels` the notice, badges,
    /// tools, event log, share link and control values too (each only if changed).
    fn draw(&mut self, panels: bool) {
        let live = self.state.live;
        let mut html = String::with_capacity(16 * 1024);
        self.model.stage(self.state.clock, live, &mut html);
        // A redrawn stage already holds its moving parts at this clock.
        let redrawn = self.put(".widget-stage", html, |d| &mut d.stage);
        if redrawn {
            self.remember_motion();
            self.paint_canvas();
        }
        if panels {
            self.draw_panels();
            self.sync_controls();
        }
        if !redrawn {
            self.draw_motion();
        }
    }

    fn draw_panels(&mut self) {
        let live = self.state.live;
        let mut html = String::new();
        markup::notice(self.state.notice.as_deref(), &mut html);
        self.put("[data-region=notice]", html, |d| &mut d.notice);

        let mut html = String::new();
        markup::badges(&self.model.timeline().badges(), &mut html);
        self.put(".widget-badges", html, |d| &mut d.badges);

        let mut html = String::new();
        self.model.tools(live, &mut html);
        self.put("[data-region=tools]", html, |d| &mut d.tools);

        self.put_log();

        let mut html = String::new();
        markup::share_link(self.state.share_link.as_deref(), &mut html);
        self.put("[data-region=share-link]", html, |d| &mut d.share_link);
    }

    /// Records what the server rendered (the static view of the current state, which
    /// the page holds), so the first redraw changes only what differs from it.
    fn remember_server_render(&mut self) {
        let mut drawn = Drawn::default();
        self.model.stage(self.state.clock, false, &mut drawn.stage);
        markup::badges(&self.model.timeline().badges(), &mut drawn.badges);
        self.model.tools(false, &mut drawn.tools);
        drawn.log = self.log_lines();
        self.drawn = drawn;
        self.remember_motion();
    }

    /// Records the stage's moving parts as drawn at the current clock (the stage's
    /// markup includes them).
    fn remember_motion(&mut self) {
        let regions = self
            .root
            .query_selector_all("[data-motion]")
            .map_or(0, |l| l.length() as usize);
        self.drawn.motion = (0..regions)
            .map(|i| {
                let mut html = String::new();
                self.model.motion(i, self.state.clock, &mut html);
                html
            })
            .collect();
    }

    /// Makes the region `selector` show `html` unless it already does; true if it
    /// changed.
    fn put(&mut self, selector: &str, html: String, slot: fn(&mut Drawn) -> &mut String) -> bool {
        let drawn = slot(&mut self.drawn);
        if *drawn == html {
            return false;
        }
        if let Ok(Some(el)) = self.root.query_selector(selector) {
            patch_from(&el, drawn, &html);
        }
        *drawn = html;
        true
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

    /// Brings the event log up to date. When the new lines sit on top of the ones shown
    /// (the run moved forward), only they are added, so a screen reader announces just
    /// them; otherwise the list is redrawn.
    fn put_log(&mut self) {
        let lines = self.log_lines();
        if lines == self.drawn.log {
            return;
        }
        let Ok(Some(list)) = self.root.query_selector(".widget-log") else {
            return;
        };
        let old = &self.drawn.log;
        let added = lines
            .iter()
            .position(|l| Some(l) == old.first())
            .filter(|&p| p > 0 && lines[p..].iter().zip(old).all(|(a, b)| a == b));
        match added {
            Some(p) => {
                let _ = list.insert_adjacent_html("afterbegin", &lines[..p].concat());
                while list.child_element_count() as usize > lines.len() {
                    if let Some(last) = list.last_element_child() {
                        last.remove();
                    }
                }
            }
            None => list.set_inner_html(&lines.concat()),
        }
        self.drawn.log = lines;
    }

    /// Sets the control bar's values (the elements stay, so a dragged slider keeps its
    /// grip and focus stays put).
    fn sync_controls(&mut self) {
        let run = self.model.timeline();
        let choice = self.model.choice();
        let position = markup::position(run);
        let key = format!(
            "{}|{}|{position}|{}|{}|{}|{}",
            self.state.playing,
            self.state.speed,
            choice.preset,
            choice.seed,
            choice.broken,
            run.recorded_steps()
        );
        if self.drawn.controls == key {
            return;
        }
        let find = |s: &str| self.root.query_selector(s).ok().flatten();
        if let Some(play) = find(".widget-play") {
            play.set_text_content(Some(markup::play_label(self.state.playing)));
            let _ = play.set_attribute("aria-pressed", &self.state.playing.to_string());
        }
        set_value(find("[data-act=speed]"), &self.state.speed.to_string());
        if let Some(out) = find(".widget-speed output") {
            out.set_text_content(Some(&markup::speed_text(self.state.speed)));
        }
        if let Some(seek) = find("[data-act=seek]") {
            let _ = seek.set_attribute("max", &run.recorded_steps().to_string());
            set_value(Some(seek), &run.current_step().to_string());
        }
        if let Some(out) = find(".widget-position") {
            out.set_text_content(Some(&position));
        }
        set_value(find("[data-act=preset]"), &choice.preset);
        set_value(find("[data-act=seed]"), &choice.seed.to_string());
        if let Some(input) =
            find("[data-act=break]").and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        {
            input.set_checked(choice.broken);
        }
        self.drawn.controls = key;
    }

    /// Redraws the moving parts of the stage at the current clock.
    fn draw_motion(&mut self) {
        let Ok(regions) = self.root.query_selector_all("[data-motion]") else {
            return;
        };
        let count = regions.length() as usize;
        self.drawn.motion.resize(count, String::new());
        for i in 0..count {
            let mut html = String::with_capacity(2 * 1024);
            self.model.motion(i, self.state.clock, &mut html);
            if self.drawn.motion[i] != html {
                if let Some(el) = regions
                    .item(i as u32)
                    .and_then(|n| n.dyn_into::<Element>().ok())
                {
                    patch_from(&el, &self.drawn.motion[i], &html);
                }
                self.drawn.motion[i] = html;
            }
        }
        self.paint_canvas();
    }

    /// Paints the stage's canvas at the current clock, if the stage has one.
    fn paint_canvas(&mut self) {
        let Ok(Some(canvas)) = self.root.query_selector("[data-paint]") else {
            return;
        };
        self.model.paint(self.state.clock, &mut self.picture);
        if !self.picture.ops().is_empty() {
            let _ = paint_on(&canvas, self.picture.ops());
        }
    }

    /// On start: replays this widget's shared scenario if the URL has one (or explains
    /// why it cannot), and scrolls the widget into view.
    fn load_from_url(&mut self) {
        let Some((_, text)) = fragment_pairs(&current_fragment())
            .into_iter()
            .find(|(k, _)| *k == self.key)
        else {
            return;
        };
        let text = js_sys::decode_uri_component(&text)
            .map(String::from)
            .unwrap_or(text);
        if let Err(reason) = self.model.decode(&text) {
            let choice = self.model.choice();
            self.model.rebuild(&choice);
            self.state.notice = Some(format!(
                "This shared link could not be read ({reason}). Showing the default scenario instead."
            ));
        }
        self.model.timeline_mut().record_ahead();
        self.state.clock = self.model.timeline().now() as f64;
        self.root.scroll_into_view();
    }
}

/// Sets the `value` of an input or select.
fn set_value(el: Option<Element>, value: &str) {
    let Some(el) = el else { return };
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        if input.value() != value {
            input.set_value(value);
        }
    } else if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
        select.set_value(value);
    }
}

/// This widget's share key: its kind and its 1-based position among widgets of that kind.
fn share_key(kind: &str, root: &Element) -> String {
    let selector = format!("figure.widget[data-widget=\"{kind}\"]");
    let list = window()
        .document()
        .and_then(|d| d.query_selector_all(&selector).ok());
    let position = list
        .and_then(|l| {
            (0..l.length()).find(|i| l.item(*i).is_some_and(|n| root.is_same_node(Some(&n))))
        })
        .unwrap_or(0);
    format!("w-{kind}-{}", position + 1)
}

fn current_fragment() -> String {
    window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_string()
}
