//! The space-time diagram: one lane per process, events left to right in the order
//! they happened, message arrows, and the selected events' causal marks.

use leptos::prelude::*;
use sim::clocks::{ClockEventKind, ClocksView, Relation};
use sim::MessageView;

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
        ClockShown::Hlc => format!("{}.{}", e.hlc.l, e.hlc.c),
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
    let len = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (tx, ty) = (x2 - ux * 10.0, y2 - uy * 10.0);
    let (bx, by) = (tx - ux * 9.0, ty - uy * 9.0);
    format!(
        "{tx:.1},{ty:.1} {:.1},{:.1} {:.1},{:.1}",
        bx - uy * 4.5,
        by + ux * 4.5,
        bx + uy * 4.5,
        by - ux * 4.5
    )
}

/// Event handlers of the diagram.
#[derive(Clone, Copy)]
pub struct DiagramActions {
    /// An event was clicked or activated with the keyboard.
    pub select: Callback<usize>,
    /// A lane's empty space was clicked.
    pub lane: Callback<usize>,
}

/// Draws `view` with `messages` in flight at virtual time `t`.
pub fn diagram(
    view: &ClocksView,
    messages: &[MessageView],
    t: f64,
    shown: ClockShown,
    selected: &[usize],
    actions: DiagramActions,
) -> impl IntoView {
    let layout = Layout::of(view, shown);
    let lanes = (0..view.processes.len())
        .map(|i| {
            let y = lane_y(i);
            view! {
                <g class="clk-lane">
                    <rect class="clk-lane-hit" x=LEFT y=y - LANE_GAP / 2.0 width=layout.width - LEFT height=LANE_GAP
                        on:click=move |_| actions.lane.run(i)/>
                    <line x1=LEFT y1=y x2=layout.width - 10.0 y2=y/>
                    <text class="clk-lane-name" x="12" y=y + 5.0>{format!("p{}", i + 1)}</text>
                </g>
            }
        })
        .collect_view();
    let arrows = view
        .events
        .iter()
        .filter_map(|e| match e.kind {
            ClockEventKind::Receive { send, .. } => {
                let from = view.events.get(send)?;
                let (x1, y1) = layout.at(send, from.process);
                let (x2, y2) = layout.at(e.id, e.process);
                Some(view! {
                    <line class="clk-msg" x1=x1 y1=y1 x2=x2 y2=y2/>
                    <polygon class="clk-arrow-head" points=arrow_head(x1, y1, x2, y2)/>
                })
            }
            _ => None,
        })
        .collect_view();
    let flying = messages
        .iter()
        .filter_map(|m| {
            let send = view
                .events
                .iter()
                .rev()
                .find(|e| e.process == m.from && e.kind == ClockEventKind::Send { to: m.to })?;
            let (x1, y1) = layout.at(send.id, m.from);
            let (x2, y2) = layout.at(view.events.len(), m.to);
            let span = m.deliver_at.saturating_sub(m.sent_at).max(1) as f64;
            let p = ((t - m.sent_at as f64) / span).clamp(0.05, 0.95);
            let (x, y) = (x1 + (x2 - x1) * p, y1 + (y2 - y1) * p);
            Some(view! {
                <line class="clk-msg clk-msg-flying" class:clk-msg-lost=m.lost x1=x1 y1=y1 x2=x y2=y/>
                <text class="clk-flying-label" x=x + 6.0 y=y - 6.0>{if m.lost { "✗ lost" } else { "in flight" }}</text>
            })
        })
        .collect_view();
    let events = view
        .events
        .iter()
        .map(|e| {
            let id = e.id;
            let (x, y) = layout.at(id, e.process);
            let label_y = if id % 2 == 0 { y - 16.0 } else { y + 26.0 };
            let m = mark(view, id, selected);
            let (tag, tag_text) = match m {
                Mark::Selected => ("clk-selected", "selected"),
                Mark::Past => ("clk-past", "before"),
                Mark::Future => ("clk-future", "after"),
                Mark::Concurrent => ("clk-concurrent", "concurrent"),
                Mark::None => ("", ""),
            };
            let name = format!("e{id}");
            let label = format!(
                "{name} on p{}: {}{}",
                e.process + 1,
                stamp(view, id, shown),
                if tag_text.is_empty() { String::new() } else { format!(", {tag_text}") }
            );
            let tag_y = if id % 2 == 0 { y + 24.0 } else { y - 14.0 };
            let glyph = match m {
                Mark::Selected => "●",
                Mark::Past => "◀",
                Mark::Future => "▶",
                Mark::Concurrent => "∥",
                Mark::None => "",
            };
            view! {
                <g class=format!("clk-event {tag}") tabindex="0" role="button"
                    aria-pressed=if m == Mark::Selected { "true" } else { "false" }
                    aria-label=label
                    on:click=move |_| actions.select.run(id)
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            actions.select.run(id);
                        }
                    }>
                    <circle cx=x cy=y r="9"/>
                    <text class="clk-stamp" x=x y=label_y text-anchor="middle">{stamp(view, id, shown)}</text>
                    <text class="clk-tag" x=x y=tag_y text-anchor="middle">{format!("{name}{glyph}")}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="clk-diagram" width=layout.width height=layout.height
            viewBox=format!("0 0 {} {}", layout.width, layout.height)>
            {lanes}
            {arrows}
            {flying}
            {events}
        </svg>
    }
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
