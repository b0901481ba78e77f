//! Distributed Erlang membership: the full mesh of connections, the connect handshake,
//! transitive connect, net ticks and `global`'s prevention of overlapping partitions.
//!
//! Sources: OTP `lib/kernel/src/dist_util.erl` (`con_loop/2`, `send_tick/6`: a ticker
//! message every `TickTime/TickIntensity`; a tick is written only when nothing else was;
//! the peer is `not_responding` once `TickIntensity` consecutive ticker periods pass with
//! nothing read), the kernel application docs for `net_ticktime` (a silent node is detected
//! after `MinT < T < MaxT` with `MinT = TickTime - TickTime/TickIntensity` and
//! `MaxT = TickTime + TickTime/TickIntensity`: 45 to 75 s at the defaults 60 and 4), and
//! `lib/kernel/src/global.erl` (`handle_info({nodeup, ...})` exchanging known nodes for
//! `connect_all`; `handle_info({lost_connection, NodeA, _, _, NodeB}, ...)`: "NodeA reports
//! that it lost connection to NodeB. If we got a connection to NodeB, we need to disconnect
//! it in order to prevent overlapping partitions", and it forwards the report to the other
//! nodes it knows). Connections run over TCP: a message
//! sent on a connection while its link is cut is resent once the link is back, never lost.

use super::{Cluster, ClusterMsg, ClusterNote, ClusterTimer, Library};
use crate::kernel::Kernel;
use crate::model::{Envelope, NodeStatus};
use crate::net::NodeId;
use serde::Serialize;

/// Stages of a connection as one end sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Stage {
    /// No connection.
    Down,
    /// This end sent `Connect`.
    Connecting,
    /// This end answered `Accept`.
    Accepting,
    /// Connected: `nodeup` was delivered.
    Up,
}

/// One end of a connection with its tick bookkeeping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The stage.
    pub stage: Stage,
    /// Something was read from the peer in this ticker period.
    heard: bool,
    /// Something was written to the peer in this ticker period.
    wrote: bool,
    /// Consecutive ticker periods with nothing read.
    pub missed: u32,
    /// Messages waiting for the cut link to come back (TCP resends them).
    pub outbox: Vec<ClusterMsg>,
}

/// Why a node saw `nodedown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DownReason {
    /// Nothing read for `net_tickintensity` ticker periods (`net_tick_timeout`).
    TickTimeout,
    /// The peer closed the connection.
    Closed,
    /// `global` disconnected it because `by` reported losing it.
    Reported {
        /// The node that lost it.
        by: NodeId,
    },
    /// The peer restarted and connected again, replacing the stale connection.
    Replaced,
}

impl Link {
    /// A connection that is up (`true`, the cluster starts fully connected) or down.
    pub fn initial(up: bool) -> Self {
        Link {
            stage: if up { Stage::Up } else { Stage::Down },
            heard: true,
            wrote: false,
            missed: 0,
            outbox: Vec::new(),
        }
    }

    /// True when connected.
    pub fn is_up(&self) -> bool {
        self.stage == Stage::Up
    }
}

impl Cluster {
    pub(super) fn arm_timers(&mut self, k: &mut Kernel<Self>, node: NodeId, initial: bool) {
        let tick = self.config.tick_interval_ms();
        let phase = k.rng().range(1, tick);
        k.set_timer(node, 0, phase, ClusterTimer::Tick);
        let reconnect = u64::from(self.config.reconnect_ms);
        if reconnect > 0 {
            let first = if initial {
                k.rng().range(1, reconnect)
            } else {
                1
            };
            k.set_timer(node, 1, first, ClusterTimer::Reconnect);
        }
        match self.config.library {
            Library::Horde { .. } => {
                let sync = u64::from(self.config.sync_interval_ms);
                let first = k.rng().range(1, sync);
                k.set_timer(node, 2, first, ClusterTimer::Sync);
            }
            Library::Presence(p) => {
                // `send_stuttered_heartbeat/2`: the first within a quarter period.
                let first = k
                    .rng()
                    .range(1, u64::from(p.broadcast_period_ms / 4).max(1));
                k.set_timer(node, 2, first, ClusterTimer::Heartbeat);
            }
            Library::Global(_) => {}
        }
    }

