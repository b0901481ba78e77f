//! BEAM cluster: net tick windows, prevention of overlapping partitions, `:global`'s
//! resolvers and the Horde-style registry on split and heal, invariants under random
//! schedules, seeded bugs caught, sharing.

mod support;

use sim::cluster::{
    Cluster, ClusterAction, ClusterBugs, ClusterConfig, ClusterNote, ClusterScenario, ClusterSim,
    Distribution, DownReason, Exit, Library, Membership, PresenceConfig, Resolver, PRESETS,
};
use sim::rng::SimRng;
use sim::{Action, EventKind, NetConfig, NodeId, Time, Timed};

fn scenario(
    config: ClusterConfig,
    actions: Vec<Timed<ClusterAction>>,
    seed: u64,
) -> ClusterScenario {
    ClusterScenario {
        seed,
        config,
        actions,
        step: 0,
    }
}

fn run(s: ClusterScenario, until: Time) -> ClusterSim {
    let mut sim = ClusterSim::new(s).unwrap();
    sim.run_until(until);
    sim
}

/// Times at which `node` saw `nodedown` of `peer` for `reason`.
fn downs(sim: &ClusterSim, node: NodeId, peer: NodeId, reason: DownReason) -> Vec<Time> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Note {
                node: n,
                note: ClusterNote::NodeDown { peer: p, reason: r },
            } if *n == node && *p == peer && *r == reason => Some(e.time),
            _ => None,
        })
        .collect()
}

fn isolate(node: NodeId, nodes: usize, at: Time) -> Timed<ClusterAction> {
    Timed::at(
        at,
        Action::Partition {
            groups: vec![(0..nodes).filter(|n| *n != node).collect(), vec![node]],
        },
    )
}

#[test]
fn a_silent_peer_goes_down_within_the_documented_window() {
    for (ticktime, lo, hi) in [(60_000, 45_000, 75_000), (6_000, 4_500, 7_500)] {
        let (mut first, mut last) = (Time::MAX, 0);
        for seed in 0..60 {
            let cut = 1_000 + seed * 397 % 20_000;
            let config = ClusterConfig {
                nodes: 3,
                net_ticktime_ms: ticktime,
                ..ClusterConfig::default()
            };
            let sim = run(
                scenario(config, vec![isolate(2, 3, cut)], seed),
                cut + 2 * u64::from(ticktime),
            );
            let down = (0..2).flat_map(|n| downs(&sim, n, 2, DownReason::TickTimeout));
            let dt = down.min().expect("n3 never went down") - cut;
            assert!((lo..=hi).contains(&dt), "seed {seed}: down after {dt} ms");
            first = first.min(dt);
            last = last.max(dt);
        }
        println!("net_ticktime {ticktime} ms: down after {first}..{last} ms");
        assert!(last - first > (hi - lo) / 4, "the window is exercised");
    }
}

#[test]
fn an_idle_full_mesh_ticks_each_connection_every_quarter_ticktime() {
    let config = ClusterConfig::default();
    let sim = run(scenario(config, vec![], 3), 120_000);
    let view = sim.view();
    assert_eq!(view.open_connections, 10, "5 nodes: 5 * 4 / 2 connections");
    // 20 directed connections, one tick each per 15 s: 1.33 ticks per second.
    assert!(
        (1_250..=1_420).contains(&view.ticks_per_1000_s),
        "{} ticks per 1000 s",
        view.ticks_per_1000_s
    );
}

