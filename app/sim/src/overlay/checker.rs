//! The overlay's invariant: once every link works, the live nodes' overlay is connected
//! again within a repair bound.

use super::Overlay;
use crate::kernel::Kernel;
use crate::scenario::Time;

/// Names of the invariants.
pub const INVARIANTS: &[&str] = &["Overlay connected"];
const CONNECTED: usize = 0;

/// Connectivity is evaluated after every change of a view, and otherwise (for pauses, which
/// change no view) this often in virtual ms: a graph search over a 200-node mesh after
/// every tick would dominate the run.
const EVERY_MS: Time = 1_000;

/// Bookkeeping between checks, and what the last evaluation found.
#[derive(Clone, Debug, Default)]
pub(super) struct State {
    next_at: Time,
    split_since: Option<Time>,
    /// Live nodes in the largest component, and live nodes.
    pub(super) largest: (usize, usize),
    /// Distinct connections.
    pub(super) connections: usize,
}

impl State {
    pub(super) fn heap_bytes(&self) -> usize {
        0
    }
}

/// Live nodes in the largest component of the graph of connections (either end holding
/// one), and live nodes: a union-find over the connections.
pub(super) fn components(o: &Overlay, k: &Kernel<Overlay>) -> (usize, usize) {
    let n = o.nodes.len();
    let live: Vec<bool> = (0..n).map(|x| Overlay::up(k, x)).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (a, node) in o.nodes.iter().enumerate().filter(|(a, _)| live[*a]) {
        for c in node.active.iter().filter(|c| live[c.peer]) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, c.peer));
            parent[ra] = rb;
        }
    }
    let mut size = vec![0; n];
    for x in (0..n).filter(|x| live[*x]) {
        size[root(&mut parent, x)] += 1;
    }
    let largest = size.iter().copied().max().unwrap_or(0);
    (largest, live.iter().filter(|l| **l).count())
}

/// Time a correct overlay needs to repair itself: detection by ticks, then a promotion or
/// a reconnect, twice over.
fn repair_bound(o: &Overlay) -> Time {
    let c = &o.config;
    let retry = c
        .promotion_ms
        .max(c.reconnect_ms)
        .max(c.shuffle_ms.min(c.promotion_ms));
    2 * (u64::from(c.ticktime_ms) + u64::from(retry)) + 1_000
}

pub(super) fn check(o: &mut Overlay, k: &Kernel<Overlay>, found: &mut Vec<(usize, String)>) {
    let waiting = o.checker.split_since.is_some();
    if k.now() < o.checker.next_at && !o.topology_changed && !waiting {
        return;
    }
    if o.topology_changed || k.now() >= o.checker.next_at {
        o.checker.largest = components(o, k);
        o.checker.connections = o.connections();
        o.topology_changed = false;
        o.checker.next_at = k.now() + EVERY_MS;
    }
    let (largest, live) = o.checker.largest;
    if largest == live {
        o.checker.split_since = None;
        return;
    }
    if !k.links().all_up() {
        o.checker.split_since = None;
        return;
    }
    let since = *o.checker.split_since.get_or_insert(k.now());
    if k.now() - since > repair_bound(o) {
        found.push((
            CONNECTED,
            format!(
                "with every link working, the largest connected part has {largest} of {live} live nodes for {} ms",
                k.now() - since
            ),
        ));
    }
}
