//! Raft: safety under random schedules, seeded bugs caught, liveness, PreVote/CheckQuorum
//! behaviour, time travel and scenario sharing.

mod figure2;
mod support;

use sim::kernel::Engine;
use sim::raft::{preset, Raft, RaftAction, RaftBugs, RaftConfig, RaftScenario, RaftSim, Role};
use sim::rng::SimRng;
use sim::{Action, NetConfig, NodeId, Time, Timed, Trigger};
use std::collections::BTreeMap;

const RUN_MS: Time = 3_000;

/// A random cluster, network and schedule of faults and client requests.
fn random_scenario(seed: u64, bugs: RaftBugs) -> RaftScenario {
    random_schedule(seed, bugs, 30)
}

/// Like `random_scenario`, with up to `max_actions` faults (more faults find rarer bugs).
fn random_schedule(seed: u64, bugs: RaftBugs, max_actions: u64) -> RaftScenario {
    let mut rng = SimRng::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let nodes = 3 + rng.index(3);
    let delay_min = rng.range(1, 20) as u32;
    let config = RaftConfig {
        nodes,
        pre_vote: rng.chance(500),
        check_quorum: rng.chance(500),
        client_interval_ms: rng.range(20, 120) as u32,
        net: NetConfig {
            delay_min_ms: delay_min,
            delay_max_ms: delay_min + rng.range(0, 60) as u32,
            loss_per_mille: rng.range(0, 150) as u16,
            dup_per_mille: rng.range(0, 80) as u16,
        },
        bugs,
        ..RaftConfig::default()
    };
    let node = |rng: &mut SimRng| rng.index(nodes);
    let actions = (0..rng.range(4, max_actions))
        .map(|_| {
            let action = match rng.index(11) {
                0 | 1 => Action::Crash {
                    node: node(&mut rng),
                },
                2 | 3 => Action::Restart {
                    node: node(&mut rng),
                },
                4 => Action::Cut {
                    from: node(&mut rng),
                    to: node(&mut rng),
                },
                5 => Action::CutBoth {
                    a: node(&mut rng),
                    b: node(&mut rng),
                },
                6 => {
                    let split = 1 + rng.index(nodes - 1);
                    let mut order: Vec<NodeId> = (0..nodes).collect();
                    for i in (1..nodes).rev() {
                        order.swap(i, rng.index(i + 1));
                    }
                    Action::Partition {
                        groups: vec![order[..split].to_vec(), order[split..].to_vec()],
                    }
                }
                7 => Action::Heal,
                8 | 9 => Action::Protocol(RaftAction::ClientRequest {
                    node: node(&mut rng),
                }),
                _ => Action::Protocol(RaftAction::Timeout {
                    node: node(&mut rng),
                }),
            };
            Timed {
                trigger: Trigger::AtTime(rng.range(0, RUN_MS)),
                action,
            }
        })
        .collect();
    RaftScenario {
        seed,
        config,
        actions,
        step: 0,
    }
}

/// Runs a scenario for `RUN_MS` on a bare engine; returns the names of violated invariants.
fn violated(s: &RaftScenario) -> Vec<(&'static str, String)> {
    run_checked(s).0
}