fn connected_pairs(sim: &ClusterSim) -> Vec<(NodeId, NodeId)> {
    let c = sim.state();
    let n = c.nodes.len();
    (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .filter(|&(a, b)| c.mutual(a, b))
        .collect()
}

#[test]
fn a_partial_cut_becomes_a_clean_partition_only_with_prevention() {
    for seed in 0..20 {
        let mut clean = ClusterSim::preset("partial-cut", seed).unwrap();
        clean.run_until(20_000);
        let pairs = connected_pairs(&clean);
        assert_eq!(pairs.len(), 1, "seed {seed}: {pairs:?}");
        assert!(pairs[0].1 == 2, "n3 stays with one of n1, n2: {pairs:?}");
        assert!(clean.all_invariants_hold());

        let mut overlapping = ClusterSim::preset("partial-cut-overlapping", seed).unwrap();
        overlapping.run_until(20_000);
        assert_eq!(connected_pairs(&overlapping), vec![(0, 2), (1, 2)]);
    }
}

#[test]
fn a_one_way_cut_also_ends_as_a_clean_partition() {
    let mut sim = ClusterSim::preset("one-way-cut", 4).unwrap();
    sim.run_until(20_000);
    let pairs = connected_pairs(&sim);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert!(sim.all_invariants_hold());
}

#[test]
fn connecting_to_one_node_connects_to_all_it_knows() {
    let mut s = ClusterSim::preset("tick-timeout", 1).unwrap().scenario();
    s.actions.push(Timed::at(20_000, Action::Heal));
    s.actions.push(Timed::at(
        21_000,
        Action::Protocol(ClusterAction::Connect { from: 2, to: 0 }),
    ));
    let mut sim = ClusterSim::new(s).unwrap();
    sim.run_until(20_500);
    assert_eq!(
        connected_pairs(&sim),
        vec![(0, 1)],
        "no reconnect by itself"
    );
    sim.run_until(22_000);
    assert_eq!(connected_pairs(&sim), vec![(0, 1), (0, 2), (1, 2)]);
}

fn workers(sim: &ClusterSim) -> Vec<(NodeId, Option<Exit>, u32)> {
    sim.state()
        .procs
        .iter()
        .map(|p| (p.pid.node, p.exit, p.conflict_messages))
        .collect()
}

fn owners(sim: &ClusterSim) -> Vec<Option<NodeId>> {
    sim.view()
        .nodes
        .iter()
        .map(|n| {
            n.names
                .iter()
                .find(|(name, _)| name == "worker")
                .map(|(_, p)| p.node)
        })
        .collect()
}

#[test]
fn global_registers_on_both_sides_of_a_split_and_each_resolver_does_what_it_documents() {
    for seed in 0..10 {
        let mut sim = ClusterSim::preset("global-exit-on-heal", seed).unwrap();
        sim.run_until(11_000);
        assert_eq!(
            owners(&sim),
            vec![Some(0), Some(0), Some(0), Some(3), Some(3)],
            "each side has its own worker"
        );
        sim.run_until(25_000);
        assert_eq!(
            workers(&sim),
            vec![(3, Some(Exit::Killed), 0), (0, None, 0)]
        );
        assert_eq!(
            owners(&sim),
            vec![Some(0); 5],
            "the lower node name keeps it"
        );
        assert!(sim.all_invariants_hold(), "{:?}", sim.invariants());

        let mut sim = ClusterSim::preset("global-notify-on-heal", seed).unwrap();
        sim.run_until(25_000);
        assert_eq!(workers(&sim), vec![(3, None, 1), (0, None, 0)]);
        assert_eq!(owners(&sim), vec![Some(0); 5]);

        let mut sim = ClusterSim::preset("global-notify-all-on-heal", seed).unwrap();
        sim.run_until(25_000);
        assert_eq!(workers(&sim), vec![(3, None, 1), (0, None, 1)]);
        assert_eq!(owners(&sim), vec![None; 5], "notify_all_name returns none");
        assert!(sim.all_invariants_hold(), "{:?}", sim.invariants());
    }
}

#[test]
fn horde_with_dynamic_members_runs_the_child_on_both_sides_then_kills_one_on_heal() {
    for seed in 0..10 {
        let mut sim = ClusterSim::preset("horde-dynamic-split-heal", seed).unwrap();
        sim.run_until(11_000);
        let alive: Vec<NodeId> = workers(&sim)
            .iter()
            .filter(|w| w.1.is_none())
            .map(|w| w.0)
            .collect();
        assert_eq!(
            alive.len(),
            2,
            "seed {seed}: the majority restarted it: {alive:?}"
        );
        assert!(alive.contains(&3) && alive.iter().any(|n| *n < 3));
        sim.run_until(25_000);
        let w = workers(&sim);
        let conflicts = w
            .iter()
            .filter(|w| matches!(w.1, Some(Exit::NameConflict { .. })))
            .count();
        assert_eq!(conflicts, 1, "seed {seed}: {w:?}");
        assert_eq!(w.iter().filter(|w| w.1.is_none()).count(), 1);
        assert_eq!(
            w[0].1.map(|e| matches!(e, Exit::NameConflict { .. })),
            Some(true),
            "the later registration wins: the original on n4 is killed"
        );
        assert!(sim.all_invariants_hold(), "{:?}", sim.invariants());
    }
}

#[test]
fn horde_with_static_members_and_quorum_stops_the_minority_so_nothing_conflicts() {
    for seed in 0..10 {
        let mut sim = ClusterSim::preset("horde-static-quorum-split-heal", seed).unwrap();
        sim.run_until(11_000);
        let w = workers(&sim);
        assert_eq!(w[0], (3, Some(Exit::QuorumLost), 0), "seed {seed}: {w:?}");
        assert_eq!(w.iter().filter(|w| w.1.is_none() && w.0 < 3).count(), 1);
        sim.run_until(25_000);
        let w = workers(&sim);
        assert!(w
            .iter()
            .all(|w| !matches!(w.1, Some(Exit::NameConflict { .. }))));
        assert_eq!(w.iter().filter(|w| w.1.is_none()).count(), 1);
        assert!(sim.all_invariants_hold(), "{:?}", sim.invariants());
    }
}

#[test]
fn every_preset_runs_without_violations() {
    for name in PRESETS {
        let mut sim = ClusterSim::preset(name, 1).unwrap();
        sim.run_until(30_000);
        assert!(sim.all_invariants_hold(), "{name}: {:?}", sim.invariants());
    }
}

const RUN_MS: Time = 40_000;

fn random_scenario(seed: u64, library: Library, bugs: ClusterBugs) -> ClusterScenario {
    let mut rng = SimRng::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5eed);
    let nodes = 3 + rng.index(4);
    let delay = rng.range(5, 30) as u32;
    let config = ClusterConfig {
        nodes,
        net_ticktime_ms: rng.range(2_000, 8_000) as u32,
        tick_intensity: 4 + rng.index(5) as u32,
        reconnect_ms: if rng.chance(300) {
            0
        } else {
            rng.range(300, 3_000) as u32
        },
        library,
        sync_interval_ms: rng.range(50, 500) as u32,
        net: NetConfig {
            delay_min_ms: delay,
            delay_max_ms: delay,
            loss_per_mille: 0,
            dup_per_mille: 0,
        },
        bugs,
        ..ClusterConfig::default()
    };
    let node = |rng: &mut SimRng| rng.index(nodes);
    let mut actions = Vec::new();
    for _ in 0..rng.range(6, 24) {
        let at = rng.range(0, RUN_MS - 15_000);
        let action = match rng.index(12) {
            0 => Action::Cut {
                from: node(&mut rng),
                to: node(&mut rng),
            },
            1 => Action::CutBoth {
                a: node(&mut rng),
                b: node(&mut rng),
            },
            2 | 3 => {
                let split = 1 + rng.index(nodes - 1);
                let mut order: Vec<NodeId> = (0..nodes).collect();
                for i in (1..nodes).rev() {
                    order.swap(i, rng.index(i + 1));
                }
                Action::Partition {
                    groups: vec![order[..split].to_vec(), order[split..].to_vec()],
                }
            }
            4 => Action::Heal,
            5 => Action::Crash {
                node: node(&mut rng),
            },
            6 => Action::Restart {
                node: node(&mut rng),
            },
            7 => Action::Protocol(ClusterAction::Connect {
                from: node(&mut rng),
                to: node(&mut rng),
            }),
            8 if matches!(library, Library::Presence(_)) => Action::Protocol(ClusterAction::Stop {
                node: node(&mut rng),
                name: ["a", "b"][rng.index(2)].to_string(),
            }),
            _ => {
                let name = ["a", "b"][rng.index(2)].to_string();
                let twin = ClusterAction::Start {
                    node: node(&mut rng),
                    name: name.clone(),
                };
                actions.push(Timed::at(at, Action::Protocol(twin)));
                Action::Protocol(ClusterAction::Start {
                    node: node(&mut rng),
                    name,
                })
            }
        };
        actions.push(Timed::at(at, action));
    }
    actions.push(Timed::at(RUN_MS - 15_000, Action::Heal));
    for node in 0..nodes {
        actions.push(Timed::at(RUN_MS - 15_000, Action::Restart { node }));
        actions.push(Timed::at(
            RUN_MS - 14_000,
            Action::Protocol(ClusterAction::Connect { from: node, to: 0 }),
        ));
    }
    scenario(config, actions, seed)
}

