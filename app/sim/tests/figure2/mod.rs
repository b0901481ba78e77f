//! A reference Raft checker written from Figure 2 of the paper, apart from the protocol
//! code: it rebuilds every node's term, vote, log and commit index from the trace alone
//! (messages delivered, replies sent, state-change notes, user actions), as an outside
//! checker reading `sim-cli` output would, and judges each step by the paper's rules.
//! It names violations with the project checker's invariant names, so that the two can be
//! compared run by run.

use sim::raft::{Entry, Raft, RaftMsg, RaftNote};
use sim::{Action, EventKind, NodeId, TraceEvent};
use std::collections::BTreeMap;

#[derive(Clone, Default)]
struct Node {
    term: u64,
    log: Vec<Entry>,
    commit: u64,
    leader: bool,
    crashed: bool,
}

impl Node {
    fn last_term(&self) -> u64 {
        self.log.last().map_or(0, |e| e.term)
    }
    fn term_at(&self, index: u64) -> Option<u64> {
        match index {
            0 => Some(0),
            i => self.log.get(i as usize - 1).map(|e| e.term),
        }
    }
}

/// The rebuilt cluster and the first step each rule failed at.
pub struct Figure2 {
    nodes: Vec<Node>,
    leaders: BTreeMap<u64, NodeId>,
    votes: BTreeMap<(NodeId, u64), NodeId>,
    /// Committed entries and the term each was first committed in.
    committed: Vec<(Entry, u64)>,
    /// Per node: highest commit index ever reached (its log must keep that prefix).
    durable: Vec<u64>,
    /// (index, term) -> (command, term of the entry before it), over every log.
    history: BTreeMap<(u64, u64), (u64, u64)>,
    step: u64,
    /// Each broken rule with the first step it broke at.
    pub violations: BTreeMap<&'static str, u64>,
}

/// The message delivered in one step, and what the receiver sent back in it.
struct StepFacts<'a> {
    delivered: Option<(NodeId, NodeId, &'a RaftMsg)>,
}

impl Figure2 {
    pub fn new(nodes: usize) -> Self {
        Figure2 {
            nodes: vec![Node::default(); nodes],
            leaders: BTreeMap::new(),
            votes: BTreeMap::new(),
            committed: Vec::new(),
            durable: vec![0; nodes],
            history: BTreeMap::new(),
            step: 0,
            violations: BTreeMap::new(),
        }
    }

    fn flag(&mut self, rule: &'static str) {
        self.violations.entry(rule).or_insert(self.step);
    }

    /// Judges the events of one step (all with the same step number).
    pub fn step(&mut self, events: &[TraceEvent<Raft>]) {
        let Some(first) = events.first() else {
            return;
        };
        self.step = first.step;
        let facts = StepFacts {
            delivered: events.iter().find_map(|e| match &e.kind {
                EventKind::Delivered(env) => Some((env.from, env.to, &env.msg)),
                _ => None,
            }),
        };
        for e in events {
            match &e.kind {
                EventKind::Delivered(env) => {
                    if let RaftMsg::AppendEntries { .. } = env.msg {
                        self.receive_append(env.to, &env.msg);
                    }
                }
                EventKind::Action { action, .. } => self.action(action),
                EventKind::Note { node, note } => self.note(*node, note, &facts),
                _ => {}
            }
        }
    }

    fn action(&mut self, action: &Action<sim::raft::RaftAction>) {
        match *action {
            Action::Crash { node } if !self.nodes[node].crashed => {
                let n = &mut self.nodes[node];
                n.crashed = true;
                n.leader = false;
                n.commit = 0;
            }
            Action::Restart { node } => self.nodes[node].crashed = false,
            _ => {}
        }
    }

    /// Receiver rules 1-4 of AppendEntries in Figure 2, on the rebuilt log.
    fn receive_append(&mut self, i: NodeId, msg: &RaftMsg) {
        let RaftMsg::AppendEntries {
            term,
            prev_index,
            prev_term,
            entries,
            ..
        } = msg
        else {
            return;
        };
        let n = &mut self.nodes[i];
        if *term < n.term {
            return;
        }
        n.leader = false;
        if n.term_at(*prev_index) != Some(*prev_term) {
            return;
        }
        for (k, entry) in entries.iter().enumerate() {
            let index = prev_index + 1 + k as u64;
            match self.nodes[i].term_at(index) {
                Some(t) if t == entry.term => continue,
                Some(_) => self.truncate(i, index - 1),
                None => {}
            }
            self.append(i, *entry);
        }
        self.check_committed_prefix(i);
    }

    fn truncate(&mut self, i: NodeId, len: u64) {
        if len < self.durable[i] {
            self.flag("Committed entries never disappear");
        }
        if self.nodes[i].leader {
            self.flag("Leader Append-Only");
        }
        self.nodes[i].log.truncate(len as usize);
    }

