//! Benchmarks: Raft events per second, seeking in a 100k-step trace, OR-Set merge, and
//! delta vs full-state bytes.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sim::crdt::{
    CrdtAction, CrdtConfig, CrdtKind, CrdtScenario, CrdtSim, CrdtState, OrSet, SyncMode,
};
use sim::kernel::Engine;
use sim::raft::{Raft, RaftConfig, RaftScenario, RaftSim};
use sim::rng::SimRng;
use sim::{Action, Timed, Trigger};

fn loaded_config() -> RaftConfig {
    RaftConfig {
        client_interval_ms: 10,
        ..RaftConfig::default()
    }
}

fn raft_events_per_second(c: &mut Criterion) {
    const STEPS: u64 = 20_000;
    let mut group = c.benchmark_group("raft");
    group.throughput(Throughput::Elements(STEPS));
    group.bench_function("5 nodes, client every 10 ms, checker on", |b| {
        b.iter_batched(
            || Engine::<Raft>::new(&loaded_config(), 1, &[]),
            |mut engine| {
                engine.set_recording(false);
                while engine.kernel.step() < STEPS && engine.step(&[]) {}
                engine
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn seek_in_100k_trace(c: &mut Criterion) {
    let scenario = RaftScenario {
        seed: 1,
        config: loaded_config(),
        actions: vec![],
        step: 100_000,
    };
    let mut sim = RaftSim::with_memory_limit(scenario, usize::MAX).unwrap();
    assert_eq!(sim.recorded_steps(), 100_000);
    let mut rng = SimRng::new(9);
    c.bench_function("seek to a random step of a 100k-step Raft trace", |b| {
        b.iter(|| {
            let target = rng.range(0, 100_000);
            sim.seek(target);
            sim.current_step()
        })
    });
}

fn or_set(replica: u8, n: usize) -> OrSet {
    let mut s = OrSet::default();
    for i in 0..n {
        s.add(replica, &format!("e{}", i * 2 + replica as usize % 2));
    }
    s
}

fn or_set_merge(c: &mut Criterion) {
    let (a, b) = (or_set(0, 1_000), or_set(1, 1_000));
    c.bench_function("merge two 1000-entry OR-Sets", |bench| {
        bench.iter_batched(
            || a.clone(),
            |mut x| {
                x.merge(&b);
                x
            },
            BatchSize::SmallInput,
        )
    });
}

/// Not a timing: prints shipped bytes for a typical sync pattern in both modes.
fn delta_vs_state_bytes(c: &mut Criterion) {
    let run = |sync| {
        let mut actions = Vec::new();
        for k in 0..200u64 {
            actions.push(Timed {
                trigger: Trigger::AtTime(k * 10),
                action: Action::Protocol(CrdtAction::Add {
                    replica: (k % 3) as usize,
                    element: format!("item{k}"),
                }),
            });
        }
        let config = CrdtConfig {
            kind: CrdtKind::OrSet,
            replicas: 3,
            sync,
            auto_sync_ms: 50,
            ..CrdtConfig::default()
        };
        let mut sim = CrdtSim::new(CrdtScenario {
            seed: 1,
            config,
            actions,
            step: 0,
        })
        .unwrap();
        sim.run_until(2_500);
        let v = sim.view();
        (v.bytes_shipped, v.converged)
    };
    let (state, ok1) = run(SyncMode::State);
    let (delta, ok2) = run(SyncMode::Delta);
    assert!(ok1 && ok2);
    println!("OR-Set, 3 replicas, 200 adds, anti-entropy every 50 ms: state sync {state} bytes, delta sync {delta} bytes");
    let one = CrdtState::OrSet(or_set(0, 1_000));
    c.bench_function("wire size of a 1000-entry OR-Set", |b| {
        b.iter(|| one.wire_bytes())
    });
}

criterion_group!(
    benches,
    raft_events_per_second,
    seek_in_100k_trace,
    or_set_merge,
    delta_vs_state_bytes
);
criterion_main!(benches);
