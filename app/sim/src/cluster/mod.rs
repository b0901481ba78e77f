//! A cluster of named BEAM nodes: Distributed Erlang membership ([`mesh`]) with a name
//! registry on top, either OTP's `:global` ([`global`]), a Horde-style delta-CRDT registry
//! and supervisor ([`horde`]), or presence in the manner of Phoenix.Tracker ([`presence`]).
//! The story it tells: a netsplit, both sides registering the same name (or tracking
//! presences), and what each library does when the network heals.

mod checker;
pub mod config;
mod global;
mod horde;
mod mesh;
mod presence;
mod presets;
mod words;

pub use config::{
    ClusterAction, ClusterBugs, ClusterConfig, Distribution, Library, Membership, PresenceConfig,
    Resolver,
};
pub use global::GlobalNode;
pub use horde::{Child, HordeNode};
pub use mesh::{DownReason, Link};
pub use presence::{Entry, Known, PresenceBytes, PresenceMsg, PresenceNode, Replica};
pub use presets::{preset, PRESETS, PRESET_PRESENCE};
pub use words::{exit_words, pid_name};

use crate::kernel::{Kernel, KernelSetup};
use crate::model::{Envelope, NodeStatus};
use crate::net::NodeId;
use crate::protocol::Protocol;
use crate::scenario::{ConfigError, Scenario, Time};
use crate::sim::Sim;
use crate::trace::DropReason;
use serde::Serialize;

/// A cluster run with time travel.
pub type ClusterSim = Sim<Cluster>;
/// A cluster scenario.
pub type ClusterScenario = Scenario<ClusterConfig, ClusterAction>;

/// An Erlang process id: the node it runs on and a cluster-wide serial number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pid {
    /// The node.
    pub node: NodeId,
    /// Index into [`Cluster::procs`].
    pub serial: usize,
}

/// Why a process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Exit {
    /// Its node crashed.
    NodeCrash,
    /// `:global`'s `random_exit_name` killed it (`exit(Max, kill)`).
    Killed,
    /// Horde sent it `{:name_conflict, {name, value}, registry, winner}`.
    NameConflict {
        /// The pid that kept the name.
        winner: Pid,
    },
    /// Horde shut it down because its node lost quorum.
    QuorumLost,
    /// `global:register_name/2` returned `no`, so it stopped.
    NotRegistered,
    /// It exited normally (a user action).
    Stopped,
}

/// One process started by a user action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Process {
    /// Its pid.
    pub pid: Pid,
    /// The name it was started under.
    pub name: String,
    /// `None` while it runs.
    pub exit: Option<Exit>,
    /// `{global_name_conflict, ...}` messages it received.
    pub conflict_messages: u32,
}

impl Process {
    /// True while it runs.
    pub fn alive(&self) -> bool {
        self.exit.is_none()
    }
}

/// Messages between nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ClusterMsg {
    /// Handshake, step 1 (the caller).
    Connect,
    /// Handshake, step 2 (the callee).
    Accept,
    /// Handshake, step 3 (the caller).
    Confirm,
    /// Keep-alive on an idle connection.
    Tick,
    /// The connection was closed (TCP FIN or RST).
    Close,
    /// The sender's connected nodes, for transitive connect.
    Peers(Vec<NodeId>),
    /// `{lost_connection, ...}`: the sender lost its connection to `lost`.
    LostConnection {
        /// The node it lost.
        lost: NodeId,
    },
    /// `:global` messages.
    Global(global::GlobalMsg),
    /// Horde messages.
    Horde(horde::HordeMsg),
    /// Phoenix.Tracker messages.
    Presence(PresenceMsg),
}

/// Timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ClusterTimer {
    /// The net_kernel ticker (every `net_ticktime / net_tickintensity`).
    Tick,
    /// The periodic reconnect of a clustering library.
    Reconnect,
    /// `:global` retries taking its lock.
    LockRetry,
    /// Horde's delta-CRDT sync.
    Sync,
    /// Phoenix.Tracker's heartbeat (every `broadcast_period`).
    Heartbeat,
}

