//! The same cluster as a full mesh (Distributed Erlang) or as a HyParView overlay
//! ([`hyparview`], Partisan's defaults), from 2 to 200 nodes: connections per node and in
//! total, keep-alive and shuffle messages per second, how long a broadcast takes to reach
//! every node, and what a partition or a crash does to each. Both keep every connection
//! alive with net ticks (a tick each quarter `ticktime` on an idle connection, a peer silent
//! for four quarters is down). A full-mesh broadcast is one message to each node; a
//! HyParView broadcast floods the active views (each node forwards a message the first
//! time it sees it to its active neighbours but the sender), as the paper does; Partisan's
//! Plumtree, which prunes the flood to a tree, is not simulated.

mod checker;
pub mod config;
mod hyparview;
mod presets;
mod words;

pub use config::{OverlayAction, OverlayBugs, OverlayConfig, Topology};
pub use presets::{preset, PRESETS};

use crate::kernel::{Kernel, KernelSetup};
use crate::model::{Envelope, NodeStatus};
use crate::net::NodeId;
use crate::protocol::Protocol;
use crate::scenario::{ConfigError, Scenario, Time};
use crate::sim::Sim;
use crate::trace::DropReason;
use serde::Serialize;

/// An overlay run with time travel.
pub type OverlaySim = Sim<Overlay>;
/// An overlay scenario.
pub type OverlayScenario = Scenario<OverlayConfig, OverlayAction>;

/// One end of a connection with its tick bookkeeping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Conn {
    /// The peer.
    pub peer: NodeId,
    heard: bool,
    wrote: bool,
    missed: u32,
}

impl Conn {
    fn new(peer: NodeId) -> Self {
        Conn {
            peer,
            heard: true,
            wrote: false,
            missed: 0,
        }
    }
}

/// One node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeState {
    /// Open connections, sorted by peer (HyParView's active view; every peer in a mesh).
    pub active: Vec<Conn>,
    /// HyParView's passive view.
    pub passive: Vec<NodeId>,
    /// The peer a `neighbor` request is under way to.
    pending: Option<NodeId>,
}

impl NodeState {
    fn empty() -> Self {
        NodeState {
            active: Vec::new(),
            passive: Vec::new(),
            pending: None,
        }
    }

    /// True when connected to `peer`.
    pub fn is_active(&self, peer: NodeId) -> bool {
        self.active.binary_search_by_key(&peer, |c| c.peer).is_ok()
    }
}

/// Messages between nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum OverlayMsg {
    /// Keep-alive on an idle connection.
    Tick,
    /// HyParView: join through the receiver.
    Join,
    /// HyParView: a join's random walk.
    ForwardJoin {
        /// The joining node.
        joiner: NodeId,
        /// Hops left.
        ttl: u32,
    },
    /// Asks to become neighbours (HyParView), or connects (mesh).
    Neighbor {
        /// The requester has no active neighbour: always accepted.
        high: bool,
    },
    /// Accepts or rejects a `Neighbor` or `Join`.
    NeighborReply {
        /// Accepted.
        accepted: bool,
    },
    /// HyParView: the sender dropped the receiver from its full active view.
    Disconnect,
    /// HyParView: a shuffle's random walk.
    Shuffle {
        /// Who started it.
        origin: NodeId,
        /// The origin, some active and some passive peers of it.
        nodes: Vec<NodeId>,
        /// Hops left.
        ttl: u32,
    },
    /// HyParView: passive peers in return.
    ShuffleReply {
        /// The peers.
        nodes: Vec<NodeId>,
    },
    /// A broadcast message.
    Gossip {
        /// Index into the broadcasts.
        id: usize,
    },
}

/// Timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum OverlayTimer {
    /// The keep-alive ticker.
    Tick,
    /// HyParView's shuffle, or the mesh's reconnect.
    Shuffle,
    /// HyParView's random promotion.
    Promotion,
    /// The environment's periodic broadcast.
    Broadcast,
    /// HyParView: the node starts and joins.
    Join,
}

