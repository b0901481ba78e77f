//! The fencing drawing: lock service, two clients and storage as labelled boxes, the
//! lease as a shrinking, labelled bar, messages along the links from box edge to box
//! edge, storage's write record.

use super::model::FencingModel;
use crate::islands::shell::markup::{Esc, Tenths};
use crate::islands::shell::ring::{along, progress, translate};
use sim::fencing::{Fencing, CLIENT_1, CLIENT_2, LOCK_SERVER, STORAGE};
use sim::NodeStatus;
use std::fmt::Write;

/// Where a drawing puts its boxes and the lease bar. The stage holds two drawings and
/// shows the one that fits (a container query in main.css): [`WIDE`], and [`NARROW`] for
/// a phone, where the wide drawing is about 300 px across (x0.68) and its 11-unit text
/// would be 7.5 px; the narrow one is 300 units across, so its 12-unit text reads at about
/// 12 px, and a client's token and lease go on lines of their own.
struct Layout {
    class: &'static str,
    view: (u16, u16),
    /// Each box's centre and size: lock service, client 1, client 2, storage.
    boxes: [Rect; 4],
    /// Where the lease bar's label starts and its baseline.
    label: (f64, f64),
    /// The bar's left end, its top and its full width.
    bar: (f64, f64, f64),
    /// Whether a client's line is broken at its " · " (each part on a line of its own).
    split_clients: bool,
}

#[derive(Clone, Copy)]
struct Rect {
    centre: (f64, f64),
    size: (f64, f64),
}

const fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
    Rect {
        centre: (x, y),
        size: (w, h),
    }
}

/// Lock service top, clients left and right, storage bottom; the lease bar right of the
/// lock service (no link passes there).
const WIDE: Layout = Layout {
    class: "fence-wide",
    view: (440, 350),
    boxes: [
        rect(220.0, 60.0, 150.0, 70.0),
        rect(80.0, 180.0, 150.0, 70.0),
        rect(360.0, 180.0, 150.0, 70.0),
        rect(220.0, 300.0, 150.0, 70.0),
    ],
    label: (305.0, 50.0),
    bar: (305.0, 58.0, 120.0),
    split_clients: false,
};

/// The same places on a 300-unit drawing: the lock service the full width with the lease
/// bar inside its box, the clients half the width each.
const NARROW: Layout = Layout {
    class: "fence-narrow",
    view: (300, 366),
    boxes: [
        rect(150.0, 44.0, 290.0, 80.0),
        rect(76.0, 196.0, 142.0, 76.0),
        rect(224.0, 196.0, 142.0, 76.0),
        rect(150.0, 330.0, 210.0, 64.0),
    ],
    label: (15.0, 74.0),
    bar: (165.0, 67.0, 120.0),
    split_clients: true,
};

const LAYOUTS: [&Layout; 2] = [&WIDE, &NARROW];
/// The `data-motion` regions of one drawing: the lease bar, two clients' lines, messages.
const REGIONS: usize = 4;

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

/// The text lines of box `b`, each broken at its " · " when `split`.
fn lines(b: Rect, lines: &[String; 2], split: bool, out: &mut String) {
    let parts = lines
        .iter()
        .flat_map(|l| match l.split_once(" · ") {
            Some((a, b)) if split => [Some(a), Some(b)],
            _ => [Some(l.as_str()), None],
        })
        .flatten();
    for (k, l) in parts.enumerate() {
        let _ = write!(
            out,
            "<text class=\"fence-line\" y=\"{}\">{}</text>",
            Tenths(-b.size.1 / 2.0 + 34.0 + 14.0 * k as f64),
            Esc(l)
        );
    }
}

