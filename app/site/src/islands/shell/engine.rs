//! The widget shell in the browser: the thin DOM layer over the [`Controller`]. It turns
//! events on the figure (event delegation on `data-act`), animation frames and clipboard
//! results into [`Input`]s, and applies the [`Effects`] the controller returns: patches
//! to regions, control values, the animation loop, the URL and the clipboard.

use super::controller::{
    Controller, Controls, Effects, Input, Key, LogChange, Region, ShellAction, TourMove, TourView,
};
use super::markup;
use super::patch::patch_from;
use super::tour::{self, Tour};
use super::AnyWidget;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};

#[wasm_bindgen]
extern "C" {
    /// `boot.js`'s painter: draws a [`super::Paint`]'s shapes on `canvas`. An error (no
    /// painter on the page) leaves the canvas empty.
    #[wasm_bindgen(catch, js_name = fieldguidePaint)]
    fn paint_on(canvas: &Element, ops: &[f64]) -> Result<(), JsValue>;
}

/// One widget figure in the page: its controller, and whether an animation frame has
/// been asked for (one at a time: the loop asks for the next while effects want more).
struct Engine {
    controller: Controller,
    root: HtmlElement,
    /// The tour's section around the figure (its steps and buttons), for a tour.
    tour: Option<Element>,
    frame_pending: bool,
}

/// Screens this wide show a tour's prose beside the widget, and scrolling moves the
/// tour (style/main.css's `.tour` layout switches at the same width).
const WIDE_TOUR: &str = "(min-width: 70rem)";

type Shared = Rc<RefCell<Engine>>;

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

/// Brings the server-rendered figure `root` to life with `model`, following `tour`.
pub fn start(
    model: Box<dyn AnyWidget>,
    caption: Option<String>,
    tour: Option<Tour>,
    root: HtmlElement,
) {
    let key = share_key(model.kind(), &root);
    let fragment = current_fragment();
    let (mut controller, effects) =
        Controller::start(model, caption, key, prefers_reduced_motion(), &fragment);
    go_live(&root);
    let section = (tour::ON && tour.is_some())
        .then(|| root.closest("section.tour").ok().flatten())
        .flatten();
    let followed = tour.map(|tour| controller.follow(tour));
    if let Some(section) = &section {
        let _ = section.class_list().add_1("tour-live");
    }
    // A link to a step: `#<section id>-<step from 1>`.
    let linked = section.as_ref().and_then(|s| {
        let k = fragment.strip_prefix(&format!("{}-", s.id()))?;
        k.parse::<usize>().ok()?.checked_sub(1)
    });
    let shared = Rc::new(RefCell::new(Engine {
        controller,
        root,
        tour: section,
        frame_pending: false,
    }));
    listen(&shared);
    apply(&shared, effects);
    if let Some(effects) = followed {
        apply(&shared, effects);
        watch_steps(&shared);
    }
    if let Some(k) = linked {
        send(&shared, Input::Shell(ShellAction::Tour(TourMove::Go(k))));
    }
}

/// Hands `input` to the controller and applies what it says. The borrow ends before
/// anything that could call back in (the frame loop, the clipboard) is started.
fn send(shared: &Shared, input: Input) {
    let effects = shared.borrow_mut().controller.handle(input, now_ms());
    apply(shared, effects);
}

