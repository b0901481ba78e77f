//! The Raft drawing: nodes on a ring (role as shape and text, term, vote, election timer
//! arc), links with cut markers, messages in flight and dropped ones falling, and the logs.

use super::model::RaftModel;
use crate::islands::shell::ring::{along, name, node_pos, progress, translate};
use crate::islands::shell::timeline::recent_drops;
use crate::islands::shell::Ctx;
use leptos::prelude::*;
use sim::raft::{Entry, RaftView, Role};
use sim::{MessageView, NodeStatus};

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

/// Term colour class (six colours, cycled); the term number is always printed too.
pub fn term_class(term: u64) -> String {
    format!("term-{}", term % 6)
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Face {
    status: NodeStatus,
    role: Role,
    term: u64,
    voted_for: Option<usize>,
}

fn shape(face: Face) -> AnyView {
    match (face.status, face.role) {
        (NodeStatus::Crashed, _) => view! { <circle class="shape shape-down" r="30"/> }.into_any(),
        (_, Role::Leader) => view! {
            <rect class="shape shape-leader-outer" x="-34" y="-34" width="68" height="68" rx="8"/>
            <rect class="shape shape-leader" x="-29" y="-29" width="58" height="58" rx="5"/>
        }
        .into_any(),
        (_, Role::Candidate) => {
            view! { <path class="shape shape-candidate" d="M0,-36L36,0L0,36L-36,0Z"/> }.into_any()
        }
        (_, Role::PreCandidate) => {
            view! { <path class="shape shape-precandidate" d="M0,-36L36,0L0,36L-36,0Z"/> }
                .into_any()
        }
        (_, Role::Follower) => view! { <circle class="shape shape-follower" r="30"/> }.into_any(),
    }
}

fn node_view(
    ctx: Ctx<RaftModel>,
    view: Memo<RaftView>,
    i: usize,
    n: usize,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let face = Memo::new(move |_| {
        view.with(|v| {
            v.nodes.get(i).map(|x| Face {
                status: x.status,
                role: x.role,
                term: x.term,
                voted_for: x.voted_for,
            })
        })
    });
    let timer = Memo::new(move |_| {
        view.with(|v| {
            v.nodes.get(i).and_then(|x| {
                x.election_remaining_ms
                    .map(|r| (v.now + r, x.election_total_ms))
            })
        })
    });
    let circumference = std::f64::consts::TAU * TIMER_R;
    let dash = move || match timer.get() {
        Some((deadline, total)) if total > 0 => {
            let left = ((deadline as f64 - ctx.clock()) / total as f64).clamp(0.0, 1.0);
            format!("{:.1} {:.1}", left * circumference, circumference)
        }
        _ => format!("0 {circumference:.1}"),
    };
    let pos = node_pos(i, n, CENTER, ring_radius(n));
    let class = move || {
        let mut c = String::from("raft-node");
        if selected.get() == Some(i) {
            c.push_str(" is-selected");
        }
        c
    };
    move || {
        face.get().map(|f| {
            view! {
                <g class=class transform=translate(pos) on:click=move |_| selected.set(Some(i))>
                    <circle class="timer-track" r=TIMER_R/>
                    <circle class="timer-arc" r=TIMER_R transform="rotate(-90)" stroke-dasharray=dash/>
                    {shape(f)}
                    <text class="node-name" y="-9">{name(i)}</text>
                    <text class="node-role" y="5">{role_word(f.status, f.role)}</text>
                    <text class="node-term" y="18">{format!("term {}", f.term)}</text>
                    <text class="node-vote" y="54">
                        {format!("vote: {}", f.voted_for.map_or("none".to_string(), name))}
                    </text>
                </g>
            }
        })
    }
}

fn message_view(ctx: Ctx<RaftModel>, m: MessageView, n: usize) -> AnyView {
    let r = ring_radius(n);
    let (a, b) = (node_pos(m.from, n, CENTER, r), node_pos(m.to, n, CENTER, r));
    let transform = move || {
        translate(along(
            a,
            b,
            progress(m.sent_at, m.deliver_at, ctx.clock()),
            5.0,
        ))
    };
    let class = format!("msg msg-{}", m.kind.to_ascii_lowercase());
    view! {
        <g class=class transform=transform>
            <circle r="6"/>
        </g>
    }
    .into_any()
}

fn dropped_view(ctx: Ctx<RaftModel>, m: MessageView, n: usize) -> AnyView {
    let r = ring_radius(n);
    let (a, b) = (node_pos(m.from, n, CENTER, r), node_pos(m.to, n, CENTER, r));
    let spot = along(a, b, 0.75, 5.0);
    let age = move || (ctx.clock() - m.deliver_at as f64).max(0.0);
    let transform = move || translate((spot.0, spot.1 + age() * 1.2));
    let opacity = move || format!("{:.2}", (1.0 - age() / FALL_MS as f64).clamp(0.0, 1.0));
    view! {
        <g class="msg msg-dropped" transform=transform opacity=opacity>
            <circle r="6"/>
            <text class="drop-mark" y="4">"✕"</text>
        </g>
    }
    .into_any()
}

fn links_view(view: Memo<RaftView>, n: usize, link: RwSignal<(usize, usize)>) -> AnyView {
    let r = ring_radius(n);
    let cuts = Memo::new(move |_| view.with(|v| v.cut_links.clone()));
    let pairs: Vec<(usize, usize)> = (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .collect();
    let lines = pairs
        .into_iter()
        .map(|(a, b)| {
            let (pa, pb) = (node_pos(a, n, CENTER, r), node_pos(b, n, CENTER, r));
            let class = move || {
                let cut = cuts.with(|c| c.contains(&(a, b)) || c.contains(&(b, a)));
                if cut {
                    "link link-cut"
                } else {
                    "link"
                }
            };
            view! {
                <g on:click=move |_| link.set((a, b))>
                    <line class=class x1=pa.0 y1=pa.1 x2=pb.0 y2=pb.1/>
                    <line class="link-hit" x1=pa.0 y1=pa.1 x2=pb.0 y2=pb.1/>
                </g>
            }
        })
        .collect_view();
    let marks = move || {
        cuts.get()
            .into_iter()
            .map(|(from, to)| {
                let spot = along(
                    node_pos(from, n, CENTER, r),
                    node_pos(to, n, CENTER, r),
                    0.68,
                    5.0,
                );
                view! { <text class="cut-mark" transform=translate(spot) y="4">"✕"</text> }
            })
            .collect_view()
    };
    view! { <g class="links">{lines}</g><g class="cut-marks">{marks}</g> }.into_any()
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

fn entry_view(e: Entry, committed: bool) -> AnyView {
    let class = format!(
        "entry {} {}",
        term_class(e.term),
        if committed {
            "committed"
        } else {
            "uncommitted"
        }
    );
    view! { <span class=class title=format!("command c{}", e.cmd)>{e.term}</span> }.into_any()
}

fn log_row(view: Memo<RaftView>, i: usize) -> impl IntoView {
    let row =
        Memo::new(move |_| view.with(|v| v.nodes.get(i).map(|x| (x.log.clone(), x.commit_index))));
    move || {
        row.get().map(|(log, commit)| {
            let skip = log.len().saturating_sub(LOG_SHOWN);
            let entries = log
                .into_iter()
                .enumerate()
                .skip(skip)
                .map(|(k, e)| entry_view(e, (k as u64) < commit))
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{name(i)}</th>
                    <td class="log-commit">{commit}</td>
                    <td class="log-entries">{(skip > 0).then(|| format!("…{skip} "))}{entries}</td>
                </tr>
            }
        })
    }
}

/// The stage: the ring drawing and the log table.
pub fn stage(
    ctx: Ctx<RaftModel>,
    selected: RwSignal<Option<usize>>,
    link: RwSignal<(usize, usize)>,
) -> AnyView {
    let view = Memo::new(move |_| ctx.with(|m| m.view()));
    let count = Memo::new(move |_| view.with(|v| v.nodes.len()));
    let messages = Memo::new(move |_| ctx.with(|m| m.sim().messages_in_flight()));
    let drops = Memo::new(move |_| ctx.with(|m| recent_drops(m.sim(), FALL_MS)));
    let label = move || view.with(summary);
    let drawing = move || {
        let n = count.get();
        view! {
            {links_view(view, n, link)}
            <g class="nodes">{(0..n).map(|i| node_view(ctx, view, i, n, selected)).collect_view()}</g>
            <g class="messages">
                <For each=move || messages.get() key=|m| m.id children=move |m| message_view(ctx, m, n)/>
                <For each=move || drops.get() key=|m| m.id children=move |m| dropped_view(ctx, m, n)/>
            </g>
        }
    };
    view! {
        <svg class="stage raft-stage" viewBox="0 0 440 440" role="img" aria-label=label>
            {drawing}
        </svg>
        <table class="raft-logs">
            <caption>"Logs: each entry shows its term; solid = committed, dashed = not yet"</caption>
            <thead><tr><th scope="col">"node"</th><th scope="col">"commit"</th><th scope="col">"entries"</th></tr></thead>
            <tbody>{move || (0..count.get()).map(|i| log_row(view, i)).collect_view()}</tbody>
        </table>
    }
    .into_any()
}
