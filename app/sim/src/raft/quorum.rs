//! Majorities: the one rule every Raft decision (votes, commits, CheckQuorum) counts with.

/// True when `count` nodes are more than half of a `cluster`-node cluster.
pub fn is_majority(count: usize, cluster: usize) -> bool {
    count * 2 > cluster
}

/// True when the nodes set in `mask` (one bit per node) are a majority of `cluster`.
pub fn mask_is_majority(mask: u16, cluster: usize) -> bool {
    is_majority(mask.count_ones() as usize, cluster)
}