    /// `net_kernel:connect_node(to)` on `from`.
    pub(super) fn connect(&mut self, k: &mut Kernel<Self>, from: NodeId, to: NodeId) {
        let link = &mut self.nodes[from].links[to];
        if from == to || link.is_up() {
            return;
        }
        link.stage = Stage::Connecting;
        k.send(from, to, ClusterMsg::Connect);
    }

    pub(super) fn reconnect(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        for peer in 0..self.nodes.len() {
            self.connect(k, node, peer);
        }
        let every = u64::from(self.config.reconnect_ms);
        k.set_timer(node, 1, every, ClusterTimer::Reconnect);
    }

    /// Sends on the connection `from -> to` (queued while its link is known to be cut).
    pub(super) fn send_on(
        &mut self,
        k: &mut Kernel<Self>,
        from: NodeId,
        to: NodeId,
        msg: ClusterMsg,
    ) {
        let link = &mut self.nodes[from].links[to];
        if !link.is_up() {
            return;
        }
        link.wrote = true;
        if link.outbox.is_empty() && k.links().is_up(from, to) {
            k.send(from, to, msg);
        } else {
            link.outbox.push(msg);
        }
    }

    /// Keeps a message the cut link dropped for resending, as TCP would.
    pub(super) fn requeue(&mut self, _k: &mut Kernel<Self>, env: Envelope<ClusterMsg>) {
        let resend = !matches!(
            env.msg,
            ClusterMsg::Tick
                | ClusterMsg::Close
                | ClusterMsg::Connect
                | ClusterMsg::Accept
                | ClusterMsg::Confirm
        );
        let link = &mut self.nodes[env.from].links[env.to];
        if resend && link.is_up() {
            link.outbox.push(env.msg);
        }
    }

    pub(super) fn receive(&mut self, k: &mut Kernel<Self>, env: Envelope<ClusterMsg>) {
        let (me, from) = (env.to, env.from);
        match env.msg {
            ClusterMsg::Connect => {
                let link = &self.nodes[me].links[from];
                if link.is_up() {
                    self.node_down(k, me, from, DownReason::Replaced);
                } else if link.stage == Stage::Connecting && me < from {
                    return;
                }
                self.nodes[me].links[from].stage = Stage::Accepting;
                k.send(me, from, ClusterMsg::Accept);
            }
            ClusterMsg::Accept => {
                if self.nodes[me].links[from].stage == Stage::Connecting {
                    k.send(me, from, ClusterMsg::Confirm);
                    self.node_up(k, me, from);
                }
            }
            ClusterMsg::Confirm => {
                if self.nodes[me].links[from].stage == Stage::Accepting {
                    self.node_up(k, me, from);
                }
            }
            msg => {
                let link = &mut self.nodes[me].links[from];
                if !link.is_up() {
                    if msg != ClusterMsg::Close {
                        k.send(me, from, ClusterMsg::Close);
                    }
                    return;
                }
                link.heard = true;
                match msg {
                    ClusterMsg::Close => self.node_down(k, me, from, DownReason::Closed),
                    ClusterMsg::Peers(peers) => {
                        for p in peers {
                            if p != me && self.nodes[me].links[p].stage == Stage::Down {
                                self.connect(k, me, p);
                            }
                        }
                    }
                    ClusterMsg::LostConnection { lost } => {
                        let obey = self.config.prevent_overlapping_partitions
                            && !self.config.bugs.ignore_lost_connection;
                        if obey && self.nodes[me].links[lost].is_up() {
                            self.node_down(k, me, lost, DownReason::Reported { by: from });
                            for other in self.connected(me).into_iter().filter(|o| *o != from) {
                                let report = ClusterMsg::LostConnection { lost };
                                self.send_on(k, me, other, report);
                            }
                        }
                    }
                    ClusterMsg::Global(m) => self.global_receive(k, me, from, m),
                    ClusterMsg::Horde(m) => self.horde_receive(k, me, from, m),
                    ClusterMsg::Presence(m) => self.presence_receive(k, me, from, m),
                    _ => {}
                }
            }
        }
    }

