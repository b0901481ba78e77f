//! The HTML panels around the diagram: the clock switch, per-lane buttons (the keyboard
//! way to add events and messages), the selection's causal summary or pairwise
//! relation, and the update rules of the latest event.

use sim::clocks::{ClocksSim, ClocksView, Relation};
use sim::EventKind;
use std::fmt::Write;

use super::diagram::{stamp, ClockShown};
use super::model::{Act, ClocksModel};
use super::rules::explain_rules;
use crate::islands::shell::action::{Action, Pair};
use crate::islands::shell::markup::{off, Esc};

/// Toggle buttons choosing which clock the events show.
pub fn clock_switch(shown: ClockShown, live: bool, out: &mut String) {
    out.push_str(
        "<div class=\"clk-switch\" role=\"group\" aria-label=\"Clock shown\"><span>Clock shown:</span>",
    );
    for (which, text) in [
        (ClockShown::Vector, "Vector"),
        (ClockShown::Lamport, "Lamport"),
        (ClockShown::Hlc, "HLC"),
    ] {
        let _ = write!(
            out,
            "<button type=\"button\" aria-pressed=\"{}\"{}{}>{text}</button>",
            shown == which,
            Act::Clock(which).attrs(),
            off(live)
        );
    }
    out.push_str("</div>");
}

/// Writes "e1, e4" (or "none").
fn names(list: &[usize], out: &mut String) {
    if list.is_empty() {
        out.push_str("none");
    }
    for (k, e) in list.iter().enumerate() {
        let sep = if k == 0 { "" } else { ", " };
        let _ = write!(out, "{sep}e{e}");
    }
}

/// A local-event button per lane and, with one event selected, send buttons.
pub fn lane_buttons(m: &ClocksModel, live: bool, out: &mut String) {
    let d = off(live);
    let n = m.sim.view().processes.len();
    out.push_str("<div class=\"clk-buttons\" role=\"group\" aria-label=\"Add events\">");
    for p in 0..n {
        let _ = write!(
            out,
            "<button type=\"button\"{}{d}>Event at p{}</button>",
            Act::Local(p).attrs(),
            p + 1
        );
    }
    if let Some(from) = m.sender() {
        for to in (0..n).filter(|to| *to != from) {
            let _ = write!(
                out,
                "<button type=\"button\"{}{d}>Send p{} → p{}</button>",
                Act::Send(Pair(from, to)).attrs(),
                from + 1,
                to + 1
            );
        }
    }
    out.push_str("</div>");
}

fn relation_text(v: &ClocksView, a: usize, b: usize) -> String {
    match v.relation(a, b) {
        Relation::Same => format!("e{a} is e{b}"),
        Relation::Before => format!("e{a} happened before e{b} (e{a} → e{b})"),
        Relation::After => format!("e{a} happened after e{b} (e{b} → e{a})"),
        Relation::Concurrent => format!("e{a} and e{b} are concurrent (e{a} ∥ e{b})"),
    }
}

/// What the selection means: one event's causal past, future and concurrent events, or
/// two events' relation with the element-wise comparison.
pub fn selection_panel(m: &ClocksModel, live: bool, out: &mut String) {
    let v = m.sim.view();
    let valid: Vec<usize> = m
        .selected
        .iter()
        .copied()
        .filter(|e| *e < v.events.len())
        .collect();
    out.push_str("<div class=\"clk-panel\" aria-live=\"polite\"><h4>Selection</h4>");
    match valid.as_slice() {
        [] => out.push_str(
            "<p>Select an event (click it, or Tab to it and press Enter) to see its causal past and \
             future; select two to compare them. With one event selected, clicking another lane \
             sends a message from its process.</p>",
        ),
        [e] => {
            let _ = write!(
                out,
                "<p><strong>e{e} on p{} {}</strong></p><ul><li>◀ causal past (happened before): ",
                v.events[*e].process + 1,
                Esc(&stamp(&v, *e, m.shown))
            );
            names(&v.causal_past(*e), out);
            out.push_str("</li><li>▶ causal future (happened after): ");
            names(&v.causal_future(*e), out);
            out.push_str("</li><li>∥ concurrent: ");
            names(&v.concurrent_with(*e), out);
            out.push_str("</li></ul>");
        }
        [a, b, ..] => {
            let _ = write!(
                out,
                "<p class=\"clk-relation\"><strong>{}</strong></p><p class=\"clk-explain\">{}</p>",
                Esc(&relation_text(&v, *a, *b)),
                Esc(&v.explain(*a, *b))
            );
        }
    }
    let _ = write!(
        out,
        "<button type=\"button\"{}{}>Clear selection</button></div>",
        Act::Clear.attrs(),
        off(live && !valid.is_empty())
    );
}

/// The clock update rules worked through for the event recorded at the current step.
pub fn rules_panel(sim: &ClocksSim, out: &mut String) {
    let step = sim.current_step();
    let recorded = sim.events_at(step).iter().find_map(|e| match e.kind {
        EventKind::Note { note, .. } => Some(note),
        _ => None,
    });
    let v = sim.view();
    out.push_str("<div class=\"clk-panel clk-rules\"><h4>Update rules</h4>");
    match recorded.and_then(|id| explain_rules(&v, id).map(|r| (id, r))) {
        Some((id, rules)) => {
            let _ = write!(out, "<p>Step {step} records e{id}:</p><ul>");
            for rule in &rules {
                let _ = write!(out, "<li>{}</li>", Esc(rule));
            }
            out.push_str("</ul>");
        }
        None => {
            let _ = write!(
                out,
                "<p>Step {step}: no clock changes. Step forward to see the update rules at the next event.</p>"
            );
        }
    }
    out.push_str("</div>");
}
