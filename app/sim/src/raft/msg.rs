//! Raft messages, timers and trace notes.

use crate::net::NodeId;
use serde::Serialize;

/// One log entry: the term it was created in and the client command it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Term of the leader that created it.
    pub term: u64,
    /// Unique id of the client command; [`Entry::NOOP`] for a leader's no-op.
    pub cmd: u64,
}

impl Entry {
    /// The command of the entry a new leader appends at the start of its term (paper sec.
    /// 8, dissertation sec. 6.4); client commands are numbered from 1.
    pub const NOOP: u64 = 0;

    /// True for a leader's no-op entry.
    pub fn is_noop(&self) -> bool {
        self.cmd == Self::NOOP
    }
}

/// Messages between Raft nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum RaftMsg {
    /// Ask for a vote (or a pre-vote, which changes no term).
    RequestVote {
        /// Candidate's term (for a pre-vote: the term it would start).
        term: u64,
        /// Index of the candidate's last entry.
        last_log_index: u64,
        /// Term of the candidate's last entry.
        last_log_term: u64,
        /// True for a PreVote request.
        pre_vote: bool,
        /// The candidate's election round (echoed in the reply, so that a pre-vote
        /// granted in an earlier round does not count toward a later one).
        round: u64,
    },
    /// Answer to a RequestVote.
    Vote {
        /// Voter's term (for a granted pre-vote: the requested term).
        term: u64,
        /// Whether the vote is given.
        granted: bool,
        /// True when answering a pre-vote.
        pre_vote: bool,
        /// The round of the request answered.
        round: u64,
    },
    /// Replicate entries (none for a heartbeat).
    AppendEntries {
        /// Leader's term.
        term: u64,
        /// Index of the entry just before the new ones.
        prev_index: u64,
        /// Term of that entry.
        prev_term: u64,
        /// Entries to store.
        entries: Vec<Entry>,
        /// Leader's commit index.
        leader_commit: u64,
        /// The leader's number for this request, echoed in the reply.
        seq: u64,
    },
    /// Answer to AppendEntries.
    AppendReply {
        /// Follower's term.
        term: u64,
        /// Whether the consistency check passed.
        success: bool,
        /// On success the last index known to match; on failure a hint for nextIndex - 1.
        match_index: u64,
        /// The `seq` of the request answered.
        seq: u64,
    },
    /// A client request redirected by a follower to the leader it knows.
    Forward {
        /// The command.
        cmd: u64,
    },
}

/// Raft timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RaftTimer {
    /// Follower/candidate election timeout.
    Election,
    /// Leader heartbeat.
    Heartbeat,
    /// Leader CheckQuorum round.
    QuorumCheck,
    /// The client load generator (environment).
    ClientLoad,
}

/// Why a client request was not appended where it arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Refusal {
    /// The node knows no leader.
    NoLeader,
    /// The node is not running.
    NodeDown,
}

/// State changes recorded in the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum RaftNote {
    /// Election timeout with PreVote: asks for pre-votes for `term`.
    StartsPreVote {
        /// The term it would start.
        term: u64,
    },
    /// Becomes candidate for `term`.
    StartsElection {
        /// The new term.
        term: u64,
    },
    /// Wins the election.
    BecomesLeader {
        /// Its term.
        term: u64,
    },
    /// Sees a higher term and becomes follower.
    NewTerm {
        /// The old term.
        from: u64,
        /// The new term.
        to: u64,
    },
    /// Gives its vote.
    Votes {
        /// Candidate.
        candidate: NodeId,
        /// Term.
        term: u64,
    },
    /// Ignores a vote request because it heard a leader recently (CheckQuorum).
    IgnoresVoteRequest {
        /// The disruptive candidate.
        candidate: NodeId,
    },
    /// A new leader appends its no-op entry.
    AppendsNoop {
        /// Its index.
        index: u64,
    },
    /// Leader appends a client command.
    Appends {
        /// Its index.
        index: u64,
        /// Entry.
        entry: Entry,
    },
    /// Removes conflicting entries from `from_index` on.
    Truncates {
        /// First removed index.
        from_index: u64,
    },
    /// Advances its commit index.
    Commits {
        /// New commit index.
        index: u64,
    },
    /// Leader lost contact with a quorum and steps down (CheckQuorum).
    StepsDown {
        /// Its term.
        term: u64,
    },
    /// Redirects a client command to the leader it knows.
    Redirects {
        /// The command.
        cmd: u64,
        /// The leader.
        leader: NodeId,
    },
    /// Refuses a client command.
    Refuses {
        /// The command.
        cmd: u64,
        /// Why.
        reason: Refusal,
    },
    /// Restarts with its persistent term, vote and log.
    Restarts {
        /// Persistent term.
        term: u64,
        /// Log length.
        log_len: u64,
    },
}
