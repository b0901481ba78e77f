//! State-based CRDTs with a delta-state variant (Almeida, Shoker & Baquero).

mod config;
mod presets;
mod types;

pub use config::{validate_clocks, CrdtAction, CrdtConfig, CrdtKind, SyncMode};
pub use presets::PRESETS;
pub use types::{
    CrdtState, Dot, GCounter, LwwRegister, MergeDecision, OrSet, PnCounter, ReplicaId,
};

use crate::hlc::Hlc;
use crate::kernel::{Kernel, KernelSetup};
use crate::model::{Envelope, NodeStatus};
use crate::net::NodeId;
use crate::protocol::Protocol;
use crate::scenario::{ConfigError, Scenario, Time};
use crate::sim::Sim;
use crate::trace::named;
use serde::Serialize;
use std::fmt::Write;

/// A CRDT run with time travel.
pub type CrdtSim = Sim<Crdt>;
/// A CRDT scenario.
pub type CrdtScenario = Scenario<CrdtConfig, CrdtAction>;

/// Messages between replicas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum CrdtMsg {
    /// A full state or a delta group.
    Sync {
        /// The payload.
        payload: CrdtState,
        /// True for a delta group.
        delta: bool,
        /// Sender's delta sequence number (acknowledged back).
        seq: u64,
        /// Sender's HLC at sending.
        stamp: Hlc,
        /// Bytes of the sender's whole state: what a state-based sync would have shipped
        /// (bookkeeping for the comparison, not on the wire).
        full_bytes: u64,
    },
    /// Acknowledges a delta group.
    Ack {
        /// Its sequence number.
        seq: u64,
    },
}

/// CRDT timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CrdtTimer {
    /// Periodic anti-entropy (environment).
    AutoSync,
}

/// State changes recorded in the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum CrdtNote {
    /// A local operation; the new value.
    Applied {
        /// Value after it.
        value: String,
    },
    /// A merge of a received state, with its decisions.
    Merged {
        /// Sender.
        from: NodeId,
        /// Per-entry decisions.
        decisions: Vec<MergeDecision>,
        /// Value after it.
        value: String,
    },
    /// A sync was asked for but there was nothing to send, or the replica is down.
    NothingToSend {
        /// Intended receiver.
        to: NodeId,
        /// What a state-based sync would have shipped instead: the whole state (0 when
        /// the replica is down).
        full_bytes: u64,
    },
}

/// One replica.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replica {
    /// The CRDT state.
    pub state: CrdtState,
    /// Its hybrid logical clock.
    pub hlc: Hlc,
    /// Per peer: deltas not yet acknowledged, with their sequence numbers (delta mode).
    pub pending: Vec<Vec<(u64, CrdtState)>>,
    /// Per peer: sequence number of the latest pending delta.
    pub pending_seq: Vec<u64>,
    /// Decisions of the latest merge here.
    pub last_merge: Vec<MergeDecision>,
}

/// All replicas plus byte counters.
#[derive(Clone, Debug)]
pub struct Crdt {
    config: CrdtConfig,
    /// The replicas.
    pub replicas: Vec<Replica>,
    /// Bytes of payload actually shipped.
    pub bytes_shipped: u64,
    /// Bytes full-state syncs would have shipped for the same syncs, counting those
    /// that found no delta to send.
    pub bytes_full_state: u64,
    ticks: u64,
    before: Option<(NodeId, CrdtState)>,
}

/// One replica as drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplicaView {
    /// Replica index.
    pub id: NodeId,
    /// Up, crashed or paused.
    pub status: NodeStatus,
    /// Value in words.
    pub value: String,
    /// Internal state (counts, stamps, tags, tombstones via [`OrSet::tombstones`]).
    pub state: CrdtState,
    /// HLC.
    pub hlc: Hlc,
    /// Decisions of the latest merge at this replica.
    pub last_merge: Vec<MergeDecision>,
}

/// All replicas at one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CrdtView {
    /// Virtual time.
    pub now: Time,
    /// Data type.
    pub kind: CrdtKind,
    /// Sync mode.
    pub sync: SyncMode,
    /// Replicas.
    pub replicas: Vec<ReplicaView>,
    /// True when every replica holds the same state.
    pub converged: bool,
    /// Bytes shipped so far.
    pub bytes_shipped: u64,
    /// Bytes full-state syncing would have shipped.
    pub bytes_full_state: u64,
    /// Cut one-way links.
    pub cut_links: Vec<(NodeId, NodeId)>,
}