fn violated(s: &ClusterScenario) -> Vec<(&'static str, String)> {
    run_checked(s).0
}

/// Runs a scenario for `RUN_MS` on a bare engine: the violated invariants, and how many
/// processes lost a name conflict or were stopped for lack of quorum.
fn run_checked(s: &ClusterScenario) -> (Vec<(&'static str, String)>, usize) {
    let engine = support::run_timed::<Cluster>(s, RUN_MS);
    let found = support::violations(&engine);
    let conflicts = engine
        .proto
        .procs
        .iter()
        .filter(|p| {
            p.conflict_messages > 0
                || !matches!(p.exit, None | Some(Exit::NodeCrash | Exit::NotRegistered))
        })
        .count();
    (found, conflicts)
}

fn libraries() -> Vec<Library> {
    let mut all = vec![
        Library::Global(Resolver::RandomExitName),
        Library::Global(Resolver::RandomNotifyName),
        Library::Global(Resolver::NotifyAllName),
    ];
    for membership in [Membership::Static, Membership::Dynamic] {
        for distribution in [Distribution::Uniform, Distribution::UniformQuorum] {
            all.push(Library::Horde {
                membership,
                distribution,
            });
        }
    }
    all.push(FAST_PRESENCE);
    all
}

/// Tracker periods short enough for many splits and heals in a 40 s run, and a delta
/// generation of 4 changes so that a heal often needs the full state.
const FAST_PRESENCE: Library = Library::Presence(PresenceConfig {
    broadcast_period_ms: 200,
    max_silent_periods: 4,
    down_period_ms: 2_000,
    permdown_period_ms: 10_000,
    clock_sample_periods: 2,
    max_delta_size: 4,
});

#[test]
fn random_schedules_keep_every_invariant() {
    for library in libraries() {
        let mut conflicts = 0;
        for seed in 0..300 {
            let s = random_scenario(seed, library, ClusterBugs::default());
            let (v, c) = run_checked(&s);
            assert!(
                v.is_empty(),
                "{library:?} seed {seed} violates {v:?}; replay with random_scenario({seed}, ...)"
            );
            conflicts += c;
        }
        println!("{library:?}: {conflicts} processes lost a conflict or quorum");
        assert!(
            conflicts > 20,
            "{library:?}: schedules must produce conflicts"
        );
    }
}

fn first_caught(
    library: Library,
    bugs: ClusterBugs,
    seeds: u64,
) -> Option<(u64, Vec<(&'static str, String)>)> {
    (0..seeds).find_map(|seed| {
        let v = violated(&random_scenario(seed, library, bugs));
        (!v.is_empty()).then_some((seed, v))
    })
}

fn assert_caught(library: Library, bugs: ClusterBugs, invariant: &str) {
    let (seed, v) =
        first_caught(library, bugs, 400).unwrap_or_else(|| panic!("{bugs:?} was never caught"));
    println!("{bugs:?} caught at seed {seed}: {v:?}");
    assert!(v.iter().any(|(name, _)| *name == invariant), "{v:?}");
}

#[test]
fn checker_catches_ignoring_lost_connection_reports() {
    let bugs = ClusterBugs {
        ignore_lost_connection: true,
        ..ClusterBugs::default()
    };
    assert_caught(
        Library::Global(Resolver::RandomExitName),
        bugs,
        "No overlapping partitions once settled",
    );
}

#[test]
fn checker_catches_registering_without_the_lock() {
    let bugs = ClusterBugs {
        register_without_lock: true,
        ..ClusterBugs::default()
    };
    assert_caught(
        Library::Global(Resolver::RandomExitName),
        bugs,
        "One owner per name",
    );
}

#[test]
fn checker_catches_skipping_the_resolver() {
    let bugs = ClusterBugs {
        skip_resolve: true,
        ..ClusterBugs::default()
    };
    assert_caught(
        Library::Global(Resolver::RandomNotifyName),
        bugs,
        "One owner per name",
    );
}

#[test]
fn checker_catches_a_conflict_without_the_exit() {
    let bugs = ClusterBugs {
        skip_conflict_exit: true,
        ..ClusterBugs::default()
    };
    let library = Library::Horde {
        membership: Membership::Dynamic,
        distribution: Distribution::Uniform,
    };
    assert_caught(library, bugs, "One running process per name after sync");
}

#[test]
fn checker_catches_running_on_without_quorum() {
    let bugs = ClusterBugs {
        ignore_quorum: true,
        ..ClusterBugs::default()
    };
    let library = Library::Horde {
        membership: Membership::Static,
        distribution: Distribution::UniformQuorum,
    };
    assert_caught(library, bugs, "No process runs without quorum");
}

#[test]
fn checker_catches_presence_without_the_full_state_fallback() {
    let bugs = ClusterBugs {
        no_full_state_fallback: true,
        ..ClusterBugs::default()
    };
    assert_caught(FAST_PRESENCE, bugs, "No presence lost after heal");
}

/// Keys node `node` shows, sorted.
fn presences(sim: &ClusterSim, node: NodeId) -> Vec<String> {
    let mut keys: Vec<String> = sim.view().nodes[node]
        .names
        .iter()
        .map(|(k, _)| k.clone())
        .collect();
    keys.sort();
    keys
}

fn notes(sim: &ClusterSim, pick: impl Fn(&ClusterNote) -> bool) -> Vec<(Time, NodeId)> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Note { node, note } if pick(note) => Some((e.time, *node)),
            _ => None,
        })
        .collect()
}

