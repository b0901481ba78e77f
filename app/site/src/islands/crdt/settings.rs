//! The CRDT widget's own controls: data type, replica count, state or delta sync,
//! lossy network, partition/heal, and the element or value the buttons use.

use sim::crdt::{CrdtKind, SyncMode};
use std::fmt::Write;

use super::model::CrdtModel;
use super::{operands, KINDS};
use crate::islands::shell::markup::{checked, off, selected};

fn type_select(m: &CrdtModel, d: &str, out: &mut String) {
    let _ = write!(out, "<label>Type <select data-act=\"kind\"{d}>");
    for (i, (k, name)) in KINDS.iter().enumerate() {
        let _ = write!(
            out,
            "<option value=\"{i}\"{}>{name}</option>",
            selected(m.settings.kind == *k)
        );
    }
    out.push_str("</select></label>");
}

fn replicas_select(m: &CrdtModel, d: &str, out: &mut String) {
    let _ = write!(out, "<label>Replicas <select data-act=\"replicas\"{d}>");
    for n in 2..=5usize {
        let _ = write!(
            out,
            "<option value=\"{n}\"{}>{n}</option>",
            selected(m.settings.replicas == n)
        );
    }
    out.push_str("</select></label>");
}

fn toggles(m: &CrdtModel, d: &str, out: &mut String) {
    let split = !m.sim.view().cut_links.is_empty();
    let _ = write!(
        out,
        "<label><input type=\"checkbox\" data-act=\"delta\"{d}{}> Ship deltas</label>\
         <label><input type=\"checkbox\" data-act=\"lossy\"{d}{}> Lossy network (25%)</label>\
         <button type=\"button\" data-act=\"partition\" aria-pressed=\"{split}\"{d}>{}</button>",
        checked(m.settings.sync == SyncMode::Delta),
        checked(m.settings.lossy),
        if split { "Heal partition" } else { "Partition" }
    );
}

fn operand_select(m: &CrdtModel, d: &str, out: &mut String) {
    let label = match m.settings.kind {
        CrdtKind::LwwRegister => "Value",
        CrdtKind::OrSet => "Element",
        _ => return,
    };
    let _ = write!(out, "<label>{label} <select data-act=\"operand\"{d}>");
    for (i, w) in operands(m.settings.kind).iter().enumerate() {
        let _ = write!(
            out,
            "<option value=\"{i}\"{}>{w}</option>",
            selected(m.operand == i)
        );
    }
    out.push_str("</select></label>");
}

/// The settings bar above the stage.
pub fn settings_bar(m: &CrdtModel, live: bool, out: &mut String) {
    let d = off(live);
    out.push_str("<div class=\"crdt-settings\" role=\"group\" aria-label=\"CRDT settings\">");
    type_select(m, d, out);
    replicas_select(m, d, out);
    toggles(m, d, out);
    operand_select(m, d, out);
    out.push_str("</div>");
}
