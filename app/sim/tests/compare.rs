//! The partition comparison: one timeline, Raft refuses minority writes, the OR-Set
//! accepts them and converges after the heal; seeking and sharing are exact.

use sim::compare::{CompareAction, CompareSim, Preset};
use sim::raft::Role;

fn run(nodes: usize, seed: u64, bug: bool) -> CompareSim {
    CompareSim::new(nodes, seed, &Preset::LeaderInMajority.schedule(nodes), bug).unwrap()
}

#[test]
fn raft_refuses_minority_writes_and_the_or_set_converges_after_the_heal() {
    for nodes in [3, 5] {
        let mut sim = run(nodes, 1, false);
        sim.run_until(1_300);
        assert!(
            sim.raft_writes().refused >= 1,
            "{nodes} nodes: no refusal during the partition"
        );
        let crdt = sim.crdt().view();
        let minority_value = &crdt.replicas[0].value;
        assert!(
            minority_value.contains('b'),
            "{nodes}: the minority replica took its write: {minority_value}"
        );
        assert!(
            !crdt.converged,
            "{nodes}: sides cannot have converged during the partition"
        );
        sim.run_until(2_500);
        let crdt = sim.crdt().view();
        assert!(
            crdt.converged,
            "{nodes} nodes: OR-Set did not converge after the heal"
        );
        for element in ["a", "b", "c", "d"] {
            assert!(
                crdt.replicas[0].value.contains(element),
                "{nodes}: {element} missing"
            );
        }
        let raft = sim.raft().view();
        assert_eq!(
            raft.nodes.iter().filter(|n| n.role == Role::Leader).count(),
            1
        );
        assert!(sim.raft().all_invariants_hold() && sim.crdt().all_invariants_hold());
    }
}

#[test]
fn one_clock_drives_both_sides_in_time_order() {
    let mut sim = run(5, 3, false);
    let mut last = 0;
    for _ in 0..2_000 {
        assert!(sim.step());
        let side_time = match sim.side_of(sim.current_step()).unwrap() {
            sim::compare::Side::Raft => sim.raft().now(),
            sim::compare::Side::Crdt => sim.crdt().now(),
        };
        assert!(side_time >= last, "time went back: {side_time} < {last}");
        last = side_time;
    }
}

#[test]
fn seeking_back_and_sharing_reproduce_the_state_exactly() {
    let mut sim = run(5, 9, false);
    sim.run_until(900);
    sim.apply(CompareAction::Write {
        node: 1,
        element: "z".into(),
    })
    .unwrap();
    sim.run_until(1_600);
    let (raft, crdt, step) = (sim.raft().view(), sim.crdt().view(), sim.current_step());
    let text = sim.encode();
    sim.seek(10);
    assert_eq!(sim.current_step(), 10);
    sim.seek(step);
    assert_eq!(
        (sim.raft().view(), sim.crdt().view()),
        (raft.clone(), crdt.clone())
    );
    let again = CompareSim::decode(&text, 100_000).unwrap();
    assert_eq!(again.current_step(), step);
    assert_eq!((again.raft().view(), again.crdt().view()), (raft, crdt));
    for bad in [
        "",
        "v1.AAAA",
        "v1.AAAA~v1.AAAA",
        "~",
        &text.replace('~', ""),
    ] {
        assert!(
            CompareSim::decode(bad, 100_000).is_err(),
            "{bad:?} was accepted"
        );
    }
    assert!(CompareSim::decode(&text, 5).is_err(), "step limit ignored");
}

#[test]
fn break_it_lets_a_stale_minority_node_lead_after_the_heal() {
    for nodes in [3, 5] {
        for seed in 1..=5 {
            let mut sim = run(nodes, seed, true);
            sim.run_until(1_399);
            assert!(
                sim.raft().all_invariants_hold(),
                "{nodes}/{seed}: broke before the heal"
            );
            sim.run_until(3_000);
            let failed = sim
                .raft()
                .invariants()
                .into_iter()
                .find(|i| i.violated_at.is_some());
            assert_eq!(
                failed.map(|i| i.name),
                Some("Leader Completeness"),
                "{nodes} nodes, seed {seed}"
            );
        }
    }
}

#[test]
fn every_write_sent_to_raft_is_counted_committed_refused_or_in_doubt() {
    for nodes in [3, 5] {
        let mut sim = run(nodes, 1, false);
        let schedule_writes = Preset::LeaderInMajority
            .schedule(nodes)
            .actions
            .iter()
            .filter(|t| matches!(t.1, CompareAction::Write { .. }))
            .count();
        // Just after the cut (at 300 ms) n1, in the minority, still knows the leader on
        // the other side: it forwards the write across the cut, where it is lost. Neither
        // committed nor refused, it was counted nowhere before.
        sim.run_until(350);
        sim.apply(CompareAction::Write {
            node: 0,
            element: "z".into(),
        })
        .unwrap();
        sim.run_until(1_300);
        let during = sim.raft_writes();
        assert!(during.refused >= 1, "{nodes}: {during:?}");
        assert_eq!(during.in_doubt(), 1, "{nodes}: {during:?}");
        sim.run_until(3_000);
        let end = sim.raft_writes();
        assert_eq!(end.sent, schedule_writes + 1, "{nodes}: {end:?}");
        assert_eq!(end.committed + end.refused + end.in_doubt(), end.sent);
        assert_eq!(end.in_doubt(), 1, "the lost write stays lost: {end:?}");
        assert!(end.committed >= 2, "{nodes}: {end:?}");
    }
}