#[test]
fn presence_hides_the_other_side_after_down_period_and_shows_everything_after_heal() {
    for seed in 0..10 {
        let mut sim = ClusterSim::preset("presence-split-heal", seed).unwrap();
        sim.run_until(900);
        assert_eq!(presences(&sim, 4), ["alice", "bob"], "seed {seed}");
        sim.run_until(11_000);
        assert_eq!(
            presences(&sim, 0),
            ["carol", "dan"],
            "alice left; bob hidden"
        );
        assert_eq!(presences(&sim, 4), ["bob", "erin", "frank", "grace"]);
        let downs = notes(&sim, |n| matches!(n, ClusterNote::ReplicaDown { .. }));
        let first = downs.iter().map(|d| d.0).min().unwrap();
        // down_period is 4 s; the last heartbeat came at most 2.5 s before the split.
        assert!((1_000 + 1_500..=1_000 + 4_600).contains(&first), "{first}");
        sim.run_until(20_000);
        let all = ["bob", "carol", "dan", "erin", "frank", "grace"];
        for node in 0..5 {
            assert_eq!(presences(&sim, node), all, "seed {seed} n{}", node + 1);
        }
        assert!(sim.all_invariants_hold(), "{:?}", sim.invariants());
        let view = sim.view();
        assert_eq!(view.presence_bytes.full_transfers, 0, "deltas suffice");
        assert!(view.presence_bytes.delta_transfers > 0);
    }
}

