//! Sharing: the Share button writes the scenario into the page URL's fragment
//! (`#w-<kind>-<n>=v1.…`, one pair per widget, `&`-separated) and copies the link; on
//! load, a widget finds its pair and replays it, or explains why it cannot.

use super::{Ctx, Timeline, WidgetModel};
use leptos::prelude::*;
use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// The fragment pairs `key=value` of a URL fragment (without `#`); other text is ignored.
pub fn fragment_pairs(fragment: &str) -> Vec<(String, String)> {
    fragment
        .split('&')
        .filter_map(|p| p.split_once('='))
        .filter(|(k, _)| k.starts_with("w-"))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `fragment` with `key` set to `value` (other widgets' pairs kept).
pub fn with_pair(fragment: &str, key: &str, value: &str) -> String {
    let mut pairs: Vec<(String, String)> = fragment_pairs(fragment)
        .into_iter()
        .filter(|(k, _)| k != key)
        .collect();
    pairs.push((key.to_string(), value.to_string()));
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// This widget's share key: its kind and its 1-based position among widgets of that kind.
fn share_key<M: WidgetModel>(root: &web_sys::Element) -> String {
    let selector = format!("figure.widget[data-widget=\"{}\"]", M::KIND);
    let list = document().query_selector_all(&selector).ok();
    let position = list
        .and_then(|l| {
            (0..l.length()).find(|i| l.item(*i).is_some_and(|n| root.is_same_node(Some(&n))))
        })
        .unwrap_or(0);
    format!("w-{}-{}", M::KIND, position + 1)
}

fn current_fragment() -> String {
    location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_string()
}

/// On hydration: replays this widget's shared scenario, if the URL has one, and scrolls
/// the widget into view.
pub fn load_from_url<M: WidgetModel>(ctx: Ctx<M>, root: &web_sys::Element) {
    let key = share_key::<M>(root);
    ctx.key.set_value(key.clone());
    let Some((_, text)) = fragment_pairs(&current_fragment())
        .into_iter()
        .find(|(k, _)| *k == key)
    else {
        return;
    };
    let text = js_sys::decode_uri_component(&text)
        .map(String::from)
        .unwrap_or(text);
    let mut outcome = Err(String::new());
    ctx.model.update_value(|m| {
        outcome = m.decode(&text);
        m.run_mut().record_ahead();
    });
    match outcome {
        Ok(()) => ctx.notice.set(None),
        Err(reason) => {
            ctx.model.update_value(|m| {
                let choice = m.choice();
                m.rebuild(&choice);
                m.run_mut().record_ahead();
            });
            ctx.notice.set(Some(format!(
                "This shared link could not be read ({reason}). Showing the default scenario instead."
            )));
        }
    }
    ctx.branch.update(|b| *b += 1);
    ctx.changed(false);
    // The link is about this widget: bring it on screen.
    root.scroll_into_view();
}

/// The Share button, the link it made and whether it was copied.
pub fn share_row<M: WidgetModel>(ctx: Ctx<M>) -> impl IntoView + use<M> {
    let link = RwSignal::new(None::<String>);
    let status = RwSignal::new(String::new());
    let on_share = move |_| {
        let text = ctx.with_untracked(|m| m.run().encode());
        let key = ctx.key.get_value();
        let fragment = with_pair(&current_fragment(), &key, &text);
        let loc = location();
        let base = format!(
            "{}{}{}",
            loc.origin().unwrap_or_default(),
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        );
        let url = format!("{base}#{fragment}");
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
        link.set(Some(url.clone()));
        status.set("Link ready; copying…".into());
        copy_to_clipboard(&url, status);
    };
    view! {
        <div class="widget-share">
            <button type="button" disabled=move || !ctx.hydrated.get() on:click=on_share>"Share this run"</button>
            {move || link.get().map(|url| view! {
                <label class="widget-share-link">
                    "Link to this exact step "
                    <input type="text" readonly prop:value=url.clone() value=url/>
                </label>
            })}
            <span class="widget-share-status" aria-live="polite">{move || status.get()}</span>
        </div>
    }
}

/// Copies `text`, reporting the outcome in `status`; never throws (no clipboard is fine).
fn copy_to_clipboard(text: &str, status: RwSignal<String>) {
    let navigator = window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Clipboard>().ok());
    let Some(clipboard) = clipboard else {
        status.set("Copy the link from the box.".into());
        return;
    };
    let ok = Closure::once(move |_: JsValue| status.set("Link copied to the clipboard.".into()));
    let err = Closure::once(move |_: JsValue| status.set("Copy the link from the box.".into()));
    let _ = clipboard.write_text(text).then2(&ok, &err);
    ok.forget();
    err.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_pairs_keep_other_widgets_and_ignore_anchors() {
        assert_eq!(fragment_pairs("raft"), vec![]);
        let f = with_pair("w-raft-1=v1.a&w-crdt-1=v1.b", "w-raft-1", "v1.c");
        assert_eq!(f, "w-crdt-1=v1.b&w-raft-1=v1.c");
        assert_eq!(
            with_pair("heading", "w-fencing-1", "v1.x"),
            "w-fencing-1=v1.x"
        );
        assert_eq!(
            fragment_pairs("w-raft-2=v1.x&junk&w-=&x=y"),
            vec![
                ("w-raft-2".to_string(), "v1.x".to_string()),
                ("w-".to_string(), String::new())
            ]
        );
    }
}