fn minority_run(nodes: usize, seed: u64, bug: bool) -> CompareSim {
    CompareSim::new(nodes, seed, &Preset::LeaderInMinority.schedule(nodes), bug).unwrap()
}

/// The classic CP case: the leader is cut off in the minority. It appends the write sent
/// to it but cannot commit it; CheckQuorum steps it down; the majority elects a leader of
/// a higher term; after the heal the stale entry is overwritten, and counted as lost.
#[test]
fn a_stale_leader_in_the_minority_takes_a_write_it_cannot_commit_and_it_is_lost() {
    for nodes in [3, 5] {
        for seed in 1..=5 {
            let at = format!("{nodes} nodes, seed {seed}");
            let mut sim = minority_run(nodes, seed, false);
            sim.run_until(350);
            assert_eq!(sim.raft().view().leader(), Some(0), "{at}: n1 leads");
            assert_eq!(sim.raft_writes().committed, 1, "{at}: a is committed");
            sim.run_until(450);
            let n1 = sim.raft().view().nodes[0].clone();
            let b = n1.log.last().copied().expect("n1 has entries");
            assert!(!b.is_noop() && b.term == 1, "{at}: n1 appended b: {n1:?}");
            assert!(
                n1.commit_index < n1.log.len() as u64,
                "{at}: b is not committed"
            );
            let writes = sim.raft_writes();
            assert_eq!(
                (writes.committed, writes.in_doubt()),
                (1, 1),
                "{at}: {writes:?}"
            );
            sim.run_until(1_399);
            let view = sim.raft().view();
            assert_ne!(
                view.nodes[0].role,
                Role::Leader,
                "{at}: CheckQuorum stepped n1 down"
            );
            assert!(view.nodes[0].log.contains(&b), "{at}: b waits in n1's log");
            let leader = view.leader().expect("the majority has a leader");
            assert!(
                leader >= nodes / 2 && view.nodes[leader].term > 1,
                "{at}: {leader}"
            );
            let writes = sim.raft_writes();
            assert_eq!(
                writes.lost, 0,
                "{at}: nothing is lost before the heal: {writes:?}"
            );
            assert!(writes.refused >= 1, "{at}: n1 refused d: {writes:?}");
            sim.run_until(3_000);
            let view = sim.raft().view();
            assert!(
                view.nodes.iter().all(|n| !n.log.contains(&b)),
                "{at}: b is overwritten everywhere"
            );
            let end = sim.raft_writes();
            assert_eq!(end.sent, 4, "{at}: {end:?}");
            assert_eq!((end.lost, end.in_doubt()), (1, 0), "{at}: {end:?}");
            assert_eq!(
                end.committed + end.refused + end.lost,
                end.sent,
                "{at}: {end:?}"
            );
            assert_eq!(view.leaders().count(), 1, "{at}");
            assert!(sim.raft().all_invariants_hold(), "{at}");
            assert!(
                sim.crdt().view().converged,
                "{at}: the OR-Set kept every write"
            );
        }
    }
    // The run the guide's tour tells: c reaches the new leader and commits, d is refused.
    let mut sim = minority_run(5, 1, false);
    sim.run_until(3_000);
    let w = sim.raft_writes();
    assert_eq!((w.committed, w.refused, w.lost), (2, 1, 1), "{w:?}");
}

/// Without CheckQuorum ("break it") the stale leader never steps down: it goes on
/// accepting writes, and after the heal both of them are lost.
#[test]
fn without_check_quorum_the_stale_leader_keeps_accepting_writes_that_are_lost() {
    for nodes in [3, 5] {
        for seed in 1..=5 {
            let at = format!("{nodes} nodes, seed {seed}");
            let mut sim = minority_run(nodes, seed, true);
            sim.run_until(1_399);
            let view = sim.raft().view();
            assert_eq!(view.nodes[0].role, Role::Leader, "{at}: n1 still leads");
            assert_eq!(view.leaders().count(), 2, "{at}: two leaders");
            assert_eq!(sim.raft_writes().refused, 0, "{at}");
            sim.run_until(3_000);
            let end = sim.raft_writes();
            assert_eq!((end.lost, end.in_doubt()), (2, 0), "{at}: {end:?}");
        }
    }
}

#[test]
fn a_run_names_its_preset_and_a_shared_one_keeps_it() {
    for preset in Preset::ALL {
        assert_eq!(Preset::named(preset.name()), Some(preset));
        for nodes in [3, 5] {
            let mut sim = CompareSim::new(nodes, 2, &preset.schedule(nodes), false).unwrap();
            assert_eq!(sim.preset(), Some(preset));
            sim.run_until(500);
            let again = CompareSim::decode(&sim.encode(), 100_000).unwrap();
            assert_eq!(again.preset(), Some(preset));
        }
    }
    assert_eq!(Preset::named("partition-heal"), None);
}