#[test]
fn presence_falls_back_to_the_full_state_when_the_delta_generation_is_too_short() {
    for seed in 0..10 {
        let mut sim = ClusterSim::preset("presence-full-state-on-heal", seed).unwrap();
        sim.run_until(20_000);
        let all = ["bob", "carol", "dan", "erin", "frank", "grace"];
        for node in 0..5 {
            assert_eq!(presences(&sim, node), all, "seed {seed} n{}", node + 1);
        }
        let full = notes(&sim, |n| matches!(n, ClusterNote::FullState { .. }));
        assert!(full.iter().all(|(t, _)| *t > 12_000), "{full:?}");
        let bytes = sim.view().presence_bytes;
        assert!(
            bytes.full_transfers > 0 && bytes.full_states > 0,
            "{bytes:?}"
        );
        assert!(sim.all_invariants_hold(), "{:?}", sim.invariants());

        let mut s = sim.scenario();
        s.config.bugs.no_full_state_fallback = true;
        s.step = 0;
        let mut broken = ClusterSim::new(s).unwrap();
        broken.run_until(40_000);
        assert!(
            (0..5).any(|node| presences(&broken, node).len() < all.len()),
            "seed {seed}: without the fall-back a missed delta stays missed"
        );
        assert!(!broken.all_invariants_hold());
    }
}

