//! The state of one Raft node.

use super::msg::Entry;
use crate::net::NodeId;
use crate::scenario::Time;
use serde::Serialize;

/// A node's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Role {
    /// Follows a leader.
    Follower,
    /// Collecting pre-votes (PreVote on); term not raised yet.
    PreCandidate,
    /// Collecting votes for its term.
    Candidate,
    /// Leads its term.
    Leader,
}

/// Persistent and volatile state of one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RaftNode {
    /// Latest term seen (persistent).
    pub term: u64,
    /// Candidate voted for in `term` (persistent).
    pub voted_for: Option<NodeId>,
    /// The log; index 1 is `log[0]` (persistent).
    pub log: Vec<Entry>,
    /// Current role.
    pub role: Role,
    /// Highest index known committed.
    pub commit_index: u64,
    /// The leader this node follows, if known.
    pub leader: Option<NodeId>,
    /// Voters for this candidacy (bit per node).
    pub votes: u16,
    /// Election rounds started so far (kept across crashes, like the term).
    pub round: u64,
    /// Leader: next index to send to each node.
    pub next_index: Vec<u64>,
    /// Leader: highest index known replicated on each node.
    pub match_index: Vec<u64>,
    /// Leader: the AppendEntries awaiting a reply from each node (its `seq`); only that
    /// reply sends the next one, so each follower has at most one request outstanding
    /// besides the heartbeat that retries it.
    pub awaiting: Vec<Option<u64>>,
    /// Leader: `seq` of the next AppendEntries.
    pub next_seq: u64,
    /// Leader: nodes heard from in this CheckQuorum round (bit per node).
    pub acks: u16,
    /// When the election timer fires, if armed.
    pub election_deadline: Option<Time>,
    /// Length of the armed election timeout.
    pub election_timeout: Time,
    /// Last time a current leader was heard from.
    pub leader_contact: Option<Time>,
    /// Lowest log position changed since the checker last looked (0-based).
    pub(crate) dirty_from: usize,
}

impl RaftNode {
    /// A fresh node at term 0 with an empty log.
    pub fn new(nodes: usize) -> Self {
        RaftNode {
            term: 0,
            voted_for: None,
            log: Vec::new(),
            role: Role::Follower,
            commit_index: 0,
            leader: None,
            votes: 0,
            round: 0,
            next_index: vec![1; nodes],
            match_index: vec![0; nodes],
            awaiting: vec![None; nodes],
            next_seq: 0,
            acks: 0,
            election_deadline: None,
            election_timeout: 0,
            leader_contact: None,
            dirty_from: 0,
        }
    }

    /// Heap bytes of the log and the leader's per-node vectors.
    pub fn heap_bytes(&self) -> usize {
        self.log.capacity() * std::mem::size_of::<Entry>()
            + (self.next_index.capacity() + self.match_index.capacity()) * 8
            + self.awaiting.capacity() * std::mem::size_of::<Option<u64>>()
    }

    /// Index of the last entry (0 for an empty log).
    pub fn last_index(&self) -> u64 {
        self.log.len() as u64
    }

    /// Term of the last entry (0 for an empty log).
    pub fn last_term(&self) -> u64 {
        self.log.last().map_or(0, |e| e.term)
    }

    /// Term of the entry at `index` (0 for index 0 or beyond the log).
    pub fn term_at(&self, index: u64) -> u64 {
        index
            .checked_sub(1)
            .and_then(|i| self.log.get(i as usize))
            .map_or(0, |e| e.term)
    }

    /// Keeps persistent state, resets the rest (what a crash loses).
    pub fn lose_volatile_state(&mut self) {
        let fresh = RaftNode::new(self.next_index.len());
        *self = RaftNode {
            term: self.term,
            voted_for: self.voted_for,
            round: self.round,
            log: std::mem::take(&mut self.log),
            dirty_from: self.dirty_from,
            ..fresh
        };
    }

    /// Truncates the log to `len` entries, remembering the change for the checker.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.log.truncate(len);
        self.dirty_from = self.dirty_from.min(len);
    }

    /// Appends an entry, remembering the change for the checker.
    pub(crate) fn push(&mut self, entry: Entry) {
        self.dirty_from = self.dirty_from.min(self.log.len());
        self.log.push(entry);
    }
}
