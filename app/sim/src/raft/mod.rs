//! Raft (Ongaro & Ousterhout 2014), with PreVote and CheckQuorum from the dissertation.

mod checker;
mod config;
mod msg;
mod node;
mod presets;
mod quorum;
mod view;

use checker::Observed;
pub use checker::RaftChecker;
pub use config::{RaftAction, RaftBugs, RaftConfig};
pub use msg::{Entry, RaftMsg, RaftNote, RaftTimer, Refusal};
pub use node::{RaftNode, Role};
pub use presets::{preset, PRESETS};
use quorum::{is_majority, mask_is_majority};
pub use view::{RaftNodeView, RaftView};

use crate::kernel::{Kernel, KernelSetup};
use crate::model::{Envelope, NodeStatus};
use crate::net::NodeId;
use crate::protocol::Protocol;
use crate::scenario::{ConfigError, Scenario};
use crate::sim::Sim;

const SLOT_ELECTION: usize = 0;
const SLOT_HEARTBEAT: usize = 1;
const SLOT_QUORUM: usize = 2;
/// Most entries sent in one AppendEntries.
const MAX_BATCH: usize = 32;

/// A Raft run with time travel.
pub type RaftSim = Sim<Raft>;
/// A Raft scenario.
pub type RaftScenario = Scenario<RaftConfig, RaftAction>;

/// The state of a whole Raft cluster plus its invariant checker.
#[derive(Clone, Debug)]
pub struct Raft {
    config: RaftConfig,
    /// One state per node.
    pub nodes: Vec<RaftNode>,
    next_cmd: u64,
    dirty: u16,
    observed: Vec<Observed>,
    checker: RaftChecker,
}

fn bit(node: NodeId) -> u16 {
    1 << node
}

impl Raft {
    /// The configuration.
    pub fn config(&self) -> &RaftConfig {
        &self.config
    }

    fn reset_election_timer(&mut self, k: &mut Kernel<Self>, i: NodeId) {
        let timeout = k.rng().range(
            self.config.election_min_ms.into(),
            self.config.election_max_ms.into(),
        );
        let n = &mut self.nodes[i];
        n.election_timeout = timeout;
        n.election_deadline = Some(k.now() + timeout);
        k.set_timer(i, SLOT_ELECTION, timeout, RaftTimer::Election);
    }

    fn become_follower(&mut self, k: &mut Kernel<Self>, i: NodeId, term: u64) {
        let n = &mut self.nodes[i];
        if term > n.term {
            k.note(
                i,
                RaftNote::NewTerm {
                    from: n.term,
                    to: term,
                },
            );
            n.term = term;
            n.voted_for = None;
            n.leader = None;
        }
        if n.role == Role::Leader {
            k.cancel_timer(i, SLOT_HEARTBEAT);
            k.cancel_timer(i, SLOT_QUORUM);
            self.reset_election_timer(k, i);
        }
        self.nodes[i].role = Role::Follower;
    }

    fn election_timeout(&mut self, k: &mut Kernel<Self>, i: NodeId) {
        self.nodes[i].round += 1;
        if self.config.pre_vote {
            let n = &mut self.nodes[i];
            n.role = Role::PreCandidate;
            n.votes = bit(i);
            n.leader = None;
            let term = n.term + 1;
            k.note(i, RaftNote::StartsPreVote { term });
            self.ask_votes(k, i, term, true);
            self.reset_election_timer(k, i);
        } else {
            self.start_election(k, i);
        }
    }

    fn start_election(&mut self, k: &mut Kernel<Self>, i: NodeId) {
        let n = &mut self.nodes[i];
        n.term += 1;
        n.role = Role::Candidate;
        n.voted_for = Some(i);
        n.votes = bit(i);
        n.leader = None;
        let term = n.term;
        k.note(i, RaftNote::StartsElection { term });
        k.cancel_timer(i, SLOT_HEARTBEAT);
        k.cancel_timer(i, SLOT_QUORUM);
        self.ask_votes(k, i, term, false);
        self.reset_election_timer(k, i);
    }

    fn ask_votes(&mut self, k: &mut Kernel<Self>, i: NodeId, term: u64, pre_vote: bool) {
        let n = &self.nodes[i];
        let msg = RaftMsg::RequestVote {
            term,
            last_log_index: n.last_index(),
            last_log_term: n.last_term(),
            pre_vote,
            round: n.round,
        };
        for peer in (0..self.config.nodes).filter(|p| *p != i) {
            k.send(i, peer, msg.clone());
        }
    }

