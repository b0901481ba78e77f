//! CRDTs: merge laws, convergence under loss/duplication/reordering, sequential
//! specifications, and the presets' teaching outcomes.

use proptest::prelude::*;
use sim::crdt::{
    CrdtAction, CrdtConfig, CrdtKind, CrdtScenario, CrdtSim, CrdtState, GCounter, LwwRegister,
    OrSet, PnCounter, SyncMode,
};
use sim::{Action, NetConfig, Timed, Trigger};
use std::collections::BTreeSet;

fn empty(kind: CrdtKind) -> CrdtState {
    match kind {
        CrdtKind::GCounter => CrdtState::GCounter(GCounter::default()),
        CrdtKind::PnCounter => CrdtState::PnCounter(PnCounter::default()),
        CrdtKind::LwwRegister => CrdtState::LwwRegister(LwwRegister::default()),
        CrdtKind::OrSet => CrdtState::OrSet(OrSet::default()),
    }
}

fn kind_of(k: u8) -> CrdtKind {
    [
        CrdtKind::GCounter,
        CrdtKind::PnCounter,
        CrdtKind::LwwRegister,
        CrdtKind::OrSet,
    ][k as usize % 4]
}

/// Three replica states reached by a shared random history of operations and merges.
fn states(kind: CrdtKind, history: &[(u8, u8, u8)]) -> Vec<CrdtState> {
    let mut s = vec![empty(kind); 3];
    for (step, &(op, r, x)) in history.iter().enumerate() {
        let r = r as usize % 3;
        let id = r as u8;
        let elem = format!("e{}", x % 4);
        match (&mut s[r], op % 4) {
            (_, 3) => {
                let other = s[x as usize % 3].clone();
                s[r].merge(&other);
            }
            (CrdtState::GCounter(g), _) => {
                g.increment(id);
            }
            (CrdtState::PnCounter(pn), 0 | 1) => {
                pn.p.increment(id);
            }
            (CrdtState::PnCounter(pn), _) => {
                pn.n.increment(id);
            }
            (CrdtState::LwwRegister(reg), _) => {
                let stamp = sim::hlc::Hlc {
                    l: step as u64 % 7,
                    c: u32::from(x % 3),
                };
                if reg
                    .value
                    .as_ref()
                    .is_none_or(|(_, h, i)| (*h, *i) < (stamp, id))
                {
                    reg.value = Some((elem, stamp, id));
                }
            }
            (CrdtState::OrSet(set), 0 | 1) => {
                set.add(id, &elem);
            }
            (CrdtState::OrSet(set), _) => {
                set.remove(&elem);
            }
        }
    }
    s
}

fn merged(a: &CrdtState, b: &CrdtState) -> CrdtState {
    let mut out = a.clone();
    out.merge(b);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn merge_is_commutative_associative_idempotent(
        kind in 0u8..4,
        history in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 0..40),
    ) {
        let s = states(kind_of(kind), &history);
        let (a, b, c) = (&s[0], &s[1], &s[2]);
        prop_assert_eq!(merged(a, b), merged(b, a));
        prop_assert_eq!(merged(&merged(a, b), c), merged(a, &merged(b, c)));
        prop_assert_eq!(merged(a, a), a.clone());
    }

    /// What a replica forwards after a merge is all it learned: joined to its state
    /// before, it gives its state after.
    #[test]
    fn what_a_merge_gained_joins_back_to_the_merged_state(
        kind in 0u8..4,
        history in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 0..40),
    ) {
        let s = states(kind_of(kind), &history);
        let after = merged(&s[0], &s[1]);
        prop_assert_eq!(merged(&s[0], &after.gained(&s[0])), after.clone());
        if after == s[0] && kind_of(kind) != CrdtKind::LwwRegister {
            prop_assert_eq!(after.gained(&s[0]), empty(kind_of(kind)));
        }
    }

    #[test]
    fn a_single_or_set_replica_behaves_like_a_set(
        ops in proptest::collection::vec((any::<bool>(), 0u8..5), 0..60),
    ) {
        let mut crdt = OrSet::default();
        let mut model = BTreeSet::new();
        for (add, x) in ops {
            let e = format!("e{x}");
            if add {
                crdt.add(0, &e);
                model.insert(e);
            } else {
                crdt.remove(&e);
                model.remove(&e);
            }
            prop_assert_eq!(crdt.value(), model.iter().cloned().collect::<Vec<_>>());
        }
    }
}

