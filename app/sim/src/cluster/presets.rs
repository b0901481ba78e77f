//! Named cluster scenarios for the widgets. Tick times are scaled down to 6 s (a silent
//! peer goes down after 4.5 to 7.5 s) and the tracker's periods to a tenth or less, so a
//! split and its heal fit in an animation.

use super::config::{
    ClusterAction, ClusterConfig, Distribution, Library, Membership, PresenceConfig, Resolver,
};
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
    "presence-split-heal",
    "presence-full-state-on-heal",
    "presence-node-crash",
];

/// The tracker's periods in the presets: heartbeats every 500 ms, an empty one after 4
/// silent periods, down after 4 s, purged after 20 s.
pub const PRESET_PRESENCE: PresenceConfig = PresenceConfig {
    broadcast_period_ms: 500,
    max_silent_periods: 4,
    down_period_ms: 4_000,
    permdown_period_ms: 20_000,
    clock_sample_periods: 2,
    max_delta_size: 10_000,
};

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

fn stop(time: Time, node: usize, name: &str) -> Timed<ClusterAction> {
    Timed::at(
        time,
        Action::Protocol(ClusterAction::Stop {
            node,
            name: name.into(),
        }),
    )
}

/// Two presences before the split, five tracked and one stopped during it.
fn presence_split_heal(max_delta_size: u32) -> (ClusterConfig, Vec<Timed<ClusterAction>>) {
    let presence = PresenceConfig {
        max_delta_size,
        ..PRESET_PRESENCE
    };
    let (config, mut actions) = split_heal(Library::Presence(presence), false);
    actions[0] = start(100, 0, "alice");
    actions.push(start(200, 3, "bob"));
    for (node, name) in [
        (1, "carol"),
        (2, "dan"),
        (4, "erin"),
        (4, "frank"),
        (3, "grace"),
    ] {
        actions.push(start(8_000, node, name));
    }
    actions.push(stop(9_000, 0, "alice"));
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
        "presence-split-heal" => presence_split_heal(PRESET_PRESENCE.max_delta_size),
        "presence-full-state-on-heal" => presence_split_heal(2),
        "presence-node-crash" => {
            let (config, mut actions) = split_heal(Library::Presence(PRESET_PRESENCE), false);
            actions[0] = start(100, 4, "alice");
            actions[1] = Timed::at(SPLIT_AT, Action::Crash { node: 4 });
            actions.pop();
            (config, actions)
        }
        _ => return None,
    };
    Some(ClusterScenario {
        seed: 1,
        config,
        actions,
        step: 0,
    })
}
