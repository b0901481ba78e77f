//! The fencing drawing: lock service, two clients and storage as labelled boxes, the
//! lease as a shrinking, labelled bar, messages along the links from box edge to box
//! edge, storage's write record.

use super::model::FencingModel;
use crate::islands::shell::markup::{Esc, Tenths};
use crate::islands::shell::ring::{along, progress, translate};
use sim::fencing::{Fencing, CLIENT_1, CLIENT_2, LOCK_SERVER, STORAGE};
use sim::NodeStatus;
use std::fmt::Write;

/// Box centres: lock service top, clients left and right, storage bottom.
const POS: [(f64, f64); 4] = [(220.0, 60.0), (80.0, 180.0), (360.0, 180.0), (220.0, 300.0)];
const BOX_W: f64 = 150.0;
const BOX_H: f64 = 70.0;
/// The lease bar, right of the lock service's box (no link passes there): its left end,
/// its label's baseline, the bar's top and its full width.
const BAR_X: f64 = 305.0;
const BAR_LABEL_Y: f64 = 50.0;
const BAR_Y: f64 = 58.0;
const BAR_W: f64 = 120.0;
/// A message's radius, and how far it travels to the left of its link (so the two
/// directions do not overlap).
const MESSAGE_R: f64 = 9.0;
const MESSAGE_SIDE: f64 = 5.0;

/// "client 1 (n2)" for node 1, etc. (the log names nodes n1 to n4).
pub fn role_name(node: usize) -> &'static str {
    match node {
        LOCK_SERVER => "lock service (n1)",
        CLIENT_1 => "client 1 (n2)",
        CLIENT_2 => "client 2 (n3)",
        STORAGE => "storage (n4)",
        _ => "node",
    }
}

fn server_lines(f: &Fencing) -> [String; 2] {
    match f.holder {
        Some((c, until)) => [
            // The node's number only: the client's full name is wider than its box.
            format!("held by n{} · token {}", c + 1, f.last_token),
            format!("lease ends t = {until} ms"),
        ],
        None => ["lock: free".into(), String::new()],
    }
}

fn client_lines(m: &FencingModel, node: usize, clock: f64) -> [String; 2] {
    let state = match m.sim().kernel().status(node) {
        NodeStatus::Paused => "paused (GC)",
        NodeStatus::Crashed => "crashed",
        NodeStatus::Up => "running",
    };
    let holds = match m.sim().state().client_tokens.get(node).copied().flatten() {
        Some((t, until)) => {
            let lease = if (until as f64) <= clock {
                "lease expired"
            } else {
                "lease valid"
            };
            format!("token {t} · {lease}")
        }
        None => "no token".into(),
    };
    [state.to_string(), holds]
}

fn storage_lines(m: &FencingModel) -> [String; 2] {
    let tokens = if m.tokens_on() { "checked" } else { "ignored" };
    [
        format!("fencing tokens: {tokens}"),
        format!("newest token seen: {}", m.sim().state().storage_token),
    ]
}

/// The text lines of a box.
fn lines(lines: &[String; 2], out: &mut String) {
    for (k, l) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<text class=\"fence-line\" y=\"{}\">{}</text>",
            Tenths(-BOX_H / 2.0 + 34.0 + 14.0 * k as f64),
            Esc(l)
        );
    }
}

/// A box for `node`; its lines are written by `content` (inside a `data-motion` element
/// for the clients, whose lease runs out with the clock).
fn boxed(node: usize, out: &mut String, content: impl FnOnce(&mut String)) {
    let _ = write!(
        out,
        "<g class=\"fence-node\" transform=\"{}\">\
         <rect class=\"fence-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>\
         <text class=\"node-name\" y=\"{}\">{}</text>",
        translate(POS[node]),
        Tenths(-BOX_W / 2.0),
        Tenths(-BOX_H / 2.0),
        Tenths(BOX_W),
        Tenths(BOX_H),
        Tenths(-BOX_H / 2.0 + 17.0),
        role_name(node)
    );
    content(out);
    out.push_str("</g>");
}

/// What the lease bar says at `clock`: the lease granted last, in whole ms left.
fn lease_text(m: &FencingModel, clock: f64) -> String {
    match m.sim().state().holder {
        Some((_, until)) if (until as f64) > clock => {
            format!("lease: {} ms left", (until as f64 - clock).ceil() as u64)
        }
        Some(_) => "lease: expired".to_string(),
        None => "lease: none".to_string(),
    }
}

