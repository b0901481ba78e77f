//! The space-time diagram: one lane per process, events left to right in the order
//! they happened, message arrows, and the selected events' causal marks.

use super::model::{Act, ClocksModel};
use crate::islands::shell::action::Action;
use crate::islands::shell::markup::{Esc, Tenths};
use sim::clocks::{ClockEventKind, ClocksView, Relation};
use sim::MessageView;
use std::fmt::Write;

/// Which timestamp the events show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockShown {
    /// Vector clocks.
    Vector,
    /// Lamport clocks.
    Lamport,
    /// Hybrid logical clocks.
    Hlc,
}

const LEFT: f64 = 56.0;
const TOP: f64 = 40.0;
const LANE_GAP: f64 = 72.0;

/// The label of event `id` in the chosen clock.
pub fn stamp(view: &ClocksView, id: usize, shown: ClockShown) -> String {
    let Some(e) = view.events.get(id) else {
        return String::new();
    };
    match shown {
        ClockShown::Vector => format!(
            "[{}]",
            e.vector
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ),
        ClockShown::Lamport => e.lamport.to_string(),
        ClockShown::Hlc => e.hlc.to_string(),
    }
}

/// How an event relates to the selection, for its mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Not related to a single selected event (or nothing selected).
    None,
    /// Selected.
    Selected,
    /// In the causal past of the selected event.
    Past,
    /// In the causal future of the selected event.
    Future,
    /// Concurrent with the selected event.
    Concurrent,
}

/// The mark of event `id` given the `selected` events.
pub fn mark(view: &ClocksView, id: usize, selected: &[usize]) -> Mark {
    if selected.contains(&id) {
        return Mark::Selected;
    }
    let [only] = selected else {
        return Mark::None;
    };
    if *only >= view.events.len() {
        return Mark::None;
    }
    match view.relation(id, *only) {
        Relation::Before => Mark::Past,
        Relation::After => Mark::Future,
        Relation::Concurrent => Mark::Concurrent,
        Relation::Same => Mark::None,
    }
}

/// Geometry of one drawing: event spacing and total size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// Horizontal distance between consecutive events.
    pub spacing: f64,
    /// Total width in SVG units.
    pub width: f64,
    /// Total height in SVG units.
    pub height: f64,
}

impl Layout {
    /// The layout for `view`, wide enough for every label in the `shown` clock.
    pub fn of(view: &ClocksView, shown: ClockShown) -> Layout {
        let widest = (0..view.events.len())
            .map(|i| stamp(view, i, shown).chars().count())
            .max()
            .unwrap_or(1);
        let spacing = (widest as f64 * 7.5 + 14.0).max(48.0);
        let slots = view.events.len() + 2;
        Layout {
            spacing,
            width: (LEFT + 20.0 + slots as f64 * spacing).max(600.0),
            height: TOP + view.processes.len() as f64 * LANE_GAP - 10.0,
        }
    }

    /// Centre of the event in slot `slot` on lane `lane`.
    pub fn at(&self, slot: usize, lane: usize) -> (f64, f64) {
        (LEFT + 30.0 + slot as f64 * self.spacing, lane_y(lane))
    }
}

fn lane_y(lane: usize) -> f64 {
    TOP + 10.0 + lane as f64 * LANE_GAP
}

/// The points of an arrowhead ending just outside the event circle at `(x2, y2)`.
fn arrow_head(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (tx, ty) = (x2 - ux * 10.0, y2 - uy * 10.0);
    let (bx, by) = (tx - ux * 9.0, ty - uy * 9.0);
    format!(
        "{},{} {},{} {},{}",
        Tenths(tx),
        Tenths(ty),
        Tenths(bx - uy * 4.5),
        Tenths(by + ux * 4.5),
        Tenths(bx + uy * 4.5),
        Tenths(by - ux * 4.5)
    )
}