/// State changes recorded in the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum OverlayNote {
    /// A connection came up (`up`) or went away.
    Neighbour {
        /// The peer.
        peer: NodeId,
        /// Up or down.
        up: bool,
    },
    /// A peer was silent for four tick intervals.
    TickTimeout {
        /// The peer.
        peer: NodeId,
    },
    /// A broadcast reached every live node.
    Reached {
        /// The broadcast.
        id: usize,
        /// How long it took.
        after_ms: Time,
    },
}

/// One broadcast and how far it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Broadcast {
    /// Its origin.
    pub origin: NodeId,
    /// When it started.
    pub started_at: Time,
    /// Per node: when it first got it.
    pub got_at: Vec<Option<Time>>,
    /// Messages it used.
    pub messages: u64,
    /// When every node that was up got it (time to reach all), if they did.
    pub reached_all_at: Option<Time>,
}

/// Message counts in one-second buckets: the current second and the last complete one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rate {
    second: u64,
    current: u64,
    /// Messages in the second before `second`.
    last: u64,
}

impl Rate {
    fn add(&mut self, now: Time) {
        let second = now / 1_000;
        if second != self.second {
            self.last = if second == self.second + 1 {
                self.current
            } else {
                0
            };
            self.second = second;
            self.current = 0;
        }
        self.current += 1;
    }

    /// Messages in the last second complete at `now`: zero once a whole second has
    /// passed without one (the buckets roll over only when a message arrives).
    fn last_at(&self, now: Time) -> u64 {
        match (now / 1_000).checked_sub(self.second) {
            Some(0) => self.last,
            Some(1) => self.current,
            _ => 0,
        }
    }
}

/// The whole overlay.
#[derive(Clone, Debug)]
pub struct Overlay {
    config: OverlayConfig,
    /// The nodes.
    pub nodes: Vec<NodeState>,
    /// Every broadcast so far.
    pub broadcasts: Vec<Broadcast>,
    /// Keep-alive ticks per second.
    pub ticks: Rate,
    /// Shuffle messages per second.
    pub shuffles: Rate,
    /// All messages per second.
    pub messages: Rate,
    topology_changed: bool,
    checker: checker::State,
}

/// One node as drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeView {
    /// Up, crashed or paused.
    pub status: NodeStatus,
    /// Connected peers (the active view).
    pub active: Vec<NodeId>,
    /// The passive view.
    pub passive: Vec<NodeId>,
}

/// The overlay at one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OverlayView {
    /// Virtual time.
    pub now: Time,
    /// The topology.
    pub topology: Topology,
    /// Nodes.
    pub nodes: Vec<NodeView>,
    /// Distinct connections (a pair with either end holding it), as of the last check.
    pub connections: usize,
    /// Fewest and most connections of a live node.
    pub connections_per_node: (usize, usize),
    /// Keep-alive ticks in the last complete second.
    pub ticks_per_s: u64,
    /// Shuffle messages in the last complete second.
    pub shuffles_per_s: u64,
    /// All messages in the last complete second.
    pub messages_per_s: u64,
    /// The latest broadcast that reached every live node: time to reach all and messages.
    pub last_broadcast: Option<(Time, u64)>,
    /// Live nodes in the largest connected part of the overlay, of live nodes, as of the
    /// last check (after every change of a view, and at least once a second).
    pub largest_component: (usize, usize),
}

impl Overlay {
    /// The configuration.
    pub fn config(&self) -> &OverlayConfig {
        &self.config
    }

    /// Distinct connections.
    pub fn connections(&self) -> usize {
        let directed: usize = self.nodes.iter().map(|n| n.active.len()).sum();
        let mutual = (0..self.nodes.len())
            .flat_map(|a| self.nodes[a].active.iter().map(move |c| (a, c.peer)))
            .filter(|&(a, b)| a < b && self.nodes[b].is_active(a))
            .count();
        directed - mutual
    }

    fn send_counted(&mut self, k: &mut Kernel<Self>, from: NodeId, to: NodeId, msg: OverlayMsg) {
        if matches!(
            msg,
            OverlayMsg::Shuffle { .. } | OverlayMsg::ShuffleReply { .. }
        ) {
            self.shuffles.add(k.now());
        }
        self.messages.add(k.now());
        if let Some(conn) = self.nodes[from].active.iter_mut().find(|c| c.peer == to) {
            conn.wrote = true;
        }
        k.send(from, to, msg);
    }

