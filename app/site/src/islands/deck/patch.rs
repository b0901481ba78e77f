//! Redrawing a region from new markup by patching the elements already there: only
//! attributes and texts that differ are written, nodes are added or removed at the end
//! of a list. Elements survive a redraw, so focus, a button being pressed or a dragged
//! slider are not disturbed, and the browser restyles and repaints only what changed.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, Node};

/// Makes `target`'s content match `html`.
pub fn patch(target: &Element, html: &str) {
    // Parse in the same context (an `<svg>` or `<g>` parses its markup as SVG).
    let Ok(scratch) = target.clone_node_with_deep(false) else {
        target.set_inner_html(html);
        return;
    };
    let Ok(scratch) = scratch.dyn_into::<Element>() else {
        return;
    };
    scratch.set_inner_html(html);
    patch_children(target, &scratch);
}

/// True when `old` can be patched into `new` (same node type and tag).
fn same_kind(old: &Node, new: &Node) -> bool {
    old.node_type() == new.node_type() && old.node_name() == new.node_name()
}

fn patch_children(old_parent: &Node, new_parent: &Node) {
    let mut old = old_parent.first_child();
    let mut new = new_parent.first_child();
    while let Some(n) = new {
        let next_new = n.next_sibling();
        match old {
            Some(o) if same_kind(&o, &n) => {
                patch_node(&o, &n);
                old = o.next_sibling();
            }
            Some(o) => {
                let next_old = o.next_sibling();
                let _ = old_parent.replace_child(&n, &o);
                old = next_old;
            }
            None => {
                let _ = old_parent.append_child(&n);
            }
        }
        new = next_new;
    }
    while let Some(o) = old {
        old = o.next_sibling();
        let _ = old_parent.remove_child(&o);
    }
}

fn patch_node(old: &Node, new: &Node) {
    let (Some(o), Some(n)) = (old.dyn_ref::<Element>(), new.dyn_ref::<Element>()) else {
        let text = new.node_value();
        if old.node_value() != text {
            old.set_node_value(text.as_deref());
        }
        return;
    };
    patch_attributes(o, n);
    patch_children(old, new);
    patch_form_state(o, n);
}

fn patch_attributes(old: &Element, new: &Element) {
    for name in new
        .get_attribute_names()
        .iter()
        .filter_map(|v| v.as_string())
    {
        let value = new.get_attribute(&name).unwrap_or_default();
        if old.get_attribute(&name).as_deref() != Some(value.as_str()) {
            let _ = old.set_attribute(&name, &value);
        }
    }
    for name in old
        .get_attribute_names()
        .iter()
        .filter_map(|v| v.as_string())
    {
        if !new.has_attribute(&name) {
            let _ = old.remove_attribute(&name);
        }
    }
}

/// Form controls keep their live state in properties, which stop following the
/// attributes once the reader has touched them: set them from the new markup.
fn patch_form_state(old: &Element, new: &Element) {
    if let Some(input) = old.dyn_ref::<HtmlInputElement>() {
        let kind = input.type_();
        if kind == "checkbox" || kind == "radio" {
            input.set_checked(new.has_attribute("checked"));
        } else {
            let value = new.get_attribute("value").unwrap_or_default();
            if input.value() != value {
                input.set_value(&value);
            }
        }
    } else if let Some(select) = old.dyn_ref::<HtmlSelectElement>() {
        if let Ok(Some(option)) = new.query_selector("option[selected]") {
            let value = option.get_attribute("value").unwrap_or_default();
            if select.value() != value {
                select.set_value(&value);
            }
        }
    }
}