/// The lanes: a line and name per process; clicking a lane adds an event there (or
/// sends to it from the one selected event's process).
fn lanes(view: &ClocksView, layout: &Layout, out: &mut String) {
    for i in 0..view.processes.len() {
        let y = lane_y(i);
        let (left, gap) = (Tenths(LEFT), Tenths(LANE_GAP));
        let _ = write!(
            out,
            "<g class=\"clk-lane\"{}>\
             <rect class=\"clk-lane-hit\" x=\"{left}\" y=\"{}\" width=\"{}\" height=\"{gap}\"/>\
             <line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\
             <text class=\"clk-lane-name\" x=\"12\" y=\"{}\">p{}</text></g>",
            Act::Lane(i).attrs(),
            Tenths(y - LANE_GAP / 2.0),
            Tenths(layout.width - LEFT),
            Tenths(y),
            Tenths(layout.width - 10.0),
            Tenths(y),
            Tenths(y + 5.0),
            i + 1
        );
    }
}

/// The delivered messages: an arrow from each send to its receive.
fn arrows(view: &ClocksView, layout: &Layout, out: &mut String) {
    for e in &view.events {
        let ClockEventKind::Receive { send, .. } = e.kind else {
            continue;
        };
        let Some(from) = view.events.get(send) else {
            continue;
        };
        let (x1, y1) = layout.at(send, from.process);
        let (x2, y2) = layout.at(e.id, e.process);
        let head = arrow_head(x1, y1, x2, y2);
        let (x1, y1, x2, y2) = (Tenths(x1), Tenths(y1), Tenths(x2), Tenths(y2));
        let _ = write!(
            out,
            "<line class=\"clk-msg\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>\
             <polygon class=\"clk-arrow-head\" points=\"{head}\"/>"
        );
    }
}

/// The messages in flight at virtual time `t` (the stage's moving part): a line from
/// the send towards the next slot on the receiving lane.
pub fn flying(m: &ClocksModel, t: f64, out: &mut String) {
    let view = m.sim.view();
    flying_on(
        &view,
        &Layout::of(&view, m.shown),
        &m.sim.messages_in_flight(),
        t,
        out,
    );
}

fn flying_on(
    view: &ClocksView,
    layout: &Layout,
    messages: &[MessageView],
    t: f64,
    out: &mut String,
) {
    for msg in messages {
        let send = view
            .events
            .iter()
            .rev()
            .find(|e| e.process == msg.from && e.kind == ClockEventKind::Send { to: msg.to });
        let Some(send) = send else {
            continue;
        };
        let (x1, y1) = layout.at(send.id, msg.from);
        let (x2, y2) = layout.at(view.events.len(), msg.to);
        let span = msg.deliver_at.saturating_sub(msg.sent_at).max(1) as f64;
        let p = ((t - msg.sent_at as f64) / span).clamp(0.05, 0.95);
        let (x, y) = (x1 + (x2 - x1) * p, y1 + (y2 - y1) * p);
        let (lost, text) = if msg.lost {
            (" clk-msg-lost", "✗ lost")
        } else {
            ("", "in flight")
        };
        let _ = write!(
            out,
            "<line class=\"clk-msg clk-msg-flying{lost}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\
             <text class=\"clk-flying-label\" x=\"{}\" y=\"{}\">{text}</text>",
            Tenths(x1),
            Tenths(y1),
            Tenths(x),
            Tenths(y),
            Tenths(x + 6.0),
            Tenths(y - 6.0)
        );
    }
}

