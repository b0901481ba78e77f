//! Named overlay scenarios for the widgets: 10 to 200 nodes as a full mesh or HyParView,
//! with keep-alives scaled to a 6 s ticktime, a broadcast every second, a crash and a split.

use super::config::{OverlayConfig, Topology};
use super::OverlayScenario;
use crate::scenario::{Action, Time, Timed};

/// Names of the overlay presets.
pub const PRESETS: &[&str] = &[
    "mesh-50",
    "hyparview-50",
    "mesh-200",
    "hyparview-200",
    "mesh-50-crash",
    "hyparview-50-crash",
    "mesh-50-split-heal",
    "hyparview-50-split-heal",
];

/// When the crash and split presets act.
pub const FAULT_AT: Time = 15_000;
/// When the split presets heal.
pub const HEAL_AT: Time = 30_000;

/// The presets' configuration: `nodes` as `topology`, 6 s ticktime, a broadcast a second.
pub fn scaled(nodes: usize, topology: Topology) -> OverlayConfig {
    OverlayConfig {
        nodes,
        topology,
        ticktime_ms: 6_000,
        broadcast_ms: 1_000,
        ..OverlayConfig::default()
    }
}

/// The preset `name`, or `None` for an unknown name.
pub fn preset(name: &str) -> Option<OverlayScenario> {
    let (topology, rest) = if let Some(rest) = name.strip_prefix("mesh-") {
        (Topology::FullMesh, rest)
    } else {
        (Topology::HyParView, name.strip_prefix("hyparview-")?)
    };
    let (nodes, fault) = rest.split_once('-').unwrap_or((rest, ""));
    let nodes: usize = nodes.parse().ok()?;
    let actions = match fault {
        "" => vec![],
        "crash" => (0..5)
            .map(|i| Timed::at(FAULT_AT, Action::Crash { node: 3 + 7 * i }))
            .collect(),
        "split-heal" => vec![
            Timed::at(
                FAULT_AT,
                Action::Partition {
                    groups: vec![(0..nodes / 2).collect()],
                },
            ),
            Timed::at(HEAL_AT, Action::Heal),
        ],
        _ => return None,
    };
    if !PRESETS.contains(&name) {
        return None;
    }
    Some(OverlayScenario {
        seed: 1,
        config: scaled(nodes, topology),
        actions,
        step: 0,
    })
}