/// The lease bar: the lock's remaining lease at `clock`, in a track, with its words.
fn lease_bar(m: &FencingModel, clock: f64, out: &mut String) {
    let width = match m.sim().state().holder {
        Some((_, until)) => ((until as f64 - clock) / m.lease_ms() as f64).clamp(0.0, 1.0) * BAR_W,
        None => 0.0,
    };
    let (x, y) = (Tenths(BAR_X), Tenths(BAR_Y));
    let _ = write!(
        out,
        "<text class=\"fence-line lease-label\" x=\"{x}\" y=\"{}\">{}</text>\
         <rect class=\"lease-track\" x=\"{x}\" y=\"{y}\" height=\"7\" width=\"{}\"/>\
         <rect class=\"lease-bar\" x=\"{x}\" y=\"{y}\" height=\"7\" width=\"{}\"/>",
        Tenths(BAR_LABEL_Y),
        lease_text(m, clock),
        Tenths(BAR_W),
        Tenths(width)
    );
}

/// Where a message from box `from` to box `to` is after `t` (0..=1) of its trip: from
/// the edge of one box to the edge of the other, so it never covers a box's text.
fn travel(from: usize, to: usize, t: f64) -> (f64, f64) {
    let (a, b) = (POS[from], POS[to]);
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    // The share of the centre-to-centre line inside a box grown by what a message
    // reaches beyond its centre line: its radius and its shift to the side.
    let clear = MESSAGE_R + MESSAGE_SIDE + 1.0;
    let inside = |half: f64, d: f64| if d > 0.0 { half / d } else { f64::INFINITY };
    let gap = inside(BOX_W / 2.0 + clear, dx).min(inside(BOX_H / 2.0 + clear, dy));
    along(a, b, gap + t * (1.0 - 2.0 * gap), MESSAGE_SIDE)
}

/// Messages in flight at `clock`.
fn messages(m: &FencingModel, clock: f64, out: &mut String) {
    for msg in m.sim().messages_in_flight() {
        let at = travel(
            msg.from,
            msg.to,
            progress(msg.sent_at, msg.deliver_at, clock),
        );
        let label = match msg.kind {
            "Write" => "W",
            "Grant" => "G",
            "Acquire" => "?",
            _ => "B",
        };
        let _ = write!(
            out,
            "<g class=\"msg msg-{}\" transform=\"{}\"><circle r=\"{}\"/><text class=\"msg-label\" y=\"4\">{label}</text></g>",
            Esc(&msg.kind.to_ascii_lowercase()),
            translate(at),
            Tenths(MESSAGE_R)
        );
    }
}

/// The content of the stage's `region`-th `data-motion` element at `clock`: the lease
/// bar, client 1's and client 2's lines, the messages.
pub fn motion(m: &FencingModel, region: usize, clock: f64, out: &mut String) {
    match region {
        0 => lease_bar(m, clock, out),
        1 => lines(&client_lines(m, CLIENT_1, clock), out),
        2 => lines(&client_lines(m, CLIENT_2, clock), out),
        _ => messages(m, clock, out),
    }
}

/// The stage's label: every box's lines at the current step (the engine redraws the
/// stage on every step, not on every frame, so the leases are judged at the step's time).
fn summary(m: &FencingModel) -> String {
    let f = m.sim().state();
    let clock = m.sim().now() as f64;
    let mut parts = Vec::with_capacity(9);
    parts.extend(server_lines(f));
    parts.push(lease_text(m, clock));
    parts.extend(client_lines(m, CLIENT_1, clock));
    parts.extend(client_lines(m, CLIENT_2, clock));
    parts.extend(storage_lines(m));
    format!("Lease lock with fencing: {}", parts.join("; "))
}