    fn arm_timers(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        let tick = self.config.tick_interval_ms();
        let phase = k.rng().range(1, tick);
        k.set_timer(node, 0, phase, OverlayTimer::Tick);
        let every = match self.config.topology {
            Topology::HyParView => self.config.shuffle_ms,
            Topology::FullMesh => self.config.reconnect_ms,
        };
        if every > 0 {
            let first = k.rng().range(1, every.into());
            k.set_timer(node, 1, first, OverlayTimer::Shuffle);
        }
        if self.config.topology == Topology::HyParView {
            let first = k.rng().range(1, self.config.promotion_ms.into());
            k.set_timer(node, 2, first, OverlayTimer::Promotion);
        }
    }

    /// The ticker: count silent periods, tick idle connections, drop silent peers.
    fn tick(&mut self, k: &mut Kernel<Self>, me: NodeId) {
        k.set_timer(me, 0, self.config.tick_interval_ms(), OverlayTimer::Tick);
        let mut silent = Vec::new();
        let mut idle = Vec::new();
        for conn in &mut self.nodes[me].active {
            conn.missed = if conn.heard { 0 } else { conn.missed + 1 };
            conn.heard = false;
            if conn.missed >= 4 {
                silent.push(conn.peer);
            } else if !std::mem::replace(&mut conn.wrote, false) {
                idle.push(conn.peer);
            }
        }
        for peer in idle {
            self.ticks.add(k.now());
            self.messages.add(k.now());
            k.send(me, peer, OverlayMsg::Tick);
        }
        for peer in silent {
            k.note(me, OverlayNote::TickTimeout { peer });
            self.lost_neighbour(k, me, peer);
        }
    }

    /// Full mesh: connect to every node not connected.
    fn reconnect(&mut self, k: &mut Kernel<Self>, me: NodeId) {
        k.set_timer(
            me,
            1,
            self.config.reconnect_ms.into(),
            OverlayTimer::Shuffle,
        );
        for peer in (0..self.nodes.len()).filter(|p| *p != me) {
            if !self.nodes[me].is_active(peer) {
                self.send_counted(k, me, peer, OverlayMsg::Neighbor { high: true });
            }
        }
    }

    fn broadcast(&mut self, k: &mut Kernel<Self>, origin: NodeId) {
        let id = self.broadcasts.len();
        let mut got_at = vec![None; self.nodes.len()];
        got_at[origin] = Some(k.now());
        self.broadcasts.push(Broadcast {
            origin,
            started_at: k.now(),
            got_at,
            messages: 0,
            reached_all_at: None,
        });
        self.forward(k, origin, None, id);
        self.check_reached(k, origin, id);
    }

    fn forward(&mut self, k: &mut Kernel<Self>, me: NodeId, from: Option<NodeId>, id: usize) {
        let peers: Vec<NodeId> = self.nodes[me]
            .active
            .iter()
            .map(|c| c.peer)
            .filter(|p| Some(*p) != from)
            .collect();
        self.broadcasts[id].messages += peers.len() as u64;
        for peer in peers {
            self.send_counted(k, me, peer, OverlayMsg::Gossip { id });
        }
    }

    fn check_reached(&mut self, k: &mut Kernel<Self>, me: NodeId, id: usize) {
        let b = &self.broadcasts[id];
        let all = (0..self.nodes.len()).all(|n| b.got_at[n].is_some() || !Self::up(k, n));
        if all && b.reached_all_at.is_none() {
            let after_ms = k.now() - b.started_at;
            self.broadcasts[id].reached_all_at = Some(k.now());
            k.note(me, OverlayNote::Reached { id, after_ms });
        }
    }

    fn receive(&mut self, k: &mut Kernel<Self>, env: Envelope<OverlayMsg>) {
        let (me, from) = (env.to, env.from);
        if let Ok(i) = self.nodes[me]
            .active
            .binary_search_by_key(&from, |c| c.peer)
        {
            self.nodes[me].active[i].heard = true;
        }
        match env.msg {
            OverlayMsg::Tick => {}
            OverlayMsg::Gossip { id } => {
                if self.broadcasts[id].got_at[me].is_none() {
                    self.broadcasts[id].got_at[me] = Some(k.now());
                    if self.config.topology == Topology::HyParView {
                        self.forward(k, me, Some(from), id);
                    }
                    self.check_reached(k, me, id);
                }
            }
            msg => match self.config.topology {
                Topology::HyParView => self.hyparview_receive(k, me, from, msg),
                Topology::FullMesh => {
                    if let OverlayMsg::Neighbor { .. } | OverlayMsg::NeighborReply { .. } = msg {
                        self.add_active(k, me, from);
                    }
                    if let OverlayMsg::Neighbor { .. } = msg {
                        k.send(me, from, OverlayMsg::NeighborReply { accepted: true });
                    }
                }
            },
        }
    }
}

