//! Named clock scenarios used by the widgets.

use super::{ClocksAction, ClocksConfig, ClocksScenario};
use crate::model::ClockModel;
use crate::scenario::{Action, Time, Timed};

/// Names of the clock presets.
pub const PRESETS: &[&str] = &["message-chain", "concurrent-events", "fork-join"];

fn at(time: Time, action: ClocksAction) -> Timed<ClocksAction> {
    Timed::at(time, Action::Protocol(action))
}

fn send(time: Time, from: usize, to: usize) -> Timed<ClocksAction> {
    at(time, ClocksAction::Send { from, to })
}

fn local(time: Time, process: usize) -> Timed<ClocksAction> {
    at(time, ClocksAction::Local { process })
}

/// The preset `name`, or `None` for an unknown name.
pub fn preset(name: &str) -> Option<ClocksScenario> {
    let actions = match name {
        "message-chain" => vec![local(10, 0), send(20, 0, 1), send(100, 1, 2), local(200, 2)],
        "concurrent-events" => vec![
            local(10, 0),
            local(15, 1),
            local(20, 2),
            send(50, 0, 1),
            local(60, 2),
        ],
        "fork-join" => vec![
            send(10, 0, 1),
            send(12, 0, 2),
            local(80, 1),
            local(90, 2),
            send(120, 1, 0),
            send(130, 2, 0),
        ],
        _ => return None,
    };
    Some(ClocksScenario {
        seed: 1,
        config: ClocksConfig {
            clocks: vec![
                ClockModel::default(),
                ClockModel {
                    skew_ms: 40,
                    drift_ppm: 20_000,
                },
                ClockModel {
                    skew_ms: -30,
                    drift_ppm: -10_000,
                },
            ],
            ..ClocksConfig::default()
        },
        actions,
        step: 0,
    })
}
