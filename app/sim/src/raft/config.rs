//! Raft configuration, user actions and seeded bugs.

use crate::net::{validate_net, NetConfig, NodeId};
use crate::scenario::{check_range, ConfigError};
use crate::wire::{DecodeError, Reader, Wire};
use serde::{Deserialize, Serialize};

/// Deliberate bugs the checker should catch ("break it" switches).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RaftBugs {
    /// Grant votes without the log up-to-date check (breaks Leader Completeness).
    pub vote_without_log_check: bool,
    /// Commit entries of earlier terms by counting replicas (the Figure 8 bug, sec. 5.4.2).
    pub commit_old_term_by_counting: bool,
    /// A new leader appends no no-op entry: safe, but entries of earlier terms then stay
    /// uncommitted until a client writes (paper sec. 8).
    pub skip_noop: bool,
}

/// Parameters of a Raft cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RaftConfig {
    /// Cluster size, 3 to 9.
    pub nodes: usize,
    /// Shortest election timeout in ms.
    pub election_min_ms: u32,
    /// Longest election timeout in ms (timeouts are drawn uniformly in between).
    pub election_max_ms: u32,
    /// Interval between a leader's heartbeats in ms.
    pub heartbeat_ms: u32,
    /// PreVote (dissertation sec. 9.6): ask for votes before raising the term.
    pub pre_vote: bool,
    /// CheckQuorum (sec. 6.2, 9.6): a leader steps down without a quorum; followers that
    /// recently heard a leader ignore vote requests.
    pub check_quorum: bool,
    /// A client sends a request every this many ms (0 = no automatic load).
    pub client_interval_ms: u32,
    /// The network model.
    pub net: NetConfig,
    /// Seeded bugs.
    pub bugs: RaftBugs,
}

impl Default for RaftConfig {
    fn default() -> Self {
        RaftConfig {
            nodes: 5,
            election_min_ms: 150,
            election_max_ms: 300,
            heartbeat_ms: 50,
            pre_vote: false,
            check_quorum: false,
            client_interval_ms: 0,
            net: NetConfig::default(),
            bugs: RaftBugs::default(),
        }
    }
}

impl RaftConfig {
    /// Rejects values outside the supported bounds, naming the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("nodes", self.nodes as u64, 3, 9)?;
        check_range("election_min_ms", self.election_min_ms.into(), 2, 60_000)?;
        check_range(
            "election_max_ms",
            self.election_max_ms.into(),
            self.election_min_ms.into(),
            60_000,
        )?;
        check_range(
            "heartbeat_ms",
            self.heartbeat_ms.into(),
            1,
            (self.election_min_ms - 1).into(),
        )?;
        check_range(
            "client_interval_ms",
            self.client_interval_ms.into(),
            0,
            60_000,
        )?;
        validate_net(&self.net)
    }
}

/// Raft's own user actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RaftAction {
    /// A client sends a request to `node` (followers redirect it to the leader they know).
    ClientRequest {
        /// Receiving node.
        node: NodeId,
    },
    /// Force `node`'s election timer to fire now.
    Timeout {
        /// The node.
        node: NodeId,
    },
}

impl RaftAction {
    /// The node the action is addressed to.
    pub fn node(&self) -> NodeId {
        match self {
            RaftAction::ClientRequest { node } | RaftAction::Timeout { node } => *node,
        }
    }
}

impl RaftBugs {
    /// Whether a new leader appends a no-op. Not with the counting bug either: the no-op
    /// would commit the old entries legitimately before the miscount could matter.
    pub fn appends_noop(&self) -> bool {
        !self.skip_noop && !self.commit_old_term_by_counting
    }
}

/// The first byte of encoded bugs holds flags: `skip_noop` was added as bit 1 so that links
/// made before it existed (that byte 0 or 1) still decode.
const VOTE_BUG_BIT: u8 = 1;
const SKIP_NOOP_BIT: u8 = 2;

impl Wire for RaftBugs {
    fn put(&self, out: &mut Vec<u8>) {
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        out.push(
            flag(self.vote_without_log_check, VOTE_BUG_BIT) | flag(self.skip_noop, SKIP_NOOP_BIT),
        );
        self.commit_old_term_by_counting.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        let flags = r.byte()?;
        if flags & !(VOTE_BUG_BIT | SKIP_NOOP_BIT) != 0 {
            return Err(DecodeError(format!("unknown Raft bug flags {flags}")));
        }
        Ok(RaftBugs {
            vote_without_log_check: flags & VOTE_BUG_BIT != 0,
            skip_noop: flags & SKIP_NOOP_BIT != 0,
            commit_old_term_by_counting: Wire::get(r)?,
        })
    }
}

impl Wire for RaftConfig {
    fn put(&self, out: &mut Vec<u8>) {
        self.nodes.put(out);
        self.election_min_ms.put(out);
        self.election_max_ms.put(out);
        self.heartbeat_ms.put(out);
        self.pre_vote.put(out);
        self.check_quorum.put(out);
        self.client_interval_ms.put(out);
        self.net.put(out);
        self.bugs.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(RaftConfig {
            nodes: Wire::get(r)?,
            election_min_ms: Wire::get(r)?,
            election_max_ms: Wire::get(r)?,
            heartbeat_ms: Wire::get(r)?,
            pre_vote: Wire::get(r)?,
            check_quorum: Wire::get(r)?,
            client_interval_ms: Wire::get(r)?,
            net: Wire::get(r)?,
            bugs: Wire::get(r)?,
        })
    }
}

impl Wire for RaftAction {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            RaftAction::ClientRequest { node } => {
                out.push(0);
                node.put(out)
            }
            RaftAction::Timeout { node } => {
                out.push(1);
                node.put(out)
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        match r.byte()? {
            0 => Ok(RaftAction::ClientRequest {
                node: Wire::get(r)?,
            }),
            1 => Ok(RaftAction::Timeout {
                node: Wire::get(r)?,
            }),
            b => Err(DecodeError(format!("unknown Raft action kind {b}"))),
        }
    }
}