/// A random run: operations and syncs at random times over a lossy, duplicating network,
/// then repeated all-pairs syncs after healing.
fn random_run(seed: u64, kind: CrdtKind, sync: SyncMode) -> (CrdtSim, i64) {
    let mut rng = sim::rng::SimRng::new(seed);
    let replicas = 2 + rng.index(4);
    let config = CrdtConfig {
        kind,
        replicas,
        sync,
        net: NetConfig {
            delay_min_ms: 1,
            delay_max_ms: 1 + rng.range(0, 80) as u32,
            loss_per_mille: rng.range(0, 300) as u16,
            dup_per_mille: rng.range(0, 200) as u16,
        },
        ..CrdtConfig::default()
    };
    let mut actions = Vec::new();
    let mut expected = 0i64;
    for _ in 0..rng.range(5, 60) {
        let replica = rng.index(replicas);
        let element = format!("e{}", rng.index(4));
        let action = match (kind, rng.index(3)) {
            (_, 0) => CrdtAction::Sync {
                from: replica,
                to: rng.index(replicas),
            },
            (CrdtKind::GCounter, _) | (CrdtKind::PnCounter, 1) => {
                expected += 1;
                CrdtAction::Increment { replica }
            }
            (CrdtKind::PnCounter, _) => {
                expected -= 1;
                CrdtAction::Decrement { replica }
            }
            (CrdtKind::LwwRegister, _) => CrdtAction::Set {
                replica,
                value: element,
            },
            (CrdtKind::OrSet, 1) => CrdtAction::Add { replica, element },
            (CrdtKind::OrSet, _) => CrdtAction::Remove { replica, element },
        };
        actions.push(Timed {
            trigger: Trigger::AtTime(rng.range(0, 1_000)),
            action: Action::Protocol(action),
        });
    }
    if rng.chance(500) {
        actions.push(Timed {
            trigger: Trigger::AtTime(300),
            action: Action::CutBoth { a: 0, b: 1 },
        });
    }
    actions.push(Timed {
        trigger: Trigger::AtTime(1_500),
        action: Action::Heal,
    });
    let mut sim = CrdtSim::new(CrdtScenario {
        seed,
        config,
        actions,
        step: 0,
    })
    .unwrap();
    sim.run_until(2_000);
    for round in 0..60 {
        if sim.view().converged && round > 0 {
            break;
        }
        for from in 0..replicas {
            for to in (0..replicas).filter(|t| *t != from) {
                sim.apply(Action::Protocol(CrdtAction::Sync { from, to }))
                    .unwrap();
            }
        }
        let t = sim.now() + 200;
        sim.run_until(t);
    }
    (sim, expected)
}

#[test]
fn every_replica_converges_once_messages_get_through() {
    for seed in 0..300 {
        for kind in 0..4 {
            for sync in [SyncMode::State, SyncMode::Delta] {
                let (sim, expected) = random_run(seed, kind_of(kind), sync);
                let view = sim.view();
                assert!(
                    view.converged,
                    "seed {seed} {kind} {sync:?}: {:?}",
                    view.replicas
                );
                assert!(
                    sim.all_invariants_hold(),
                    "seed {seed}: {:?}",
                    sim.invariants()
                );
                if matches!(kind_of(kind), CrdtKind::GCounter | CrdtKind::PnCounter) {
                    assert_eq!(view.replicas[0].value, expected.to_string(), "seed {seed}");
                }
            }
        }
    }
}

#[test]
fn delta_sync_ships_fewer_bytes_than_full_state() {
    let (delta, _) = random_run(7, CrdtKind::OrSet, SyncMode::Delta);
    let view = delta.view();
    assert!(
        view.bytes_shipped < view.bytes_full_state,
        "{} vs {}",
        view.bytes_shipped,
        view.bytes_full_state
    );
}

#[test]
fn presets_show_their_lesson() {
    let mut inc = CrdtSim::preset("concurrent-increments", 1).unwrap();
    inc.run_until(1_000);
    assert!(inc.view().converged);
    assert_eq!(inc.view().replicas[0].value, "6");

    let mut add_remove = CrdtSim::preset("add-remove", 1).unwrap();
    add_remove.run_until(1_000);
    let view = add_remove.view();
    assert!(view.converged);
    assert_eq!(
        view.replicas[1].value, "{x}",
        "the concurrent add wins over the remove"
    );
    let CrdtState::OrSet(set) = &view.replicas[1].state else {
        panic!("not an OR-Set")
    };
    assert_eq!(set.tombstones().len(), 1, "the observed tag is a tombstone");
    assert!(add_remove
        .describe_until_now()
        .iter()
        .any(|l| l.contains("unseen by remote: add survives")));

    let mut lww = CrdtSim::preset("lww-skew", 1).unwrap();
    lww.run_until(1_000);
    let view = lww.view();
    assert!(view.converged);
    assert_eq!(
        view.replicas[0].value, "\"a\"",
        "the later write from the slow clock loses"
    );
}

