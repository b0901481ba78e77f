//! Clocks: vector order equals happened-before from the trace, Lamport is consistent with
//! it, HLC stays within the clock bound; presets and queries.
#![allow(clippy::needless_range_loop)] // index pairs (a, b) read more clearly as a matrix

use sim::clocks::{
    ClockEventKind, ClocksAction, ClocksConfig, ClocksScenario, ClocksSim, Relation,
};
use sim::{Action, ClockModel, NetConfig, Timed, Trigger};

fn random_run(seed: u64) -> ClocksSim {
    let mut rng = sim::rng::SimRng::new(seed);
    let processes = 2 + rng.index(4);
    let clocks = (0..processes)
        .map(|_| ClockModel {
            skew_ms: rng.range(0, 200) as i32 - 100,
            drift_ppm: rng.range(0, 100_000) as i32 - 50_000,
        })
        .collect();
    let actions = (0..rng.range(1, 40))
        .map(|_| {
            let from = rng.index(processes);
            let action = if rng.chance(600) {
                ClocksAction::Send {
                    from,
                    to: rng.index(processes),
                }
            } else {
                ClocksAction::Local { process: from }
            };
            Timed {
                trigger: Trigger::AtTime(rng.range(0, 1_000)),
                action: Action::Protocol(action),
            }
        })
        .collect();
    let config = ClocksConfig {
        processes,
        net: NetConfig {
            delay_min_ms: 1,
            delay_max_ms: 200,
            ..NetConfig::default()
        },
        clocks,
    };
    let mut sim = ClocksSim::new(ClocksScenario {
        seed,
        config,
        actions,
        step: 0,
    })
    .unwrap();
    sim.run_until(5_000);
    sim
}

/// Happened-before from the trace alone: program order plus send -> receive, closed transitively.
fn happened_before(sim: &ClocksSim) -> Vec<Vec<bool>> {
    let events = &sim.view().events;
    let n = events.len();
    let mut hb = vec![vec![false; n]; n];
    for b in 0..n {
        for a in 0..b {
            if events[a].process == events[b].process {
                hb[a][b] = true;
            }
        }
        if let ClockEventKind::Receive { send, .. } = events[b].kind {
            hb[send][b] = true;
        }
    }
    for k in 0..n {
        for a in 0..n {
            if hb[a][k] {
                for b in 0..n {
                    if hb[k][b] {
                        hb[a][b] = true;
                    }
                }
            }
        }
    }
    hb
}

#[test]
fn vector_order_is_exactly_happened_before_and_lamport_agrees() {
    let mut events_seen = 0;
    for seed in 0..500 {
        let sim = random_run(seed);
        let view = sim.view();
        let hb = happened_before(&sim);
        for a in 0..view.events.len() {
            for b in 0..view.events.len() {
                let by_vector = view.relation(a, b) == Relation::Before;
                assert_eq!(by_vector, hb[a][b], "seed {seed}: events {a} and {b}");
                if hb[a][b] {
                    assert!(
                        view.events[a].lamport < view.events[b].lamport,
                        "seed {seed}"
                    );
                }
            }
        }
        assert!(
            sim.all_invariants_hold(),
            "seed {seed}: {:?}",
            sim.invariants()
        );
        events_seen += view.events.len();
    }
    println!("{events_seen} events checked");
    assert!(events_seen > 5_000);
}

#[test]
fn hlc_never_runs_behind_physical_time_nor_ahead_of_the_fastest_clock() {
    for seed in 0..200 {
        let sim = random_run(seed);
        let view = sim.view();
        let fastest = view.physical.iter().max().copied().unwrap();
        for e in &view.events {
            assert!(
                e.hlc.l >= e.physical && e.hlc.l <= fastest,
                "seed {seed}: {e:?}"
            );
        }
    }
}

#[test]
fn fork_join_preset_relates_its_events() {
    let mut sim = ClocksSim::preset("fork-join", 1).unwrap();
    sim.run_until(1_000);
    let view = sim.view();
    let locals: Vec<usize> = view
        .events
        .iter()
        .filter(|e| e.kind == ClockEventKind::Local)
        .map(|e| e.id)
        .collect();
    assert_eq!(locals.len(), 2);
    assert_eq!(view.relation(locals[0], locals[1]), Relation::Concurrent);
    assert!(view.explain(locals[0], locals[1]).contains("concurrent"));
    let last = view.events.len() - 1;
    assert_eq!(
        view.causal_past(last).len(),
        last,
        "the join sees everything"
    );
    assert!(view.causal_future(0).contains(&last));
    assert!(view.concurrent_with(locals[0]).contains(&locals[1]));
}

/// The log calls processes what the diagram's lanes call them: p1, p2, ... (not n1).
#[test]
fn the_log_names_processes_like_the_lanes() {
    let scenario = ClocksScenario {
        seed: 1,
        config: ClocksConfig::default(),
        actions: vec![
            Timed {
                trigger: Trigger::AtTime(10),
                action: Action::Protocol(ClocksAction::Local { process: 0 }),
            },
            Timed {
                trigger: Trigger::AtTime(20),
                action: Action::Protocol(ClocksAction::Send { from: 0, to: 2 }),
            },
        ],
        step: 0,
    };
    let mut sim = ClocksSim::new(scenario).unwrap();
    sim.run_until(1_000);
    let words: Vec<String> = (1..=sim.current_step())
        .flat_map(|step| sim.describe_step(step))
        .collect();
    let all = words.join("\n");
    assert!(all.contains("local event at p1"), "{all}");
    assert!(all.contains("send a message p1 -> p3"), "{all}");
    assert!(all.contains("p3 receives"), "{all}");
    assert!(!all.contains("n1") && !all.contains("n3"), "{all}");
}

/// The log names a message's stamp on every clock, not only the vector.
#[test]
fn a_message_in_the_log_carries_every_clocks_stamp() {
    let msg = sim::clocks::ClockMsg {
        send: 0,
        vector: vec![2, 0, 0],
        lamport: 2,
        hlc: sim::hlc::Hlc { l: 20, c: 0 },
    };
    assert_eq!(
        <sim::clocks::Clocks as sim::Protocol>::describe_msg(&msg),
        "message stamped vector [2, 0, 0], Lamport 2, HLC (20, 0)"
    );
}

/// The view tells each process's wall clock (skew and drift), a perfect one where the
/// config gives none, and its reading agrees with that model at the current time.
#[test]
fn the_view_shows_each_processs_wall_clock() {
    let skewed = ClockModel {
        skew_ms: 40,
        drift_ppm: 20_000,
    };
    let scenario = ClocksScenario {
        seed: 1,
        config: ClocksConfig {
            processes: 3,
            clocks: vec![ClockModel::default(), skewed],
            ..ClocksConfig::default()
        },
        actions: vec![Timed {
            trigger: Trigger::AtTime(500),
            action: Action::Protocol(ClocksAction::Local { process: 1 }),
        }],
        step: 0,
    };
    let mut sim = ClocksSim::new(scenario).unwrap();
    assert_eq!(
        sim.view().clocks,
        vec![ClockModel::default(), skewed, ClockModel::default()]
    );
    sim.run_until(500);
    let view = sim.view();
    assert_eq!(view.now, 500);
    assert_eq!(view.physical, vec![500, 500 + 40 + 10, 500]);
    for (model, reading) in view.clocks.iter().zip(&view.physical) {
        assert_eq!(model.read(view.now), *reading);
    }
    assert_eq!(view.events[0].hlc.l, 550, "the HLC takes p2's wall clock");
}