impl Crdt {
    /// True when every replica holds the same state.
    pub fn converged(&self) -> bool {
        self.replicas.windows(2).all(|w| w[0].state == w[1].state)
    }

    fn record_delta(&mut self, at: NodeId, delta: &CrdtState, except: Option<NodeId>) {
        let r = &mut self.replicas[at];
        for peer in (0..r.pending.len()).filter(|p| *p != at && Some(*p) != except) {
            r.pending_seq[peer] += 1;
            r.pending[peer].push((r.pending_seq[peer], delta.clone()));
        }
    }

    fn operate(&mut self, k: &mut Kernel<Self>, i: NodeId, action: CrdtAction) {
        let id = i as ReplicaId;
        let pt = k.local_clock(i);
        let r = &mut self.replicas[i];
        self.before = Some((i, r.state.clone()));
        let delta = match (&mut r.state, action) {
            (CrdtState::GCounter(g), CrdtAction::Increment { .. }) => {
                CrdtState::GCounter(g.increment(id))
            }
            (CrdtState::PnCounter(pn), CrdtAction::Increment { .. }) => {
                CrdtState::PnCounter(PnCounter {
                    p: pn.p.increment(id),
                    n: GCounter::default(),
                })
            }
            (CrdtState::PnCounter(pn), CrdtAction::Decrement { .. }) => {
                CrdtState::PnCounter(PnCounter {
                    p: GCounter::default(),
                    n: pn.n.increment(id),
                })
            }
            (CrdtState::LwwRegister(reg), CrdtAction::Set { value, .. }) => {
                r.hlc.tick(pt);
                reg.value = Some((value, r.hlc, id));
                CrdtState::LwwRegister(reg.clone())
            }
            (CrdtState::OrSet(s), CrdtAction::Add { element, .. }) => {
                CrdtState::OrSet(s.add(id, &element))
            }
            (CrdtState::OrSet(s), CrdtAction::Remove { element, .. }) => {
                CrdtState::OrSet(s.remove(&element))
            }
            _ => return,
        };
        let value = r.state.value();
        k.note(i, CrdtNote::Applied { value });
        self.record_delta(i, &delta, None);
    }

    /// Sends `to` the state or the unacknowledged deltas of `from`, and counts the bytes
    /// this sync ships and those a state-based sync would have shipped.
    fn sync(&mut self, k: &mut Kernel<Self>, from: NodeId, to: NodeId) {
        let r = &mut self.replicas[from];
        let up = k.status(from) == NodeStatus::Up && from != to;
        let full = r.state.clone();
        let full_bytes = if up { full.wire_bytes() } else { 0 };
        self.bytes_full_state += full_bytes;
        let payload = match self.config.sync {
            SyncMode::State => Some(full),
            SyncMode::Delta => {
                let mut group = r.pending[to].iter().map(|(_, d)| d);
                group.next().cloned().map(|mut g| {
                    group.for_each(|d| {
                        g.merge(d);
                    });
                    g
                })
            }
        };
        let Some(payload) = payload.filter(|_| up) else {
            k.note(from, CrdtNote::NothingToSend { to, full_bytes });
            return;
        };
        r.hlc.tick(k.local_clock(from));
        self.bytes_shipped += payload.wire_bytes();
        let msg = CrdtMsg::Sync {
            payload,
            delta: self.config.sync == SyncMode::Delta,
            seq: r.pending_seq[to],
            stamp: r.hlc,
            full_bytes,
        };
        k.send(from, to, msg);
    }

    /// The first difference between the replicas' states in words, as what one of them
    /// lacks of another's (see [`CrdtState::difference`]); `None` once they converged.
    pub fn difference(&self) -> Option<String> {
        let first = &self.replicas[0].state;
        self.replicas
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(i, r)| first.difference(&r.state, 0, i as ReplicaId))
    }
}

fn empty_state(kind: CrdtKind) -> CrdtState {
    match kind {
        CrdtKind::GCounter => CrdtState::GCounter(GCounter::default()),
        CrdtKind::PnCounter => CrdtState::PnCounter(PnCounter::default()),
        CrdtKind::LwwRegister => CrdtState::LwwRegister(LwwRegister::default()),
        CrdtKind::OrSet => CrdtState::OrSet(OrSet::default()),
    }
}