/// State changes recorded in the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ClusterNote {
    /// `{nodeup, Peer}`.
    NodeUp {
        /// The peer.
        peer: NodeId,
    },
    /// `{nodedown, Peer}` with why.
    NodeDown {
        /// The peer.
        peer: NodeId,
        /// Why.
        reason: DownReason,
    },
    /// A process started.
    Started {
        /// Its pid.
        pid: Pid,
        /// Its name.
        name: String,
    },
    /// A name was registered.
    Registered {
        /// The name.
        name: String,
        /// The pid.
        pid: Pid,
    },
    /// `global:register_name/2` returned `no`, or Horde `{:error, {:already_started, pid}}`.
    Taken {
        /// The name.
        name: String,
    },
    /// A lock request was refused; the node retries later.
    LockBusy,
    /// `:global` ran the resolver on a conflict.
    Resolved {
        /// The name.
        name: String,
        /// The pids in conflict.
        pids: [Pid; 2],
        /// The pid that keeps the name, if any.
        kept: Option<Pid>,
    },
    /// A local process ended.
    Exited {
        /// The pid.
        pid: Pid,
        /// Why.
        exit: Exit,
    },
    /// A local process got `{global_name_conflict, ...}`.
    Notified {
        /// The pid.
        pid: Pid,
    },
    /// Horde: quorum lost (true) or regained (false).
    Quorum {
        /// Whether the node has quorum now.
        has: bool,
    },
    /// Horde: `{:error, :quorum_not_met}`.
    QuorumNotMet {
        /// The name asked for.
        name: String,
    },
    /// Presence: a replica is heard from (again); its entries are shown.
    ReplicaUp {
        /// Its node.
        peer: NodeId,
    },
    /// Presence: a replica was silent for `down_period`; its entries are hidden.
    ReplicaDown {
        /// Its node.
        peer: NodeId,
    },
    /// Presence: a replica was silent for `permdown_period`, or restarted; its entries go.
    ReplicaPermdown {
        /// Its node.
        peer: NodeId,
    },
    /// Presence: a transfer request reached back before the delta generation, so the
    /// whole state is sent.
    FullState {
        /// The requester.
        to: NodeId,
    },
}

/// One node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeState {
    /// Per peer: the connection and its tick bookkeeping.
    pub links: Vec<Link>,
    /// `:global` state.
    pub global: GlobalNode,
    /// Horde state.
    pub horde: HordeNode,
    /// Phoenix.Tracker state.
    pub presence: PresenceNode,
}

impl NodeState {
    fn new(me: NodeId, nodes: usize, up: bool, now: Time) -> Self {
        NodeState {
            links: (0..nodes).map(|p| Link::initial(up && p != me)).collect(),
            global: GlobalNode::default(),
            horde: HordeNode::new(nodes),
            presence: PresenceNode::new(me, now, nodes),
        }
    }
}

/// The whole cluster.
#[derive(Clone, Debug)]
pub struct Cluster {
    config: ClusterConfig,
    /// The nodes.
    pub nodes: Vec<NodeState>,
    /// Every process ever started, indexed by `Pid::serial`.
    pub procs: Vec<Process>,
    /// Send times of tick messages within the last `net_ticktime`.
    tick_times: Vec<Time>,
    /// Tick messages sent so far.
    pub ticks_sent: u64,
    /// Bytes the presence trackers shipped.
    pub presence_bytes: PresenceBytes,
    /// Per ordered pair of nodes, since when both are up with their connection working
    /// (for the presence checker).
    stable_since: Vec<Option<Time>>,
}

/// One node as drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeView {
    /// Index.
    pub id: NodeId,
    /// Up, crashed or paused.
    pub status: NodeStatus,
    /// The nodes it is connected to (`nodes()`).
    pub connected: Vec<NodeId>,
    /// Its registry: name and owner.
    pub names: Vec<(String, Pid)>,
    /// Its running processes.
    pub running: Vec<Process>,
}

