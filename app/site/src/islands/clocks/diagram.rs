//! The space-time diagram: one lane per process, events left to right in the order
//! they happened, message arrows, and the selected events' causal marks.

use super::model::{Act, ClocksModel};
use super::walls;
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

/// Where the lanes' lines start (their names are left of it).
const LEFT: f64 = 40.0;
/// From the start of a lane to its first event.
const FIRST: f64 = 24.0;
const TOP: f64 = 40.0;
const LANE_GAP: f64 = 72.0;
/// Extra room between lanes for the wall clock captions (HLC).
const CAPTION_GAP: f64 = 16.0;
/// Width of a character of a stamp (12 px monospace, with some slack).
const STAMP_CHAR: f64 = 7.5;
/// Width of a character of an event's tag (11 px, with some slack).
const TAG_CHAR: f64 = 6.5;
/// Width of a character of a caption (11 px, with some slack).
const CAPTION_CHAR: f64 = 6.5;
/// Room right of the next event's slot, where messages in flight point and say so.
const FLIGHT_ROOM: f64 = 70.0;

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
        // Compact like the vectors: "(142,1)".
        ClockShown::Hlc => format!("({},{})", e.hlc.l, e.hlc.c),
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
    /// Total width in px (the drawing is not scaled: its text keeps its size).
    pub width: f64,
    /// Total height in px.
    pub height: f64,
    /// Distance between lanes.
    pub lane_gap: f64,
    /// Half the width of an event's widest text (its stamp or tag).
    half_label: f64,
}

impl Layout {
    /// The layout for `view`, wide enough for every label in the `shown` clock and, when
    /// messages are `flying`, for them to point at the next event's slot. Stamps alternate
    /// above and below the lanes (tags the other way), so a stamp has to clear only its
    /// neighbour's short tag on its side and the stamp two events on: about half of each.
    pub fn of(view: &ClocksView, shown: ClockShown, flying: bool) -> Layout {
        let widest = (0..view.events.len())
            .map(|i| stamp(view, i, shown).chars().count())
            .max()
            .unwrap_or(1);
        let stamp_width = widest as f64 * STAMP_CHAR;
        // "e12" and a selection glyph.
        let tag_width = (view.events.len().max(1).ilog10() + 3) as f64 * TAG_CHAR;
        let spacing = ((stamp_width + tag_width) / 2.0 + 4.0).max(28.0);
        let lane_gap = match shown {
            ClockShown::Hlc => LANE_GAP + CAPTION_GAP,
            _ => LANE_GAP,
        };
        let captions = match shown {
            ClockShown::Hlc => view
                .clocks
                .iter()
                .map(|c| walls::caption(c).chars().count())
                .max(),
            _ => None,
        };
        let caption_width = captions.map_or(0.0, |n| 8.0 + n as f64 * CAPTION_CHAR);
        let mut layout = Layout {
            spacing,
            width: 0.0,
            height: TOP + view.processes.len() as f64 * lane_gap - 10.0,
            lane_gap,
            half_label: stamp_width.max(tag_width) / 2.0,
        };
        let n = view.events.len();
        let end = if flying {
            layout.at(n, 0).0 + FLIGHT_ROOM
        } else {
            layout.at(n.saturating_sub(1), 0).0 + layout.half_label + 8.0
        };
        layout.width = end.max(caption_width);
        layout
    }

    /// The newest event's span in whole px, with its stamp and tag (none without events).
    pub fn newest(&self, view: &ClocksView) -> Option<(i32, i32)> {
        let slot = view.events.len().checked_sub(1)?;
        let x = self.at(slot, 0).0;
        Some((
            (x - self.half_label).floor() as i32,
            (x + self.half_label).ceil() as i32,
        ))
    }

    /// Centre of the event in slot `slot` on lane `lane`.
    pub fn at(&self, slot: usize, lane: usize) -> (f64, f64) {
        (LEFT + FIRST + slot as f64 * self.spacing, self.lane_y(lane))
    }