    fn become_leader(&mut self, k: &mut Kernel<Self>, i: NodeId) {
        let nodes = self.config.nodes;
        let n = &mut self.nodes[i];
        n.role = Role::Leader;
        n.leader = Some(i);
        n.next_index = vec![n.last_index() + 1; nodes];
        n.match_index = vec![0; nodes];
        n.awaiting = vec![None; nodes];
        n.acks = bit(i);
        n.election_deadline = None;
        let term = n.term;
        k.note(i, RaftNote::BecomesLeader { term });
        if self.config.bugs.appends_noop() {
            n.push(Entry {
                term,
                cmd: Entry::NOOP,
            });
            let index = n.last_index();
            k.note(i, RaftNote::AppendsNoop { index });
        }
        n.match_index[i] = n.last_index();
        k.cancel_timer(i, SLOT_ELECTION);
        self.broadcast_append(k, i);
        k.set_timer(
            i,
            SLOT_HEARTBEAT,
            self.config.heartbeat_ms.into(),
            RaftTimer::Heartbeat,
        );
        if self.config.check_quorum {
            k.set_timer(
                i,
                SLOT_QUORUM,
                self.config.election_max_ms.into(),
                RaftTimer::QuorumCheck,
            );
        }
    }

    fn broadcast_append(&mut self, k: &mut Kernel<Self>, i: NodeId) {
        for peer in (0..self.config.nodes).filter(|p| *p != i) {
            self.send_append(k, i, peer);
        }
    }

    fn send_append(&mut self, k: &mut Kernel<Self>, i: NodeId, peer: NodeId) {
        let n = &mut self.nodes[i];
        let seq = n.next_seq;
        n.next_seq += 1;
        n.awaiting[peer] = Some(seq);
        let prev_index = n.next_index[peer] - 1;
        let start = prev_index as usize;
        let end = (start + MAX_BATCH).min(n.log.len());
        let msg = RaftMsg::AppendEntries {
            term: n.term,
            prev_index,
            prev_term: n.term_at(prev_index),
            entries: n.log[start..end].to_vec(),
            leader_commit: n.commit_index,
            seq,
        };
        k.send(i, peer, msg);
    }

    fn heard_leader_recently(&self, k: &Kernel<Self>, i: NodeId) -> bool {
        let n = &self.nodes[i];
        n.role == Role::Leader
            || n.leader.is_some()
                && n.leader_contact.is_some_and(|t| {
                    k.now().saturating_sub(t) < u64::from(self.config.election_min_ms)
                })
    }

    fn on_request_vote(&mut self, k: &mut Kernel<Self>, env: &Envelope<RaftMsg>) {
        let RaftMsg::RequestVote {
            term,
            last_log_index,
            last_log_term,
            pre_vote,
            round,
        } = env.msg
        else {
            return;
        };
        let (i, c) = (env.to, env.from);
        let up_to_date = {
            let n = &self.nodes[i];
            last_log_term > n.last_term()
                || last_log_term == n.last_term() && last_log_index >= n.last_index()
        };
        let log_ok = up_to_date || self.config.bugs.vote_without_log_check;
        let heard = self.heard_leader_recently(k, i);
        if pre_vote {
            let granted = term > self.nodes[i].term && log_ok && !heard;
            let reply_term = if granted { term } else { self.nodes[i].term };
            k.send(
                i,
                c,
                RaftMsg::Vote {
                    term: reply_term,
                    granted,
                    pre_vote: true,
                    round,
                },
            );
            return;
        }
        if self.config.check_quorum && heard && term > self.nodes[i].term {
            k.note(i, RaftNote::IgnoresVoteRequest { candidate: c });
            return;
        }
        if term > self.nodes[i].term {
            self.become_follower(k, i, term);
        }
        let n = &self.nodes[i];
        let granted = term == n.term && n.voted_for.is_none_or(|v| v == c) && log_ok;
        if granted {
            self.observed.push(Observed::Granted {
                voter: i,
                last_log_index,
                last_log_term,
            });
            self.nodes[i].voted_for = Some(c);
            k.note(i, RaftNote::Votes { candidate: c, term });
            self.reset_election_timer(k, i);
        }
        let term = self.nodes[i].term;
        k.send(
            i,
            c,
            RaftMsg::Vote {
                term,
                granted,
                pre_vote: false,
                round,
            },
        );
    }