/// The cluster at one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterView {
    /// Virtual time.
    pub now: Time,
    /// The registry library.
    pub library: Library,
    /// Nodes.
    pub nodes: Vec<NodeView>,
    /// Connections up at both ends.
    pub open_connections: usize,
    /// Tick messages per second, averaged over the last `net_ticktime` (in thousandths).
    pub ticks_per_1000_s: u64,
    /// Every process ever started, with how it ended.
    pub processes: Vec<Process>,
    /// Bytes the presence trackers shipped.
    pub presence_bytes: PresenceBytes,
    /// Cut one-way links.
    pub cut_links: Vec<(NodeId, NodeId)>,
}

impl Cluster {
    /// The configuration.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// Connections up at both ends.
    pub fn open_connections(&self) -> usize {
        let n = self.nodes.len();
        (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
            .filter(|&(a, b)| self.mutual(a, b))
            .count()
    }

    /// True when `a` and `b` each see the other as connected.
    pub fn mutual(&self, a: NodeId, b: NodeId) -> bool {
        self.nodes[a].links[b].is_up() && self.nodes[b].links[a].is_up()
    }

    /// The nodes `node` is connected to.
    pub fn connected(&self, node: NodeId) -> Vec<NodeId> {
        (0..self.nodes.len())
            .filter(|&p| self.nodes[node].links[p].is_up())
            .collect()
    }

    fn spawn(&mut self, k: &mut Kernel<Self>, node: NodeId, name: &str) -> Pid {
        let pid = Pid {
            node,
            serial: self.procs.len(),
        };
        self.procs.push(Process {
            pid,
            name: name.to_string(),
            exit: None,
            conflict_messages: 0,
        });
        k.note(
            node,
            ClusterNote::Started {
                pid,
                name: name.to_string(),
            },
        );
        pid
    }

    fn end(&mut self, k: &mut Kernel<Self>, pid: Pid, exit: Exit) {
        let p = &mut self.procs[pid.serial];
        if p.alive() {
            p.exit = Some(exit);
            k.note(pid.node, ClusterNote::Exited { pid, exit });
        }
    }

    fn alive(&self, pid: Pid) -> bool {
        self.procs[pid.serial].alive()
    }

    fn ticks_per_1000_s(&self, now: Time) -> u64 {
        let window = u64::from(self.config.net_ticktime_ms).min(now.max(1));
        let recent = self
            .tick_times
            .iter()
            .filter(|t| **t + window >= now)
            .count();
        recent as u64 * 1_000_000 / window
    }
}

impl Protocol for Cluster {
    type Config = ClusterConfig;
    type Msg = ClusterMsg;
    type Timer = ClusterTimer;
    type Action = ClusterAction;
    type Note = ClusterNote;
    type View = ClusterView;

