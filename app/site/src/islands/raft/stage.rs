//! The Raft drawing: nodes on a ring (role as shape and text, term, vote, election timer
//! arc), links with cut markers, messages in flight and dropped ones falling, and the logs.

use super::model::{Act, Menu, RaftModel};
use crate::islands::shell::action::{Action, Pair};
use crate::islands::shell::markup::{crash_or_restart, Esc, Tenths};
use crate::islands::shell::paint::{self, Colour, Paint, Tag};
use crate::islands::shell::ring::{
    along, cut_mark, distance, name, node_pos, progress, ring_direction, translate,
};
use crate::islands::shell::timeline::recent_drops;
use sim::raft::{RaftMsg, RaftSim, RaftView, Role};
use sim::NodeStatus;
use std::fmt::Write;

/// The drawing's `viewBox` size.
const VIEW: (u16, u16) = (440, 440);
/// Low enough that a top node's vote line fits above it, high enough that a bottom node's
/// fits under it (7 nodes: 8 units to spare at the top, 9 at the bottom).
const CENTER: (f64, f64) = (220.0, 226.0);
const TIMER_R: f64 = 39.0;
const MESSAGE_R: f64 = 6.0;
/// How far from a node's centre a message starts and ends: past its shape and text.
const NODE_EDGE: f64 = 44.0;
/// The box of a node's vote line: its half width, and how far from the node's centre it
/// ends, under a node in the lower half of the ring and above one in the upper half. On
/// the outer side, a message between the node's two neighbours never crosses it: with 7
/// nodes that chord passes 60 units inside the node, right over a line drawn inward.
const VOTE_LINE: (f64, f64) = (40.0, 62.0);
/// Where the vote line's text sits, from the node's centre: its baseline under the node,
/// or above it.
const VOTE_BELOW: f64 = 54.0;
const VOTE_ABOVE: f64 = -47.0;
/// Virtual ms a dropped message stays visible while it falls.
const FALL_MS: u64 = 40;
/// Log entries shown per node (the most recent).
const LOG_SHOWN: usize = 8;

fn ring_radius(n: usize) -> f64 {
    match n {
        0..=3 => 115.0,
        4..=5 => 145.0,
        _ => 160.0,
    }
}

fn pos(i: usize, n: usize) -> (f64, f64) {
    node_pos(i, n, CENTER, ring_radius(n))
}

/// Whether node `i` of `n` has its vote line above it (it sits in the ring's upper half).
fn vote_above(i: usize, n: usize) -> bool {
    ring_direction(i, n).1 < -0.01
}

pub(super) fn role_word(status: NodeStatus, role: Role) -> &'static str {
    match (status, role) {
        (NodeStatus::Crashed, _) => "crashed",
        (NodeStatus::Paused, _) => "paused",
        (_, Role::Leader) => "leader",
        (_, Role::Candidate) => "candidate",
        (_, Role::PreCandidate) => "pre-vote",
        (_, Role::Follower) => "follower",
    }
}

/// The node's shape: a square for a leader, a diamond for a candidate (hollow for
/// pre-vote), a circle for a follower, a grey circle when crashed.
fn shape(status: NodeStatus, role: Role) -> &'static str {
    match (status, role) {
        (NodeStatus::Crashed, _) => "<circle class=\"shape shape-down\" r=\"30\"/>",
        (_, Role::Leader) => {
            "<rect class=\"shape shape-leader-outer\" x=\"-34\" y=\"-34\" width=\"68\" height=\"68\" rx=\"8\"/>\
             <rect class=\"shape shape-leader\" x=\"-29\" y=\"-29\" width=\"58\" height=\"58\" rx=\"5\"/>"
        }
        (_, Role::Candidate) => {
            "<path class=\"shape shape-candidate\" d=\"M0,-36L36,0L0,36L-36,0Z\"/>"
        }
        (_, Role::PreCandidate) => {
            "<path class=\"shape shape-precandidate\" d=\"M0,-36L36,0L0,36L-36,0Z\"/>"
        }
        (_, Role::Follower) => "<circle class=\"shape shape-follower\" r=\"30\"/>",
    }
}