    fn on_vote(&mut self, k: &mut Kernel<Self>, env: &Envelope<RaftMsg>) {
        let RaftMsg::Vote {
            term,
            granted,
            pre_vote,
            round,
        } = env.msg
        else {
            return;
        };
        let (i, v) = (env.to, env.from);
        let n = &mut self.nodes[i];
        if pre_vote {
            if !granted && term > n.term {
                self.become_follower(k, i, term);
            } else if granted
                && n.role == Role::PreCandidate
                && term == n.term + 1
                && round == n.round
            {
                n.votes |= bit(v);
                if mask_is_majority(self.nodes[i].votes, self.config.nodes) {
                    self.start_election(k, i);
                }
            }
            return;
        }
        if term > n.term {
            self.become_follower(k, i, term);
        } else if granted && n.role == Role::Candidate && term == n.term {
            n.votes |= bit(v);
            if mask_is_majority(self.nodes[i].votes, self.config.nodes) {
                self.become_leader(k, i);
            }
        }
    }

    fn on_append(&mut self, k: &mut Kernel<Self>, env: Envelope<RaftMsg>) {
        let (i, l) = (env.to, env.from);
        let RaftMsg::AppendEntries {
            term,
            prev_index,
            prev_term,
            entries,
            leader_commit,
            seq,
        } = env.msg
        else {
            return;
        };
        if term < self.nodes[i].term {
            let term = self.nodes[i].term;
            k.send(
                i,
                l,
                RaftMsg::AppendReply {
                    term,
                    success: false,
                    match_index: 0,
                    seq,
                },
            );
            return;
        }
        if term > self.nodes[i].term || self.nodes[i].role != Role::Follower {
            self.become_follower(k, i, term);
        }
        self.nodes[i].leader = Some(l);
        self.nodes[i].leader_contact = Some(k.now());
        self.reset_election_timer(k, i);
        let n = &mut self.nodes[i];
        if prev_index > n.last_index() || n.term_at(prev_index) != prev_term {
            let hint = n.last_index().min(prev_index.saturating_sub(1));
            k.send(
                i,
                l,
                RaftMsg::AppendReply {
                    term,
                    success: false,
                    match_index: hint,
                    seq,
                },
            );
            return;
        }
        for (offset, entry) in entries.iter().enumerate() {
            let index = prev_index + 1 + offset as u64;
            if index <= n.last_index() {
                if n.term_at(index) == entry.term {
                    continue;
                }
                n.truncate(index as usize - 1);
                k.note(i, RaftNote::Truncates { from_index: index });
            }
            n.push(*entry);
        }
        let matched = prev_index + entries.len() as u64;
        self.observed.push(Observed::Accepted {
            node: i,
            leader_commit,
            last_new: matched,
        });
        let new_commit = leader_commit.min(matched);
        if new_commit > n.commit_index {
            n.commit_index = new_commit;
            k.note(i, RaftNote::Commits { index: new_commit });
        }
        k.send(
            i,
            l,
            RaftMsg::AppendReply {
                term,
                success: true,
                match_index: matched,
                seq,
            },
        );
    }

    fn on_append_reply(&mut self, k: &mut Kernel<Self>, env: &Envelope<RaftMsg>) {
        let RaftMsg::AppendReply {
            term,
            success,
            match_index,
            seq,
        } = env.msg
        else {
            return;
        };
        let (i, f) = (env.to, env.from);
        if term > self.nodes[i].term {
            self.become_follower(k, i, term);
            return;
        }
        let n = &mut self.nodes[i];
        if n.role != Role::Leader || term != n.term {
            return;
        }
        n.acks |= bit(f);
        // A reply to an older request (or a duplicate) may still report progress, but
        // sends nothing: otherwise every copy would start its own chain of requests.
        let answers_awaited = n.awaiting[f] == Some(seq);
        if answers_awaited {
            n.awaiting[f] = None;
        }
        if success {
            n.match_index[f] = n.match_index[f].max(match_index);
            n.next_index[f] = n.next_index[f].max(n.match_index[f] + 1);
            self.advance_commit(k, i);
            if answers_awaited && self.nodes[i].next_index[f] <= self.nodes[i].last_index() {
                self.send_append(k, i, f);
            }
        } else if answers_awaited {
            n.next_index[f] = (n.next_index[f] - 1).min(match_index + 1).max(1);
            self.send_append(k, i, f);
        }
    }