/// The events: a circle with the shown timestamp and the name with the selection mark;
/// each is a keyboard-reachable button that selects it. Its accessible name starts with
/// the text it shows, stamp then name (axe's label-content-name-mismatch).
fn events(view: &ClocksView, layout: &Layout, shown: ClockShown, sel: &[usize], out: &mut String) {
    for e in &view.events {
        let id = e.id;
        let (x, y) = layout.at(id, e.process);
        let label_y = if id % 2 == 0 { y - 16.0 } else { y + 26.0 };
        let tag_y = if id % 2 == 0 { y + 24.0 } else { y - 14.0 };
        let (x, y, label_y, tag_y) = (Tenths(x), Tenths(y), Tenths(label_y), Tenths(tag_y));
        let m = mark(view, id, sel);
        let (tag, tag_text, glyph) = match m {
            Mark::Selected => (" clk-selected", ", selected", "●"),
            Mark::Past => (" clk-past", ", before", "◀"),
            Mark::Future => (" clk-future", ", after", "▶"),
            Mark::Concurrent => (" clk-concurrent", ", concurrent", "∥"),
            Mark::None => ("", "", ""),
        };
        let stamp = stamp(view, id, shown);
        let _ = write!(
            out,
            "<g class=\"clk-event{tag}\" tabindex=\"0\" role=\"button\" aria-pressed=\"{}\" \
             aria-label=\"{} e{id} on p{}{tag_text}\"{}>\
             <circle cx=\"{x}\" cy=\"{y}\" r=\"9\"/>\
             <text class=\"clk-stamp\" x=\"{x}\" y=\"{label_y}\" text-anchor=\"middle\">{}</text>\
             <text class=\"clk-tag\" x=\"{x}\" y=\"{tag_y}\" text-anchor=\"middle\">e{id}{glyph}</text></g>",
            m == Mark::Selected,
            Esc(&stamp),
            e.process + 1,
            Act::Select(id).attrs(),
            Esc(&stamp)
        );
    }
}

/// Draws the diagram of `m`'s run, messages in flight at virtual time `t`.
pub fn diagram(m: &ClocksModel, t: f64, out: &mut String) {
    let view = m.sim.view();
    let layout = Layout::of(&view, m.shown);
    let _ = write!(
        out,
        "<svg class=\"clk-diagram\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">",
        Tenths(layout.width),
        Tenths(layout.height)
    );
    lanes(&view, &layout, out);
    arrows(&view, &layout, out);
    out.push_str("<g class=\"clk-flying\" data-motion=\"\">");
    flying_on(&view, &layout, &m.sim.messages_in_flight(), t, out);
    out.push_str("</g>");
    events(&view, &layout, m.shown, &m.selected, out);
    out.push_str("</svg>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::clocks::ClocksSim;

    fn concurrent() -> ClocksView {
        let mut sim = ClocksSim::preset("concurrent-events", 1).unwrap();
        while sim.step() {}
        sim.view()
    }

    #[test]
    fn marks_follow_happened_before() {
        let v = concurrent();
        // e0 (local at p1) happens before the send e3 at p1; e1 at p2 is concurrent with e0.
        assert_eq!(mark(&v, 0, &[3]), Mark::Past);
        assert_eq!(mark(&v, 3, &[0]), Mark::Future);
        assert_eq!(mark(&v, 1, &[0]), Mark::Concurrent);
        assert_eq!(mark(&v, 0, &[0]), Mark::Selected);
        assert_eq!(mark(&v, 1, &[0, 2]), Mark::None);
        assert_eq!(mark(&v, 1, &[99]), Mark::None);
    }

    #[test]
    fn labels_fit_their_slots() {
        let v = concurrent();
        for shown in [ClockShown::Vector, ClockShown::Lamport, ClockShown::Hlc] {
            let l = Layout::of(&v, shown);
            let widest = (0..v.events.len())
                .map(|i| stamp(&v, i, shown).len())
                .max()
                .unwrap();
            assert!(l.spacing >= widest as f64 * 7.0, "{shown:?}");
            let (x, _) = l.at(v.events.len(), 0);
            assert!(x < l.width);
        }
        assert_eq!(stamp(&v, 0, ClockShown::Vector), "[1,0,0]");
        assert_eq!(stamp(&v, 0, ClockShown::Lamport), "1");
    }
}
