//! Redrawing a region from new markup by patching the elements already there: only
//! attributes and texts that differ are written, nodes are added or removed at the end
//! of a list. Elements survive a redraw, so focus, a button being pressed or a dragged
//! slider are not disturbed, and the browser restyles and repaints only what changed.

use super::scan::{attributes, split_open_tag, tag_name, top_level, unescape};
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

/// Updates a region of moving parts from its previous markup `old` to `new` without
/// reading the page: children whose markup is unchanged are left alone, children that
/// differ only in their own attributes get just those attributes set, others are
/// replaced. Falls back to [`patch`] if the region is not what `old` describes.
pub fn patch_flat(target: &Element, old: &str, new: &str) {
    let (old_items, new_items) = (top_level(old), top_level(new));
    if old_items.is_empty() || target.child_element_count() as usize != old_items.len() {
        patch(target, new);
        return;
    }
    let children = target.children();
    let common = old_items.len().min(new_items.len());
    for i in 0..common {
        let (o, n) = (old_items[i], new_items[i]);
        if o == n {
            continue;
        }
        let Some(child) = children.item(i as u32) else {
            patch(target, new);
            return;
        };
        let (o_open, o_rest) = split_open_tag(o);
        let (n_open, n_rest) = split_open_tag(n);
        if o_rest == n_rest && tag_name(o_open) == tag_name(n_open) {
            set_changed_attributes(&child, o_open, n_open);
        } else {
            let _ = child.insert_adjacent_html("afterend", n);
            child.remove();
        }
    }
    for _ in common..old_items.len() {
        if let Some(last) = target.last_element_child() {
            last.remove();
        }
    }
    if new_items.len() > common {
        let _ = target.insert_adjacent_html("beforeend", &new_items[common..].concat());
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