    fn node_up(&mut self, k: &mut Kernel<Self>, me: NodeId, peer: NodeId) {
        self.nodes[me].links[peer] = Link::initial(true);
        k.note(me, ClusterNote::NodeUp { peer });
        let known: Vec<NodeId> = self
            .connected(me)
            .into_iter()
            .filter(|p| *p != peer)
            .collect();
        self.send_on(k, me, peer, ClusterMsg::Peers(known));
        match self.config.library {
            Library::Global(_) => self.global_node_up(k, me, peer),
            Library::Horde { .. } => self.horde_membership(k, me, Some(peer)),
            Library::Presence(_) => {}
        }
    }

    pub(super) fn node_down(
        &mut self,
        k: &mut Kernel<Self>,
        me: NodeId,
        peer: NodeId,
        reason: DownReason,
    ) {
        self.nodes[me].links[peer] = Link::initial(false);
        k.note(me, ClusterNote::NodeDown { peer, reason });
        if reason != DownReason::Closed {
            k.send(me, peer, ClusterMsg::Close);
        }
        match self.config.library {
            Library::Global(_) => self.global_node_down(k, me, peer),
            Library::Horde { .. } => self.horde_membership(k, me, None),
            Library::Presence(_) => {}
        }
        let report = matches!(reason, DownReason::TickTimeout | DownReason::Closed);
        if report && self.config.prevent_overlapping_partitions {
            for other in self.connected(me) {
                self.send_on(k, me, other, ClusterMsg::LostConnection { lost: peer });
            }
        }
    }

    /// The ticker period: resend queued data, count silent periods, tick idle connections.
    pub(super) fn tick(&mut self, k: &mut Kernel<Self>, me: NodeId) {
        let interval = self.config.tick_interval_ms();
        k.set_timer(me, 0, interval, ClusterTimer::Tick);
        for peer in 0..self.nodes.len() {
            let link = &mut self.nodes[me].links[peer];
            if !link.is_up() {
                continue;
            }
            if !link.outbox.is_empty() && k.links().is_up(me, peer) {
                for msg in std::mem::take(&mut link.outbox) {
                    k.send(me, peer, msg);
                }
                link.wrote = true;
            }
            link.missed = if link.heard { 0 } else { link.missed + 1 };
            link.heard = false;
            if link.missed >= self.config.tick_intensity {
                self.node_down(k, me, peer, DownReason::TickTimeout);
                continue;
            }
            if !std::mem::replace(&mut link.wrote, false) {
                k.send(me, peer, ClusterMsg::Tick);
                self.ticks_sent += 1;
                self.tick_times.push(k.now());
            }
        }
        let window = u64::from(self.config.net_ticktime_ms);
        while self
            .tick_times
            .first()
            .is_some_and(|t| *t + window < k.now())
        {
            self.tick_times.remove(0);
        }
    }

    /// True when no connection change is under way: no handshake, close, report or peer
    /// list in flight or queued, and every connection runs over working links between
    /// running nodes whose other end has not closed it (a silent connection is still
    /// waiting for its tick timeout, a half-closed one for its next tick to be refused).
    pub(super) fn mesh_settled(&self, k: &Kernel<Self>) -> bool {
        let control = |m: &ClusterMsg| {
            matches!(
                m,
                ClusterMsg::Connect
                    | ClusterMsg::Accept
                    | ClusterMsg::Confirm
                    | ClusterMsg::Close
                    | ClusterMsg::Peers(_)
                    | ClusterMsg::LostConnection { .. }
            )
        };
        let n = self.nodes.len();
        for a in 0..n {
            for b in 0..n {
                let link = &self.nodes[a].links[b];
                match link.stage {
                    Stage::Down => {}
                    Stage::Connecting | Stage::Accepting => return false,
                    Stage::Up => {
                        let working = k.status(a) == NodeStatus::Up
                            && k.status(b) == NodeStatus::Up
                            && self.nodes[b].links[a].stage != Stage::Down
                            && k.links().is_up(a, b)
                            && k.links().is_up(b, a);
                        if !working || link.outbox.iter().any(control) {
                            return false;
                        }
                    }
                }
            }
        }
        !k.in_flight().iter().any(|e| control(&e.msg))
    }
}
