//! The comparison drawing: the Raft cluster (left) and the OR-Set replicas (right), the
//! same partition on both, messages in flight, and a verdict line per side.

use super::model::CompareModel;
use crate::islands::shell::markup::{Esc, Tenths};
use crate::islands::shell::ring::{along, name, node_pos, progress, translate};
use sim::raft::{RaftView, Role};
use sim::{MessageView, NodeId, NodeStatus};
use std::fmt::Write;

const CENTER: (f64, f64) = (160.0, 180.0);
const RADIUS: f64 = 112.0;
/// A node's radius; a message's, and how far it travels to the left of its link (so the
/// two directions do not overlap).
const NODE_R: f64 = 36.0;
const MESSAGE_R: f64 = 6.0;
const MESSAGE_SIDE: f64 = 5.0;

/// One node as drawn: a shape class, its name and two lines of state.
struct Face {
    class: &'static str,
    lines: [String; 2],
}

/// A Raft node's role in a word (`crashed` for a crashed node) and its shape's class.
fn role(status: NodeStatus, role: Role) -> (&'static str, &'static str) {
    match (status, role) {
        (NodeStatus::Crashed, _) => ("crashed", "shape shape-down"),
        (_, Role::Leader) => ("leader", "shape shape-leader"),
        (_, Role::Candidate) => ("candidate", "shape shape-candidate"),
        (_, Role::PreCandidate) => ("pre-vote", "shape shape-precandidate"),
        (_, Role::Follower) => ("follower", "shape shape-follower"),
    }
}

/// A Raft node's role in a word, as drawn.
#[cfg(not(feature = "hydrate"))]
pub fn role_word(status: NodeStatus, r: Role) -> &'static str {
    role(status, r).0
}

fn raft_faces(v: &RaftView) -> Vec<Face> {
    v.nodes
        .iter()
        .map(|n| {
            let (role, class) = role(n.status, n.role);
            Face {
                class,
                lines: [
                    format!("{role} t{}", n.term),
                    format!("log {} ✓{}", n.log.len(), n.commit_index),
                ],
            }
        })
        .collect()
}

fn crdt_faces(m: &CompareModel) -> Vec<Face> {
    m.sim()
        .crdt()
        .view()
        .replicas
        .iter()
        .map(|r| Face {
            class: "shape shape-replica",
            lines: ["replica".to_string(), r.value.clone()],
        })
        .collect()
}

fn pos(i: usize, n: usize) -> (f64, f64) {
    node_pos(i, n, CENTER, RADIUS)
}

/// Where a message from node `from` to node `to` of `n` is after `t` (0..=1) of its
/// trip: from the edge of one circle to the edge of the other, so it never covers a
/// node's text.
fn travel(from: usize, to: usize, n: usize, t: f64) -> (f64, f64) {
    let (a, b) = (pos(from, n), pos(to, n));
    let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt().max(1.0);
    let gap = ((NODE_R + MESSAGE_R + MESSAGE_SIDE + 1.0) / len).min(0.5);
    along(a, b, gap + t * (1.0 - 2.0 * gap), MESSAGE_SIDE)
}

/// Messages in flight at `clock` on a ring of `n` nodes.
fn messages(list: &[MessageView], n: usize, clock: f64, out: &mut String) {
    for msg in list {
        let at = travel(
            msg.from,
            msg.to,
            n,
            progress(msg.sent_at, msg.deliver_at, clock),
        );
        let _ = write!(
            out,
            "<g class=\"msg msg-{}\" transform=\"{}\"><circle r=\"{}\"/></g>",
            Esc(&msg.kind.to_ascii_lowercase()),
            translate(at),
            Tenths(MESSAGE_R)
        );
    }
}

/// The content of the stage's `region`-th `data-motion` element at `clock`: Raft's
/// messages, then the OR-Set's.
pub fn motion(m: &CompareModel, region: usize, clock: f64, out: &mut String) {
    let list = match region {
        0 => m.sim().raft().messages_in_flight(),
        _ => m.sim().crdt().messages_in_flight(),
    };
    messages(&list, m.nodes(), clock, out);
}

