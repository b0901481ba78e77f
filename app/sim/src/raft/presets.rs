//! Named Raft scenarios used by the widgets (see docs/authoring.md).

use super::config::{RaftAction, RaftConfig};
use super::RaftScenario;
use crate::net::NodeId;
use crate::scenario::{Action, Timed};

/// Names of the Raft presets.
pub const PRESETS: &[&str] = &[
    "normal-election",
    "split-vote",
    "leader-crash",
    "lagging-follower",
    "partition-heal",
    "asymmetric-partition",
];

fn timeout(node: NodeId) -> Action<RaftAction> {
    Action::Protocol(RaftAction::Timeout { node })
}

fn request(node: NodeId) -> Action<RaftAction> {
    Action::Protocol(RaftAction::ClientRequest { node })
}

/// The preset `name` for a cluster of `nodes` (3 to 9), or `None` for an unknown name.
///
/// Presets that need a known leader first force n1's election timeout at t=1 ms.
pub fn preset(name: &str, nodes: usize) -> Option<RaftScenario> {
    let nodes = nodes.clamp(3, 9);
    let last = nodes - 1;
    let mut config = RaftConfig {
        nodes,
        ..RaftConfig::default()
    };
    let actions = match name {
        "normal-election" => vec![],
        // Every node stands at once and votes for itself, so term 1 cannot have a
        // winner whatever the seed; the randomised timeouts then settle it.
        "split-vote" => (0..nodes).map(|n| Timed::at(5, timeout(n))).collect(),
        "leader-crash" => vec![
            Timed::at(1, timeout(0)),
            Timed::at(300, request(0)),
            Timed::at(600, Action::Crash { node: 0 }),
            Timed::at(1500, Action::Restart { node: 0 }),
        ],
        "lagging-follower" => {
            config.pre_vote = true;
            let mut list = vec![
                Timed::at(1, timeout(0)),
                Timed::at(
                    100,
                    Action::Partition {
                        groups: vec![(0..last).collect(), vec![last]],
                    },
                ),
            ];
            list.extend((0..4).map(|k| Timed::at(200 + 100 * k, request(0))));
            list.push(Timed::at(800, Action::Heal));
            list
        }
        "partition-heal" => {
            let minority: Vec<NodeId> = (0..(nodes - 1) / 2).collect();
            let majority: Vec<NodeId> = ((nodes - 1) / 2..nodes).collect();
            vec![
                Timed::at(1, timeout(0)),
                Timed::at(300, request(0)),
                Timed::at(
                    500,
                    Action::Partition {
                        groups: vec![minority, majority],
                    },
                ),
                Timed::at(600, request(0)),
                Timed::at(1000, request(last)),
                Timed::at(1600, Action::Heal),
            ]
        }
        // The partial partition of the Raft liveness example (the guide's
        // failure-modes page): n1 leads; then n4 reaches only n2 and n5 reaches only n3,
        // both ways, while n1, n2 and n3 stay a connected majority. With fewer than five
        // nodes, the last node reaches only n2.
        "asymmetric-partition" => {
            let reach_only = |node: NodeId, peer: NodeId| {
                (0..nodes)
                    .filter(move |&other| other != node && other != peer)
                    .flat_map(move |other| {
                        [(node, other), (other, node)]
                            .map(|(from, to)| Timed::at(400, Action::Cut { from, to }))
                    })
            };
            let mut list = vec![Timed::at(1, timeout(0))];
            if nodes >= 5 {
                list.extend(reach_only(3, 1));
                list.extend(reach_only(4, 2)); // n4 <-> n5 again: a cut link stays cut
            } else {
                list.extend(reach_only(last, 1));
            }
            list
        }
        _ => return None,
    };
    Some(RaftScenario {
        seed: 1,
        config,
        actions,
        step: 0,
    })
}