#[test]
fn a_crashed_nodes_presences_stay_until_down_period_and_go_after_permdown_period() {
    let mut sim = ClusterSim::preset("presence-node-crash", 3).unwrap();
    sim.run_until(4_000);
    assert_eq!(presences(&sim, 0), ["alice"], "still shown after the crash");
    sim.run_until(30_000);
    assert_eq!(presences(&sim, 0), Vec::<String>::new());
    let down = notes(&sim, |n| *n == ClusterNote::ReplicaDown { peer: 4 });
    let gone = notes(&sim, |n| *n == ClusterNote::ReplicaPermdown { peer: 4 });
    assert_eq!(down.len(), 4);
    assert_eq!(gone.len(), 4);
    // Last heard at most 2.5 s before the crash at 1 s; down after 4 s, purged after 20 s.
    assert!(
        down.iter().all(|(t, _)| (2_500..=5_600).contains(t)),
        "{down:?}"
    );
    assert!(
        gone.iter().all(|(t, _)| (18_500..=21_600).contains(t)),
        "{gone:?}"
    );
    assert!(sim.all_invariants_hold(), "{:?}", sim.invariants());
}

#[test]
fn a_restarted_node_replaces_its_old_presences_at_once() {
    let mut s = ClusterSim::preset("presence-node-crash", 3)
        .unwrap()
        .scenario();
    s.actions
        .push(Timed::at(2_000, Action::Restart { node: 4 }));
    s.actions.push(Timed::at(
        2_100,
        Action::Protocol(ClusterAction::Connect { from: 4, to: 0 }),
    ));
    s.actions.push(Timed::at(
        2_200,
        Action::Protocol(ClusterAction::Start {
            node: 4,
            name: "again".into(),
        }),
    ));
    let mut sim = ClusterSim::new(s).unwrap();
    sim.run_until(4_000);
    assert_eq!(presences(&sim, 0), ["again"], "before down_period");
    assert!(sim.all_invariants_hold(), "{:?}", sim.invariants());
}

#[test]
fn a_shared_scenario_reproduces_the_run() {
    let mut sim = ClusterSim::preset("global-exit-on-heal", 9).unwrap();
    sim.run_until(15_000);
    let again = ClusterSim::from_encoded(&sim.encode()).unwrap();
    assert_eq!(again.view(), sim.view());
    sim.seek(10);
    let mut fresh = ClusterSim::preset("global-exit-on-heal", 9).unwrap();
    fresh.seek(10);
    assert_eq!(sim.view(), fresh.view(), "seeking back restores the state");
}

#[test]
fn bad_configurations_are_rejected_with_the_field_named() {
    let bad = |config: ClusterConfig| ClusterSim::new(scenario(config, vec![], 1)).unwrap_err().0;
    let base = ClusterConfig::default();
    assert!(bad(ClusterConfig {
        nodes: 1,
        ..base.clone()
    })
    .contains("nodes"));
    assert!(bad(ClusterConfig {
        tick_intensity: 3,
        ..base.clone()
    })
    .contains("tick_intensity"));
    let lossy = NetConfig {
        loss_per_mille: 5,
        ..base.net.clone()
    };
    assert!(bad(ClusterConfig {
        net: lossy,
        ..base.clone()
    })
    .contains("TCP"));
    let jitter = NetConfig {
        delay_max_ms: 40,
        ..base.net.clone()
    };
    assert!(bad(ClusterConfig {
        net: jitter,
        ..base.clone()
    })
    .contains("in order"));
    let action = ClusterAction::Start {
        node: 9,
        name: "x".into(),
    };
    let s = scenario(base, vec![Timed::at(1, Action::Protocol(action))], 1);
    assert!(ClusterSim::new(s).unwrap_err().0.contains("node 9"));
}

#[test]
fn the_event_log_reads_as_plain_words() {
    let mut sim = ClusterSim::preset("global-exit-on-heal", 2).unwrap();
    sim.run_until(25_000);
    let log = sim.describe_until_now().join("\n");
    for phrase in [
        "nodedown n4: net_tick_timeout",
        "registers worker as <1.",
        "keeps it",
        "Name conflict terminating",
    ] {
        assert!(log.contains(phrase), "missing {phrase:?}");
    }
}