    fn lane_y(&self, lane: usize) -> f64 {
        TOP + 10.0 + lane as f64 * self.lane_gap
    }
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

/// The lanes: a line and name per process, and in HLC mode a caption with the process's
/// wall clock; clicking a lane adds an event there (or sends to it from the one selected
/// event's process). The lines reach the drawing's right edge, however wide it is shown.
fn lanes(view: &ClocksView, layout: &Layout, shown: ClockShown, out: &mut String) {
    for i in 0..view.processes.len() {
        let y = layout.lane_y(i);
        let left = Tenths(LEFT);
        let _ = write!(
            out,
            "<g class=\"clk-lane\"{}>\
             <rect class=\"clk-lane-hit\" x=\"{left}\" y=\"{}\" width=\"100%\" height=\"{}\"/>\
             <line x1=\"{left}\" y1=\"{}\" x2=\"100%\" y2=\"{}\"/>\
             <text class=\"clk-lane-name\" x=\"8\" y=\"{}\">p{}</text>",
            Act::Lane(i).attrs(),
            Tenths(y - layout.lane_gap / 2.0),
            Tenths(layout.lane_gap),
            Tenths(y),
            Tenths(y),
            Tenths(y + 5.0),
            i + 1
        );
        if let (ClockShown::Hlc, Some(clock)) = (shown, view.clocks.get(i)) {
            let _ = write!(
                out,
                "<text class=\"clk-lane-clock\" x=\"8\" y=\"{}\">{}</text>",
                Tenths(y - 32.0),
                walls::caption(clock)
            );
        }
        out.push_str("</g>");
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
    let messages = m.sim.messages_in_flight();
    let layout = Layout::of(&view, m.shown, !messages.is_empty());
    flying_on(&view, &layout, &messages, t, out);
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

/// Draws the diagram of `m`'s run, messages in flight at virtual time `t`, in a box that
/// scrolls sideways. The drawing has no `viewBox`, so it is never scaled: at least as wide
/// as its box (the stylesheet's `min-width`), and scrolled when wider. The box names the
/// newest event's span (`data-reveal`): the engine brings it into view when it changes.
pub fn diagram(m: &ClocksModel, t: f64, out: &mut String) {
    let view = m.sim.view();
    let messages = m.sim.messages_in_flight();
    let layout = Layout::of(&view, m.shown, !messages.is_empty());
    out.push_str(
        "<div class=\"clk-scroll\" tabindex=\"0\" role=\"group\" \
         aria-label=\"Space-time diagram; scroll sideways for later events\"",
    );
    if let Some((start, end)) = layout.newest(&view) {
        let _ = write!(out, " data-reveal=\"{start} {end}\"");
    }
    let _ = write!(
        out,
        "><svg class=\"clk-diagram\" width=\"{}\" height=\"{}\">",
        Tenths(layout.width),
        Tenths(layout.height)
    );
    lanes(&view, &layout, m.shown, out);
    arrows(&view, &layout, out);
    out.push_str("<g class=\"clk-flying\" data-motion=\"\">");
    flying_on(&view, &layout, &messages, t, out);
    out.push_str("</g>");
    events(&view, &layout, m.shown, &m.selected, out);
    out.push_str("</svg></div>");
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

    /// Where a text of `chars` characters, `per_char` px each, centred on `x`, lies.
    fn span(x: f64, chars: usize, per_char: f64) -> (f64, f64) {
        let half = chars as f64 * per_char / 2.0;
        (x - half, x + half)
    }

    /// Every event's stamp and tag as (lane, above?, left, right), at the widths the
    /// fonts draw them (12 px monospace 7.2 px a character, 11 px tags 6.2 px).
    fn texts(v: &ClocksView, l: &Layout, shown: ClockShown) -> Vec<(usize, bool, f64, f64)> {
        let mut out = Vec::new();
        for e in &v.events {
            let (x, _) = l.at(e.id, e.process);
            let above = e.id % 2 == 0;
            let (a, b) = span(x, stamp(v, e.id, shown).chars().count(), 7.2);
            out.push((e.process, above, a, b));
            // The tag with a selection glyph: "e12●".
            let (a, b) = span(x, format!("e{}●", e.id).chars().count(), 6.2);
            out.push((e.process, !above, a, b));
        }
        out
    }

    fn long_run() -> ClocksView {
        let mut sim = ClocksSim::new(sim::clocks::ClocksScenario {
            seed: 3,
            config: sim::clocks::ClocksConfig {
                processes: 5,
                ..Default::default()
            },
            actions: Vec::new(),
            step: 0,
        })
        .unwrap();
        for i in 0..30 {
            let a = sim::clocks::ClocksAction::Send {
                from: i % 5,
                to: (i * 3 + 1) % 5,
            };
            sim.apply(sim::Action::Protocol(a)).unwrap();
            sim.seek(sim.recorded_steps() + 2);
        }
        sim.view()
    }

    #[test]
    fn labels_on_one_row_never_overlap_and_fit_the_drawing() {
        let mut runs = vec![concurrent(), long_run()];
        for preset in ["message-chain", "fork-join"] {
            let mut sim = ClocksSim::preset(preset, 4).unwrap();
            while sim.step() {}
            runs.push(sim.view());
        }
        for v in &runs {
            let clocks = [ClockShown::Vector, ClockShown::Lamport, ClockShown::Hlc];
            for (shown, flying) in clocks.into_iter().flat_map(|c| [(c, false), (c, true)]) {
                let l = Layout::of(v, shown, flying);
                let texts = texts(v, &l, shown);
                for (i, t) in texts.iter().enumerate() {
                    assert!(
                        t.2 >= 0.0 && t.3 <= l.width,
                        "{shown:?}: {t:?} in {}",
                        l.width
                    );
                    for u in &texts[i + 1..] {
                        let same_row = (t.0, t.1) == (u.0, u.1);
                        let apart = t.3 + 3.0 <= u.2 || u.3 + 3.0 <= t.2;
                        assert!(!same_row || apart, "{shown:?}: {t:?} and {u:?}");
                    }
                }
                let (x, _) = l.at(v.events.len(), 0);
                assert!(!flying || x < l.width, "the next event's slot is drawn");
            }
        }
        let v = concurrent();
        assert_eq!(stamp(&v, 0, ClockShown::Vector), "[1,0,0]");
        assert_eq!(stamp(&v, 0, ClockShown::Lamport), "1");
        assert_eq!(stamp(&v, 0, ClockShown::Hlc), "(10,0)");
    }

    #[test]
    fn the_newest_events_span_holds_its_texts_within_the_drawing() {
        let v = concurrent();
        let l = Layout::of(&v, ClockShown::Vector, false);
        let (start, end) = l.newest(&v).unwrap();
        let last = v.events.len() - 1;
        let (x, _) = l.at(last, 0);
        for (_, _, a, b) in texts(&v, &l, ClockShown::Vector).into_iter().skip(2 * last) {
            assert!(
                f64::from(start) <= a && b <= f64::from(end),
                "{a}..{b} in {start}..{end}"
            );
        }
        assert!(f64::from(start) < x && x < f64::from(end) && f64::from(end) <= l.width.ceil());
        let mut empty = ClocksSim::preset("concurrent-events", 1).unwrap().view();
        empty.events.clear();
        assert_eq!(l.newest(&empty), None);
    }

    /// The content's diagrams (the tour's six events in vector clocks, the HLC widget's
    /// run) are no wider than a 360 px screen shows without scrolling: about 300 px.
    #[test]
    fn the_contents_diagrams_fit_a_phone() {
        let v = concurrent();
        let l = Layout::of(&v, ClockShown::Vector, false);
        assert!(l.width <= 300.0, "{}", l.width);
        let mut sim = ClocksSim::preset("message-chain", 4).unwrap();
        while sim.step() {}
        let l = Layout::of(&sim.view(), ClockShown::Hlc, false);
        assert!(l.width <= 300.0, "{}", l.width);
    }
}
