//! The CRDT widget's own controls: data type, replica count, state or delta sync,
//! lossy network (each restarts the run, keeping the actions that still apply), then
//! partition/heal, an anti-entropy round, and the element or value the buttons use.

use sim::crdt::{CrdtKind, SyncMode};
use std::fmt::Write;

use super::model::{Act, CrdtModel};
use super::{operands, KINDS};
use crate::islands::shell::action::Action;
use crate::islands::shell::markup::{checked, off, selected};

fn type_select(m: &CrdtModel, d: &str, out: &mut String) {
    let _ = write!(out, "<label>Type <select{}{d}>", Act::Kind.attrs());
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
    let _ = write!(out, "<label>Replicas <select{}{d}>", Act::Replicas.attrs());
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
    let _ = write!(
        out,
        "<label><input type=\"checkbox\"{}{d}{}> Ship deltas</label>\
         <label><input type=\"checkbox\"{}{d}{}> Lossy network (25%)</label>",
        Act::Delta.attrs(),
        checked(m.settings.sync == SyncMode::Delta),
        Act::Lossy.attrs(),
        checked(m.settings.lossy),
    );
}

/// Partition or heal (healing runs an anti-entropy round), and an anti-entropy round.
fn network(m: &CrdtModel, d: &str, out: &mut String) {
    let split = !m.sim.view().cut_links.is_empty();
    let _ = write!(
        out,
        "<button type=\"button\"{} aria-pressed=\"{split}\"{d}>{}</button>\
         <button type=\"button\"{}{d}>Anti-entropy round</button>",
        Act::Partition.attrs(),
        if split { "Heal partition" } else { "Partition" },
        Act::AntiEntropy.attrs(),
    );
}

fn operand_select(m: &CrdtModel, d: &str, out: &mut String) {
    let label = match m.settings.kind {
        CrdtKind::LwwRegister => "Value",
        CrdtKind::OrSet => "Element",
        _ => return,
    };
    let _ = write!(out, "<label>{label} <select{}{d}>", Act::Operand.attrs());
    for (i, w) in operands(m.settings.kind).iter().enumerate() {
        let _ = write!(
            out,
            "<option value=\"{i}\"{}>{w}</option>",
            selected(m.operand == i)
        );
    }
    out.push_str("</select></label>");
}

/// The settings bar above the stage: the run's settings, then the network and operand.
pub fn settings_bar(m: &CrdtModel, live: bool, out: &mut String) {
    let d = off(live);
    out.push_str(
        "<fieldset class=\"crdt-settings\"><legend>Changing these restarts the run, \
         keeping the operations that still apply</legend>",
    );
    type_select(m, d, out);
    replicas_select(m, d, out);
    toggles(m, d, out);
    out.push_str("</fieldset><div class=\"crdt-settings\" role=\"group\" aria-label=\"Network and operand\">");
    network(m, d, out);
    operand_select(m, d, out);
    out.push_str("</div>");
}
