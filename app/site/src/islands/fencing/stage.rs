//! The fencing drawing: lock service, two clients and storage as labelled boxes, the
//! lease as a shrinking bar, messages along the links, storage's write record.

use super::model::FencingModel;
use crate::islands::shell::ring::{along, progress, translate};
use crate::islands::shell::Ctx;
use leptos::prelude::*;
use sim::fencing::{CLIENT_1, CLIENT_2, LOCK_SERVER, STORAGE};
use sim::{MessageView, NodeStatus};

/// Box centres: lock service top, clients left and right, storage bottom.
const POS: [(f64, f64); 4] = [(220.0, 60.0), (80.0, 180.0), (360.0, 180.0), (220.0, 300.0)];
const BOX_W: f64 = 150.0;
const BOX_H: f64 = 70.0;
const BAR_W: f64 = 130.0;

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

fn boxed(
    node: usize,
    class: &'static str,
    lines: impl Fn() -> Vec<String> + Send + Sync + 'static,
) -> AnyView {
    let (x, y) = POS[node];
    view! {
        <g class=class transform=translate((x, y))>
            <rect class="fence-box" x=-BOX_W / 2.0 y=-BOX_H / 2.0 width=BOX_W height=BOX_H rx="8"/>
            <text class="node-name" y=-BOX_H / 2.0 + 17.0>{role_name(node)}</text>
            {move || lines().into_iter().enumerate().map(|(k, l)| view! {
                <text class="fence-line" y=-BOX_H / 2.0 + 34.0 + 14.0 * k as f64>{l}</text>
            }).collect_view()}
        </g>
    }
    .into_any()
}

fn message_view(ctx: Ctx<FencingModel>, m: MessageView) -> AnyView {
    let (a, b) = (POS[m.from], POS[m.to]);
    let transform = move || {
        translate(along(
            a,
            b,
            progress(m.sent_at, m.deliver_at, ctx.clock()),
            5.0,
        ))
    };
    let label = match m.kind {
        "Write" => "W",
        "Grant" => "G",
        "Acquire" => "?",
        _ => "B",
    };
    view! {
        <g class=format!("msg msg-{}", m.kind.to_ascii_lowercase()) transform=transform>
            <circle r="9"/>
            <text class="msg-label" y="4">{label}</text>
        </g>
    }
    .into_any()
}

/// The stage.
pub fn stage(ctx: Ctx<FencingModel>) -> AnyView {
    let view = Memo::new(move |_| ctx.with(|m| m.sim().view().1));
    let status = move |node: usize| ctx.with(|m| m.sim().kernel().status(node));
    let lease = Memo::new(move |_| view.with(|f| f.holder));
    let lease_ms = move || ctx.with(|m| m.lease_ms()) as f64;
    let bar = move || match lease.get() {
        Some((_, until)) => ((until as f64 - ctx.clock()) / lease_ms()).clamp(0.0, 1.0) * BAR_W,
        None => 0.0,
    };
    let server_lines = move || {
        view.with(|f| match f.holder {
            Some((c, until)) => vec![
                format!("lock: {} (token {})", role_name(c), f.last_token),
                format!("lease ends t = {until} ms"),
            ],
            None => vec!["lock: free".into(), String::new()],
        })
    };
    let client_lines = move |node: usize| {
        move || {
            let state = match status(node) {
                NodeStatus::Paused => "⏸ paused (GC)",
                NodeStatus::Crashed => "crashed",
                NodeStatus::Up => "running",
            };
            let token = view.with(|f| f.client_tokens.get(node).copied().flatten());
            let holds = match token {
                Some((t, until)) => {
                    let expired = (until as f64) <= ctx.clock();
                    format!(
                        "token {t}{}",
                        if expired {
                            " · lease expired"
                        } else {
                            " · lease valid"
                        }
                    )
                }
                None => "no token".into(),
            };
            vec![state.to_string(), holds]
        }
    };
    let storage_lines = move || {
        let tokens = ctx.with(|m| m.tokens_on());
        vec![
            format!(
                "fencing tokens: {}",
                if tokens { "checked" } else { "ignored" }
            ),
            format!("newest token seen: {}", view.with(|f| f.storage_token)),
        ]
    };
    let messages = Memo::new(move |_| ctx.with(|m| m.sim().messages_in_flight()));
    let label = move || {
        let mut parts = server_lines();
        parts.extend(client_lines(CLIENT_1)());
        parts.extend(client_lines(CLIENT_2)());
        parts.extend(storage_lines());
        format!("Lease lock with fencing: {}", parts.join("; "))
    };
    let writes = move || {
        view.with(|f| {
            f.writes
                .iter()
                .map(|w| {
                    let (class, verdict) = if w.accepted {
                        ("write-ok", "✓ accepted")
                    } else {
                        ("write-rejected", "✗ rejected")
                    };
                    let stale = if w.stale { " — from an expired lease!" } else { "" };
                    view! {
                        <li class=class>
                            {format!("t = {} ms: {} writes with token {}: {verdict}{stale}", w.time, role_name(w.client), w.token)}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let links = [
        (LOCK_SERVER, CLIENT_1),
        (LOCK_SERVER, CLIENT_2),
        (CLIENT_1, STORAGE),
        (CLIENT_2, STORAGE),
    ];
    view! {
        <svg class="stage fence-stage" viewBox="0 0 440 350" role="img" aria-label=label>
            <g class="links">
                {links.into_iter().map(|(a, b)| view! {
                    <line class="link" x1=POS[a].0 y1=POS[a].1 x2=POS[b].0 y2=POS[b].1/>
                }).collect_view()}
            </g>
            {boxed(LOCK_SERVER, "fence-node", server_lines)}
            <rect class="lease-bar" x=POS[0].0 - BAR_W / 2.0 y=POS[0].1 + BOX_H / 2.0 + 6.0 height="7" width=move || format!("{:.1}", bar())/>
            {boxed(CLIENT_1, "fence-node", client_lines(CLIENT_1))}
            {boxed(CLIENT_2, "fence-node", client_lines(CLIENT_2))}
            {boxed(STORAGE, "fence-node", storage_lines)}
            <g class="messages">
                <For each=move || messages.get() key=|m| m.id children=move |m| message_view(ctx, m)/>
            </g>
        </svg>
        <div class="fence-writes">
            <p class="fence-writes-title">"Writes that reached storage"</p>
            <ul>{writes}</ul>
        </div>
    }
    .into_any()
}