impl Protocol for Crdt {
    type Config = CrdtConfig;
    type Msg = CrdtMsg;
    type Timer = CrdtTimer;
    type Action = CrdtAction;
    type Note = CrdtNote;
    type View = CrdtView;

    const INVARIANTS: &'static [&'static str] = &["State only grows"];
    const NAME: &'static str = "crdt";
    const TAG: u8 = 2;
    const PRESETS: &'static [&'static str] = PRESETS;

    fn preset(name: &str) -> Option<CrdtScenario> {
        presets::preset(name)
    }

    fn view(&self, k: &Kernel<Self>) -> CrdtView {
        CrdtView {
            now: k.now(),
            kind: self.config.kind,
            sync: self.config.sync,
            replicas: self
                .replicas
                .iter()
                .enumerate()
                .map(|(id, r)| ReplicaView {
                    id,
                    status: k.status(id),
                    value: r.state.value(),
                    state: r.state.clone(),
                    hlc: r.hlc,
                    last_merge: r.last_merge.clone(),
                })
                .collect(),
            converged: self.converged(),
            bytes_shipped: self.bytes_shipped,
            bytes_full_state: self.bytes_full_state,
            cut_links: k.links().cut_links(),
        }
    }

    fn validate(config: &CrdtConfig) -> Result<(), ConfigError> {
        config.validate()
    }

    fn validate_action(config: &CrdtConfig, action: &CrdtAction) -> Result<(), ConfigError> {
        action.validate(config)
    }

    fn setup(config: &CrdtConfig) -> KernelSetup {
        KernelSetup {
            nodes: config.replicas,
            net: config.net.clone(),
            clocks: config.clocks.clone(),
        }
    }

    fn new(config: &CrdtConfig, k: &mut Kernel<Self>) -> Self {
        let n = config.replicas;
        if config.auto_sync_ms > 0 {
            let env = k.env();
            k.set_timer(env, 0, config.auto_sync_ms.into(), CrdtTimer::AutoSync);
        }
        Crdt {
            config: config.clone(),
            replicas: vec![
                Replica {
                    state: empty_state(config.kind),
                    hlc: Hlc::default(),
                    pending: vec![Vec::new(); n],
                    pending_seq: vec![0; n],
                    last_merge: Vec::new(),
                };
                n
            ],
            bytes_shipped: 0,
            bytes_full_state: 0,
            ticks: 0,
            before: None,
        }
    }

    fn on_message(&mut self, k: &mut Kernel<Self>, env: Envelope<CrdtMsg>) {
        let (i, from) = (env.to, env.from);
        match env.msg {
            CrdtMsg::Sync {
                payload,
                delta,
                seq,
                stamp,
                ..
            } => {
                let pt = k.local_clock(i);
                let r = &mut self.replicas[i];
                let before = r.state.clone();
                r.hlc.receive(pt, stamp);
                let decisions = r.state.merge(&payload);
                r.last_merge = decisions.clone();
                let value = r.state.value();
                k.note(
                    i,
                    CrdtNote::Merged {
                        from,
                        decisions,
                        value,
                    },
                );
                if delta {
                    // Forwards only what this replica learned (Enes et al., "Efficient
                    // Synchronization of State-based CRDTs"): a whole group would travel
                    // on and on between replicas that already hold it.
                    if r.state != before {
                        let learned = r.state.gained(&before);
                        self.record_delta(i, &learned, Some(from));
                    }
                    k.send(i, from, CrdtMsg::Ack { seq });
                }
                self.before = Some((i, before));
            }
            CrdtMsg::Ack { seq } => {
                self.replicas[i].pending[from].retain(|(s, _)| *s > seq);
            }
        }
    }

    fn on_timer(&mut self, k: &mut Kernel<Self>, node: NodeId, _timer: CrdtTimer) {
        let n = self.config.replicas;
        self.ticks += 1;
        let shift = 1 + (self.ticks as usize) % (n - 1);
        for from in 0..n {
            self.sync(k, from, (from + shift) % n);
        }
        k.set_timer(
            node,
            0,
            self.config.auto_sync_ms.into(),
            CrdtTimer::AutoSync,
        );
    }

    fn on_action(&mut self, k: &mut Kernel<Self>, action: CrdtAction) {
        match action {
            CrdtAction::Sync { from, to } => self.sync(k, from, to),
            CrdtAction::AntiEntropy => {
                let n = self.config.replicas;
                for from in 0..n {
                    if k.status(from) == NodeStatus::Up {
                        for to in (0..n).filter(|to| *to != from) {
                            self.sync(k, from, to);
                        }
                    }
                }
            }
            CrdtAction::Increment { replica }
            | CrdtAction::Decrement { replica }
            | CrdtAction::Set { replica, .. }
            | CrdtAction::Add { replica, .. }
            | CrdtAction::Remove { replica, .. } => {
                if k.status(replica) == NodeStatus::Up {
                    self.operate(k, replica, action);
                }
            }
        }
    }

    fn on_crash(&mut self, _k: &mut Kernel<Self>, _node: NodeId) {}

    fn on_restart(&mut self, _k: &mut Kernel<Self>, _node: NodeId) {}

    fn check(&mut self, _k: &Kernel<Self>, found: &mut Vec<(usize, String)>) {
        if let Some((i, before)) = self.before.take() {
            let now = &self.replicas[i].state;
            let mut joined = now.clone();
            joined.merge(&before);
            if &joined != now {
                found.push((
                    0,
                    format!("{} lost information in a merge", named::<Crdt>(i)),
                ));
            }
        }
    }

    fn msg_kind(msg: &CrdtMsg) -> &'static str {
        match msg {
            CrdtMsg::Sync { delta: true, .. } => "Delta",
            CrdtMsg::Sync { .. } => "State",
            CrdtMsg::Ack { .. } => "Ack",
        }
    }

    fn describe_msg(msg: &CrdtMsg) -> String {
        match msg {
            // "#seq" for the sequence number, so that a number after "delta" is never
            // both a value and a sequence number.
            CrdtMsg::Sync {
                payload,
                delta: true,
                seq,
                full_bytes,
                ..
            } => format!(
                "delta #{seq}: {} ({} bytes; full state {full_bytes})",
                payload.contents(),
                payload.wire_bytes()
            ),
            CrdtMsg::Sync { payload, .. } => {
                format!("state {} ({} bytes)", payload.value(), payload.wire_bytes())
            }
            CrdtMsg::Ack { seq } => format!("ack of delta #{seq}"),
        }
    }

    fn describe_timer(_timer: &CrdtTimer) -> String {
        "anti-entropy timer".to_string()
    }

    fn describe_action(action: &CrdtAction) -> String {
        match action {
            CrdtAction::Increment { replica } => {
                format!("increment at {}", named::<Crdt>(*replica))
            }
            CrdtAction::Decrement { replica } => {
                format!("decrement at {}", named::<Crdt>(*replica))
            }
            CrdtAction::Set { replica, value } => {
                format!("set {value:?} at {}", named::<Crdt>(*replica))
            }
            CrdtAction::Add { replica, element } => {
                format!("add {element:?} at {}", named::<Crdt>(*replica))
            }
            CrdtAction::Remove { replica, element } => {
                format!("remove {element:?} at {}", named::<Crdt>(*replica))
            }
            CrdtAction::Sync { from, to } => {
                format!("sync {} -> {}", named::<Crdt>(*from), named::<Crdt>(*to))
            }
            CrdtAction::AntiEntropy => {
                "anti-entropy: every replica syncs with every peer".to_string()
            }
        }
    }

    fn describe_note(note: &CrdtNote) -> String {
        match note {
            CrdtNote::Applied { value } => format!("applies the operation, value now {value}"),
            CrdtNote::Merged {
                from,
                decisions,
                value,
            } => {
                let mut text = format!("merges state from {} (", named::<Crdt>(*from));
                let mut sep = "";
                for d in decisions {
                    let _ = write!(text, "{sep}{}: {}", d.entry, d.text);
                    sep = "; ";
                }
                let _ = write!(text, "), value now {value}");
                text
            }
            CrdtNote::NothingToSend { to, full_bytes } => {
                let mut text = format!("has nothing to send to {}", named::<Crdt>(*to));
                if *full_bytes > 0 {
                    text += &format!(" (its full state: {full_bytes} bytes)");
                }
                text
            }
        }
    }
}