fn summary(v: &RaftView) -> String {
    let nodes: Vec<String> = v
        .nodes
        .iter()
        .map(|x| {
            format!(
                "{} {} term {}",
                name(x.id),
                role_word(x.status, x.role),
                x.term
            )
        })
        .collect();
    format!("Raft cluster at t = {} ms: {}.", v.now, nodes.join("; "))
}

/// The links, `picked` (a link's menu is open) drawn thicker; `clickable` for the
/// drawing the reader acts on (a twin's is only looked at).
fn links(v: &RaftView, picked: Option<(usize, usize)>, clickable: bool, out: &mut String) {
    let n = v.nodes.len();
    let picked = picked.map(|(a, b)| (a.min(b), a.max(b)));
    let is_cut =
        |a: usize, b: usize| v.cut_links.contains(&(a, b)) || v.cut_links.contains(&(b, a));
    out.push_str("<g class=\"links\">");
    for a in 0..n {
        for b in a + 1..n {
            let ((x1, y1), (x2, y2)) = (pos(a, n), pos(b, n));
            let (x1, y1, x2, y2) = (Tenths(x1), Tenths(y1), Tenths(x2), Tenths(y2));
            let class = match (is_cut(a, b), picked == Some((a, b))) {
                (true, true) => "link link-cut link-picked",
                (true, false) => "link link-cut",
                (false, true) => "link link-picked",
                (false, false) => "link",
            };
            let line = format!("x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"");
            if clickable {
                let _ = write!(
                    out,
                    "<g{}><line class=\"{class}\" {line}/><line class=\"link-hit\" {line}/></g>",
                    Act::Link(Pair(a, b)).attrs()
                );
            } else {
                let _ = write!(out, "<line class=\"{class}\" {line}/>");
            }
        }
    }
    out.push_str("</g><g class=\"cut-marks\">");
    for (from, to) in &v.cut_links {
        cut_mark(pos(*from, n), pos(*to, n), 0.6, 5.0, 4, out);
    }
    out.push_str("</g>");
}

/// The nodes; `clickable` as for [`links`].
fn nodes(v: &RaftView, selected: Option<usize>, clickable: bool, out: &mut String) {
    let n = v.nodes.len();
    out.push_str("<g class=\"nodes\">");
    for x in &v.nodes {
        let i = x.id;
        let picked = if selected == Some(i) {
            " is-selected"
        } else {
            ""
        };
        let vote = x.voted_for.map_or("none".to_string(), name);
        let (vote_class, vote_y) = if vote_above(i, n) {
            ("node-vote vote-above", Tenths(VOTE_ABOVE))
        } else {
            ("node-vote", Tenths(VOTE_BELOW))
        };
        let _ = write!(
            out,
            "<g class=\"raft-node{picked}\" transform=\"{}\"{}>\
             <circle class=\"timer-track\" r=\"{}\"/>{}\
             <text class=\"node-name\" y=\"-9\">{}</text>\
             <text class=\"node-role\" y=\"5\">{}</text>\
             <text class=\"node-term\" y=\"18\">term {}</text>\
             <text class=\"{vote_class}\" y=\"{vote_y}\">vote: {vote}</text></g>",
            translate(pos(i, n)),
            if clickable {
                Act::Node(i).attrs().to_string()
            } else {
                String::new()
            },
            Tenths(TIMER_R),
            shape(x.status, x.role),
            name(i),
            role_word(x.status, x.role),
            x.term,
        );
    }
    out.push_str("</g>");
}

/// The election timers (shrinking arcs), messages in flight and recently dropped ones
/// falling, at `clock`.
pub fn paint(m: &RaftModel, clock: f64, paint: &mut Paint) {
    paint.start(f64::from(VIEW.0), f64::from(VIEW.1));
    timers(m, clock, paint);
    messages(m, clock, paint);
}

fn timers(m: &RaftModel, clock: f64, paint: &mut Paint) {
    let (n, sim) = (m.nodes(), m.sim());
    for id in 0..n {
        let timer = sim.state().election_timer(sim.kernel(), id);
        if let Some((remaining, total)) = timer.filter(|&(_, total)| total > 0) {
            let left = ((sim.now() + remaining) as f64 - clock) / total as f64;
            paint.arc(pos(id, n), TIMER_R, left, Colour::Accent);
        }
    }
}

fn messages(m: &RaftModel, clock: f64, paint: &mut Paint) {
    let n = m.nodes();
    let travel = |from: usize, to: usize, t: f64| travel(from, to, n, t);
    for env in m.sim().kernel().in_flight() {
        let (tag, colour) = message_tag(&env.msg);
        let t = progress(env.sent_at, env.deliver_at, clock);
        paint.tag(travel(env.from, env.to, t), tag, colour);
    }
    for msg in recent_drops(m.sim(), FALL_MS) {
        let spot = travel(msg.from, msg.to, 0.75);
        let age = (clock - msg.deliver_at as f64).max(0.0);
        let fading = 1.0 - age / FALL_MS as f64;
        paint.dropped((spot.0, spot.1 + age * 1.2), MESSAGE_R, fading);
    }
}

/// Where a message from node `from` to node `to` (of `n`) is when it has gone `t` of the
/// way: from edge to edge of the two nodes, so that it never covers a node's text.
fn travel(from: usize, to: usize, n: usize, t: f64) -> (f64, f64) {
    let (a, b) = (pos(from, n), pos(to, n));
    let d = distance(a, b).max(1.0);
    let (ux, uy) = ((b.0 - a.0) / d, (b.1 - a.1) / d);
    let leave = clearance(ux, uy, vote_above(from, n)) / d;
    let reach = clearance(-ux, -uy, vote_above(to, n)) / d;
    along(a, b, leave + t * (1.0 - leave - reach), 7.0)
}

/// How far from a node's centre a message leaving in direction `(ux, uy)` (a unit vector)
/// starts: past the node's shape, and past its vote line when it heads that way (up when
/// the line is `above`).
fn clearance(ux: f64, uy: f64, above: bool) -> f64 {
    let (half_width, end) = VOTE_LINE;
    let towards = if above { -uy } else { uy };
    let past_vote = if towards > 0.0 {
        (end / towards).min(half_width / ux.abs().max(1e-6))
    } else {
        0.0
    };
    NODE_EDGE.max(past_vote)
}

/// What a message says, written on it, and its colour: votes asked, votes given, entries
/// sent, replies.
fn message_tag(msg: &RaftMsg) -> (Tag, Colour) {
    let answer = |yes: bool| if yes { Tag::Yes } else { Tag::No };
    match msg {
        RaftMsg::RequestVote { pre_vote: true, .. } => (Tag::PreVote, Colour::Candidate),
        RaftMsg::RequestVote { .. } => (Tag::RequestVote, Colour::Candidate),
        RaftMsg::Vote { granted, .. } => (answer(*granted), Colour::Important),
        RaftMsg::AppendEntries { entries, .. } if entries.is_empty() => {
            (Tag::Heartbeat, Colour::Leader)
        }
        RaftMsg::AppendEntries { .. } => (Tag::AppendEntries, Colour::Leader),
        RaftMsg::AppendReply { success, .. } => (answer(*success), Colour::Note),
        RaftMsg::Forward { .. } => (Tag::Command, Colour::Accent),
    }
}

/// The actions on what the reader clicked, right under the drawing (the panel below
/// keeps them all, for the keyboard). A box laid over the drawing would need an inline
/// position, which the pages' Content-Security-Policy (`style-src 'self'`) refuses.
fn menu(v: &RaftView, open: Menu, out: &mut String) {
    let close = |out: &mut String| {
        let _ = write!(
            out,
            "<button type=\"button\" class=\"stage-menu-close\"{} aria-label=\"Close this menu\">✕</button></div>",
            Act::CloseMenu.attrs()
        );
    };
    match open {
        Menu::Node(i) => {
            let Some(x) = v.nodes.get(i) else { return };
            let _ = write!(
                out,
                "<div class=\"stage-menu\" role=\"group\" aria-label=\"{0}, {1}\"><span class=\"stage-menu-title\">{0}:</span>",
                name(i),
                role_word(x.status, x.role),
            );
            crash_or_restart(
                x.status == NodeStatus::Crashed,
                Act::Crash(i),
                Act::Restart(i),
                i,
                "",
                out,
            );
            let _ = write!(
                out,
                "<button type=\"button\"{}>Force timeout</button>\
                 <button type=\"button\"{}>Client request</button>",
                Act::Timeout(i).attrs(),
                Act::Request(i).attrs()
            );
            close(out);
        }
        Menu::Link(a, b) => {
            let (na, nb) = (name(a), name(b));
            let cut = |from: usize, to: usize| v.cut_links.contains(&(from, to));
            let state = match (cut(a, b), cut(b, a)) {
                (true, true) => "cut both ways",
                (true, false) => "cut one way",
                (false, true) => "cut the other way",
                (false, false) => "up",
            };
            let _ = write!(
                out,
                "<div class=\"stage-menu\" role=\"group\" aria-label=\"Link {na}–{nb}\">\
                 <span class=\"stage-menu-title\">{na}–{nb}, {state}:</span>\
                 <button type=\"button\"{}>Cut {na} → {nb}</button>\
                 <button type=\"button\"{}>Cut {nb} → {na}</button>\
                 <button type=\"button\"{}>Cut both ways</button>\
                 <button type=\"button\"{}>Heal all</button>",
                Act::Cut(Pair(a, b)).attrs(),
                Act::Cut(Pair(b, a)).attrs(),
                Act::CutPair(Pair(a, b)).attrs(),
                Act::Heal.attrs()
            );
            close(out);
        }
    }
}

/// What the drawing's shapes, ring and message tags mean.
fn legend(out: &mut String) {
    out.push_str(
        "<ul class=\"raft-legend\" aria-label=\"Legend\"><li>▢ leader</li><li>◇ candidate (hollow: pre-vote)</li>\
         <li>○ follower</li><li>grey: crashed</li><li>ring: election timer</li>\
         <li>✕▸: link cut in the arrow's direction</li><li><b>RV</b> RequestVote</li><li><b>PV</b> PreVote</li>\
         <li><b>AE</b> AppendEntries</li><li><b>HB</b> heartbeat</li>\
         <li><b>✓</b>/<b>✗</b> granted / refused</li><li><b>C</b> client command</li></ul>",
    );
}

/// The logs, one row per node, entries aligned by index: every row shows the same window
/// of indices (the last [`LOG_SHOWN`] of the longest log), so that entries at one index
/// sit in one column and a conflict is seen at a glance. Each entry shows its term and its
/// command (`c4`, or `nop` for a leader's no-op).
pub fn log_table(v: &RaftView, out: &mut String) {
    let longest = v.nodes.iter().map(|x| x.log.len()).max().unwrap_or(0);
    let first = longest.saturating_sub(LOG_SHOWN);
    out.push_str(
        "<table class=\"raft-logs\"><caption>Logs by index: each entry shows its term and command; solid = committed, dashed = not yet</caption>\
         <thead><tr><th scope=\"col\">node</th><th scope=\"col\">commit</th><th scope=\"col\" class=\"log-entries\"><span class=\"visually-hidden\">entries, from index </span>",
    );
    if first > 0 {
        out.push_str("<span class=\"log-skip\">…</span>");
    }
    for index in first + 1..=longest {
        let _ = write!(out, "<span class=\"log-index\">{index}</span>");
    }
    out.push_str("</th></tr></thead><tbody>");
    for x in &v.nodes {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"log-commit\">{}</td><td class=\"log-entries\">",
            name(x.id),
            x.commit_index
        );
        if first > 0 {
            out.push_str("<span class=\"log-skip\">…</span>");
        }
        for (k, e) in x.log.iter().enumerate().skip(first) {
            let state = if (k as u64) < x.commit_index {
                "committed"
            } else {
                "uncommitted"
            };
            let _ = write!(
                out,
                "<span class=\"entry term-{} {state}\" title=\"index {}, term {}\"><span class=\"entry-term\">{}</span>",
                e.term % 6,
                k + 1,
                e.term,
                e.term
            );
            if e.is_noop() {
                out.push_str("<span class=\"entry-cmd\">nop</span></span>");
            } else {
                let _ = write!(out, "<span class=\"entry-cmd\">c{}</span></span>", e.cmd);
            }
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
}

/// The stage: the ring drawing, the canvas over it on which [`paint`] puts the timers and
/// messages, the menu of what the reader clicked, and the legend (beside the drawing on a
/// wide screen, so that the stage, the badges and the controls fit on one screen).
pub fn stage(m: &RaftModel, out: &mut String) {
    let v = m.view();
    out.push_str("<div class=\"raft-view\"><div class=\"raft-main\"><div class=\"raft-drawing\">");
    let picked = match m.menu() {
        Some(Menu::Link(a, b)) => Some((a, b)),
        _ => None,
    };
    drawing(&v, &summary(&v), Some((picked, m.selected())), out);
    // Timers and messages change on every frame: they are painted on a canvas.
    paint::canvas("raft-motion", out);
    out.push_str("</div>");
    if m.twin().is_some() {
        run_label(m.sim(), out);
    }
    if let Some(open) = m.menu() {
        menu(&v, open, out);
    }
    out.push_str("</div>");
    if let Some(twin) = m.twin() {
        let t = twin.view();
        out.push_str("<div class=\"raft-main raft-twin\"><div class=\"raft-drawing\">");
        let label = format!("The same run with {}. {}", extensions(twin), summary(&t));
        drawing(&t, &label, None, out);
        out.push_str("</div>");
        run_label(twin, out);
        out.push_str("</div>");
    }
    legend(out);
    out.push_str("</div>");
}

/// The link whose menu is open and the node picked, in the drawing the reader acts on.
type Picks = (Option<(usize, usize)>, Option<usize>);

/// The ring drawing of `v` named `label`: links and nodes, clickable with the picked
/// link and node when `picks` is given (the reader's run; a twin is only looked at).
fn drawing(v: &RaftView, label: &str, picks: Option<Picks>, out: &mut String) {
    let _ = write!(
        out,
        "<svg class=\"stage raft-stage\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
        VIEW.0,
        VIEW.1,
        Esc(label)
    );
    let (picked, selected) = picks.unwrap_or_default();
    links(v, picked, picks.is_some(), out);
    nodes(v, selected, picks.is_some(), out);
    out.push_str("</svg>");
}

/// How a run is set: "PreVote and CheckQuorum off", "PreVote on, CheckQuorum off".
pub(super) fn extensions(sim: &RaftSim) -> String {
    let config = sim.state().config();
    let word = |on: bool| if on { "on" } else { "off" };
    match (config.pre_vote, config.check_quorum) {
        (a, b) if a == b => format!("PreVote and CheckQuorum {}", word(a)),
        (a, b) => format!("PreVote {}, CheckQuorum {}", word(a), word(b)),
    }
}

/// The line under a drawing of a widget with a twin: how that run is set, its highest
/// term and its leader.
fn run_label(sim: &RaftSim, out: &mut String) {
    let v = sim.view();
    let term = v.nodes.iter().map(|x| x.term).max().unwrap_or(0);
    let leader = v
        .leader()
        .map_or("no leader".to_string(), |l| format!("{} leads", name(l)));
    let _ = write!(
        out,
        "<p class=\"raft-run-label\"><b>{}</b>: term {term}, {leader}</p>",
        extensions(sim)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_never_covers_a_node_or_a_vote_line() {
        let (half_width, end) = VOTE_LINE;
        for n in [3, 5, 7] {
            for (from, to) in (0..n).flat_map(|a| (0..n).map(move |b| (a, b))) {
                if from == to {
                    continue;
                }
                for k in 0..=50 {
                    let (x, y) = travel(from, to, n, f64::from(k) / 50.0);
                    for node in 0..n {
                        let (cx, cy) = pos(node, n);
                        let (dx, dy) = (x - cx, y - cy);
                        let outward = if vote_above(node, n) { -dy } else { dy };
                        let on_shape = dx.hypot(dy) < NODE_EDGE - MESSAGE_R;
                        let on_vote = dx.abs() < half_width - MESSAGE_R
                            && outward > 44.0
                            && outward < end - MESSAGE_R;
                        assert!(
                            !on_shape && !on_vote,
                            "{n} nodes, n{}→n{} at {k}/50 is over n{}'s text",
                            from + 1,
                            to + 1,
                            node + 1
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_vote_line_fits_in_the_drawing() {
        let (_, end) = VOTE_LINE;
        for n in [3, 5, 7] {
            for i in 0..n {
                let (_, y) = pos(i, n);
                let edge = if vote_above(i, n) { y - end } else { y + end };
                assert!(
                    (0.0..=f64::from(VIEW.1)).contains(&edge),
                    "{n} nodes: n{}'s vote line ends at y = {edge}",
                    i + 1
                );
            }
        }
    }
}
