//! The CRDT network drawn as SVG: replicas on a ring with their values, the links
//! between them (cut links dashed and labelled), and sync messages in flight.

use leptos::prelude::*;
use sim::crdt::CrdtView;
use sim::{MessageView, NodeStatus};

/// Width of the drawing in SVG units.
pub const WIDTH: f64 = 440.0;
/// Height of the drawing in SVG units.
pub const HEIGHT: f64 = 310.0;
const RADIUS: f64 = 100.0;
const NODE_R: f64 = 30.0;

/// Centre of replica `i` of `n` (the first at the top, then clockwise).
fn position(i: usize, n: usize) -> (f64, f64) {
    if n == 2 {
        return (WIDTH / 2.0 + (i as f64 * 2.0 - 1.0) * 140.0, HEIGHT / 2.0);
    }
    let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
    (
        WIDTH / 2.0 + 1.5 * RADIUS * angle.cos(),
        HEIGHT / 2.0 + RADIUS * angle.sin(),
    )
}

/// Where a message is at virtual time `t` (0 = just sent, 1 = arriving).
fn progress(m: &MessageView, t: f64) -> f64 {
    let span = m.deliver_at.saturating_sub(m.sent_at).max(1) as f64;
    ((t - m.sent_at as f64) / span).clamp(0.0, 1.0)
}

fn glyph(kind: &str) -> &'static str {
    match kind {
        "Delta" => "Δ",
        "State" => "S",
        _ => "✓",
    }
}

/// The whole stage for `view` with `messages` in flight, at (fractional) virtual time `t`.
pub fn crdt_stage(view: &CrdtView, messages: &[MessageView], t: f64) -> impl IntoView {
    let n = view.replicas.len();
    let cut =
        |a: usize, b: usize| view.cut_links.contains(&(a, b)) || view.cut_links.contains(&(b, a));
    let links = (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .map(|(a, b)| {
            let ((x1, y1), (x2, y2)) = (position(a, n), position(b, n));
            let is_cut = cut(a, b);
            let label = is_cut.then(|| {
                view! {
                    <text class="crdt-cut-label" x=(x1 + x2) / 2.0 y=(y1 + y2) / 2.0 - 4.0 text-anchor="middle">
                        "✕ cut"
                    </text>
                }
            });
            view! {
                <line class="crdt-link" class:crdt-link-cut=is_cut x1=x1 y1=y1 x2=x2 y2=y2/>
                {label}
            }
        })
        .collect_view();
    let nodes = view
        .replicas
        .iter()
        .map(|r| {
            let (x, y) = position(r.id, n);
            let down = r.status != NodeStatus::Up;
            let status = if down { " (down)" } else { "" };
            view! {
                <g class="crdt-node" class:crdt-node-down=down>
                    <circle cx=x cy=y r=NODE_R/>
                    <text class="crdt-node-name" x=x y=y + 5.0 text-anchor="middle">
                        {format!("n{}{status}", r.id + 1)}
                    </text>
                    <text class="crdt-node-value" x=x y=y + NODE_R + 18.0 text-anchor="middle">
                        {r.value.clone()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let msgs = messages
        .iter()
        .map(|m| {
            let ((x1, y1), (x2, y2)) = (position(m.from, n), position(m.to, n));
            // Kept off the node circles so a message never hides a replica's name.
            let p = 0.15 + 0.7 * progress(m, t);
            let (x, y) = (x1 + (x2 - x1) * p, y1 + (y2 - y1) * p);
            let mark = if m.lost { "✗" } else { glyph(m.kind) };
            view! {
                <g class="crdt-msg" class:crdt-msg-lost=m.lost>
                    <title>{m.summary.clone()}</title>
                    <circle cx=x cy=y r="11"/>
                    <text x=x y=y + 4.5 text-anchor="middle">{mark}</text>
                </g>
            }
        })
        .collect_view();
    let summary = format!(
        "{} replicas; values {}; {} messages in flight",
        n,
        view.replicas
            .iter()
            .map(|r| format!("n{} = {}", r.id + 1, r.value))
            .collect::<Vec<_>>()
            .join(", "),
        messages.len()
    );
    view! {
        <svg class="crdt-stage" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary>
            <g>{links}</g>
            <g>{nodes}</g>
            <g>{msgs}</g>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_stay_inside_the_drawing() {
        for n in 2..=5 {
            for i in 0..n {
                let (x, y) = position(i, n);
                assert!(
                    x - NODE_R >= 0.0 && x + NODE_R <= WIDTH,
                    "n={n} i={i} x={x}"
                );
                assert!(
                    y - NODE_R >= 0.0 && y + NODE_R + 22.0 <= HEIGHT,
                    "n={n} i={i} y={y}"
                );
            }
        }
    }

    #[test]
    fn messages_move_from_sender_to_receiver() {
        let m = MessageView {
            id: 1,
            from: 0,
            to: 1,
            kind: "State",
            summary: String::new(),
            sent_at: 100,
            deliver_at: 120,
            lost: false,
        };
        assert_eq!(progress(&m, 90.0), 0.0);
        assert_eq!(progress(&m, 110.0), 0.5);
        assert_eq!(progress(&m, 500.0), 1.0);
    }
}
