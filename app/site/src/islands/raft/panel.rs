//! Raft actions for the reader: per node (crash, restart, force timeout, client
//! request), per link (cut one way, both ways, heal), partition presets and the
//! PreVote / CheckQuorum switches. Every action is a real, labelled HTML control.

use super::model::RaftModel;
use crate::islands::shell::ring::name;
use crate::islands::shell::Ctx;
use leptos::prelude::*;
use sim::raft::RaftAction;
use sim::{Action, NodeStatus};

fn act(ctx: Ctx<RaftModel>, action: Action<RaftAction>) {
    ctx.update(|m| m.apply(action));
}

fn node_buttons(ctx: Ctx<RaftModel>, selected: RwSignal<Option<usize>>) -> AnyView {
    let off = move || !ctx.live();
    let count = move || ctx.with(|m| m.view().nodes.len());
    let status = move || {
        selected
            .get()
            .and_then(|i| ctx.with(|m| m.view().nodes.get(i).map(|n| n.status)))
    };
    let pick = move || {
        (0..count())
            .map(|i| {
                view! {
                    <button type="button" disabled=off aria-pressed=move || (selected.get() == Some(i)).to_string()
                        on:click=move |_| selected.set(Some(i))>{name(i)}</button>
                }
            })
            .collect_view()
    };
    let actions = move || {
        selected.get().map(|node| {
            let down = status() == Some(NodeStatus::Crashed);
            view! {
                <span class="raft-node-actions">
                    {if down {
                        view! { <button type="button" disabled=off on:click=move |_| act(ctx, Action::Restart { node })>{format!("Restart {}", name(node))}</button> }.into_any()
                    } else {
                        view! { <button type="button" disabled=off on:click=move |_| act(ctx, Action::Crash { node })>{format!("Crash {}", name(node))}</button> }.into_any()
                    }}
                    <button type="button" disabled=off on:click=move |_| act(ctx, Action::Protocol(RaftAction::Timeout { node }))>"Force timeout"</button>
                    <button type="button" disabled=off on:click=move |_| act(ctx, Action::Protocol(RaftAction::ClientRequest { node }))>"Client request"</button>
                </span>
            }
        })
    };
    view! {
        <fieldset class="raft-fieldset">
            <legend>"Node (or click one in the drawing)"</legend>
            {pick}
            {actions}
        </fieldset>
    }
    .into_any()
}

fn node_select(
    ctx: Ctx<RaftModel>,
    label: &'static str,
    value: Signal<usize>,
    set: impl Fn(usize) + Copy + Send + 'static,
) -> AnyView {
    let count = move || ctx.with(|m| m.view().nodes.len());
    view! {
        <label>
            {label} " "
            <select disabled=move || !ctx.live() prop:value=move || value.get().to_string()
                on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<usize>() { set(v) } }>
                {move || (0..count()).map(|i| view! {
                    <option value=i.to_string() selected=move || value.get() == i>{name(i)}</option>
                }).collect_view()}
            </select>
        </label>
    }
    .into_any()
}

fn link_controls(ctx: Ctx<RaftModel>, link: RwSignal<(usize, usize)>) -> AnyView {
    let off = move || !ctx.live();
    let from = Signal::derive(move || link.get().0);
    let to = Signal::derive(move || link.get().1);
    let cut_one = move |_| {
        let (from, to) = link.get_untracked();
        if from != to {
            act(ctx, Action::Cut { from, to });
        }
    };
    let cut_both = move |_| {
        let (a, b) = link.get_untracked();
        if a != b {
            act(ctx, Action::CutBoth { a, b });
        }
    };
    let cuts = move || {
        let cuts = ctx.with(|m| m.view().cut_links);
        if cuts.is_empty() {
            "Cut links: none".to_string()
        } else {
            let list: Vec<String> = cuts
                .iter()
                .map(|(a, b)| format!("{} → {}", name(*a), name(*b)))
                .collect();
            format!("Cut links: {}", list.join(", "))
        }
    };
    view! {
        <fieldset class="raft-fieldset">
            <legend>"Link (or click one in the drawing)"</legend>
            {node_select(ctx, "from", from, move |v| link.update(|l| l.0 = v))}
            {node_select(ctx, "to", to, move |v| link.update(|l| l.1 = v))}
            <button type="button" disabled=off on:click=cut_one>"Cut one way"</button>
            <button type="button" disabled=off on:click=cut_both>"Cut both ways"</button>
            <button type="button" disabled=off on:click=move |_| act(ctx, Action::Heal)>"Heal all"</button>
            <p class="raft-cuts">{cuts}</p>
        </fieldset>
    }
    .into_any()
}