    fn append(&mut self, i: NodeId, entry: Entry) {
        let n = &mut self.nodes[i];
        let prev_term = n.last_term();
        n.log.push(entry);
        let index = n.log.len() as u64;
        let fact = (entry.cmd, prev_term);
        if *self.history.entry((index, entry.term)).or_insert(fact) != fact {
            self.flag("Log Matching");
        }
    }

    fn note(&mut self, i: NodeId, note: &RaftNote, facts: &StepFacts) {
        match *note {
            RaftNote::NewTerm { to, .. } => {
                let n = &mut self.nodes[i];
                n.term = to;
                n.leader = false;
            }
            RaftNote::StartsPreVote { .. } | RaftNote::StepsDown { .. } => {
                self.nodes[i].leader = false
            }
            RaftNote::StartsElection { term } => {
                let n = &mut self.nodes[i];
                n.term = term;
                n.leader = false;
                self.vote(i, i, term);
            }
            RaftNote::Votes { candidate, term } => {
                self.vote(i, candidate, term);
                self.check_vote_up_to_date(i, candidate, facts);
            }
            RaftNote::BecomesLeader { term } => self.becomes_leader(i, term),
            RaftNote::AppendsNoop { .. } => {
                let term = self.nodes[i].term;
                self.append(
                    i,
                    Entry {
                        term,
                        cmd: Entry::NOOP,
                    },
                );
            }
            RaftNote::Appends { entry, .. } => self.append(i, entry),
            RaftNote::Commits { index } => self.commits(i, index, facts),
            RaftNote::Restarts { .. } => {
                let n = &mut self.nodes[i];
                n.commit = 0;
                n.leader = false;
            }
            _ => {}
        }
    }

    fn vote(&mut self, voter: NodeId, candidate: NodeId, term: u64) {
        if *self.votes.entry((voter, term)).or_insert(candidate) != candidate {
            self.flag("One vote per term");
        }
    }

    /// RequestVote receiver rule 2: the candidate's log is at least as up-to-date.
    fn check_vote_up_to_date(&mut self, voter: NodeId, candidate: NodeId, facts: &StepFacts) {
        let Some((
            from,
            _,
            RaftMsg::RequestVote {
                last_log_index,
                last_log_term,
                ..
            },
        )) = facts.delivered
        else {
            return;
        };
        let n = &self.nodes[voter];
        let ok = *last_log_term > n.last_term()
            || *last_log_term == n.last_term() && *last_log_index >= n.log.len() as u64;
        if from != candidate || !ok {
            self.flag("Vote only for an up-to-date log");
        }
    }

    fn becomes_leader(&mut self, i: NodeId, term: u64) {
        self.nodes[i].leader = true;
        if *self.leaders.entry(term).or_insert(i) != i {
            self.flag("Election Safety");
        }
        self.check_completeness(i, 0);
    }

    /// Leader Completeness: entries committed in an earlier term are in the leader's log.
    fn check_completeness(&mut self, i: NodeId, from: usize) {
        let n = &self.nodes[i];
        let missing = self
            .committed
            .iter()
            .enumerate()
            .skip(from)
            .any(|(k, (entry, in_term))| *in_term < n.term && n.log.get(k) != Some(entry));
        if missing {
            self.flag("Leader Completeness");
        }
    }

    fn commits(&mut self, i: NodeId, index: u64, facts: &StepFacts) {
        let n = &self.nodes[i];
        match facts.delivered {
            Some((
                _,
                to,
                RaftMsg::AppendEntries {
                    prev_index,
                    entries,
                    leader_commit,
                    ..
                },
            )) if to == i => {
                if index > (*leader_commit).min(prev_index + entries.len() as u64) {
                    self.flag("Follower commit within leaderCommit and new entries");
                }
            }
            _ => {
                let entry = n.log.get(index as usize - 1).copied();
                let holders = self
                    .nodes
                    .iter()
                    .filter(|m| entry.is_some() && m.log.get(index as usize - 1).copied() == entry)
                    .count();
                if !n.leader
                    || entry.map(|e| e.term) != Some(n.term)
                    || holders * 2 <= self.nodes.len()
                {
                    self.flag("Commit only own-term entries on a majority");
                }
            }
        }
        self.nodes[i].commit = index;
        self.durable[i] = self.durable[i].max(index);
        let before = self.committed.len();
        self.check_committed_prefix(i);
        if self.committed.len() > before {
            for j in 0..self.nodes.len() {
                if self.nodes[j].leader {
                    self.check_completeness(j, before);
                }
            }
        }
    }

    /// State Machine Safety: node `i`'s log up to its highest commit index matches the
    /// committed entries; entries committed for the first time are recorded.
    fn check_committed_prefix(&mut self, i: NodeId) {
        let n = &self.nodes[i];
        let upto = self.durable[i].min(n.log.len() as u64) as usize;
        for k in 0..upto {
            match self.committed.get(k) {
                Some((entry, _)) if *entry != n.log[k] => {
                    self.flag("State Machine Safety");
                    return;
                }
                Some(_) => {}
                None => self.committed.push((n.log[k], n.term)),
            }
        }
    }
}
