//! Named CRDT scenarios used by the widgets.

use super::config::{CrdtAction, CrdtConfig, CrdtKind, SyncMode};
use super::CrdtScenario;
use crate::model::ClockModel;
use crate::scenario::{Action, Time, Timed};

/// Names of the CRDT presets.
pub const PRESETS: &[&str] = &[
    "concurrent-increments",
    "add-remove",
    "lww-skew",
    "large-set",
];

/// One scripted operation of a preset at a replica; [`script`] makes the actions.
#[derive(Clone, Copy)]
enum Op {
    Inc,
    Add(&'static str),
    Remove(&'static str),
    Set(&'static str),
    /// Sync to this replica.
    Sync(usize),
}

use Op::{Add, Inc, Remove, Set, Sync};

/// Six increments at three replicas, then n1 and n3 sync to n2, which syncs to both.
const CONCURRENT_INCREMENTS: &[(Time, usize, Op)] = &[
    (10, 0, Inc),
    (20, 0, Inc),
    (15, 1, Inc),
    (12, 2, Inc),
    (30, 2, Inc),
    (40, 2, Inc),
    (100, 0, Sync(1)),
    (100, 2, Sync(1)),
    (200, 1, Sync(0)),
    (200, 1, Sync(2)),
];

/// n1 adds x and ships it; n2 removes x while n1 adds it again; they exchange.
const ADD_REMOVE: &[(Time, usize, Op)] = &[
    (10, 0, Add("x")),
    (20, 0, Sync(1)),
    (100, 1, Remove("x")),
    (100, 0, Add("x")),
    (200, 0, Sync(1)),
    (200, 1, Sync(0)),
];

/// n1 writes a; n2, whose clock is 500 ms behind, writes b later; they exchange.
const LWW_SKEW: &[(Time, usize, Op)] = &[
    (100, 0, Set("a")),
    (300, 1, Set("b")),
    (400, 0, Sync(1)),
    (400, 1, Sync(0)),
];

/// The elements of "large-set": 20 that n1 adds first, then one per small update.
const ELEMENTS: &str = "abcdefghijklmnopqrstuvwxyzABCDEF";
/// Elements n1 adds before the small updates of "large-set".
const LARGE_SET: usize = 20;

fn at(time: Time, action: CrdtAction) -> Timed<CrdtAction> {
    Timed::at(time, Action::Protocol(action))
}

/// The actions of a script.
fn script(ops: &[(Time, usize, Op)]) -> Vec<Timed<CrdtAction>> {
    let word = |w: &str| w.to_string();
    ops.iter()
        .map(|&(time, replica, op)| {
            at(
                time,
                match op {
                    Inc => CrdtAction::Increment { replica },
                    Add(e) => CrdtAction::Add {
                        replica,
                        element: word(e),
                    },
                    Remove(e) => CrdtAction::Remove {
                        replica,
                        element: word(e),
                    },
                    Set(v) => CrdtAction::Set {
                        replica,
                        value: word(v),
                    },
                    Sync(to) => CrdtAction::Sync { from: replica, to },
                },
            )
        })
        .collect()
}

/// A set of 20 elements built at n1 and shipped once, then 12 small updates, each an
/// add at one replica synced to both others: deltas stay a few bytes each while every
/// full state carries the whole set.
fn large_set() -> Vec<(Time, usize, Op)> {
    let mut ops = Vec::new();
    for i in 0..ELEMENTS.len() {
        let (t, replica) = match i.checked_sub(LARGE_SET) {
            None => (10, 0),
            Some(u) => (200 + 100 * u as Time, u % 3),
        };
        ops.push((t, replica, Add(&ELEMENTS[i..=i])));
        if i + 1 >= LARGE_SET {
            ops.extend((1..3).map(|k| (t + 20, replica, Sync((replica + k) % 3))));
        }
    }
    ops
}

/// The preset `name`, or `None` for an unknown name.
pub fn preset(name: &str) -> Option<CrdtScenario> {
    let or_set = |replicas, sync| CrdtConfig {
        kind: CrdtKind::OrSet,
        replicas,
        sync,
        ..CrdtConfig::default()
    };
    let (config, actions) = match name {
        "concurrent-increments" => (
            CrdtConfig {
                kind: CrdtKind::GCounter,
                ..CrdtConfig::default()
            },
            script(CONCURRENT_INCREMENTS),
        ),
        "add-remove" => (or_set(2, SyncMode::State), script(ADD_REMOVE)),
        "lww-skew" => (
            CrdtConfig {
                kind: CrdtKind::LwwRegister,
                replicas: 2,
                clocks: vec![
                    ClockModel::default(),
                    ClockModel {
                        skew_ms: -500,
                        drift_ppm: 0,
                    },
                ],
                ..CrdtConfig::default()
            },
            script(LWW_SKEW),
        ),
        "large-set" => (or_set(3, SyncMode::Delta), script(&large_set())),
        _ => return None,
    };
    Some(CrdtScenario {
        seed: 1,
        config,
        actions,
        step: 0,
    })
}
