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

/// Elements n1 adds before the small updates of "large-set".
const LARGE_SET: u8 = 20;
/// Small updates of "large-set", each one add and a sync to both peers.
const SMALL_UPDATES: u8 = 12;

/// A set of 20 elements built at n1 and shipped once, then 12 small updates, each an
/// add at one replica synced to both others: deltas stay a few bytes each while every
/// full state carries the whole set.
fn large_set() -> Vec<Timed<CrdtAction>> {
    let add = |t, replica, element: String| at(t, CrdtAction::Add { replica, element });
    let mut actions: Vec<_> = (0..LARGE_SET)
        .map(|i| add(10, 0, char::from(b'a' + i).to_string()))
        .collect();
    actions.extend([sync(50, 0, 1), sync(50, 0, 2)]);
    for u in 0..SMALL_UPDATES {
        let (t, from) = (200 + 100 * Time::from(u), usize::from(u % 3));
        actions.push(add(t, from, format!("u{u}")));
        actions.extend((1..3).map(|k| sync(t + 20, from, (from + k) % 3)));
    }
    actions
}

fn at(time: Time, action: CrdtAction) -> Timed<CrdtAction> {
    Timed::at(time, Action::Protocol(action))
}

fn sync(time: Time, from: usize, to: usize) -> Timed<CrdtAction> {
    at(time, CrdtAction::Sync { from, to })
}

/// The preset `name`, or `None` for an unknown name.
pub fn preset(name: &str) -> Option<CrdtScenario> {
    let (config, actions) = match name {
        "concurrent-increments" => {
            let inc = |t, replica| at(t, CrdtAction::Increment { replica });
            (
                CrdtConfig {
                    kind: CrdtKind::GCounter,
                    ..CrdtConfig::default()
                },
                vec![
                    inc(10, 0),
                    inc(20, 0),
                    inc(15, 1),
                    inc(12, 2),
                    inc(30, 2),
                    inc(40, 2),
                    sync(100, 0, 1),
                    sync(100, 2, 1),
                    sync(200, 1, 0),
                    sync(200, 1, 2),
                ],
            )
        }
        "add-remove" => {
            let add = |t, replica| {
                at(
                    t,
                    CrdtAction::Add {
                        replica,
                        element: "x".into(),
                    },
                )
            };
            (
                CrdtConfig {
                    kind: CrdtKind::OrSet,
                    replicas: 2,
                    ..CrdtConfig::default()
                },
                vec![
                    add(10, 0),
                    sync(20, 0, 1),
                    at(
                        100,
                        CrdtAction::Remove {
                            replica: 1,
                            element: "x".into(),
                        },
                    ),
                    add(100, 0),
                    sync(200, 0, 1),
                    sync(200, 1, 0),
                ],
            )
        }
        "lww-skew" => {
            let set = |t, replica, v: &str| {
                at(
                    t,
                    CrdtAction::Set {
                        replica,
                        value: v.into(),
                    },
                )
            };
            (
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
                vec![
                    set(100, 0, "a"),
                    set(300, 1, "b"),
                    sync(400, 0, 1),
                    sync(400, 1, 0),
                ],
            )
        }
        "large-set" => (
            CrdtConfig {
                kind: CrdtKind::OrSet,
                sync: SyncMode::Delta,
                ..CrdtConfig::default()
            },
            large_set(),
        ),
        _ => return None,
    };
    Some(CrdtScenario {
        seed: 1,
        config,
        actions,
        step: 0,
    })
}
