//! The guide in the browser: marks it ready, answers clicks on its `data-act` buttons,
//! redraws the trail, the current question and the navigation, and moves focus to the
//! new question or result.

use super::{Act, Guide};
use crate::islands::shell::action::Action;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement};

/// Brings the server-rendered guide in the figure `root` to life.
pub fn start(guide: Guide, root: HtmlElement) {
    if let Ok(Some(note)) = root.query_selector(".widget-nojs") {
        let _ = note.class_list().add_1("widget-hidden");
    }
    draw(&guide, &root, false);
    if let Ok(Some(esc)) = root.query_selector(".esc") {
        let _ = esc.set_attribute("data-ready", "true");
    }
    let guide = RefCell::new(guide);
    let target = Rc::new(root.clone());
    let handler = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-act]").ok().flatten())
        else {
            return;
        };
        let act = el.get_attribute("data-act").unwrap_or_default();
        let arg = el.get_attribute("data-arg").unwrap_or_default();
        if let Some(act) = Act::read(&act, &arg) {
            let mut guide = guide.borrow_mut();
            guide.act(act);
            draw(&guide, &target, true);
        }
    });
    let _ = root.add_event_listener_with_callback("click", handler.as_ref().unchecked_ref());
    handler.forget(); // the guide lives as long as the page
}

/// Redraws the guide's regions (answers enabled); with `focus`, focuses the new
/// question or result heading.
fn draw(guide: &Guide, root: &HtmlElement, focus: bool) {
    let find = |s: &str| root.query_selector(s).ok().flatten();
    let put = |s: &str, write: &dyn Fn(&mut String)| {
        if let Some(el) = find(s) {
            let mut html = String::with_capacity(1024);
            write(&mut html);
            el.set_inner_html(&html);
        }
    };
    put(".esc-trail", &|out| guide.trail(out));
    put(".esc-current", &|out| guide.current(true, out));
    put(".esc-nav", &|out| guide.nav(out));
    if focus {
        if let Some(heading) = find(".esc-question").and_then(|h| h.dyn_into::<HtmlElement>().ok())
        {
            let _ = heading.focus();
        }
    }
}