/// The log shows what a delta carries: a remove is its tags, not an empty set `{}`.
#[test]
fn a_delta_says_what_it_carries() {
    let mut set = OrSet::default();
    set.add(0, "x");
    let add = set.add(0, "x");
    assert_eq!(CrdtState::OrSet(add).contents(), "x (n1:2); removes n1:1");
    let remove = set.remove("x");
    assert_eq!(CrdtState::OrSet(remove.clone()).value(), "{}");
    assert_eq!(CrdtState::OrSet(remove).contents(), "removes n1:2");
    assert_eq!(CrdtState::OrSet(OrSet::default()).contents(), "nothing");
    let mut g = GCounter::default();
    let delta = g.increment(1);
    assert_eq!(CrdtState::GCounter(delta).contents(), "{n2: 1}");
}

fn scenario(sync: SyncMode, replicas: usize, actions: Vec<Timed<CrdtAction>>) -> CrdtScenario {
    CrdtScenario {
        seed: 1,
        config: CrdtConfig {
            kind: CrdtKind::OrSet,
            replicas,
            sync,
            ..CrdtConfig::default()
        },
        actions,
        step: 0,
    }
}

fn at(time: u64, action: Action<CrdtAction>) -> Timed<CrdtAction> {
    Timed {
        trigger: Trigger::AtTime(time),
        action,
    }
}

fn op(time: u64, action: CrdtAction) -> Timed<CrdtAction> {
    at(time, Action::Protocol(action))
}

fn add(time: u64, replica: usize, element: &str) -> Timed<CrdtAction> {
    op(
        time,
        CrdtAction::Add {
            replica,
            element: element.into(),
        },
    )
}

fn sync(time: u64, from: usize, to: usize) -> Timed<CrdtAction> {
    op(time, CrdtAction::Sync { from, to })
}

/// A delta sync that finds nothing unacknowledged ships nothing, but a state-based sync
/// would have shipped the whole state: the comparison counts it.
#[test]
fn a_sync_with_nothing_pending_still_counts_the_full_state() {
    let actions = vec![
        add(10, 0, "x"),
        sync(20, 0, 1),
        sync(100, 0, 1),
        sync(200, 1, 0),
    ];
    let mut sim = CrdtSim::new(scenario(SyncMode::Delta, 2, actions)).unwrap();
    sim.run_until(1_000);
    let view = sim.view();
    let full = view.replicas[0].state.wire_bytes();
    assert_eq!(full, 9);
    assert_eq!(
        (view.bytes_shipped, view.bytes_full_state),
        (full, 3 * full)
    );
    assert!(sim
        .describe_until_now()
        .iter()
        .any(|l| l.contains("n2 has nothing to send to n1 (its full state: 9 bytes)")));
}

/// Over a network that loses nothing, what delta mode says full states would have cost
/// is what state mode ships for the same operations and syncs.
#[test]
fn delta_mode_counts_exactly_what_state_mode_ships() {
    let mut runs: Vec<(&str, CrdtScenario)> = ["add-remove", "concurrent-increments", "large-set"]
        .into_iter()
        .map(|name| (name, CrdtSim::preset(name, 1).unwrap().scenario()))
        .collect();
    let idle = vec![
        add(10, 0, "x"),
        sync(20, 0, 1),
        sync(100, 0, 1),
        sync(200, 1, 0),
    ];
    runs.push(("idle syncs", scenario(SyncMode::Delta, 2, idle)));
    for (name, sc) in runs {
        let bytes = |sync: SyncMode| {
            let mut sc = sc.clone();
            sc.config.sync = sync;
            let mut sim = CrdtSim::new(sc).unwrap();
            sim.run_until(10_000);
            let v = sim.view();
            assert!(v.converged, "{name} {sync:?}");
            (v.bytes_shipped, v.bytes_full_state)
        };
        let (delta, would_be) = bytes(SyncMode::Delta);
        let (state, state_full) = bytes(SyncMode::State);
        assert_eq!(state, state_full, "{name}");
        assert_eq!(would_be, state, "{name}");
        assert!(delta <= would_be, "{name}: {delta} vs {would_be}");
    }
}

