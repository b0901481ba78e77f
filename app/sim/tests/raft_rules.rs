//! Raft scenario tests for the checker's rules and the protocol fixes of issue #17: each
//! replays a short schedule that went wrong before the fix.

use sim::kernel::Engine;
use sim::raft::{Raft, RaftAction, RaftBugs, RaftConfig, RaftScenario, RaftSim, Role};
use sim::{Action, NetConfig, Time, Timed, Trigger};

fn at(time: Time, action: Action<RaftAction>) -> Timed<RaftAction> {
    Timed {
        trigger: Trigger::AtTime(time),
        action,
    }
}

fn timeout(node: usize) -> Action<RaftAction> {
    Action::Protocol(RaftAction::Timeout { node })
}

fn request(node: usize) -> Action<RaftAction> {
    Action::Protocol(RaftAction::ClientRequest { node })
}

/// Three nodes that never time out by themselves, with a fixed 10 ms delay.
fn quiet_cluster() -> RaftConfig {
    RaftConfig {
        nodes: 3,
        election_min_ms: 3_000,
        election_max_ms: 3_000,
        heartbeat_ms: 100,
        net: NetConfig {
            delay_min_ms: 10,
            delay_max_ms: 10,
            ..NetConfig::default()
        },
        ..RaftConfig::default()
    }
}

fn run(config: RaftConfig, actions: Vec<Timed<RaftAction>>, until: Time) -> RaftSim {
    let mut sim = RaftSim::new(RaftScenario {
        seed: 1,
        config,
        actions,
        step: 0,
    })
    .unwrap();
    sim.run_until(until);
    sim
}

fn violated(sim: &RaftSim) -> Vec<&'static str> {
    sim.invariants()
        .into_iter()
        .filter(|i| i.violated_at.is_some())
        .map(|i| i.name)
        .collect()
}

/// n1 collects its term-1 votes while paused; meanwhile n2 leads term 2 and commits an
/// entry. Resumed, n1 counts the old votes and leads term 1 without that entry: legal,
/// since Leader Completeness covers only entries committed in earlier terms.
#[test]
fn a_stale_leader_of_an_earlier_term_is_not_a_completeness_violation() {
    let actions = vec![
        at(10, timeout(0)),
        at(25, Action::Pause { node: 0 }),
        at(100, timeout(1)),
        at(200, request(1)),
        at(400, Action::Resume { node: 0 }),
    ];
    let mut sim = run(quiet_cluster(), actions, 300);
    assert!(
        sim.view().nodes[1].commit_index >= 1,
        "n2 committed in term 2"
    );
    let mut stale_leader = false;
    while sim.now() < 600 && sim.step() {
        let n1 = &sim.view().nodes[0];
        stale_leader |= n1.role == Role::Leader && n1.term == 1;
    }
    assert!(stale_leader, "n1 becomes the stale leader of term 1");
    assert_eq!(violated(&sim), Vec::<&str>::new());
}

/// n1 starts a pre-vote round at 10 ms and a second one at 25 ms; the grants of the first
/// round arrive at 30 ms and must not elect it: only the second round's, at 45 ms, count.
#[test]
fn a_pre_vote_granted_in_an_earlier_round_does_not_count() {
    let config = RaftConfig {
        pre_vote: true,
        ..quiet_cluster()
    };
    let mut sim = run(config, vec![at(10, timeout(0)), at(25, timeout(0))], 40);
    assert_eq!(sim.view().nodes[0].role, Role::PreCandidate);
    sim.run_until(50);
    assert_eq!(sim.view().nodes[0].role, Role::Candidate);
}

/// n1 leads term 1 and commits client command c1 (at index 2, after its no-op), then
/// crashes before any follower hears of that commit; n2 leads term 2.
fn leader_commits_then_crashes(skip_noop: bool) -> RaftSim {
    let config = RaftConfig {
        bugs: RaftBugs {
            skip_noop,
            ..RaftBugs::default()
        },
        ..quiet_cluster()
    };
    let actions = vec![
        at(10, timeout(0)),
        at(100, request(0)),
        at(125, Action::Crash { node: 0 }),
        at(200, timeout(1)),
    ];
    run(config, actions, 2_000)
}

fn c1_committed_on(sim: &RaftSim, node: usize) -> bool {
    let n = &sim.view().nodes[node];
    n.log[..n.commit_index as usize].iter().any(|e| e.cmd == 1)
}

#[test]
fn a_new_leaders_no_op_commits_the_entries_of_earlier_terms() {
    let crashed_before_telling = leader_commits_then_crashes(false);
    assert!(crashed_before_telling.all_invariants_hold());
    assert!(c1_committed_on(&crashed_before_telling, 1));
    assert!(c1_committed_on(&crashed_before_telling, 2));
    let without = leader_commits_then_crashes(true);
    assert!(without.all_invariants_hold(), "safe without it, but stuck:");
    assert_eq!(without.view().nodes[1].commit_index, 0);
    assert_eq!(without.view().nodes[2].commit_index, 0);
}

/// Most messages on the wire at any step of a 3 s run of a 3-node cluster under client
/// load (a request every 20 ms), with `dup_per_mille` duplication; stops early at `limit`.
fn most_in_flight(dup_per_mille: u16, limit: usize) -> usize {
    let config = RaftConfig {
        nodes: 3,
        client_interval_ms: 20,
        net: NetConfig {
            dup_per_mille,
            ..NetConfig::default()
        },
        ..RaftConfig::default()
    };
    let mut engine = Engine::<Raft>::new(&config, 5, &[]);
    engine.set_recording(false);
    let mut most = 0;
    while engine.kernel.now() < 3_000 && most <= limit && engine.step(&[]) {
        most = most.max(engine.kernel.in_flight().len());
    }
    most
}