fn apply(shared: &Shared, effects: Effects) {
    let wants_frame = {
        let mut engine = shared.borrow_mut();
        engine.apply(&effects);
        let ask = effects.animate && !engine.frame_pending;
        engine.frame_pending |= ask;
        ask
    };
    if wants_frame {
        request_frame(shared.clone());
    }
    if let Some(url) = effects.url {
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    if let Some(text) = effects.copy {
        copy(shared, &text);
    }
}

fn request_frame(shared: Shared) {
    let callback = Closure::once_into_js(move || {
        shared.borrow_mut().frame_pending = false;
        send(&shared, Input::Frame);
    });
    let _ = window().request_animation_frame(callback.unchecked_ref());
}

fn copy(shared: &Shared, text: &str) {
    let clipboard = js_sys::Reflect::get(&window().navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Clipboard>().ok());
    let Some(clipboard) = clipboard else {
        send(shared, Input::Copied(false));
        return;
    };
    let (on_ok, on_err) = (shared.clone(), shared.clone());
    let ok = Closure::once(move |_: JsValue| send(&on_ok, Input::Copied(true)));
    let err = Closure::once(move |_: JsValue| send(&on_err, Input::Copied(false)));
    let _ = clipboard.write_text(text).then2(&ok, &err);
    ok.forget();
    err.forget();
}

impl Engine {
    fn apply(&mut self, effects: &Effects) {
        for patch in &effects.patches {
            let element = match patch.region {
                Region::Motion(i) => self
                    .root
                    .query_selector_all(patch.region.selector())
                    .ok()
                    .and_then(|list| list.item(i as u32))
                    .and_then(|n| n.dyn_into::<Element>().ok()),
                region => self.root.query_selector(region.selector()).ok().flatten(),
            };
            if let Some(el) = element {
                patch_from(&el, &patch.old, &patch.new);
            }
        }
        if let Some(change) = &effects.log {
            self.put_log(change);
        }
        if let Some(controls) = &effects.controls {
            self.sync_controls(controls);
        }
        if let Some(text) = &effects.share_status {
            if let Ok(Some(el)) = self.root.query_selector(".widget-share-status") {
                el.set_text_content(Some(text));
            }
        }
        if effects.paint {
            if let Ok(Some(canvas)) = self.root.query_selector("[data-paint]") {
                let _ = paint_on(&canvas, self.controller.picture().ops());
            }
        }
        if effects.scroll_into_view {
            self.root.scroll_into_view();
        }
        if super::REVEAL && effects.reveal {
            self.reveal();
        }
        if let Some(view) = effects.tour.as_ref().filter(|_| tour::ON) {
            self.show_tour(view);
        }
    }

    /// Scrolls the stage's box marked `data-reveal="START END"` sideways just enough to
    /// show that span of its content (CSS px from its left edge), with a margin; the page
    /// itself does not move.
    fn reveal(&self) {
        let Ok(Some(scroller)) = self.root.query_selector("[data-reveal]") else {
            return;
        };
        let value = scroller.get_attribute("data-reveal").unwrap_or_default();
        let Some((start, end)) = span(&value) else {
            return;
        };
        let left = scroller.scroll_left();
        let shift = into_view((start, end), (left, left + scroller.client_width()));
        scroller.set_scroll_left(left + shift);
    }

    /// Shows where the tour stands: the active step's paragraph, the position, the
    /// buttons' states, the announcement; after a button or link, the paragraph scrolled
    /// into view on a wide screen.
    fn show_tour(&self, view: &TourView) {
        let Some(section) = &self.tour else { return };
        let find = |s: &str| section.query_selector(s).ok().flatten();
        let mut said = String::new();
        if let Ok(steps) = section.query_selector_all(".tour-step") {
            for i in 0..steps.length() {
                let Some(step) = steps.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                let active = view.at == Some(i as usize);
                let _ = step.class_list().toggle_with_force("is-active", active);
                if !active {
                    continue;
                }
                if let Ok(Some(text)) = step.query_selector(".tour-text") {
                    said = text.text_content().unwrap_or_default();
                }
                let wide = window()
                    .match_media(WIDE_TOUR)
                    .ok()
                    .flatten()
                    .is_some_and(|q| q.matches());
                if view.scroll && wide {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    step.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        }
        let position = match view.at {
            Some(k) => format!("Step {} of {}", k + 1, view.count),
            None => format!(
                "Playing freely (the tour was at step {} of {})",
                view.last + 1,
                view.count
            ),
        };
        if let Some(el) = find(".tour-where") {
            el.set_text_content(Some(&position));
        }
        if let Some(el) = find(".tour-say") {
            el.set_text_content(Some(&format!("{position}. {}", said.trim())));
        }
        let set_disabled = |selector: &str, off: bool| {
            if let Some(el) = find(selector) {
                let _ = match off {
                    true => el.set_attribute("disabled", ""),
                    false => el.remove_attribute("disabled"),
                };
            }
        };
        set_disabled("[value=prev]", view.at == Some(0));
        set_disabled("[value=next]", view.at == Some(view.count - 1));
        if let Some(el) = find(".tour-leave") {
            let _ = el.remove_attribute("disabled");
            let (value, label) = match view.at {
                Some(_) => ("leave", "Play freely"),
                None => ("resume", "Back to the tour"),
            };
            let _ = el.set_attribute("value", value);
            el.set_text_content(Some(label));
        }
        let _ = section.set_attribute("data-following", &view.at.is_some().to_string());
    }

    fn put_log(&self, change: &LogChange) {
        let Ok(Some(list)) = self.root.query_selector(".widget-log") else {
            return;
        };
        match change {
            LogChange::Prepend {
                replaced,
                html,
                keep,
            } => {
                for _ in 0..*replaced {
                    if let Some(first) = list.first_element_child() {
                        first.remove();
                    }
                }
                let _ = list.insert_adjacent_html("afterbegin", html);
                while list.child_element_count() as usize > *keep {
                    if let Some(last) = list.last_element_child() {
                        last.remove();
                    }
                }
            }
            LogChange::Replace(html) => list.set_inner_html(html),
        }
    }

    /// Sets the control bar's values (the elements stay, so a dragged slider keeps its
    /// grip and focus stays put).
    fn sync_controls(&self, controls: &Controls) {
        let find = |s: &str| self.root.query_selector(s).ok().flatten();
        if let Some(play) = find(".widget-play") {
            play.set_text_content(Some(markup::play_label(controls.playing)));
            let _ = play.set_attribute("aria-pressed", &controls.playing.to_string());
        }
        set_value(find("[data-act=speed]"), &controls.speed.to_string());
        if let Some(out) = find(".widget-speed output") {
            out.set_text_content(Some(&markup::speed_text(controls.speed)));
        }
        if let Some(seek) = find("[data-act=seek]") {
            let _ = seek.set_attribute("max", &controls.recorded.to_string());
            set_value(Some(seek), &controls.step.to_string());
        }
        if let Some(out) = find(".widget-position") {
            out.set_text_content(Some(&controls.position));
        }
        set_value(find("[data-act=preset]"), &controls.preset);
        set_value(find("[data-act=seed]"), &controls.seed.to_string());
        if let Some(input) =
            find("[data-act=break]").and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        {
            input.set_checked(controls.broken);
        }
    }
}

/// The two whole numbers of `"START END"`.
fn span(value: &str) -> Option<(i32, i32)> {
    let (start, end) = value.split_once(' ')?;
    Some((start.parse().ok()?, end.parse().ok()?))
}

/// How far to scroll so that the span `item` lies within `view` (both in px), with a
/// margin where the view has room for it: 0 when it does already. A span wider than the
/// view shows its start.
fn into_view((start, end): (i32, i32), (from, to): (i32, i32)) -> i32 {
    const MARGIN: i32 = 16;
    let margin = MARGIN.min(((to - from) - (end - start)).max(0) / 2);
    if end + margin > to {
        (end + margin - to).min(start - margin - from)
    } else if start - margin < from {
        start - margin - from
    } else {
        0
    }
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

/// On a wide screen the tour's step whose paragraph crosses the middle of the screen is
/// the one shown: an observer of the steps reports it as the reader scrolls.
fn watch_steps(shared: &Shared) {
    let Some(section) = shared.borrow().tour.clone() else {
        return;
    };
    let target = shared.clone();
    let seen = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let wide = window().match_media(WIDE_TOUR).ok().flatten();
        if !wide.is_some_and(|q| q.matches()) {
            return;
        }
        for entry in entries.iter() {
            let entry: web_sys::IntersectionObserverEntry = entry.unchecked_into();
            let step = entry.target().get_attribute("data-step");
            if let Some(k) = step
                .filter(|_| entry.is_intersecting())
                .and_then(|k| k.parse().ok())
            {
                send(
                    &target,
                    Input::Shell(ShellAction::Tour(TourMove::Scrolled(k))),
                );
            }
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("-45% 0px -45% 0px");
    let observer =
        web_sys::IntersectionObserver::new_with_options(seen.as_ref().unchecked_ref(), &options);
    seen.forget(); // the tour lives as long as the page
    let (Ok(observer), Ok(steps)) = (observer, section.query_selector_all(".tour-step")) else {
        return;
    };
    for i in 0..steps.length() {
        if let Some(step) = steps.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            observer.observe(&step);
        }
    }
}

/// Listens on the figure, or on a tour's whole section (its buttons are outside the
/// figure).
fn listen(shared: &Shared) {
    let root: Element = {
        let engine = shared.borrow();
        engine
            .tour
            .clone()
            .unwrap_or_else(|| engine.root.clone().into())
    };
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
        .or_else(|| el.get_attribute("value")) // a button's (a badge's "Go to step")
        .unwrap_or_default()
}

fn on_event(shared: &Shared, ev: Event) {
    if let Some(key) = ev.dyn_ref::<KeyboardEvent>() {
        // The widget's keys work with the focus in the figure only, not in a tour's prose.
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if !tour::ON || shared.borrow().root.contains(target.as_ref()) {
            on_key(shared, key);
        }
        return;
    }
    if let Some(el) = acted_on(&ev) {
        dispatch(shared, &el);
    }
}

/// Carries out the action of the control `el` (its `data-act`, `data-arg` and value).
fn dispatch(shared: &Shared, el: &Element) {
    let act = el.get_attribute("data-act").unwrap_or_default();
    let value = value_of(el);
    let input = if act == "share" {
        let loc = window().location();
        Input::Share {
            page: format!(
                "{}{}{}",
                loc.origin().unwrap_or_default(),
                loc.pathname().unwrap_or_default(),
                loc.search().unwrap_or_default()
            ),
            fragment: current_fragment(),
        }
    } else if ShellAction::is_shell(&act) {
        match ShellAction::read(&act, &value) {
            Some(action) => Input::Shell(action),
            None => return,
        }
    } else {
        Input::Widget {
            act,
            arg: el.get_attribute("data-arg").unwrap_or_default(),
            value,
        }
    };
    send(shared, input);
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
    let key = match ev.key().as_str() {
        " " => Key::Space,
        "ArrowRight" => Key::Right,
        "ArrowLeft" => Key::Left,
        _ => return,
    };
    ev.prevent_default();
    send(shared, Input::Key(key));
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
