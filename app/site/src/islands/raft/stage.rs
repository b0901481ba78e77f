//! The Raft drawing: nodes on a ring (role as shape and text, term, vote, election timer
//! arc), links with cut markers, messages in flight and dropped ones falling, and the logs.

use super::model::RaftModel;
use crate::islands::shell::markup::{Esc, Hundredths, Tenths};
use crate::islands::shell::ring::{along, name, node_pos, progress, translate};
use crate::islands::shell::timeline::recent_drops;
use sim::raft::{RaftView, Role};
use sim::{MessageView, NodeStatus};
use std::fmt::Write;

const CENTER: (f64, f64) = (220.0, 215.0);
const TIMER_R: f64 = 39.0;
/// Virtual ms a dropped message stays visible while it falls.
const FALL_MS: u64 = 40;
/// Log entries shown per node (the most recent).
const LOG_SHOWN: usize = 14;

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

fn role_word(status: NodeStatus, role: Role) -> &'static str {
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

fn links(v: &RaftView, out: &mut String) {
    let n = v.nodes.len();
    let is_cut =
        |a: usize, b: usize| v.cut_links.contains(&(a, b)) || v.cut_links.contains(&(b, a));
    out.push_str("<g class=\"links\">");
    for a in 0..n {
        for b in a + 1..n {
            let ((x1, y1), (x2, y2)) = (pos(a, n), pos(b, n));
            let (x1, y1, x2, y2) = (Tenths(x1), Tenths(y1), Tenths(x2), Tenths(y2));
            let class = if is_cut(a, b) {
                "link link-cut"
            } else {
                "link"
            };
            let _ = write!(
                out,
                "<g data-act=\"link\" data-arg=\"{a}-{b}\">\
                 <line class=\"{class}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>\
                 <line class=\"link-hit\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/></g>"
            );
        }
    }
    out.push_str("</g><g class=\"cut-marks\">");
    for (from, to) in &v.cut_links {
        let spot = along(pos(*from, n), pos(*to, n), 0.68, 5.0);
        let _ = write!(
            out,
            "<text class=\"cut-mark\" transform=\"{}\" y=\"4\">✕</text>",
            translate(spot)
        );
    }
    out.push_str("</g>");
}

fn nodes(v: &RaftView, selected: Option<usize>, out: &mut String) {
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
        let _ = write!(
            out,
            "<g class=\"raft-node{picked}\" transform=\"{}\" data-act=\"node\" data-arg=\"{i}\">\
             <circle class=\"timer-track\" r=\"{}\"/>{}\
             <text class=\"node-name\" y=\"-9\">{}</text>\
             <text class=\"node-role\" y=\"5\">{}</text>\
             <text class=\"node-term\" y=\"18\">term {}</text>\
             <text class=\"node-vote\" y=\"54\">vote: {vote}</text></g>",
            translate(pos(i, n)),
            Tenths(TIMER_R),
            shape(x.status, x.role),
            name(i),
            role_word(x.status, x.role),
            x.term,
        );
    }
    out.push_str("</g>");
}

/// The election timers as shrinking arcs at `clock`.
pub fn timers(v: &RaftView, clock: f64, out: &mut String) {
    let n = v.nodes.len();
    let circumference = std::f64::consts::TAU * TIMER_R;
    for x in &v.nodes {
        let left = match x.election_remaining_ms {
            Some(r) if x.election_total_ms > 0 => {
                ((v.now + r) as f64 - clock) / x.election_total_ms as f64
            }
            _ => continue,
        };
        let _ = write!(
            out,
            "<circle class=\"timer-arc\" r=\"{}\" transform=\"{} rotate(-90)\" stroke-dasharray=\"{} {}\"/>",
            Tenths(TIMER_R),
            translate(pos(x.id, n)),
            Tenths(left.clamp(0.0, 1.0) * circumference),
            Tenths(circumference),
        );
    }
}

/// Messages in flight at `clock`, and recently dropped ones falling.
pub fn messages(m: &RaftModel, clock: f64, out: &mut String) {
    let n = m.nodes();
    let ends = |msg: &MessageView| (pos(msg.from, n), pos(msg.to, n));
    for msg in m.sim().messages_in_flight() {
        let (a, b) = ends(&msg);
        let at = along(a, b, progress(msg.sent_at, msg.deliver_at, clock), 5.0);
        let _ = write!(
            out,
            "<g class=\"msg msg-{}\" transform=\"{}\"><circle r=\"6\"/></g>",
            msg.kind.to_ascii_lowercase(),
            translate(at)
        );
    }
    for msg in recent_drops(m.sim(), FALL_MS) {
        let (a, b) = ends(&msg);
        let spot = along(a, b, 0.75, 5.0);
        let age = (clock - msg.deliver_at as f64).max(0.0);
        let _ = write!(
            out,
            "<g class=\"msg msg-dropped\" transform=\"{}\" opacity=\"{}\"><circle r=\"6\"/>\
             <text class=\"drop-mark\" y=\"4\">✕</text></g>",
            translate((spot.0, spot.1 + age * 1.2)),
            Hundredths((1.0 - age / FALL_MS as f64).clamp(0.0, 1.0))
        );
    }
}

fn log_table(v: &RaftView, out: &mut String) {
    out.push_str(
        "<table class=\"raft-logs\"><caption>Logs: each entry shows its term; solid = committed, dashed = not yet</caption>\
         <thead><tr><th scope=\"col\">node</th><th scope=\"col\">commit</th><th scope=\"col\">entries</th></tr></thead><tbody>",
    );
    for x in &v.nodes {
        let skip = x.log.len().saturating_sub(LOG_SHOWN);
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"log-commit\">{}</td><td class=\"log-entries\">",
            name(x.id),
            x.commit_index
        );
        if skip > 0 {
            let _ = write!(out, "…{skip} ");
        }
        for (k, e) in x.log.iter().enumerate().skip(skip) {
            let state = if (k as u64) < x.commit_index {
                "committed"
            } else {
                "uncommitted"
            };
            let _ = write!(
                out,
                "<span class=\"entry term-{} {state}\" title=\"command c{}\">{}</span>",
                e.term % 6,
                e.cmd,
                e.term
            );
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
}

/// The stage: the ring drawing (timers and messages at `clock`) and the log table.
pub fn stage(m: &RaftModel, clock: f64, out: &mut String) {
    let v = m.view();
    let _ = write!(
        out,
        "<div class=\"raft-drawing\"><svg class=\"stage raft-stage\" viewBox=\"0 0 440 440\" role=\"img\" aria-label=\"{}\">",
        Esc(&summary(&v))
    );
    links(&v, out);
    nodes(&v, m.selected(), out);
    // Timers and messages change every frame: they are drawn on a layer of their own,
    // so a frame repaints only them.
    out.push_str(
        "</svg><svg class=\"raft-stage motion-layer\" viewBox=\"0 0 440 440\" aria-hidden=\"true\">\
         <g class=\"timers\" data-motion=\"\">",
    );
    timers(&v, clock, out);
    out.push_str("</g><g class=\"messages\" data-motion=\"\">");
    messages(m, clock, out);
    out.push_str("</g></svg></div>");
    log_table(&v, out);
}