    fn advance_commit(&mut self, k: &mut Kernel<Self>, i: NodeId) {
        let n = &mut self.nodes[i];
        let any_term = self.config.bugs.commit_old_term_by_counting;
        for index in (n.commit_index + 1..=n.last_index()).rev() {
            if !any_term && n.term_at(index) != n.term {
                break;
            }
            let replicas = n.match_index.iter().filter(|m| **m >= index).count();
            if is_majority(replicas, self.config.nodes) {
                n.commit_index = index;
                k.note(i, RaftNote::Commits { index });
                return;
            }
        }
    }

    fn client_request(&mut self, k: &mut Kernel<Self>, i: NodeId, cmd: u64, may_redirect: bool) {
        if k.status(i) != NodeStatus::Up {
            k.note(
                i,
                RaftNote::Refuses {
                    cmd,
                    reason: Refusal::NodeDown,
                },
            );
            return;
        }
        self.dirty |= bit(i);
        let n = &mut self.nodes[i];
        match (n.role, n.leader) {
            (Role::Leader, _) => {
                let entry = Entry { term: n.term, cmd };
                n.push(entry);
                n.match_index[i] = n.last_index();
                let index = n.last_index();
                k.note(i, RaftNote::Appends { index, entry });
                let idle: Vec<NodeId> = (0..self.config.nodes)
                    .filter(|p| *p != i && self.nodes[i].awaiting[*p].is_none())
                    .collect();
                for peer in idle {
                    self.send_append(k, i, peer);
                }
            }
            (_, Some(leader)) if may_redirect && leader != i => {
                k.note(i, RaftNote::Redirects { cmd, leader });
                k.send(i, leader, RaftMsg::Forward { cmd });
            }
            _ => k.note(
                i,
                RaftNote::Refuses {
                    cmd,
                    reason: Refusal::NoLeader,
                },
            ),
        }
    }

    fn new_cmd(&mut self) -> u64 {
        self.next_cmd += 1;
        self.next_cmd
    }

    fn load_target(&self, k: &mut Kernel<Self>) -> NodeId {
        let leader = (0..self.config.nodes)
            .filter(|i| k.status(*i) == NodeStatus::Up && self.nodes[*i].role == Role::Leader)
            .max_by_key(|i| self.nodes[*i].term);
        leader.unwrap_or_else(|| k.rng().index(self.config.nodes))
    }
}

impl Protocol for Raft {
    type Config = RaftConfig;
    type Msg = RaftMsg;
    type Timer = RaftTimer;
    type Action = RaftAction;
    type Note = RaftNote;
    type View = RaftView;

