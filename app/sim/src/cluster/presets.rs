//! Named cluster scenarios for the widgets. Tick times are scaled down to 6 s (a silent
//! peer goes down after 4.5 to 7.5 s) so a split and its heal fit in an animation.

use super::config::{ClusterAction, ClusterConfig, Distribution, Library, Membership, Resolver};
use super::ClusterScenario;
use crate::scenario::{Action, Time, Timed};

/// Names of the cluster presets.
pub const PRESETS: &[&str] = &[
    "tick-timeout",
    "partial-cut",
    "partial-cut-overlapping",
    "one-way-cut",
    "global-exit-on-heal",
    "global-notify-on-heal",
    "global-notify-all-on-heal",
    "horde-dynamic-split-heal",
    "horde-static-quorum-split-heal",
];

/// `net_ticktime` of the presets.
pub const PRESET_TICKTIME_MS: u32 = 6_000;
/// When the presets split the cluster.
pub const SPLIT_AT: Time = 1_000;
/// When the split-and-heal presets heal it.
pub const HEAL_AT: Time = 12_000;

fn start(time: Time, node: usize, name: &str) -> Timed<ClusterAction> {
    Timed::at(
        time,
        Action::Protocol(ClusterAction::Start {
            node,
            name: name.into(),
        }),
    )
}

fn split_heal(library: Library, second_start: bool) -> (ClusterConfig, Vec<Timed<ClusterAction>>) {
    let config = ClusterConfig {
        nodes: 5,
        net_ticktime_ms: PRESET_TICKTIME_MS,
        reconnect_ms: 1_000,
        library,
        ..ClusterConfig::default()
    };
    let mut actions = vec![
        start(100, 3, "worker"),
        Timed::at(
            SPLIT_AT,
            Action::Partition {
                groups: vec![vec![0, 1, 2], vec![3, 4]],
            },
        ),
        Timed::at(HEAL_AT, Action::Heal),
    ];
    if second_start {
        actions.insert(2, start(9_000, 0, "worker"));
    }
    (config, actions)
}

/// The preset `name`, or `None` for an unknown name.
pub fn preset(name: &str) -> Option<ClusterScenario> {
    let small = |prevent| ClusterConfig {
        nodes: 3,
        net_ticktime_ms: PRESET_TICKTIME_MS,
        prevent_overlapping_partitions: prevent,
        ..ClusterConfig::default()
    };
    let (config, actions) = match name {
        "tick-timeout" => (
            small(true),
            vec![Timed::at(
                SPLIT_AT,
                Action::Partition {
                    groups: vec![vec![0, 1], vec![2]],
                },
            )],
        ),
        "partial-cut" | "partial-cut-overlapping" => (
            small(name == "partial-cut"),
            vec![Timed::at(SPLIT_AT, Action::CutBoth { a: 0, b: 1 })],
        ),
        "one-way-cut" => (
            small(true),
            vec![Timed::at(SPLIT_AT, Action::Cut { from: 0, to: 1 })],
        ),
        "global-exit-on-heal" => split_heal(Library::Global(Resolver::RandomExitName), true),
        "global-notify-on-heal" => split_heal(Library::Global(Resolver::RandomNotifyName), true),
        "global-notify-all-on-heal" => split_heal(Library::Global(Resolver::NotifyAllName), true),
        "horde-dynamic-split-heal" => split_heal(
            Library::Horde {
                membership: Membership::Dynamic,
                distribution: Distribution::Uniform,
            },
            false,
        ),
        "horde-static-quorum-split-heal" => split_heal(
            Library::Horde {
                membership: Membership::Static,
                distribution: Distribution::UniformQuorum,
            },
            false,
        ),
        _ => return None,
    };
    Some(ClusterScenario {
        seed: 1,
        config,
        actions,
        step: 0,
    })
}
