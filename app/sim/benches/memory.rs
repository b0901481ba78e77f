//! Not a timing: live heap bytes of a recorded Raft run (simulation, trace and time-travel
//! checkpoints) per 100k steps, counted by a global allocator wrapper, at 100k, 200k and
//! 400k steps, next to the estimate `Sim::memory_bytes` budgets with. Run with
//! `cargo bench -p sim --bench memory`.

use sim::raft::{RaftConfig, RaftScenario, RaftSim};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Live heap bytes of a run recorded to `steps`, and its own estimate.
fn live_bytes_after(config: &RaftConfig, steps: u64) -> (usize, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    let scenario = RaftScenario {
        seed: 1,
        config: config.clone(),
        actions: vec![],
        step: steps,
    };
    let sim = RaftSim::with_memory_limit(scenario, usize::MAX).unwrap();
    assert_eq!(sim.recorded_steps(), steps);
    let bytes = LIVE.load(Ordering::Relaxed) - before;
    (bytes, sim.memory_bytes())
}

fn main() {
    let cases = [
        (
            "5 nodes, client every 10 ms",
            RaftConfig {
                client_interval_ms: 10,
                ..RaftConfig::default()
            },
        ),
        (
            "7 nodes, client every 100 ms",
            RaftConfig {
                nodes: 7,
                client_interval_ms: 100,
                ..RaftConfig::default()
            },
        ),
    ];
    for (name, config) in cases {
        for steps in [100_000, 200_000, 400_000] {
            let (bytes, estimate) = live_bytes_after(&config, steps);
            println!(
                "memory: {name}, {steps} steps: {:.1} MB live ({:.1} MB estimated), {:.1} MB per 100k steps",
                bytes as f64 / 1e6,
                estimate as f64 / 1e6,
                bytes as f64 / 1e6 / (steps as f64 / 100_000.0)
            );
        }
    }
}