/// The large set with small updates: deltas ship a fraction of the full states' bytes
/// (927 against 4,784), although the first group still travels on to the third replica.
#[test]
fn deltas_win_on_a_large_set_with_small_updates() {
    let mut sim = CrdtSim::preset("large-set", 1).unwrap();
    assert_eq!(sim.scenario().config.sync, SyncMode::Delta);
    sim.run_until(10_000);
    let v = sim.view();
    assert!(v.converged);
    assert!(
        v.bytes_shipped * 4 < v.bytes_full_state,
        "{} vs {}",
        v.bytes_shipped,
        v.bytes_full_state
    );
}

/// Deltas lost at a partition stay unacknowledged; after the heal one anti-entropy round
/// resends them and every replica converges, with no sync asked pair by pair.
#[test]
fn anti_entropy_after_a_heal_resends_what_the_partition_lost() {
    for mode in [SyncMode::Delta, SyncMode::State] {
        let actions = vec![
            at(
                0,
                Action::Partition {
                    groups: vec![vec![0]],
                },
            ),
            add(10, 0, "x"),
            add(10, 1, "y"),
            sync(20, 0, 1),
            sync(20, 1, 0),
            sync(20, 1, 2),
            at(200, Action::Heal),
            op(300, CrdtAction::AntiEntropy),
        ];
        let mut sim = CrdtSim::new(scenario(mode, 3, actions)).unwrap();
        sim.run_until(299);
        assert!(
            !sim.view().converged,
            "{mode:?}: the heal alone sends nothing"
        );
        sim.run_until(1_000);
        let v = sim.view();
        assert!(v.converged, "{mode:?}: {:?}", v.replicas);
        assert!(v.replicas.iter().all(|r| r.value == "{x, y}"), "{mode:?}");
        let log = sim.describe_until_now();
        assert!(
            log.iter()
                .any(|l| l.contains("anti-entropy: every replica syncs")),
            "{log:#?}"
        );
        if mode == SyncMode::Delta {
            assert!(
                log.iter()
                    .any(|l| l.contains("n1 sends delta #1: x (n1:1)") && l.contains("to n3")),
                "n1 resends its delta lost at the cut: {log:#?}"
            );
        }
    }
}

/// Equal values, different states: the status says what one replica lacks.
#[test]
fn the_first_difference_between_replicas_is_named() {
    // n2 re-adds x: both hold {x}, under different tags.
    let actions = vec![add(10, 0, "x"), sync(20, 0, 1), add(100, 1, "x")];
    let mut sim = CrdtSim::new(scenario(SyncMode::Delta, 3, actions)).unwrap();
    sim.run_until(50);
    assert_eq!(
        sim.state().difference().as_deref(),
        Some("n3 lacks what n1 holds: x (n1:1)")
    );
    sim.run_until(1_000);
    let v = sim.view();
    assert_eq!(v.replicas[0].value, v.replicas[1].value);
    assert!(!v.converged);
    assert_eq!(
        sim.state().difference().as_deref(),
        Some("n1 lacks what n2 holds: x (n2:1); removes n1:1")
    );

    let mut removed = OrSet::default();
    removed.add(0, "x");
    removed.remove("x");
    let (removed, empty) = (
        CrdtState::OrSet(removed),
        CrdtState::OrSet(OrSet::default()),
    );
    assert_eq!(
        empty.difference(&removed, 2, 0).as_deref(),
        Some("n3 lacks what n1 holds: removes n1:1")
    );
    assert_eq!(removed.difference(&removed, 0, 2), None);

    let mut g = GCounter::default();
    g.increment(1);
    let one = g.clone();
    g.increment(1);
    g.increment(0);
    assert_eq!(
        CrdtState::GCounter(one)
            .difference(&CrdtState::GCounter(g), 2, 0)
            .as_deref(),
        Some("n3 lacks what n1 holds: {n1: 1, n2: 2}")
    );
    let mut pn = PnCounter::default();
    pn.n.increment(0);
    assert_eq!(
        CrdtState::PnCounter(PnCounter::default())
            .difference(&CrdtState::PnCounter(pn), 0, 1)
            .as_deref(),
        Some("n1 lacks what n2 holds: P {}, N {n1: 1}")
    );
    let reg = LwwRegister {
        value: Some(("a".into(), sim::hlc::Hlc { l: 100, c: 0 }, 0)),
    };
    assert_eq!(
        CrdtState::LwwRegister(reg)
            .difference(&CrdtState::LwwRegister(LwwRegister::default()), 0, 1)
            .as_deref(),
        Some("n2 lacks what n1 holds: \"a\" at (100, 0) by n1")
    );
}
