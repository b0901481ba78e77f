//! HyParView membership: joins by random walk, the symmetric active view, the passive view
//! of backups, shuffles, and repair from the passive view when a neighbour fails.
//!
//! Sources: lasp-lang/partisan 5.0.3 (commit c5309d4), `src/partisan_config.erl` (the
//! `hyparview` defaults: `active_max_size` 6, `active_min_size` 3, `active_rwl` 6,
//! `passive_max_size` 30, `passive_rwl` 6, `random_promotion_interval` 5000,
//! `shuffle_interval` 10000, `shuffle_k_active` 3, `shuffle_k_passive` 4) and
//! `src/partisan_hyparview_peer_service_manager.erl` (its module doc abstracts the paper:
//! J. Leitão, J. Pereira, L. Rodrigues, "HyParView: a membership protocol for reliable
//! gossip-based broadcast", DSN 2007: an active view of `log(n) + c` kept symmetric over
//! TCP connections, which serve as the failure detector; a passive view of
//! `k(log(n) + c)`; broadcast by flooding the active views; `neighbor` requests with high
//! priority when the requester's active view is empty, always accepted, low ones only when
//! there is room; a `shuffle` of the node itself, `ka` active and `kp` passive peers walks
//! `active_rwl` hops and is answered with as many passive peers; `random_promotion`
//! promotes a passive peer while the active view is below its minimum; nothing detects
//! or heals a split into sub-overlays). The paper's own parameters for 10,000 nodes are
//! an active view of 5 and a passive view of 30; we did not have the paper's text to
//! check them beyond Partisan's summary. Simplifications: a connection attempt to a
//! crashed or cut-off node fails at once (TCP would refuse or time out); at start a node
//! joins through node 1 (node 1 through node 2), after a restart through a random node; the
//! passive view evicts at random.

use super::{Conn, Overlay, OverlayMsg, OverlayNote, OverlayTimer, Topology};
use crate::kernel::Kernel;
use crate::model::NodeStatus;
use crate::net::NodeId;

fn sample(k: &mut Kernel<Overlay>, from: &[NodeId], n: usize) -> Vec<NodeId> {
    let mut pool = from.to_vec();
    let mut out = Vec::new();
    while out.len() < n && !pool.is_empty() {
        out.push(pool.swap_remove(k.rng().index(pool.len())));
    }
    out
}

impl Overlay {
    /// Joins through the first node (the second, for the first), or after a failed
    /// attempt or a restart through a random one.
    pub(super) fn join(&mut self, k: &mut Kernel<Self>, me: NodeId) {
        let n = self.nodes.len();
        let contact = if k.now() <= 10 * n as u64 {
            usize::from(me == 0)
        } else {
            (me + 1 + k.rng().index(n - 1)) % n
        };
        self.send_counted(k, me, contact, OverlayMsg::Join);
    }

    fn active_peers(&self, me: NodeId) -> Vec<NodeId> {
        self.nodes[me].active.iter().map(|c| c.peer).collect()
    }

    /// The most connections a node keeps: every other node in a full mesh.
    fn active_max(&self) -> usize {
        match self.config.topology {
            Topology::HyParView => self.config.active_max,
            Topology::FullMesh => self.nodes.len() - 1,
        }
    }

    /// Adds `peer` to the active view, dropping a random neighbour to the passive view
    /// when full.
    pub(super) fn add_active(&mut self, k: &mut Kernel<Self>, me: NodeId, peer: NodeId) {
        if peer == me || self.nodes[me].is_active(peer) {
            return;
        }
        if self.nodes[me].active.len() >= self.active_max() {
            let i = k.rng().index(self.nodes[me].active.len());
            let dropped = self.nodes[me].active.remove(i).peer;
            self.send_counted(k, me, dropped, OverlayMsg::Disconnect);
            self.add_passive(k, me, dropped);
        }
        let node = &mut self.nodes[me];
        node.passive.retain(|p| *p != peer);
        let at = node.active.partition_point(|c| c.peer < peer);
        node.active.insert(at, Conn::new(peer));
        self.topology_changed = true;
        k.note(me, OverlayNote::Neighbour { peer, up: true });
    }

    fn add_passive(&mut self, k: &mut Kernel<Self>, me: NodeId, peer: NodeId) {
        let node = &self.nodes[me];
        if peer == me || node.is_active(peer) || node.passive.contains(&peer) {
            return;
        }
        if node.passive.len() >= self.config.passive_max {
            let i = k.rng().index(node.passive.len());
            self.nodes[me].passive.swap_remove(i);
        }
        self.nodes[me].passive.push(peer);
    }

    /// An active neighbour failed or left: drop it and, unless the bug is on, promote a
    /// passive peer.
    pub(super) fn lost_neighbour(&mut self, k: &mut Kernel<Self>, me: NodeId, peer: NodeId) {
        self.nodes[me].active.retain(|c| c.peer != peer);
        self.topology_changed = true;
        k.note(me, OverlayNote::Neighbour { peer, up: false });
        if !self.config.bugs.no_passive_refill {
            self.promote(k, me);
        }
    }

    /// Sends a `neighbor` request to a random passive peer, if none is under way.
    pub(super) fn promote(&mut self, k: &mut Kernel<Self>, me: NodeId) {
        let node = &self.nodes[me];
        if node.pending.is_some() || node.active.len() >= self.config.active_max {
            return;
        }
        if node.passive.is_empty() {
            return;
        }
        let i = k.rng().index(node.passive.len());
        let peer = node.passive[i];
        let high = node.active.is_empty();
        self.nodes[me].pending = Some(peer);
        self.send_counted(k, me, peer, OverlayMsg::Neighbor { high });
    }

