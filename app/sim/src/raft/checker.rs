//! Raft's safety properties (paper, Figure 3), checked incrementally after every step.

use super::msg::Entry;
use super::node::{RaftNode, Role};
use crate::net::NodeId;
use crate::trace::node_name;
use std::collections::BTreeMap;

/// Names of the checked properties, in report order.
pub const INVARIANTS: &[&str] = &[
    "Election Safety",
    "Leader Append-Only",
    "Log Matching",
    "Leader Completeness",
    "State Machine Safety",
];
const ELECTION_SAFETY: usize = 0;
const LEADER_APPEND_ONLY: usize = 1;
const LOG_MATCHING: usize = 2;
const LEADER_COMPLETENESS: usize = 3;
const STATE_MACHINE_SAFETY: usize = 4;

/// What the checker remembers across steps.
#[derive(Clone, Debug, Default)]
pub struct RaftChecker {
    /// The leader of each term seen so far.
    leaders: BTreeMap<u64, NodeId>,
    /// For each (index, term) ever seen in a log: its command and the term before it.
    entries: BTreeMap<(u64, u64), (u64, u64)>,
    /// The committed prefix, as first reported by any node.
    committed: Vec<Entry>,
    /// Per node: commit index already compared with `committed`.
    checked_commit: BTreeMap<NodeId, u64>,
    /// Per node: (term, log length) when last seen as leader.
    leader_log: BTreeMap<NodeId, (u64, usize)>,
}

impl RaftChecker {
    /// Checks every property that node `i`'s latest change could have broken.
    pub fn check_node(
        &mut self,
        i: NodeId,
        nodes: &mut [RaftNode],
        found: &mut Vec<(usize, String)>,
    ) {
        let n = &nodes[i];
        self.check_leader(i, n, found);
        self.check_log_matching(i, n, found);
        self.check_commits(i, n, found);
        let n = &mut nodes[i];
        n.dirty_from = n.log.len();
    }

    fn check_leader(&mut self, i: NodeId, n: &RaftNode, found: &mut Vec<(usize, String)>) {
        if n.role != Role::Leader {
            self.leader_log.remove(&i);
            return;
        }
        match self.leaders.get(&n.term) {
            Some(&other) if other != i => found.push((
                ELECTION_SAFETY,
                format!(
                    "{} and {} are both leaders of term {}",
                    node_name(other),
                    node_name(i),
                    n.term
                ),
            )),
            Some(_) => {}
            None => {
                self.leaders.insert(n.term, i);
                self.check_completeness(i, n, found);
            }
        }
        if let Some(&(term, len)) = self.leader_log.get(&i) {
            if term == n.term && (n.dirty_from < len || n.log.len() < len) {
                found.push((
                    LEADER_APPEND_ONLY,
                    format!(
                        "leader {} of term {term} changed its log at index {}",
                        node_name(i),
                        n.dirty_from + 1
                    ),
                ));
            }
        }
        self.leader_log.insert(i, (n.term, n.log.len()));
    }

    fn check_completeness(&self, i: NodeId, n: &RaftNode, found: &mut Vec<(usize, String)>) {
        let missing = self
            .committed
            .iter()
            .enumerate()
            .find(|(k, e)| n.log.get(*k) != Some(e));
        if let Some((k, e)) = missing {
            found.push((
                LEADER_COMPLETENESS,
                format!(
                    "{} leads term {} without committed entry {} (term {}, c{})",
                    node_name(i),
                    n.term,
                    k + 1,
                    e.term,
                    e.cmd
                ),
            ));
        }
    }

    fn check_log_matching(&mut self, i: NodeId, n: &RaftNode, found: &mut Vec<(usize, String)>) {
        for k in n.dirty_from.min(n.log.len())..n.log.len() {
            let e = n.log[k];
            let prev_term = if k == 0 { 0 } else { n.log[k - 1].term };
            let fact = (e.cmd, prev_term);
            let seen = *self.entries.entry((k as u64 + 1, e.term)).or_insert(fact);
            if seen != fact {
                found.push((
                    LOG_MATCHING,
                    format!(
                        "{} holds entry {} of term {} whose history differs from another log's",
                        node_name(i),
                        k + 1,
                        e.term
                    ),
                ));
                return;
            }
        }
    }

    fn check_commits(&mut self, i: NodeId, n: &RaftNode, found: &mut Vec<(usize, String)>) {
        let checked = self.checked_commit.entry(i).or_insert(0);
        if n.commit_index < *checked {
            *checked = 0;
        }
        for index in *checked + 1..=n.commit_index {
            let Some(&entry) = n.log.get(index as usize - 1) else {
                break;
            };
            match self.committed.get(index as usize - 1) {
                Some(&c) if c != entry => {
                    found.push((
                        STATE_MACHINE_SAFETY,
                        format!(
                            "{} applies c{} at index {index} where c{} was applied",
                            node_name(i),
                            entry.cmd,
                            c.cmd
                        ),
                    ));
                    break;
                }
                Some(_) => {}
                None => self.committed.push(entry),
            }
        }
        *checked = n.commit_index.max(*checked);
    }
}