    const INVARIANTS: &'static [&'static str] = checker::INVARIANTS;
    const NAME: &'static str = "cluster";
    const TAG: u8 = 5;
    const PRESETS: &'static [&'static str] = PRESETS;

    fn preset(name: &str) -> Option<ClusterScenario> {
        presets::preset(name)
    }

    fn view(&self, k: &Kernel<Self>) -> ClusterView {
        let nodes = (0..self.nodes.len())
            .map(|id| NodeView {
                id,
                status: k.status(id),
                connected: self.connected(id),
                names: self.names_at(id),
                running: self
                    .procs
                    .iter()
                    .filter(|p| p.pid.node == id && p.alive())
                    .cloned()
                    .collect(),
            })
            .collect();
        ClusterView {
            now: k.now(),
            library: self.config.library,
            nodes,
            open_connections: self.open_connections(),
            ticks_per_1000_s: self.ticks_per_1000_s(k.now()),
            processes: self.procs.clone(),
            presence_bytes: self.presence_bytes,
            cut_links: k.links().cut_links(),
        }
    }

    fn validate(config: &ClusterConfig) -> Result<(), ConfigError> {
        config.validate()
    }

    fn validate_action(config: &ClusterConfig, action: &ClusterAction) -> Result<(), ConfigError> {
        action.validate(config)
    }

    fn setup(config: &ClusterConfig) -> KernelSetup {
        KernelSetup {
            nodes: config.nodes,
            net: config.net.clone(),
            clocks: Vec::new(),
        }
    }

    fn new(config: &ClusterConfig, k: &mut Kernel<Self>) -> Self {
        let n = config.nodes;
        let mut cluster = Cluster {
            config: config.clone(),
            nodes: (0..n).map(|me| NodeState::new(me, n, true, 0)).collect(),
            procs: Vec::new(),
            tick_times: Vec::new(),
            ticks_sent: 0,
            presence_bytes: PresenceBytes::default(),
            stable_since: vec![None; n * n],
        };
        for node in 0..n {
            cluster.arm_timers(k, node, true);
        }
        cluster
    }

    fn on_message(&mut self, k: &mut Kernel<Self>, env: Envelope<ClusterMsg>) {
        self.receive(k, env);
    }

    fn on_dropped(&mut self, k: &mut Kernel<Self>, env: Envelope<ClusterMsg>, why: DropReason) {
        if why == DropReason::LinkCut {
            self.requeue(k, env);
        }
    }

    fn on_timer(&mut self, k: &mut Kernel<Self>, node: NodeId, timer: ClusterTimer) {
        match timer {
            ClusterTimer::Tick => self.tick(k, node),
            ClusterTimer::Reconnect => self.reconnect(k, node),
            ClusterTimer::LockRetry => self.global_retry(k, node),
            ClusterTimer::Sync => self.horde_sync(k, node),
            ClusterTimer::Heartbeat => self.presence_heartbeat(k, node),
        }
    }

    fn on_action(&mut self, k: &mut Kernel<Self>, action: ClusterAction) {
        match action {
            ClusterAction::Connect { from, to } => {
                if k.status(from) == NodeStatus::Up {
                    self.connect(k, from, to)
                }
            }
            ClusterAction::Start { node, name } => {
                if k.status(node) == NodeStatus::Up {
                    match self.config.library {
                        Library::Global(_) => self.global_register(k, node, &name),
                        Library::Horde { .. } => self.horde_start(k, node, &name),
                        Library::Presence(_) => self.presence_track(k, node, &name),
                    }
                }
            }
            ClusterAction::Stop { node, name } => {
                let running = self
                    .procs
                    .iter()
                    .find(|p| p.pid.node == node && p.name == name && p.alive())
                    .map(|p| p.pid);
                if let Some(pid) = running {
                    self.end(k, pid, Exit::Stopped);
                    self.presence_untrack(node, pid);
                }
            }
        }
    }

    fn on_crash(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        self.nodes[node] = NodeState::new(node, self.nodes.len(), false, k.now());
        let local: Vec<Pid> = self
            .procs
            .iter()
            .filter(|p| p.pid.node == node && p.alive())
            .map(|p| p.pid)
            .collect();
        for pid in local {
            self.end(k, pid, Exit::NodeCrash);
        }
    }

    fn on_restart(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        self.nodes[node].presence = PresenceNode::new(node, k.now(), self.nodes.len());
        self.arm_timers(k, node, false);
    }

    fn heap_bytes(&self) -> usize {
        let entries: usize = self
            .nodes
            .iter()
            .flat_map(|n| n.presence.known.iter().flatten())
            .map(|k| k.entries.len() * 64 + k.cloud.len() * 16)
            .sum();
        self.procs.len() * (std::mem::size_of::<Process>() + 16)
            + self.nodes.len() * self.nodes.len() * std::mem::size_of::<Link>()
            + entries
    }

    fn check(&mut self, k: &Kernel<Self>, found: &mut Vec<(usize, String)>) {
        checker::check(self, k, found);
    }

    /// The net ticks on idle connections.
    fn routine_msg(msg: &ClusterMsg) -> bool {
        matches!(msg, ClusterMsg::Tick)
    }

    fn routine_timer(timer: &ClusterTimer) -> bool {
        matches!(timer, ClusterTimer::Tick)
    }

    fn msg_kind(msg: &ClusterMsg) -> &'static str {
        words::msg_kind(msg)
    }

    fn describe_msg(msg: &ClusterMsg) -> String {
        words::describe_msg(msg)
    }

    fn describe_timer(timer: &ClusterTimer) -> String {
        words::describe_timer(timer)
    }

    fn describe_action(action: &ClusterAction) -> String {
        words::describe_action(action)
    }

    fn describe_note(note: &ClusterNote) -> String {
        words::describe_note(note)
    }
}
