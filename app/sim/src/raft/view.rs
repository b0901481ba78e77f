//! What a Raft widget draws at one step.

use super::msg::Entry;
use super::node::Role;
use super::Raft;
use crate::kernel::Kernel;
use crate::model::NodeStatus;
use crate::net::NodeId;
use crate::scenario::Time;
use serde::Serialize;

/// One node as drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RaftNodeView {
    /// Node index.
    pub id: NodeId,
    /// Up, crashed or paused.
    pub status: NodeStatus,
    /// Role.
    pub role: Role,
    /// Current term.
    pub term: u64,
    /// Vote in the current term.
    pub voted_for: Option<NodeId>,
    /// The log, each entry with its term.
    pub log: Vec<Entry>,
    /// Commit index.
    pub commit_index: u64,
    /// The leader it follows, if known.
    pub leader: Option<NodeId>,
    /// Election timer: ms left, if armed.
    pub election_remaining_ms: Option<Time>,
    /// Election timer: its full length.
    pub election_total_ms: Time,
}

/// The whole cluster at one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RaftView {
    /// Virtual time in ms.
    pub now: Time,
    /// Every node.
    pub nodes: Vec<RaftNodeView>,
    /// Cut one-way links `(from, to)`.
    pub cut_links: Vec<(NodeId, NodeId)>,
}

impl RaftView {
    /// The up nodes that think they lead (a stale leader cut off in a minority among them).
    pub fn leaders(&self) -> impl Iterator<Item = &RaftNodeView> {
        self.nodes
            .iter()
            .filter(|n| n.role == Role::Leader && n.status == NodeStatus::Up)
    }

    /// The up node leading the highest term, if any.
    pub fn leader(&self) -> Option<NodeId> {
        self.leaders().max_by_key(|n| n.term).map(|n| n.id)
    }
}

impl Raft {
    /// Node `id`'s election timer at `k`'s time: ms left and the timer's full length
    /// (`None` when it is not running: a leader's, a crashed node's). Cheaper than
    /// [`RaftSim::view`](super::RaftSim) for a drawing that needs only the timers.
    pub fn election_timer(&self, k: &Kernel<Raft>, id: NodeId) -> Option<(Time, Time)> {
        let n = self.nodes.get(id)?;
        let armed = k.status(id) != NodeStatus::Crashed && n.role != Role::Leader;
        let deadline = n.election_deadline.filter(|_| armed)?;
        Some((deadline.saturating_sub(k.now()), n.election_timeout))
    }
}

pub(super) fn view(raft: &Raft, k: &Kernel<Raft>) -> RaftView {
    let nodes = raft
        .nodes
        .iter()
        .enumerate()
        .map(|(id, n)| {
            let timer = raft.election_timer(k, id);
            RaftNodeView {
                id,
                status: k.status(id),
                role: n.role,
                term: n.term,
                voted_for: n.voted_for,
                log: n.log.clone(),
                commit_index: n.commit_index,
                leader: n.leader,
                election_remaining_ms: timer.map(|(remaining, _)| remaining),
                election_total_ms: n.election_timeout,
            }
        })
        .collect();
    RaftView {
        now: k.now(),
        nodes,
        cut_links: k.links().cut_links(),
    }
}