    const INVARIANTS: &'static [&'static str] = checker::INVARIANTS;
    const NAME: &'static str = "raft";
    const TAG: u8 = 1;
    const PRESETS: &'static [&'static str] = PRESETS;

    fn preset(name: &str) -> Option<RaftScenario> {
        preset(name, 5)
    }

    fn view(&self, k: &Kernel<Self>) -> RaftView {
        view::view(self, k)
    }

    fn validate(config: &RaftConfig) -> Result<(), ConfigError> {
        config.validate()
    }

    fn validate_action(config: &RaftConfig, action: &RaftAction) -> Result<(), ConfigError> {
        if action.node() >= config.nodes {
            return Err(ConfigError(format!(
                "node {} does not exist (nodes are 0..{})",
                action.node(),
                config.nodes - 1
            )));
        }
        Ok(())
    }

    fn setup(config: &RaftConfig) -> KernelSetup {
        KernelSetup {
            nodes: config.nodes,
            net: config.net.clone(),
            clocks: Vec::new(),
        }
    }

    fn new(config: &RaftConfig, k: &mut Kernel<Self>) -> Self {
        let mut raft = Raft {
            config: config.clone(),
            nodes: vec![RaftNode::new(config.nodes); config.nodes],
            next_cmd: 0,
            dirty: 0,
            observed: Vec::new(),
            checker: RaftChecker::default(),
        };
        for i in 0..config.nodes {
            raft.reset_election_timer(k, i);
        }
        if config.client_interval_ms > 0 {
            let env = k.env();
            k.set_timer(
                env,
                0,
                config.client_interval_ms.into(),
                RaftTimer::ClientLoad,
            );
        }
        raft
    }

    fn on_message(&mut self, k: &mut Kernel<Self>, env: Envelope<RaftMsg>) {
        self.dirty |= bit(env.to);
        match env.msg {
            RaftMsg::RequestVote { .. } => self.on_request_vote(k, &env),
            RaftMsg::Vote { .. } => self.on_vote(k, &env),
            RaftMsg::AppendEntries { .. } => self.on_append(k, env),
            RaftMsg::AppendReply { .. } => self.on_append_reply(k, &env),
            RaftMsg::Forward { cmd } => self.client_request(k, env.to, cmd, false),
        }
    }

    fn on_timer(&mut self, k: &mut Kernel<Self>, node: NodeId, timer: RaftTimer) {
        if node < self.config.nodes {
            self.dirty |= bit(node);
        }
        match timer {
            RaftTimer::Election => self.election_timeout(k, node),
            RaftTimer::Heartbeat => {
                self.broadcast_append(k, node);
                k.set_timer(
                    node,
                    SLOT_HEARTBEAT,
                    self.config.heartbeat_ms.into(),
                    RaftTimer::Heartbeat,
                );
            }
            RaftTimer::QuorumCheck => {
                let n = &mut self.nodes[node];
                if !mask_is_majority(n.acks, self.config.nodes) {
                    let term = n.term;
                    k.note(node, RaftNote::StepsDown { term });
                    n.leader = None;
                    self.become_follower(k, node, term);
                } else {
                    n.acks = bit(node);
                    k.set_timer(
                        node,
                        SLOT_QUORUM,
                        self.config.election_max_ms.into(),
                        RaftTimer::QuorumCheck,
                    );
                }
            }
            RaftTimer::ClientLoad => {
                let target = self.load_target(k);
                let cmd = self.new_cmd();
                self.client_request(k, target, cmd, true);
                k.set_timer(
                    node,
                    0,
                    self.config.client_interval_ms.into(),
                    RaftTimer::ClientLoad,
                );
            }
        }
    }

    fn on_action(&mut self, k: &mut Kernel<Self>, action: RaftAction) {
        match action {
            RaftAction::ClientRequest { node } => {
                let cmd = self.new_cmd();
                self.client_request(k, node, cmd, true);
            }
            RaftAction::Timeout { node } => {
                if k.status(node) == NodeStatus::Up {
                    self.dirty |= bit(node);
                    if self.nodes[node].role == Role::Leader {
                        k.cancel_timer(node, SLOT_HEARTBEAT);
                        k.cancel_timer(node, SLOT_QUORUM);
                    }
                    self.election_timeout(k, node);
                }
            }
        }
    }

    fn on_crash(&mut self, _k: &mut Kernel<Self>, node: NodeId) {
        self.dirty |= bit(node);
        self.nodes[node].lose_volatile_state();
    }

    fn on_restart(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        self.dirty |= bit(node);
        let n = &self.nodes[node];
        k.note(
            node,
            RaftNote::Restarts {
                term: n.term,
                log_len: n.last_index(),
            },
        );
        self.reset_election_timer(k, node);
    }

    fn heap_bytes(&self) -> usize {
        let nodes: usize = self.nodes.iter().map(RaftNode::heap_bytes).sum();
        nodes + self.checker.heap_bytes()
    }

    fn msg_heap_bytes(msg: &RaftMsg) -> usize {
        match msg {
            RaftMsg::AppendEntries { entries, .. } => {
                entries.capacity() * std::mem::size_of::<Entry>()
            }
            _ => 0,
        }
    }

    fn check(&mut self, _k: &Kernel<Self>, found: &mut Vec<(usize, String)>) {
        let dirty = std::mem::take(&mut self.dirty);
        for i in (0..self.config.nodes).filter(|i| dirty & bit(*i) != 0) {
            self.checker
                .check_node(i, &mut self.nodes, &self.observed, found);
        }
        self.observed.clear();
    }

    /// A heartbeat (AppendEntries without entries) and a successful reply; a reply that
    /// lets the leader commit comes with a `Commits` note, so its step is not folded.
    fn routine_msg(msg: &RaftMsg) -> bool {
        match msg {
            RaftMsg::AppendEntries { entries, .. } => entries.is_empty(),
            RaftMsg::AppendReply { success, .. } => *success,
            _ => false,
        }
    }

    fn routine_timer(timer: &RaftTimer) -> bool {
        matches!(timer, RaftTimer::Heartbeat)
    }

    fn msg_kind(msg: &RaftMsg) -> &'static str {
        match msg {
            RaftMsg::RequestVote { pre_vote: true, .. } => "PreVote",
            RaftMsg::RequestVote { .. } => "RequestVote",
            RaftMsg::Vote { pre_vote: true, .. } => "PreVoteReply",
            RaftMsg::Vote { .. } => "Vote",
            RaftMsg::AppendEntries { .. } => "AppendEntries",
            RaftMsg::AppendReply { .. } => "AppendReply",
            RaftMsg::Forward { .. } => "Forward",
        }
    }

    fn describe_msg(msg: &RaftMsg) -> String {
        match msg {
            RaftMsg::RequestVote {
                term,
                last_log_index,
                last_log_term,
                pre_vote,
                ..
            } => format!(
                "{} (term {term}, last entry {last_log_index} of term {last_log_term})",
                if *pre_vote { "PreVote" } else { "RequestVote" }
            ),
            RaftMsg::Vote {
                term,
                granted,
                pre_vote,
                ..
            } => format!(
                "{} {} (term {term})",
                if *pre_vote { "pre-vote" } else { "vote" },
                if *granted { "granted" } else { "denied" }
            ),
            RaftMsg::AppendEntries {
                term,
                prev_index,
                entries,
                leader_commit,
                ..
            } => {
                if entries.is_empty() {
                    format!("heartbeat (term {term}, commit {leader_commit})")
                } else {
                    format!(
                        "AppendEntries (term {term}, {} entries after index {prev_index}, commit {leader_commit})",
                        entries.len()
                    )
                }
            }
            RaftMsg::AppendReply {
                term,
                success,
                match_index,
                ..
            } => {
                if *success {
                    format!("AppendEntries ok (term {term}, matches up to {match_index})")
                } else {
                    format!("AppendEntries rejected (term {term})")
                }
            }
            RaftMsg::Forward { cmd } => format!("client request c{cmd}"),
        }
    }

    fn describe_timer(timer: &RaftTimer) -> String {
        match timer {
            RaftTimer::Election => "election timer",
            RaftTimer::Heartbeat => "heartbeat timer",
            RaftTimer::QuorumCheck => "CheckQuorum timer",
            RaftTimer::ClientLoad => "client load timer",
        }
        .to_string()
    }

    fn describe_action(action: &RaftAction) -> String {
        match action {
            RaftAction::ClientRequest { node } => {
                format!("client request to {}", crate::trace::named::<Raft>(*node))
            }
            RaftAction::Timeout { node } => {
                format!(
                    "force {}'s election timeout",
                    crate::trace::named::<Raft>(*node)
                )
            }
        }
    }

    fn describe_note(note: &RaftNote) -> String {
        use crate::trace::named;
        match note {
            RaftNote::StartsPreVote { term } => {
                format!("times out, asks for pre-votes for term {term}")
            }
            RaftNote::StartsElection { term } => {
                format!("times out, starts election for term {term}")
            }
            RaftNote::BecomesLeader { term } => format!("becomes leader for term {term}"),
            RaftNote::NewTerm { from, to } => {
                format!("sees term {to} (was {from}) and becomes follower")
            }
            RaftNote::Votes { candidate, term } => {
                format!("votes for {} in term {term}", named::<Raft>(*candidate))
            }
            RaftNote::IgnoresVoteRequest { candidate } => format!(
                "ignores {}'s vote request: it heard from a leader recently",
                named::<Raft>(*candidate)
            ),
            RaftNote::AppendsNoop { index } => {
                format!("appends a no-op entry at index {index}, to commit earlier terms' entries")
            }
            RaftNote::Appends { index, entry } => format!(
                "appends client command c{} at index {index} (term {})",
                entry.cmd, entry.term
            ),
            RaftNote::Truncates { from_index } => {
                format!("deletes conflicting entries from index {from_index}")
            }
            RaftNote::Commits { index } => format!("commits up to index {index}"),
            RaftNote::StepsDown { term } => {
                format!("lost contact with a majority, steps down as leader of term {term}")
            }
            RaftNote::Redirects { cmd, leader } => {
                format!(
                    "redirects client command c{cmd} to leader {}",
                    named::<Raft>(*leader)
                )
            }
            RaftNote::Refuses { cmd, reason } => format!(
                "refuses client command c{cmd}: {}",
                match reason {
                    Refusal::NoLeader => "no leader known",
                    Refusal::NodeDown => "node is down",
                }
            ),
            RaftNote::Restarts { term, log_len } => {
                format!("restarts with term {term} and {log_len} log entries kept, commit index 0")
            }
        }
    }
}