/// Like `violated`, also returning the number of steps and of committed entries on n1.
fn run_checked(s: &RaftScenario) -> (Vec<(&'static str, String)>, u64, u64) {
    let engine = support::run_timed::<Raft>(s, RUN_MS);
    let found = support::violations(&engine);
    let committed = engine
        .proto
        .nodes
        .iter()
        .map(|n| n.commit_index)
        .max()
        .unwrap();
    (found, engine.kernel.step(), committed)
}

#[test]
fn ten_thousand_random_schedules_keep_every_safety_property() {
    let (mut total_steps, mut total_committed) = (0, 0);
    for seed in 0..10_000 {
        let mut s = random_scenario(seed, RaftBugs::default());
        if seed % 2 == 1 {
            add_crash_cycles(&mut s, seed);
        }
        let (v, steps, committed) = run_checked(&s);
        assert!(
            v.is_empty(),
            "seed {seed} violates {v:?}; replay with random_scenario({seed}, RaftBugs::default())"
        );
        total_steps += steps;
        total_committed += committed;
    }
    println!("10,000 schedules: {total_steps} steps, {total_committed} entries committed");
    assert!(
        total_steps > 3_000_000,
        "schedules must exercise the cluster"
    );
    assert!(total_committed > 100_000, "schedules must commit entries");
}

/// The first seed under which the checker reports a violation, with its details.
fn first_caught(
    bugs: RaftBugs,
    seeds: u64,
    max_actions: u64,
    client_interval_ms: u32,
) -> Option<(u64, Vec<(&'static str, String)>)> {
    (0..seeds).find_map(|seed| {
        let mut s = random_schedule(seed, bugs, max_actions);
        if client_interval_ms > 0 {
            s.config.client_interval_ms = client_interval_ms;
            add_crash_cycles(&mut s, seed);
        }
        let v = violated(&s);
        (!v.is_empty()).then_some((seed, v))
    })
}

/// Makes every node crash and restart over and over, for heavy leader churn.
fn add_crash_cycles(s: &mut RaftScenario, seed: u64) {
    let mut rng = SimRng::new(seed ^ 0xc4a5);
    for node in 0..s.config.nodes {
        let mut t = rng.range(0, 400);
        while t < RUN_MS {
            s.actions.push(Timed {
                trigger: Trigger::AtTime(t),
                action: Action::Crash { node },
            });
            t += rng.range(20, 300);
            s.actions.push(Timed {
                trigger: Trigger::AtTime(t),
                action: Action::Restart { node },
            });
            t += rng.range(100, 800);
        }
    }
}

#[test]
fn checker_catches_votes_without_the_up_to_date_check() {
    let bugs = RaftBugs {
        vote_without_log_check: true,
        ..RaftBugs::default()
    };
    let (seed, v) = first_caught(bugs, 3_000, 30, 0).expect("the vote bug was never caught");
    println!("vote bug caught at seed {seed}: {v:?}");
    assert!(v
        .iter()
        .any(|(name, _)| *name == "Vote only for an up-to-date log"));
}

#[test]
fn checker_catches_committing_old_terms_by_counting() {
    let bugs = RaftBugs {
        commit_old_term_by_counting: true,
        ..RaftBugs::default()
    };
    let (seed, v) = first_caught(bugs, 10_000, 30, 300).expect("the Figure 8 bug was never caught");
    println!("commit bug caught at seed {seed}: {v:?}");
    assert!(v
        .iter()
        .any(|(name, _)| *name == "Commit only own-term entries on a majority"));
}

/// Virtual time when a leader first exists, if within `limit` ms.
fn first_leader_time(sim: &mut RaftSim, limit: Time) -> Option<Time> {
    while sim.now() <= limit && sim.step() {
        if sim.view().nodes.iter().any(|n| n.role == Role::Leader) {
            return Some(sim.now());
        }
    }
    None
}

#[test]
fn liveness_a_leader_within_three_election_timeouts_in_99_percent_of_seeds() {
    let seeds = 1_000;
    let config = RaftConfig {
        pre_vote: true,
        ..RaftConfig::default()
    };
    let bound = 3 * Time::from(config.election_max_ms);
    let elected = (0..seeds)
        .filter(|seed| {
            let mut sim = RaftSim::new(RaftScenario {
                seed: *seed,
                config: config.clone(),
                actions: vec![],
                step: 0,
            })
            .unwrap();
            first_leader_time(&mut sim, bound).is_some()
        })
        .count();
    println!("liveness: leader within {bound} ms in {elected}/{seeds} seeds");
    assert!(elected * 100 >= seeds as usize * 99, "{elected}/{seeds}");
}

#[test]
fn default_preset_elects_exactly_one_leader() {
    for nodes in [3, 5, 7] {
        for seed in 0..20 {
            let mut sim = RaftSim::new(RaftScenario {
                seed,
                ..preset("normal-election", nodes).unwrap()
            })
            .unwrap();
            sim.run_until(2_000);
            let view = sim.view();
            let leaders: Vec<_> = view
                .nodes
                .iter()
                .filter(|n| n.role == Role::Leader)
                .collect();
            assert_eq!(leaders.len(), 1, "nodes {nodes} seed {seed}");
            let term = leaders[0].term;
            assert!(view
                .nodes
                .iter()
                .all(|n| n.term == term && n.leader == Some(leaders[0].id)));
        }
    }
}

#[test]
fn split_vote_preset_starts_with_no_winner_then_elects_one() {
    let mut sim = RaftSim::preset("split-vote", 3).unwrap();
    sim.run_until(100);
    let view = sim.view();
    assert_eq!(
        view.nodes
            .iter()
            .filter(|n| n.role == Role::Candidate)
            .count(),
        view.nodes.len(),
        "every node stands"
    );
    assert!(view.nodes.iter().all(|n| n.role != Role::Leader));
    sim.run_until(3_000);
    assert_eq!(
        sim.view()
            .nodes
            .iter()
            .filter(|n| n.role == Role::Leader)
            .count(),
        1
    );
}

/// A preset named split-vote must split: whatever the seed and cluster size, nobody
/// wins term 1, and a later term elects one leader (seed 7 with 5 nodes used to elect
/// one in term 1, as only every other node timed out).
#[test]
fn split_vote_never_elects_in_term_one() {
    for nodes in [3, 5, 7] {
        for seed in 0..40 {
            let mut scenario = sim::raft::preset("split-vote", nodes).unwrap();
            scenario.seed = seed;
            let mut sim = RaftSim::new(scenario).unwrap();
            while sim.now() < 3_000 && sim.step() {
                let view = sim.view();
                assert!(
                    !view
                        .nodes
                        .iter()
                        .any(|n| n.role == Role::Leader && n.term == 1),
                    "{nodes} nodes, seed {seed}: a leader in term 1 at step {}",
                    sim.current_step()
                );
            }
            let leaders = sim
                .view()
                .nodes
                .iter()
                .filter(|n| n.role == Role::Leader)
                .count();
            assert_eq!(leaders, 1, "{nodes} nodes, seed {seed}");
        }
    }
}

#[test]
fn every_preset_runs_without_violations() {
    for name in sim::raft::PRESETS {
        let mut sim = RaftSim::preset(name, 3).unwrap();
        sim.run_until(4_000);
        assert!(sim.all_invariants_hold(), "{name}: {:?}", sim.invariants());
        assert!(sim.recorded_steps() > 50, "{name}");
    }
}

fn max_term(sim: &RaftSim) -> u64 {
    sim.view().nodes.iter().map(|n| n.term).max().unwrap()
}

fn asymmetric(pre_vote: bool, check_quorum: bool) -> RaftSim {
    let mut s = preset("asymmetric-partition", 5).unwrap();
    s.config.pre_vote = pre_vote;
    s.config.check_quorum = check_quorum;
    let mut sim = RaftSim::new(s).unwrap();
    sim.run_until(5_000);
    sim
}

#[test]
fn a_node_that_cannot_hear_disrupts_the_cluster_unless_prevote_is_on() {
    let disrupted = asymmetric(false, false);
    let protected = asymmetric(true, true);
    assert!(max_term(&disrupted) >= 8, "terms: {}", max_term(&disrupted));
    assert_eq!(max_term(&protected), 1);
    let leader = |sim: &RaftSim| {
        sim.view()
            .nodes
            .iter()
            .find(|n| n.role == Role::Leader)
            .map(|n| n.id)
    };
    assert_eq!(leader(&protected), Some(0));
}

fn deaf_leader(check_quorum: bool) -> RaftSim {
    let mut s = preset("normal-election", 5).unwrap();
    s.config.check_quorum = check_quorum;
    s.actions.push(Timed {
        trigger: Trigger::AtTime(1),
        action: Action::Protocol(RaftAction::Timeout { node: 0 }),
    });
    for from in 1..5 {
        s.actions.push(Timed {
            trigger: Trigger::AtTime(400),
            action: Action::Cut { from, to: 0 },
        });
    }
    let mut sim = RaftSim::new(s).unwrap();
    sim.run_until(3_000);
    sim
}

#[test]
fn a_leader_without_quorum_steps_down_only_with_check_quorum() {
    let others_lead = |sim: &RaftSim| sim.view().nodes[1..].iter().any(|n| n.role == Role::Leader);
    let stuck = deaf_leader(false);
    assert_eq!(
        stuck.view().nodes[0].role,
        Role::Leader,
        "it keeps believing it leads"
    );
    assert!(
        !others_lead(&stuck),
        "its heartbeats still suppress elections"
    );
    let fixed = deaf_leader(true);
    assert_ne!(fixed.view().nodes[0].role, Role::Leader);
    assert!(others_lead(&fixed), "the majority elects a new leader");
}

#[test]
fn minority_leader_cannot_commit_and_is_overwritten_after_heal() {
    let mut sim = RaftSim::preset("partition-heal", 5).unwrap();
    sim.run_until(1_500);
    let view = sim.view();
    let n1 = &view.nodes[0];
    assert!(
        n1.log.len() as u64 > n1.commit_index,
        "n1 holds an uncommitted entry"
    );
    sim.run_until(3_000);
    let view = sim.view();
    let reference = &view.nodes[2].log;
    assert!(
        view.nodes.iter().all(|n| &n.log == reference),
        "logs converge after heal"
    );
    assert!(sim.all_invariants_hold());
}

#[test]
fn seeking_back_restores_an_earlier_state_exactly() {
    let mut s = preset("leader-crash", 5).unwrap();
    s.config.client_interval_ms = 40;
    let mut sim = RaftSim::new(s).unwrap();
    let mut views = Vec::new();
    for _ in 0..1_500 {
        views.push((sim.view(), sim.messages_in_flight(), sim.invariants()));
        assert!(sim.step());
    }
    let mut rng = SimRng::new(3);
    for _ in 0..200 {
        let target = rng.index(views.len());
        sim.seek(target as u64);
        assert_eq!(sim.current_step(), target as u64);
        let now = (sim.view(), sim.messages_in_flight(), sim.invariants());
        assert_eq!(now, views[target], "state differs at step {target}");
    }
}

#[test]
fn applying_an_action_branches_and_the_encoded_scenario_reproduces_it() {
    let mut sim = RaftSim::preset("normal-election", 5).unwrap();
    sim.run_until(1_000);
    let recorded = sim.recorded_steps();
    sim.seek(recorded / 2);
    let at = sim.current_step();
    let leader = sim.view().nodes.iter().position(|n| n.role == Role::Leader);
    let victim = leader.unwrap_or(0);
    sim.apply(Action::Crash { node: victim }).unwrap();
    assert_eq!(sim.recorded_steps(), at + 1, "the old future is discarded");
    assert!(sim.describe_step(at + 1)[0].contains(&format!("crash n{}", victim + 1)));
    sim.run_until(2_500);
    let link = sim.encode();
    let replay = RaftSim::from_encoded(&link).unwrap();
    assert_eq!(replay.current_step(), sim.current_step());
    assert_eq!(replay.view(), sim.view());
    assert_eq!(replay.describe_until_now(), sim.describe_until_now());
}

#[test]
fn the_event_log_reads_as_plain_words() {
    let mut sim = RaftSim::preset("leader-crash", 5).unwrap();
    sim.run_until(700);
    let log = sim.describe_until_now();
    assert!(log
        .iter()
        .any(|l| l.starts_with("t=1 ms: n1 times out, starts election for term 1")));
    assert!(log
        .iter()
        .any(|l| l.contains("n1 becomes leader for term 1")));
    assert!(log.iter().any(|l| l.contains("scenario: crash n1")));
    assert!(!log.iter().any(|l| l.contains("reader:")));
    // What the reader does is logged as theirs, and survives a shared link.
    sim.apply(Action::Crash { node: 2 }).unwrap();
    let log = sim.describe_until_now();
    assert!(log.last().unwrap().ends_with("reader: crash n3"), "{log:?}");
    let replay = RaftSim::from_encoded(&sim.encode()).unwrap();
    assert_eq!(replay.describe_until_now(), log);
}

#[test]
fn bad_scenarios_are_rejected_with_the_field_named() {
    let mut s = preset("normal-election", 5).unwrap();
    s.config.nodes = 12;
    let e = RaftSim::new(s).unwrap_err();
    assert!(e.0.contains("nodes"), "{e}");
    let mut s = preset("normal-election", 5).unwrap();
    s.actions.push(Timed {
        trigger: Trigger::AtTime(5),
        action: Action::Crash { node: 7 },
    });
    let e = RaftSim::new(s).unwrap_err();
    assert!(e.0.contains("actions[0]") && e.0.contains("node 7"), "{e}");
}

/// The schedule of Figure 8 in the Raft paper (5 nodes): n1 leads term 1 and copies an
/// entry to n2 only; n5 leads term 2 alone and appends its own entry at the same index;
/// n1 leads again, copies its term-1 entry to a majority (and, with the bug, counts it as
/// committed) and crashes; n5 comes back and wins with its more recent last term.
fn figure_8(bugs: RaftBugs) -> RaftScenario {
    let at = |t: Time, action: Action<RaftAction>| Timed {
        trigger: Trigger::AtTime(t),
        action,
    };
    let timeout = |node| Action::Protocol(RaftAction::Timeout { node });
    let request = |node| Action::Protocol(RaftAction::ClientRequest { node });
    let split = |groups: &[&[NodeId]]| Action::Partition {
        groups: groups.iter().map(|g| g.to_vec()).collect(),
    };
    RaftScenario {
        seed: 8,
        config: RaftConfig {
            nodes: 5,
            // Figure 8's leaders append no no-op: one would commit n1's entry in term 3.
            bugs: RaftBugs {
                skip_noop: true,
                ..bugs
            },
            ..RaftConfig::default()
        },
        actions: vec![
            at(1, timeout(0)),
            at(60, split(&[&[0, 1], &[2, 3, 4]])),
            at(70, request(0)),
            at(100, timeout(4)),
            at(140, split(&[&[0, 1], &[2, 3], &[4]])),
            at(150, request(4)),
            at(170, Action::Crash { node: 4 }),
            at(180, split(&[&[0, 1, 2, 3], &[4]])),
            at(190, timeout(0)),
            at(230, timeout(0)),
            at(400, Action::Crash { node: 0 }),
            at(410, Action::Heal),
            at(410, Action::Restart { node: 4 }),
            at(415, timeout(4)),
            at(460, timeout(4)),
        ],
        step: 0,
    }
}

#[test]
fn figure_8_loses_a_committed_entry_only_with_the_counting_bug() {
    let buggy = RaftBugs {
        commit_old_term_by_counting: true,
        ..RaftBugs::default()
    };
    let v = violated(&figure_8(buggy));
    println!("Figure 8 with the bug: {v:?}");
    assert!(
        v.iter()
            .any(|(name, _)| *name == "Leader Completeness" || *name == "State Machine Safety"),
        "{v:?}"
    );
    assert_eq!(violated(&figure_8(RaftBugs::default())), vec![]);
}

#[test]
fn figure_8_names_the_broken_rule_first_and_the_lost_entry_after() {
    let buggy = RaftBugs {
        commit_old_term_by_counting: true,
        ..RaftBugs::default()
    };
    let mut sim = RaftSim::new(figure_8(buggy)).unwrap();
    sim.run_until(RUN_MS);
    let mut failed: Vec<(u64, &str)> = sim
        .invariants()
        .into_iter()
        .filter_map(|i| i.violated_at.map(|step| (step, i.name)))
        .collect();
    failed.sort();
    assert_eq!(
        failed.first().map(|f| f.1),
        Some("Commit only own-term entries on a majority"),
        "{failed:?}"
    );
    assert!(
        failed
            .iter()
            .any(|f| f.1 == "Committed entries never disappear"),
        "a follower's committed entry is overwritten: {failed:?}"
    );
}

/// Each broken rule with the first step it broke at, by the project's checker and by the
/// Figure 2 reference checker, over `run_ms` of the schedule.
type Verdicts = (BTreeMap<&'static str, u64>, BTreeMap<&'static str, u64>);

fn both_checkers(s: &RaftScenario, run_ms: Time) -> Verdicts {
    let timed: Vec<(Time, Action<RaftAction>)> = s
        .actions
        .iter()
        .filter_map(|t| match t.trigger {
            Trigger::AtTime(time) => Some((time, t.action.clone())),
            Trigger::AfterStep(_) => None,
        })
        .collect();
    let mut engine = Engine::<Raft>::new(&s.config, s.seed, &timed);
    let mut reference = figure2::Figure2::new(s.config.nodes);
    while engine.kernel.now() < run_ms && engine.step(&[]) {
        reference.step(&engine.take_events());
    }
    let project = <Raft as sim::Protocol>::INVARIANTS
        .iter()
        .zip(engine.kernel.violations())
        .filter_map(|(name, v)| v.as_ref().map(|v| (*name, v.step)))
        .collect();
    (project, reference.violations)
}

/// The rule that broke first (ties go to the rule listed first by the project).
fn first_rule(found: &BTreeMap<&'static str, u64>) -> Option<&'static str> {
    let order = |name: &&str| {
        <Raft as sim::Protocol>::INVARIANTS
            .iter()
            .position(|n| n == name)
    };
    found
        .iter()
        .min_by_key(|(name, step)| (**step, order(name)))
        .map(|(name, _)| *name)
}

#[test]
fn the_project_checker_and_a_figure_2_reference_checker_agree_on_random_schedules() {
    const SEEDS: u64 = 2_000;
    let modes = [
        ("correct", RaftBugs::default()),
        (
            "vote bug",
            RaftBugs {
                vote_without_log_check: true,
                ..RaftBugs::default()
            },
        ),
        (
            "counting bug",
            RaftBugs {
                commit_old_term_by_counting: true,
                ..RaftBugs::default()
            },
        ),
    ];
    for (mode, bugs) in modes {
        let mut flagged = [0, 0];
        let mut firsts: [BTreeMap<&str, u32>; 2] = Default::default();
        let mut every: BTreeMap<&str, u32> = BTreeMap::new();
        for seed in 0..SEEDS {
            let mut s = random_schedule(seed, bugs, 20);
            if seed % 2 == 1 {
                s.config.client_interval_ms = 300;
                add_crash_cycles(&mut s, seed);
            }
            let (project, reference) = both_checkers(&s, 1_500);
            assert_eq!(
                project, reference,
                "{mode}, seed {seed}: the rules broken, each with its first step, differ"
            );
            for rule in project.keys() {
                *every.entry(rule).or_default() += 1;
            }
            for (k, found) in [&project, &reference].into_iter().enumerate() {
                if let Some(rule) = first_rule(found) {
                    flagged[k] += 1;
                    *firsts[k].entry(rule).or_default() += 1;
                }
            }
        }
        println!(
            "{mode}: {SEEDS} runs; project checker flags {}, first rules {:?}; reference flags {}, first rules {:?}; runs breaking each rule {every:?}",
            flagged[0], firsts[0], flagged[1], firsts[1]
        );
        if mode == "correct" {
            assert_eq!(flagged, [0, 0]);
        } else {
            assert!(flagged[0] > 0, "{mode} is never caught");
        }
    }
}