fn partitions(ctx: Ctx<RaftModel>, selected: RwSignal<Option<usize>>) -> AnyView {
    let off = move || !ctx.live();
    let isolate_leader = move |_| {
        let (leader, n) = ctx.with_untracked(|m| (m.leader(), m.view().nodes.len()));
        ctx.update(|m| {
            let leader = leader.ok_or("there is no leader right now")?;
            let rest = (0..n).filter(|i| *i != leader).collect();
            m.apply(Action::Partition {
                groups: vec![vec![leader], rest],
            })
        });
    };
    let split = move |_| {
        let n = ctx.with_untracked(|m| m.view().nodes.len());
        let minority = (0..n / 2).collect();
        let majority = (n / 2..n).collect();
        act(
            ctx,
            Action::Partition {
                groups: vec![minority, majority],
            },
        );
    };
    let one_way = move |_| {
        let n = ctx.with_untracked(|m| m.view().nodes.len());
        let victim = selected.get_untracked().unwrap_or(2.min(n - 1));
        ctx.update(|m| {
            for from in (0..n).filter(|f| *f != victim) {
                m.apply(Action::Cut { from, to: victim })?;
            }
            Ok(())
        });
    };
    view! {
        <fieldset class="raft-fieldset">
            <legend>"Partitions"</legend>
            <button type="button" disabled=off on:click=isolate_leader>"Isolate the leader"</button>
            <button type="button" disabled=off on:click=split>"Minority | majority"</button>
            <button type="button" disabled=off on:click=one_way>
                {move || format!("One-way: nobody reaches {}", name(selected.get().unwrap_or(2))) }
            </button>
        </fieldset>
    }
    .into_any()
}

fn toggles(ctx: Ctx<RaftModel>) -> AnyView {
    let off = move || !ctx.live();
    let state = move || ctx.with(|m| m.toggles());
    let nodes = move || ctx.with(|m| m.nodes());
    let on_nodes = move |ev: leptos::ev::Event| {
        if let Ok(n) = event_target_value(&ev).parse::<usize>() {
            ctx.update(|m| {
                m.set_nodes(n);
                Ok(())
            });
        }
    };
    view! {
        <fieldset class="raft-fieldset">
            <legend>"Cluster options (the run restarts)"</legend>
            <label>
                "Nodes "
                <select class="raft-size" disabled=off on:change=on_nodes prop:value=move || nodes().to_string()>
                    {[3usize, 5, 7].into_iter().map(|k| view! {
                        <option value=k.to_string() selected=move || nodes() == k>{k}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                <input type="checkbox" disabled=off prop:checked=move || state().0
                    on:change=move |ev| { let on = event_target_checked(&ev); let (_, cq) = state(); ctx.update(|m| m.set_toggles(on, cq)); }/>
                " PreVote"
            </label>
            <label>
                <input type="checkbox" disabled=off prop:checked=move || state().1
                    on:change=move |ev| { let on = event_target_checked(&ev); let (pv, _) = state(); ctx.update(|m| m.set_toggles(pv, on)); }/>
                " CheckQuorum"
            </label>
        </fieldset>
    }
    .into_any()
}

/// Every reader action on the cluster.
pub fn panel(
    ctx: Ctx<RaftModel>,
    selected: RwSignal<Option<usize>>,
    link: RwSignal<(usize, usize)>,
) -> AnyView {
    view! {
        <div class="raft-panel">
            {node_buttons(ctx, selected)}
            {link_controls(ctx, link)}
            {partitions(ctx, selected)}
            {toggles(ctx)}
        </div>
    }
    .into_any()
}