fn writes(f: &Fencing, out: &mut String) {
    out.push_str(
        "<div class=\"fence-writes\"><p class=\"fence-writes-title\">Writes that reached storage</p><ul>",
    );
    for w in &f.writes {
        // Words, not ✓/✗ (Debian's fonts draw some glyphs as empty boxes), and a stale
        // write that got through is the failure this widget is about, never a tick.
        let (class, verdict) = match (w.accepted, w.stale, w.below_newest) {
            (true, _, true) => (
                "write-stale",
                "accepted from an expired lease: storage is corrupted",
            ),
            (true, true, false) => (
                "write-stale",
                "accepted from an expired lease: no newer token had reached storage, so fencing could not tell",
            ),
            (true, false, false) => ("write-ok", "accepted"),
            (false, true, _) => ("write-rejected", "rejected: its token is stale"),
            (false, false, _) => ("write-rejected", "rejected"),
        };
        let _ = write!(
            out,
            "<li class=\"{class}\">t = {} ms: {} writes with token {}: {verdict}</li>",
            w.time,
            role_name(w.client),
            w.token
        );
    }
    out.push_str("</ul></div>");
}

/// The stage: the drawing (lease, client leases and messages at `clock`) and the writes.
pub fn stage(m: &FencingModel, clock: f64, out: &mut String) {
    let f = m.sim().state();
    let _ = write!(
        out,
        "<svg class=\"stage fence-stage\" viewBox=\"0 0 440 350\" role=\"img\" aria-label=\"{}\"><g class=\"links\">",
        Esc(&summary(m))
    );
    for (a, b) in [
        (LOCK_SERVER, CLIENT_1),
        (LOCK_SERVER, CLIENT_2),
        (CLIENT_1, STORAGE),
        (CLIENT_2, STORAGE),
    ] {
        let _ = write!(
            out,
            "<line class=\"link\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            Tenths(POS[a].0),
            Tenths(POS[a].1),
            Tenths(POS[b].0),
            Tenths(POS[b].1)
        );
    }
    out.push_str("</g>");
    boxed(LOCK_SERVER, out, |out| lines(&server_lines(f), out));
    out.push_str("<g data-motion=\"\">");
    lease_bar(m, clock, out);
    out.push_str("</g>");
    for client in [CLIENT_1, CLIENT_2] {
        boxed(client, out, |out| {
            out.push_str("<g data-motion=\"\">");
            lines(&client_lines(m, client, clock), out);
            out.push_str("</g>");
        });
    }
    boxed(STORAGE, out, |out| lines(&storage_lines(m), out));
    out.push_str("<g class=\"messages\" data-motion=\"\">");
    messages(m, clock, out);
    out.push_str("</g></svg>");
    writes(f, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::islands::shell::Widget;

    /// A message's circle stays clear of every box it travels between (edge to edge, as
    /// the Raft widget draws them), so it never covers a box's text.
    #[test]
    fn messages_travel_from_edge_to_edge_and_never_cover_a_box() {
        let links = [
            (LOCK_SERVER, CLIENT_1),
            (LOCK_SERVER, CLIENT_2),
            (CLIENT_1, STORAGE),
            (CLIENT_2, STORAGE),
        ];
        for (a, b) in links {
            for (from, to) in [(a, b), (b, a)] {
                for k in 0..=20 {
                    let (x, y) = travel(from, to, f64::from(k) / 20.0);
                    for (cx, cy) in POS {
                        let clear = (x - cx).abs() >= BOX_W / 2.0 + MESSAGE_R
                            || (y - cy).abs() >= BOX_H / 2.0 + MESSAGE_R;
                        assert!(
                            clear,
                            "{from}->{to} at {k}/20: ({x}, {y}) over ({cx}, {cy})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_lease_bar_says_how_long_the_lease_has_left() {
        let mut m = FencingModel::new(&crate::islands::registry::args("fencing"));
        let label = |m: &FencingModel, clock: f64| {
            let mut out = String::new();
            m.motion(0, clock, &mut out);
            out
        };
        assert!(label(&m, 0.0).contains(">lease: none</text>"));
        m.run_mut().run_until(100);
        let (_, until) = m.sim().state().holder.expect("client 1 holds the lock");
        let clock = until as f64 - 120.0;
        assert!(label(&m, clock).contains(">lease: 120 ms left</text>"));
        assert!(label(&m, until as f64).contains(">lease: expired</text>"));
        let mut out = String::new();
        stage(&m, m.run().now() as f64, &mut out);
        assert!(
            out.contains("ms left"),
            "the stage's label reads the lease too"
        );
    }
}