#[test]
fn append_entries_stay_bounded_under_load_and_duplication() {
    // Per follower: one request awaiting its reply plus the heartbeat that retries it,
    // each with its reply, and a duplicate of any of them.
    let bound = 2 * 2 * 2 * 2 + 4;
    for dup in [0, 50, 200] {
        let most = most_in_flight(dup, bound);
        assert!(
            most <= bound,
            "{most} messages in flight with {dup}‰ duplication"
        );
    }
}

/// Past 64 checkpoints their spacing doubles: a 30k-step run thins them four times, and
/// seeking anywhere still gives the exact state of the first pass.
#[test]
fn seeking_in_a_long_run_with_thinned_checkpoints_restores_exact_states() {
    let config = RaftConfig {
        client_interval_ms: 10,
        ..RaftConfig::default()
    };
    let mut sim = RaftSim::new(RaftScenario {
        seed: 3,
        config,
        actions: vec![],
        step: 0,
    })
    .unwrap();
    let mut seen = Vec::new();
    while sim.current_step() < 30_000 && sim.step() {
        if sim.current_step().is_multiple_of(997) {
            seen.push((sim.current_step(), sim.view(), sim.messages_in_flight()));
        }
    }
    for (step, view, messages) in seen.iter().rev().chain(seen.iter().step_by(3)) {
        sim.seek(*step);
        assert_eq!(sim.current_step(), *step);
        assert_eq!(&sim.view(), view, "step {step}");
        assert_eq!(&sim.messages_in_flight(), messages, "step {step}");
    }
}

/// A shared link asking for the last step of a heavy run (client load, duplication) stops
/// recording at the memory budget, with a reason the widget can show, instead of taking
/// the tab down; branching earlier lifts the stop.
#[test]
fn a_heavy_link_stops_at_the_memory_budget_with_a_reason() {
    let heavy = RaftScenario {
        seed: 1,
        config: RaftConfig {
            client_interval_ms: 10,
            net: NetConfig {
                dup_per_mille: 200,
                ..NetConfig::default()
            },
            ..RaftConfig::default()
        },
        actions: vec![],
        step: sim::sim::MAX_STEPS,
    };
    let mut sim = RaftSim::new(heavy).unwrap();
    let stop = sim
        .memory_limit_reached()
        .expect("the budget stops the run");
    assert_eq!(stop.limit_bytes, sim::sim::DEFAULT_MEMORY_LIMIT);
    assert_eq!(stop.step, sim.recorded_steps());
    assert!(sim.recorded_steps() < sim::sim::MAX_STEPS);
    let over = sim.memory_bytes() - stop.limit_bytes;
    assert!(over < 1_000_000, "one step past the budget: {over} bytes");
    assert!(stop.to_string().contains("over 96.0 MB"), "{stop}");
    assert!(!sim.step(), "no step past the budget");
    // Playing on past the budget returns at once (it used to spin without end).
    sim.run_until(sim.now() + 60_000);
    assert_eq!(sim.current_step(), stop.step);
    sim.seek(stop.step / 2);
    assert!(sim.step(), "recorded steps still replay");
    sim.apply(Action::Crash { node: 0 }).unwrap();
    assert_eq!(sim.memory_limit_reached(), None);
}

#[test]
fn every_preset_stays_far_below_the_memory_budget() {
    for name in sim::raft::PRESETS {
        let mut sim = RaftSim::preset(name, 1).unwrap();
        sim.run_until(10_000);
        assert!(
            sim.memory_bytes() < sim::sim::DEFAULT_MEMORY_LIMIT / 10,
            "{name}"
        );
    }
}

/// The links the browser's memory test opens (`end2end/tests/widgets-memory.test.mjs`):
/// every Raft preset with 7 nodes, and the two heaviest runs a link can ask for (9 nodes,
/// a client request every millisecond; one with every message duplicated), each at the
/// widget's last step. The first heavy one reaches the memory budget (step 30,720), the
/// second stays just under it. The file must hold exactly these encodings, so it cannot
/// drift from what it claims.
#[test]
fn the_browser_memory_links_are_the_scenarios_they_name() {
    const LAST_WIDGET_STEP: u64 = 50_000;
    let mut expected = String::new();
    for name in sim::raft::PRESETS {
        let mut scenario = sim::raft::preset(name, 7).unwrap();
        scenario.step = LAST_WIDGET_STEP;
        expected += &format!("{name} {}\n", sim::sim::encode::<Raft>(&scenario));
    }
    for (name, dup_per_mille) in [("heavy-load", 0), ("heavy-duplication", 1000)] {
        let heavy = RaftScenario {
            seed: 1,
            config: RaftConfig {
                nodes: 9,
                client_interval_ms: 1,
                net: NetConfig {
                    dup_per_mille,
                    ..NetConfig::default()
                },
                ..RaftConfig::default()
            },
            actions: vec![],
            step: LAST_WIDGET_STEP,
        };
        let sim = RaftSim::new(heavy.clone()).unwrap();
        assert_eq!(
            sim.memory_limit_reached().is_some(),
            dup_per_mille == 0,
            "{name}: {:?}",
            sim.memory_limit_reached()
        );
        expected += &format!("{name} {}\n", sim::sim::encode::<Raft>(&heavy));
    }
    let file = include_str!("../../../end2end/fixtures/memory-links.txt");
    assert_eq!(
        file, expected,
        "rewrite end2end/fixtures/memory-links.txt as expected"
    );
}
