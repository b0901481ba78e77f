//! Redrawing a region from new markup by patching the elements already there: only
//! attributes and texts that differ are written, nodes are added or removed at the end
//! of a list. Elements survive a redraw, so focus, a button being pressed or a dragged
//! slider are not disturbed, and the browser restyles and repaints only what changed.

use super::scan::{
    attributes, inner, only_elements, split_open_tag, tag_name, top_level, unescape,
};
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

fn set_changed_attributes(el: &Element, old_open: &str, new_open: &str) {
    let old = attributes(old_open);
    let new = attributes(new_open);
    for (name, value) in &new {
        if !old.contains(&(name, value)) {
            let _ = el.set_attribute(name, &unescape(value));
        }
    }
    for (name, _) in &old {
        if !new.iter().any(|(n, _)| n == name) {
            let _ = el.remove_attribute(name);
        }
    }
}

/// Changes `target`'s content from the markup `old` (what is drawn) to `new` without
/// reading or parsing the page where the two agree: elements whose markup is unchanged
/// are skipped, changed attributes are set, changed content is compared the same way
/// one level down. Falls back to [`patch`] if the page does not match `old`.
pub fn patch_from(target: &Element, old: &str, new: &str) {
    if old == new {
        return;
    }
    if old.is_empty() || !patch_items(target, old, new) {
        patch(target, new);
    }
}

/// One level of [`patch_from`]; false when it cannot tell from the markup alone (text
/// mixed with elements, or the page does not match `old`).
fn patch_items(target: &Element, old: &str, new: &str) -> bool {
    let (old_items, new_items) = (top_level(old), top_level(new));
    // Text mixed with elements (a label, a table cell) is left to `patch`, which
    // compares it with the page; such content is small.
    if !only_elements(old, &old_items)
        || !only_elements(new, &new_items)
        || target.child_element_count() as usize != old_items.len()
    {
        return false;
    }
    let children = target.children();
    let common = old_items.len().min(new_items.len());
    for i in 0..common {
        let (o, n) = (old_items[i], new_items[i]);
        if o == n {
            continue;
        }
        let Some(child) = children.item(i as u32) else {
            return false;
        };
        let (o_open, _) = split_open_tag(o);
        let (n_open, _) = split_open_tag(n);
        if tag_name(o_open) != tag_name(n_open) {
            let _ = child.insert_adjacent_html("afterend", n);
            child.remove();
            continue;
        }
        if o_open != n_open {
            set_changed_attributes(&child, o_open, n_open);
        }
        let (o_inner, n_inner) = (inner(o), inner(n));
        if o_inner != n_inner && !patch_items(&child, o_inner, n_inner) {
            patch(&child, n_inner);
        }
        sync_form_state(&child, n_open, n_inner);
    }
    for _ in common..old_items.len() {
        if let Some(last) = target.last_element_child() {
            last.remove();
        }
    }
    if new_items.len() > common {
        let _ = target.insert_adjacent_html("beforeend", &new_items[common..].concat());
    }
    true
}

/// Sets a control's live state (checked, value, chosen option) from its new markup.
fn sync_form_state(el: &Element, open: &str, content: &str) {
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        let attrs = attributes(open);
        let kind = input.type_();
        if kind == "checkbox" || kind == "radio" {
            input.set_checked(attrs.iter().any(|(n, _)| *n == "checked"));
        } else if let Some((_, value)) = attrs.iter().find(|(n, _)| *n == "value") {
            let value = unescape(value);
            if input.value() != value {
                input.set_value(&value);
            }
        }
    } else if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
        let chosen = top_level(content).into_iter().find_map(|option| {
            let attrs = attributes(split_open_tag(option).0);
            attrs.iter().any(|(n, _)| *n == "selected").then(|| {
                attrs
                    .iter()
                    .find(|(n, _)| *n == "value")
                    .map(|(_, v)| unescape(v))
                    .unwrap_or_default()
            })
        });
        if let Some(value) = chosen {
            if select.value() != value {
                select.set_value(&value);
            }
        }
    }
}