impl Protocol for Overlay {
    type Config = OverlayConfig;
    type Msg = OverlayMsg;
    type Timer = OverlayTimer;
    type Action = OverlayAction;
    type Note = OverlayNote;
    type View = OverlayView;

    const INVARIANTS: &'static [&'static str] = checker::INVARIANTS;
    const NAME: &'static str = "overlay";
    const TAG: u8 = 6;
    const PRESETS: &'static [&'static str] = PRESETS;

    fn preset(name: &str) -> Option<OverlayScenario> {
        presets::preset(name)
    }

    fn view(&self, k: &Kernel<Self>) -> OverlayView {
        let nodes: Vec<NodeView> = (0..self.nodes.len())
            .map(|id| NodeView {
                status: k.status(id),
                active: self.nodes[id].active.iter().map(|c| c.peer).collect(),
                passive: self.nodes[id].passive.clone(),
            })
            .collect();
        let live = nodes
            .iter()
            .filter(|n| n.status == NodeStatus::Up)
            .map(|n| n.active.len());
        let per_node = live.fold((usize::MAX, 0), |(lo, hi), c| (lo.min(c), hi.max(c)));
        OverlayView {
            now: k.now(),
            topology: self.config.topology,
            connections: self.checker.connections,
            connections_per_node: if per_node.0 == usize::MAX {
                (0, 0)
            } else {
                per_node
            },
            nodes,
            ticks_per_s: self.ticks.last_at(k.now()),
            shuffles_per_s: self.shuffles.last_at(k.now()),
            messages_per_s: self.messages.last_at(k.now()),
            last_broadcast: self
                .broadcasts
                .iter()
                .rev()
                .find_map(|b| Some((b.reached_all_at? - b.started_at, b.messages))),
            largest_component: self.checker.largest,
        }
    }

    fn validate(config: &OverlayConfig) -> Result<(), ConfigError> {
        config.validate()
    }

    fn validate_action(config: &OverlayConfig, action: &OverlayAction) -> Result<(), ConfigError> {
        action.validate(config)
    }

    fn setup(config: &OverlayConfig) -> KernelSetup {
        KernelSetup {
            nodes: config.nodes,
            net: config.net.clone(),
            clocks: Vec::new(),
        }
    }

    fn new(config: &OverlayConfig, k: &mut Kernel<Self>) -> Self {
        let n = config.nodes;
        let mut overlay = Overlay {
            config: config.clone(),
            nodes: vec![NodeState::empty(); n],
            broadcasts: Vec::new(),
            ticks: Rate::default(),
            shuffles: Rate::default(),
            messages: Rate::default(),
            topology_changed: true,
            checker: checker::State::default(),
        };
        for me in 0..n {
            match config.topology {
                Topology::FullMesh => {
                    overlay.nodes[me].active = (0..n).filter(|p| *p != me).map(Conn::new).collect();
                    overlay.arm_timers(k, me);
                }
                // Nodes join one after another, 10 ms apart.
                Topology::HyParView => k.set_timer(me, 1, 1 + 10 * me as Time, OverlayTimer::Join),
            }
        }
        if config.broadcast_ms > 0 {
            let env = k.env();
            k.set_timer(env, 0, config.broadcast_ms.into(), OverlayTimer::Broadcast);
        }
        overlay
    }

    fn on_message(&mut self, k: &mut Kernel<Self>, env: Envelope<OverlayMsg>) {
        self.receive(k, env);
    }

    fn on_dropped(&mut self, k: &mut Kernel<Self>, env: Envelope<OverlayMsg>, _why: DropReason) {
        if !Self::up(k, env.from) {
            return;
        }
        match env.msg {
            OverlayMsg::Neighbor { .. } => self.refused(k, env.from, env.to),
            OverlayMsg::Join => self.join(k, env.from),
            _ => {}
        }
    }

    fn on_timer(&mut self, k: &mut Kernel<Self>, node: NodeId, timer: OverlayTimer) {
        match timer {
            OverlayTimer::Tick => self.tick(k, node),
            OverlayTimer::Join => {
                self.arm_timers(k, node);
                self.join(k, node);
            }
            OverlayTimer::Shuffle => match self.config.topology {
                Topology::HyParView => self.shuffle(k, node),
                Topology::FullMesh => self.reconnect(k, node),
            },
            OverlayTimer::Promotion => self.random_promotion(k, node),
            OverlayTimer::Broadcast => {
                let up: Vec<NodeId> = (0..self.nodes.len()).filter(|n| Self::up(k, *n)).collect();
                if !up.is_empty() {
                    let origin = up[k.rng().index(up.len())];
                    self.broadcast(k, origin);
                }
                let every = self.config.broadcast_ms.into();
                k.set_timer(node, 0, every, OverlayTimer::Broadcast);
            }
        }
    }

    fn on_action(&mut self, k: &mut Kernel<Self>, action: OverlayAction) {
        let OverlayAction::Broadcast { node } = action;
        if Self::up(k, node) {
            self.broadcast(k, node);
        }
    }

    fn on_crash(&mut self, _k: &mut Kernel<Self>, node: NodeId) {
        self.nodes[node] = NodeState::empty();
        self.topology_changed = true;
    }

    fn on_restart(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        self.topology_changed = true;
        match self.config.topology {
            Topology::HyParView => k.set_timer(node, 1, 1, OverlayTimer::Join),
            Topology::FullMesh => {
                self.arm_timers(k, node);
                self.reconnect(k, node);
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        let views: usize = self
            .nodes
            .iter()
            .map(|n| {
                n.active.capacity() * std::mem::size_of::<Conn>()
                    + n.passive.capacity() * std::mem::size_of::<NodeId>()
            })
            .sum();
        let broadcasts = self.broadcasts.len() * (self.nodes.len() * 16 + 64);
        views + broadcasts + self.checker.heap_bytes()
    }

    /// Keep-alive ticks are counted (ticks per second), not traced.
    fn traced(msg: &OverlayMsg) -> bool {
        !matches!(msg, OverlayMsg::Tick)
    }

    fn msg_heap_bytes(msg: &OverlayMsg) -> usize {
        match msg {
            OverlayMsg::Shuffle { nodes, .. } | OverlayMsg::ShuffleReply { nodes } => {
                nodes.capacity() * std::mem::size_of::<NodeId>()
            }
            _ => 0,
        }
    }

    fn check(&mut self, k: &Kernel<Self>, found: &mut Vec<(usize, String)>) {
        checker::check(self, k, found);
    }

    fn msg_kind(msg: &OverlayMsg) -> &'static str {
        words::msg_kind(msg)
    }

    fn describe_msg(msg: &OverlayMsg) -> String {
        words::describe_msg(msg)
    }

    fn describe_timer(timer: &OverlayTimer) -> String {
        words::describe_timer(timer)
    }

    fn describe_action(action: &OverlayAction) -> String {
        let OverlayAction::Broadcast { node } = action;
        format!("{} broadcasts", crate::trace::named::<Overlay>(*node))
    }

    fn describe_note(note: &OverlayNote) -> String {
        words::describe_note(note)
    }
}

#[cfg(test)]
mod tests {
    use super::Rate;

    #[test]
    fn a_rate_falls_to_zero_when_its_messages_stop() {
        let mut rate = Rate::default();
        for t in [100, 400, 900, 1_200] {
            rate.add(t);
        }
        assert_eq!(rate.last_at(1_500), 3, "second 0 had three");
        assert_eq!(
            rate.last_at(2_100),
            1,
            "second 1 had one, though none came since"
        );
        assert_eq!(rate.last_at(3_000), 0, "second 2 had none");
        rate.add(3_500);
        assert_eq!(rate.last_at(3_600), 0);
        assert_eq!(rate.last_at(4_000), 1);
    }
}