/// Box `b` for `node`; its lines are written by `content` (inside a `data-motion` element
/// for the clients, whose lease runs out with the clock).
fn boxed(b: Rect, node: usize, out: &mut String, content: impl FnOnce(&mut String)) {
    let (w, h) = b.size;
    let _ = write!(
        out,
        "<g class=\"fence-node\" transform=\"{}\">\
         <rect class=\"fence-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>\
         <text class=\"node-name\" y=\"{}\">{}</text>",
        translate(b.centre),
        Tenths(-w / 2.0),
        Tenths(-h / 2.0),
        Tenths(w),
        Tenths(h),
        Tenths(-h / 2.0 + 17.0),
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

/// The lease bar of layout `l`: the lock's remaining lease at `clock`, in a track, with
/// its words.
fn lease_bar(m: &FencingModel, l: &Layout, clock: f64, out: &mut String) {
    let (bar_x, bar_y, full) = l.bar;
    let width = match m.sim().state().holder {
        Some((_, until)) => ((until as f64 - clock) / m.lease_ms() as f64).clamp(0.0, 1.0) * full,
        None => 0.0,
    };
    let (x, y) = (Tenths(bar_x), Tenths(bar_y));
    let _ = write!(
        out,
        "<text class=\"fence-line lease-label\" x=\"{}\" y=\"{}\">{}</text>\
         <rect class=\"lease-track\" x=\"{x}\" y=\"{y}\" height=\"7\" width=\"{}\"/>\
         <rect class=\"lease-bar\" x=\"{x}\" y=\"{y}\" height=\"7\" width=\"{}\"/>",
        Tenths(l.label.0),
        Tenths(l.label.1),
        lease_text(m, clock),
        Tenths(full),
        Tenths(width)
    );
}

/// Where a message from box `from` to box `to` of layout `l` is after `t` (0..=1) of its
/// trip: from the edge of one box to the edge of the other, so it never covers a box's
/// text.
fn travel(l: &Layout, from: usize, to: usize, t: f64) -> (f64, f64) {
    let (a, b) = (l.boxes[from], l.boxes[to]);
    let (dx, dy) = (
        (b.centre.0 - a.centre.0).abs(),
        (b.centre.1 - a.centre.1).abs(),
    );
    // The share of the centre-to-centre line inside a box grown by what a message
    // reaches beyond its centre line: its radius and its shift to the side.
    let clear = MESSAGE_R + MESSAGE_SIDE + 1.0;
    let inside = |half: f64, d: f64| if d > 0.0 { half / d } else { f64::INFINITY };
    let gap = |r: Rect| inside(r.size.0 / 2.0 + clear, dx).min(inside(r.size.1 / 2.0 + clear, dy));
    let (leave, reach) = (gap(a), gap(b));
    along(
        a.centre,
        b.centre,
        leave + t * (1.0 - leave - reach),
        MESSAGE_SIDE,
    )
}

/// Messages in flight at `clock`, in layout `l`.
fn messages(m: &FencingModel, l: &Layout, clock: f64, out: &mut String) {
    for msg in m.sim().messages_in_flight() {
        let at = travel(
            l,
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

/// The content of the stage's `region`-th `data-motion` element at `clock`: in each
/// drawing (wide, then narrow), the lease bar, client 1's and client 2's lines, the
/// messages.
pub fn motion(m: &FencingModel, region: usize, clock: f64, out: &mut String) {
    let l = LAYOUTS[(region / REGIONS).min(LAYOUTS.len() - 1)];
    match region % REGIONS {
        0 => lease_bar(m, l, clock, out),
        1 => client(m, l, CLIENT_1, clock, out),
        2 => client(m, l, CLIENT_2, clock, out),
        _ => messages(m, l, clock, out),
    }
}

fn client(m: &FencingModel, l: &Layout, node: usize, clock: f64, out: &mut String) {
    lines(
        l.boxes[node],
        &client_lines(m, node, clock),
        l.split_clients,
        out,
    );
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

/// One drawing of the stage, in layout `l`, named `label`.
fn drawing(m: &FencingModel, l: &Layout, label: &str, clock: f64, out: &mut String) {
    let f = m.sim().state();
    let _ = write!(
        out,
        "<svg class=\"stage fence-stage {}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\"><g class=\"links\">",
        l.class,
        l.view.0,
        l.view.1,
        Esc(label)
    );
    for (a, b) in [
        (LOCK_SERVER, CLIENT_1),
        (LOCK_SERVER, CLIENT_2),
        (CLIENT_1, STORAGE),
        (CLIENT_2, STORAGE),
    ] {
        let (a, b) = (l.boxes[a].centre, l.boxes[b].centre);
        let _ = write!(
            out,
            "<line class=\"link\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            Tenths(a.0),
            Tenths(a.1),
            Tenths(b.0),
            Tenths(b.1)
        );
    }
    out.push_str("</g>");
    let b = l.boxes;
    boxed(b[LOCK_SERVER], LOCK_SERVER, out, |out| {
        lines(b[LOCK_SERVER], &server_lines(f), false, out);
    });
    out.push_str("<g data-motion=\"\">");
    lease_bar(m, l, clock, out);
    out.push_str("</g>");
    for node in [CLIENT_1, CLIENT_2] {
        boxed(b[node], node, out, |out| {
            out.push_str("<g data-motion=\"\">");
            client(m, l, node, clock, out);
            out.push_str("</g>");
        });
    }
    boxed(b[STORAGE], STORAGE, out, |out| {
        lines(b[STORAGE], &storage_lines(m), false, out);
    });
    out.push_str("<g class=\"messages\" data-motion=\"\">");
    messages(m, l, clock, out);
    out.push_str("</g></svg>");
}

/// The stage: both drawings (CSS shows the one that fits) and the writes.
pub fn stage(m: &FencingModel, clock: f64, out: &mut String) {
    let label = summary(m);
    out.push_str("<div class=\"fence-drawing\">");
    for l in LAYOUTS {
        drawing(m, l, &label, clock, out);
    }
    out.push_str("</div>");
    writes(m.sim().state(), out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::islands::shell::Widget;

    /// A message's circle stays clear of every box it travels between (edge to edge, as
    /// the Raft widget draws them), so it never covers a box's text, in both layouts.
    #[test]
    fn messages_travel_from_edge_to_edge_and_never_cover_a_box() {
        let links = [
            (LOCK_SERVER, CLIENT_1),
            (LOCK_SERVER, CLIENT_2),
            (CLIENT_1, STORAGE),
            (CLIENT_2, STORAGE),
        ];
        for l in LAYOUTS {
            for (a, b) in links {
                for (from, to) in [(a, b), (b, a)] {
                    for k in 0..=20 {
                        let (x, y) = travel(l, from, to, f64::from(k) / 20.0);
                        for r in l.boxes {
                            let ((cx, cy), (w, h)) = (r.centre, r.size);
                            let clear = (x - cx).abs() >= w / 2.0 + MESSAGE_R
                                || (y - cy).abs() >= h / 2.0 + MESSAGE_R;
                            assert!(
                                clear,
                                "{}: {from}->{to} at {k}/20: ({x}, {y}) over ({cx}, {cy})",
                                l.class
                            );
                        }
                    }
                }
            }
        }
    }

    /// Every box of both layouts lies inside its drawing, and no two overlap.
    #[test]
    fn the_boxes_fit_their_drawing() {
        for l in LAYOUTS {
            let edges = |r: Rect| {
                let ((x, y), (w, h)) = (r.centre, r.size);
                (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0)
            };
            for (i, r) in l.boxes.iter().enumerate() {
                let (left, top, right, bottom) = edges(*r);
                assert!(left >= 0.0 && top >= 0.0, "{}: box {i}", l.class);
                assert!(
                    right <= f64::from(l.view.0) && bottom <= f64::from(l.view.1),
                    "{}: box {i}",
                    l.class
                );
                for other in &l.boxes[i + 1..] {
                    let (l2, t2, r2, b2) = edges(*other);
                    assert!(
                        right <= l2 || r2 <= left || bottom <= t2 || b2 <= top,
                        "{}: box {i} overlaps another",
                        l.class
                    );
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