/// One side: a ring of `faces` with the links (`cuts` drawn cut) and its messages.
fn ring(
    title: &str,
    faces: &[Face],
    cuts: &[(NodeId, NodeId)],
    list: &[MessageView],
    clock: f64,
    out: &mut String,
) {
    let n = faces.len();
    let parts: Vec<String> = faces
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{} {} {}", name(i), f.lines[0], f.lines[1]))
        .collect();
    let _ = write!(
        out,
        "<svg class=\"stage compare-stage\" viewBox=\"0 0 320 330\" role=\"img\" aria-label=\"{}\">\
         <text class=\"compare-title\" x=\"160\" y=\"18\">{}</text><g class=\"links\">",
        Esc(&format!("{title}: {}", parts.join("; "))),
        Esc(title)
    );
    for a in 0..n {
        for b in a + 1..n {
            let class = if cuts.contains(&(a, b)) || cuts.contains(&(b, a)) {
                "link link-cut"
            } else {
                "link"
            };
            let ((x1, y1), (x2, y2)) = (pos(a, n), pos(b, n));
            let (x1, y1, x2, y2) = (Tenths(x1), Tenths(y1), Tenths(x2), Tenths(y2));
            let _ = write!(
                out,
                "<line class=\"{class}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>"
            );
        }
    }
    out.push_str("</g><g class=\"nodes\">");
    for (i, f) in faces.iter().enumerate() {
        let _ = write!(
            out,
            "<g class=\"raft-node\" transform=\"{}\"><circle class=\"{}\" r=\"{}\"/>\
             <text class=\"node-name\" y=\"-12\">{}</text>\
             <text class=\"node-role\" y=\"3\">{}</text>\
             <text class=\"node-term\" y=\"16\">{}</text></g>",
            translate(pos(i, n)),
            f.class,
            Tenths(NODE_R),
            name(i),
            Esc(&f.lines[0]),
            Esc(&f.lines[1])
        );
    }
    out.push_str("</g><g class=\"messages\" data-motion=\"\">");
    messages(list, n, clock, out);
    out.push_str("</g></svg>");
}

/// The stage: both rings and the verdicts.
pub fn stage(m: &CompareModel, clock: f64, out: &mut String) {
    let sim = m.sim();
    let raft = sim.raft().view();
    let cuts = &raft.cut_links;
    out.push_str("<div class=\"compare-rings\">");
    ring(
        "Raft: CP",
        &raft_faces(&raft),
        cuts,
        &sim.raft().messages_in_flight(),
        clock,
        out,
    );
    ring(
        "OR-Set: AP",
        &crdt_faces(m),
        cuts,
        &sim.crdt().messages_in_flight(),
        clock,
        out,
    );
    let raft_writes = sim.raft_writes();
    let replicas = if sim.crdt().view().converged {
        "✓ converged"
    } else {
        "≠ diverged (until they sync)"
    };
    let _ = write!(
        out,
        "</div><ul class=\"compare-verdicts\">\
         <li>Raft (consistent): {} committed, {} refused for lack of a leader, ",
        writes(raft_writes.committed as u64),
        writes(raft_writes.refused as u64),
    );
    if raft_writes.lost > 0 {
        let _ = write!(
            out,
            "{} lost (accepted by a leader that could not commit them, then overwritten), ",
            writes(raft_writes.lost as u64)
        );
    }
    let _ = write!(
        out,
        "{} in doubt (forwarded across the cut and lost, or not committed yet)</li>\
         <li>OR-Set (available): every write accepted; replicas {replicas}</li></ul>",
        writes(raft_writes.in_doubt() as u64)
    );
}

/// "1 write", "2 writes".
fn writes(n: u64) -> String {
    if n == 1 {
        "1 write".to_owned()
    } else {
        format!("{n} writes")
    }
}

#[cfg(test)]
mod tests {
    /// A message's circle stays outside every node's circle, on 3 and 5 nodes.
    #[test]
    fn messages_travel_from_edge_to_edge_and_never_cover_a_node() {
        use super::{pos, travel, MESSAGE_R, NODE_R};
        for n in [3, 5] {
            for from in 0..n {
                for to in (0..n).filter(|to| *to != from) {
                    for k in 0..=20 {
                        let (x, y) = travel(from, to, n, f64::from(k) / 20.0);
                        for node in 0..n {
                            let (cx, cy) = pos(node, n);
                            let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
                            assert!(
                                d >= NODE_R + MESSAGE_R,
                                "{from}->{to} at {k}/20 over n{node}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn one_write_is_singular() {
        assert_eq!(super::writes(1), "1 write");
        assert_eq!(super::writes(0), "0 writes");
        assert_eq!(super::writes(2), "2 writes");
    }
}
