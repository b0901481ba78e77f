//! The comparison drawing: the Raft cluster (left) and the OR-Set replicas (right), the
//! same partition on both, messages in flight, and a verdict line per side.

use super::model::CompareModel;
use crate::islands::shell::ring::{along, name, node_pos, progress, translate};
use crate::islands::shell::Ctx;
use leptos::prelude::*;
use sim::raft::Role;
use sim::{MessageView, NodeId, NodeStatus};

const CENTER: (f64, f64) = (160.0, 180.0);
const RADIUS: f64 = 112.0;

/// One node as drawn: a shape class, its name and two lines of state.
#[derive(Clone, PartialEq)]
struct Face {
    class: &'static str,
    lines: [String; 2],
}

fn raft_faces(m: &CompareModel) -> Vec<Face> {
    m.sim()
        .raft()
        .view()
        .nodes
        .iter()
        .map(|n| {
            let (class, role) = match (n.status, n.role) {
                (NodeStatus::Crashed, _) => ("shape shape-down", "crashed"),
                (_, Role::Leader) => ("shape shape-leader", "leader"),
                (_, Role::Candidate) => ("shape shape-candidate", "candidate"),
                (_, Role::PreCandidate) => ("shape shape-precandidate", "pre-vote"),
                (_, Role::Follower) => ("shape shape-follower", "follower"),
            };
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

fn ring(
    ctx: Ctx<CompareModel>,
    title: &'static str,
    faces: Memo<Vec<Face>>,
    messages: Memo<Vec<MessageView>>,
    cuts: Memo<Vec<(NodeId, NodeId)>>,
) -> AnyView {
    let n = ctx.with_untracked(|m| m.nodes());
    let pos = move |i| node_pos(i, n, CENTER, RADIUS);
    let links = (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .map(|(a, b)| {
            let class = move || {
                if cuts.with(|c| c.contains(&(a, b)) || c.contains(&(b, a))) {
                    "link link-cut"
                } else {
                    "link"
                }
            };
            let (pa, pb) = (pos(a), pos(b));
            view! { <line class=class x1=pa.0 y1=pa.1 x2=pb.0 y2=pb.1/> }
        })
        .collect_view();
    let nodes = move || {
        faces
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                view! {
                    <g class="raft-node" transform=translate(pos(i))>
                        <circle class=f.class r="36"/>
                        <text class="node-name" y="-12">{name(i)}</text>
                        <text class="node-role" y="3">{f.lines[0].clone()}</text>
                        <text class="node-term" y="16">{f.lines[1].clone()}</text>
                    </g>
                }
            })
            .collect_view()
    };
    let message = move |m: MessageView| {
        let (a, b) = (pos(m.from), pos(m.to));
        let transform = move || {
            translate(along(
                a,
                b,
                progress(m.sent_at, m.deliver_at, ctx.clock()),
                5.0,
            ))
        };
        view! { <g class=format!("msg msg-{}", m.kind.to_ascii_lowercase()) transform=transform><circle r="6"/></g> }
    };
    let label = move || {
        let parts: Vec<String> = faces
            .get()
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{} {} {}", name(i), f.lines[0], f.lines[1]))
            .collect();
        format!("{title}: {}", parts.join("; "))
    };
    view! {
        <svg class="stage compare-stage" viewBox="0 0 320 330" role="img" aria-label=label>
            <text class="compare-title" x="160" y="18">{title}</text>
            <g class="links">{links}</g>
            <g class="nodes">{nodes}</g>
            <g class="messages">
                <For each=move || messages.get() key=|m| m.id children=message/>
            </g>
        </svg>
    }
    .into_any()
}

/// The stage: both rings and the verdicts.
pub fn stage(ctx: Ctx<CompareModel>) -> AnyView {
    let raft = Memo::new(move |_| ctx.with(raft_faces));
    let crdt = Memo::new(move |_| ctx.with(crdt_faces));
    let raft_msgs = Memo::new(move |_| ctx.with(|m| m.sim().raft().messages_in_flight()));
    let crdt_msgs = Memo::new(move |_| ctx.with(|m| m.sim().crdt().messages_in_flight()));
    let cuts = Memo::new(move |_| ctx.with(|m| m.sim().raft().view().cut_links));
    let raft_verdict = move || {
        ctx.with(|m| {
            let refused = m.sim().raft_refusals();
            let committed = m.sim().raft().view().nodes.iter().map(|n| n.commit_index).max().unwrap_or(0);
            format!("Raft (consistent): {committed} writes committed, {refused} refused for lack of a leader")
        })
    };
    let crdt_verdict = move || {
        ctx.with(|m| {
            let v = m.sim().crdt().view();
            if v.converged {
                "OR-Set (available): every write accepted; replicas ✓ converged".to_string()
            } else {
                "OR-Set (available): every write accepted; replicas ≠ diverged (until they sync)"
                    .to_string()
            }
        })
    };
    view! {
        <div class="compare-rings">
            {ring(ctx, "Raft: CP", raft, raft_msgs, cuts)}
            {ring(ctx, "OR-Set: AP", crdt, crdt_msgs, cuts)}
        </div>
        <ul class="compare-verdicts">
            <li>{raft_verdict}</li>
            <li>{crdt_verdict}</li>
        </ul>
    }
    .into_any()
}
