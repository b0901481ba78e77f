//! The overlay's messages, timers and notes in plain words.

use super::{Overlay, OverlayMsg, OverlayNote, OverlayTimer};
use crate::trace::named;

pub(super) fn msg_kind(msg: &OverlayMsg) -> &'static str {
    match msg {
        OverlayMsg::Tick => "Tick",
        OverlayMsg::Join => "Join",
        OverlayMsg::ForwardJoin { .. } => "ForwardJoin",
        OverlayMsg::Neighbor { .. } => "Neighbor",
        OverlayMsg::NeighborReply { .. } => "NeighborReply",
        OverlayMsg::Disconnect => "Disconnect",
        OverlayMsg::Shuffle { .. } => "Shuffle",
        OverlayMsg::ShuffleReply { .. } => "ShuffleReply",
        OverlayMsg::Gossip { .. } => "Gossip",
    }
}

fn names(nodes: &[usize]) -> String {
    let n: Vec<String> = nodes.iter().map(|x| named::<Overlay>(*x)).collect();
    n.join(", ")
}

pub(super) fn describe_msg(msg: &OverlayMsg) -> String {
    match msg {
        OverlayMsg::ForwardJoin { joiner, ttl } => {
            format!(
                "forward join of {} ({ttl} hops left)",
                named::<Overlay>(*joiner)
            )
        }
        OverlayMsg::Neighbor { high } => {
            format!(
                "neighbor request, {} priority",
                if *high { "high" } else { "low" }
            )
        }
        OverlayMsg::NeighborReply { accepted } => (if *accepted {
            "neighbor accepted"
        } else {
            "neighbor rejected"
        })
        .to_string(),
        OverlayMsg::Shuffle { origin, nodes, ttl } => format!(
            "shuffle from {} with [{}] ({ttl} hops left)",
            named::<Overlay>(*origin),
            names(nodes)
        ),
        OverlayMsg::ShuffleReply { nodes } => format!("shuffle reply with [{}]", names(nodes)),
        OverlayMsg::Gossip { id } => format!("broadcast #{}", id + 1),
        other => msg_kind(other).to_string(),
    }
}

pub(super) fn describe_timer(timer: &OverlayTimer) -> String {
    match timer {
        OverlayTimer::Tick => "keep-alive ticker",
        OverlayTimer::Shuffle => "shuffle or reconnect timer",
        OverlayTimer::Promotion => "random promotion timer",
        OverlayTimer::Broadcast => "broadcast timer",
        OverlayTimer::Join => "join timer",
    }
    .to_string()
}

pub(super) fn describe_note(note: &OverlayNote) -> String {
    match note {
        OverlayNote::Neighbour { peer, up: true } => {
            format!("connected to {}", named::<Overlay>(*peer))
        }
        OverlayNote::Neighbour { peer, up: false } => {
            format!("no longer connected to {}", named::<Overlay>(*peer))
        }
        OverlayNote::TickTimeout { peer } => {
            format!(
                "{} silent for four tick intervals: down",
                named::<Overlay>(*peer)
            )
        }
        OverlayNote::Reached { id, after_ms } => {
            format!(
                "broadcast #{} reached every live node after {after_ms} ms",
                id + 1
            )
        }
    }
}