    /// `random_promotion`: fill the active view while it is below its minimum.
    pub(super) fn random_promotion(&mut self, k: &mut Kernel<Self>, me: NodeId) {
        k.set_timer(
            me,
            2,
            self.config.promotion_ms.into(),
            OverlayTimer::Promotion,
        );
        if self.nodes[me].active.len() < self.config.active_min
            && !self.config.bugs.no_passive_refill
        {
            self.promote(k, me);
        }
    }

    pub(super) fn shuffle(&mut self, k: &mut Kernel<Self>, me: NodeId) {
        k.set_timer(me, 1, self.config.shuffle_ms.into(), OverlayTimer::Shuffle);
        let active = self.active_peers(me);
        if active.is_empty() {
            return;
        }
        let to = active[k.rng().index(active.len())];
        let mut nodes = vec![me];
        nodes.extend(sample(k, &active, self.config.shuffle_k_active));
        let passive = self.nodes[me].passive.clone();
        nodes.extend(sample(k, &passive, self.config.shuffle_k_passive));
        let ttl = self.config.active_rwl;
        self.send_counted(
            k,
            me,
            to,
            OverlayMsg::Shuffle {
                origin: me,
                nodes,
                ttl,
            },
        );
    }

    /// A connection attempt failed: the peer leaves the passive view; try another.
    pub(super) fn refused(&mut self, k: &mut Kernel<Self>, me: NodeId, peer: NodeId) {
        if self.nodes[me].pending == Some(peer) {
            self.nodes[me].pending = None;
            self.nodes[me].passive.retain(|p| *p != peer);
            self.promote(k, me);
        }
    }

    pub(super) fn hyparview_receive(
        &mut self,
        k: &mut Kernel<Self>,
        me: NodeId,
        from: NodeId,
        msg: OverlayMsg,
    ) {
        match msg {
            OverlayMsg::Join => {
                let others = self.active_peers(me);
                self.add_active(k, me, from);
                self.send_counted(k, me, from, OverlayMsg::NeighborReply { accepted: true });
                let ttl = self.config.active_rwl;
                for peer in others.into_iter().filter(|p| *p != from) {
                    self.send_counted(k, me, peer, OverlayMsg::ForwardJoin { joiner: from, ttl });
                }
            }
            OverlayMsg::ForwardJoin { joiner, ttl } => {
                let others: Vec<NodeId> = self
                    .active_peers(me)
                    .into_iter()
                    .filter(|p| *p != from && *p != joiner)
                    .collect();
                if ttl == 0 || others.is_empty() {
                    if joiner != me && !self.nodes[me].is_active(joiner) {
                        self.add_active(k, me, joiner);
                        self.send_counted(
                            k,
                            me,
                            joiner,
                            OverlayMsg::NeighborReply { accepted: true },
                        );
                    }
                    return;
                }
                if ttl == self.config.passive_rwl {
                    self.add_passive(k, me, joiner);
                }
                let next = others[k.rng().index(others.len())];
                let ttl = ttl - 1;
                self.send_counted(k, me, next, OverlayMsg::ForwardJoin { joiner, ttl });
            }
            OverlayMsg::Neighbor { high } => {
                let room = self.nodes[me].active.len() < self.config.active_max;
                let accepted = high || room || self.nodes[me].is_active(from);
                if accepted {
                    self.add_active(k, me, from);
                }
                self.send_counted(k, me, from, OverlayMsg::NeighborReply { accepted });
            }
            OverlayMsg::NeighborReply { accepted } => {
                if self.nodes[me].pending == Some(from) {
                    self.nodes[me].pending = None;
                }
                if accepted {
                    self.add_active(k, me, from);
                } else {
                    self.promote(k, me);
                }
            }
            OverlayMsg::Disconnect if self.nodes[me].is_active(from) => {
                self.nodes[me].active.retain(|c| c.peer != from);
                self.topology_changed = true;
                k.note(
                    me,
                    OverlayNote::Neighbour {
                        peer: from,
                        up: false,
                    },
                );
                self.add_passive(k, me, from);
            }
            OverlayMsg::Shuffle { origin, nodes, ttl } => {
                let others: Vec<NodeId> = self
                    .active_peers(me)
                    .into_iter()
                    .filter(|p| *p != from)
                    .collect();
                if ttl > 1 && !others.is_empty() {
                    let next = others[k.rng().index(others.len())];
                    let ttl = ttl - 1;
                    self.send_counted(k, me, next, OverlayMsg::Shuffle { origin, nodes, ttl });
                    return;
                }
                if origin != me {
                    let passive = self.nodes[me].passive.clone();
                    let reply = sample(k, &passive, nodes.len());
                    self.send_counted(k, me, origin, OverlayMsg::ShuffleReply { nodes: reply });
                }
                for n in nodes {
                    self.add_passive(k, me, n);
                }
            }
            OverlayMsg::ShuffleReply { nodes } => {
                for n in nodes {
                    self.add_passive(k, me, n);
                }
            }
            _ => {}
        }
    }

    /// True when `node` runs.
    pub(super) fn up(k: &Kernel<Self>, node: NodeId) -> bool {
        k.status(node) == NodeStatus::Up
    }
}
