//! Raft's safety properties (paper, Figure 3) and the Figure 2 rules behind them, checked
//! incrementally after every step. A property names an effect ("two leaders in a term"); a
//! rule names the step that broke it ("voted for a stale log"), at the step it broke.

use super::msg::Entry;
use super::node::{RaftNode, Role};
use super::quorum::is_majority;
use super::Raft;
use crate::net::NodeId;
use crate::trace::named;
use std::collections::BTreeMap;

/// Names of the checked properties and rules, in report order.
pub const INVARIANTS: &[&str] = &[
    "Election Safety",
    "Leader Append-Only",
    "Log Matching",
    "Leader Completeness",
    "State Machine Safety",
    "Committed entries never disappear",
    "One vote per term",
    "Vote only for an up-to-date log",
    "Commit only own-term entries on a majority",
    "Follower commit within leaderCommit and new entries",
];
const ELECTION_SAFETY: usize = 0;
const LEADER_APPEND_ONLY: usize = 1;
const LOG_MATCHING: usize = 2;
const LEADER_COMPLETENESS: usize = 3;
const STATE_MACHINE_SAFETY: usize = 4;
const COMMITTED_STAY: usize = 5;
const ONE_VOTE: usize = 6;
const UP_TO_DATE_VOTE: usize = 7;
const LEADER_COMMIT: usize = 8;
const FOLLOWER_COMMIT: usize = 9;

/// What a node was told in the step just run, as the checker needs it to judge the rules
/// (the node's state after the step no longer shows the message).
#[derive(Clone, Debug)]
pub(super) enum Observed {
    /// `voter` granted its vote to a candidate whose log ends at this index and term.
    Granted {
        voter: NodeId,
        last_log_index: u64,
        last_log_term: u64,
    },
    /// `node` accepted an AppendEntries whose last new entry is at `last_new`.
    Accepted {
        node: NodeId,
        leader_commit: u64,
        last_new: u64,
    },
}

/// An entry seen in some log, with the term of the entry before it.
#[derive(Clone, Copy, Debug)]
struct Seen {
    term: u64,
    cmd: u64,
    prev_term: u64,
}

/// One committed entry and the term in which it was first known committed.
#[derive(Clone, Copy, Debug)]
struct Committed {
    entry: Entry,
    in_term: u64,
}

/// What the checker remembers across steps.
#[derive(Clone, Debug, Default)]
pub struct RaftChecker {
    /// The leader of each term seen so far.
    leaders: BTreeMap<u64, NodeId>,
    /// Per index (0-based): the first entry seen there, with the term before it. A flat
    /// vector, since checkpoints clone the checker: a map of every entry made a 100k-step
    /// run's checkpoints 2.5 times larger.
    first_seen: Vec<Seen>,
    /// Entries seen at an index whose first entry had another term: (index, term) to
    /// (command, term before it).
    other_terms: BTreeMap<(usize, u64), (u64, u64)>,
    /// The committed prefix, as first reported by any node.
    committed: Vec<Committed>,
    /// Per node: its highest commit index ever, across crashes (its log keeps that prefix).
    durable_commit: BTreeMap<NodeId, u64>,
    /// Per node: commit index after the previous check.
    last_commit: BTreeMap<NodeId, u64>,
    /// Per node: (term, log length) when last seen as leader.
    leader_log: BTreeMap<NodeId, (u64, usize)>,
    /// The vote each node gave in each term.
    votes: BTreeMap<(NodeId, u64), NodeId>,
}

/// Heap bytes per element of a `BTreeMap` of small keys and values, roughly: a node of
/// up to 11 elements is about 0.5 KB at two thirds full (the standard library's B = 6).
const BTREE_ELEMENT_BYTES: usize = 64;

impl RaftChecker {
    /// Heap bytes of what the checker remembers, roughly.
    pub fn heap_bytes(&self) -> usize {
        let maps = self.leaders.len()
            + self.other_terms.len()
            + self.durable_commit.len()
            + self.last_commit.len()
            + self.leader_log.len()
            + self.votes.len();
        maps * BTREE_ELEMENT_BYTES
            + self.first_seen.capacity() * std::mem::size_of::<Seen>()
            + self.committed.capacity() * std::mem::size_of::<Committed>()
    }

    /// Checks every property and rule that node `i`'s latest change could have broken,
    /// given what it was told in this step.
    pub(super) fn check_node(
        &mut self,
        i: NodeId,
        nodes: &mut [RaftNode],
        observed: &[Observed],
        found: &mut Vec<(usize, String)>,
    ) {
        let n = &nodes[i];
        self.check_vote(i, n, observed, found);
        self.check_leader(i, n, found);
        self.check_log_matching(i, n, found);
        self.check_commit_rules(i, nodes, observed, found);
        let before = self.committed.len();
        self.check_commits(i, &nodes[i], found);
        if self.committed.len() > before {
            self.check_leaders_hold_new_commits(before, nodes, found);
        }
        let n = &mut nodes[i];
        self.last_commit.insert(i, n.commit_index);
        n.dirty_from = n.log.len();
    }

    fn check_vote(
        &mut self,
        i: NodeId,
        n: &RaftNode,
        observed: &[Observed],
        found: &mut Vec<(usize, String)>,
    ) {
        let Some(candidate) = n.voted_for else {
            return;
        };
        match *self.votes.entry((i, n.term)).or_insert(candidate) {
            earlier if earlier != candidate => found.push((
                ONE_VOTE,
                format!(
                    "{} voted for {} and then {} in term {}",
                    named::<Raft>(i),
                    named::<Raft>(earlier),
                    named::<Raft>(candidate),
                    n.term
                ),
            )),
            _ => {}
        }
        for o in observed {
            let Observed::Granted {
                voter,
                last_log_index,
                last_log_term,
            } = *o
            else {
                continue;
            };
            let up_to_date = last_log_term > n.last_term()
                || last_log_term == n.last_term() && last_log_index >= n.last_index();
            if voter == i && !up_to_date {
                found.push((
                    UP_TO_DATE_VOTE,
                    format!(
                        "{} voted for {} in term {}, whose log (last entry {last_log_index} of term {last_log_term}) is behind its own ({} of term {})",
                        named::<Raft>(i),
                        named::<Raft>(candidate),
                        n.term,
                        n.last_index(),
                        n.last_term()
                    ),
                ));
            }
        }
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
                    named::<Raft>(other),
                    named::<Raft>(i),
                    n.term
                ),
            )),
            Some(_) => {}
            None => {
                self.leaders.insert(n.term, i);
                self.check_completeness(i, n, 0, found);
            }
        }
        if let Some(&(term, len)) = self.leader_log.get(&i) {
            if term == n.term && (n.dirty_from < len || n.log.len() < len) {
                found.push((
                    LEADER_APPEND_ONLY,
                    format!(
                        "leader {} of term {term} changed its log at index {}",
                        named::<Raft>(i),
                        n.dirty_from + 1
                    ),
                ));
            }
        }
        self.leader_log.insert(i, (n.term, n.log.len()));
    }

    /// Leader Completeness: a leader holds every entry committed in an earlier term (an
    /// entry committed in its own term or later may be missing from a stale leader).
    /// Looks at committed entries from index `from` (0-based) on.
    fn check_completeness(
        &self,
        i: NodeId,
        n: &RaftNode,
        from: usize,
        found: &mut Vec<(usize, String)>,
    ) {
        let missing = self
            .committed
            .iter()
            .enumerate()
            .skip(from)
            .filter(|(_, c)| c.in_term < n.term)
            .find(|(k, c)| n.log.get(*k) != Some(&c.entry));
        if let Some((k, c)) = missing {
            found.push((
                LEADER_COMPLETENESS,
                format!(
                    "{} leads term {} without entry {} (term {}, c{}) committed in term {}",
                    named::<Raft>(i),
                    n.term,
                    k + 1,
                    c.entry.term,
                    c.entry.cmd,
                    c.in_term
                ),
            ));
        }
    }

    fn check_leaders_hold_new_commits(
        &self,
        from: usize,
        nodes: &[RaftNode],
        found: &mut Vec<(usize, String)>,
    ) {
        for (j, n) in nodes.iter().enumerate() {
            if n.role == Role::Leader {
                self.check_completeness(j, n, from, found);
            }
        }
    }

    fn check_log_matching(&mut self, i: NodeId, n: &RaftNode, found: &mut Vec<(usize, String)>) {
        for k in n.dirty_from.min(n.log.len())..n.log.len() {
            let e = n.log[k];
            let prev_term = if k == 0 { 0 } else { n.log[k - 1].term };
            let fact = (e.cmd, prev_term);
            let seen = match self.first_seen.get(k) {
                Some(first) if first.term == e.term => (first.cmd, first.prev_term),
                Some(_) => *self.other_terms.entry((k, e.term)).or_insert(fact),
                None => {
                    self.first_seen.push(Seen {
                        term: e.term,
                        cmd: e.cmd,
                        prev_term,
                    });
                    fact
                }
            };
            if seen != fact {
                found.push((
                    LOG_MATCHING,
                    format!(
                        "{} holds entry {} of term {} whose history differs from another log's",
                        named::<Raft>(i),
                        k + 1,
                        e.term
                    ),
                ));
                return;
            }
        }
    }

    /// The two commit rules of Figure 2: a leader commits an entry of its own term once a
    /// majority stores it; a follower commits no further than leaderCommit and the last
    /// entry the AppendEntries gave it.
    fn check_commit_rules(
        &self,
        i: NodeId,
        nodes: &[RaftNode],
        observed: &[Observed],
        found: &mut Vec<(usize, String)>,
    ) {
        let n = &nodes[i];
        let before = self.last_commit.get(&i).copied().unwrap_or(0);
        if n.commit_index <= before {
            return;
        }
        let accepted = observed.iter().find_map(|o| match *o {
            Observed::Accepted {
                node,
                leader_commit,
                last_new,
            } if node == i => Some((leader_commit, last_new)),
            _ => None,
        });
        if let Some((leader_commit, last_new)) = accepted {
            if n.commit_index > leader_commit.min(last_new) {
                found.push((
                    FOLLOWER_COMMIT,
                    format!(
                        "{} commits up to {} on an AppendEntries with leaderCommit {leader_commit} and last new entry {last_new}",
                        named::<Raft>(i),
                        n.commit_index
                    ),
                ));
            }
            return;
        }
        let index = n.commit_index;
        let Some(entry) = n.log.get(index as usize - 1).copied() else {
            found.push((
                LEADER_COMMIT,
                format!("{} commits index {index} beyond its log", named::<Raft>(i)),
            ));
            return;
        };
        let holders = nodes
            .iter()
            .filter(|m| m.log.get(index as usize - 1) == Some(&entry))
            .count();
        if n.role != Role::Leader || entry.term != n.term || !is_majority(holders, nodes.len()) {
            found.push((
                LEADER_COMMIT,
                format!(
                    "{} ({:?}, term {}) commits index {index} of term {} held by {holders} of {} nodes",
                    named::<Raft>(i),
                    n.role,
                    n.term,
                    entry.term,
                    nodes.len()
                ),
            ));
        }
    }

    /// State Machine Safety and "committed entries never disappear": node `i`'s log keeps
    /// the committed prefix up to the highest commit index it ever reached.
    fn check_commits(&mut self, i: NodeId, n: &RaftNode, found: &mut Vec<(usize, String)>) {
        let durable = self.durable_commit.entry(i).or_insert(0);
        if (n.dirty_from as u64) < *durable {
            found.push((
                COMMITTED_STAY,
                format!(
                    "{} changed its log at index {}, below the commit index {} it reached",
                    named::<Raft>(i),
                    n.dirty_from + 1,
                    *durable
                ),
            ));
        }
        let from = (n.dirty_from as u64).min(*durable);
        *durable = (*durable).max(n.commit_index);
        let upto = (*durable).min(n.last_index());
        for index in from + 1..=upto {
            let entry = n.log[index as usize - 1];
            match self.committed.get(index as usize - 1) {
                Some(c) if c.entry != entry => {
                    found.push((
                        STATE_MACHINE_SAFETY,
                        format!(
                            "{} applies c{} at index {index} where c{} was applied",
                            named::<Raft>(i),
                            entry.cmd,
                            c.entry.cmd
                        ),
                    ));
                    break;
                }
                Some(_) => {}
                None if self.committed.len() + 1 == index as usize => {
                    self.committed.push(Committed {
                        entry,
                        in_term: n.term,
                    })
                }
                None => break,
            }
        }
    }
}
