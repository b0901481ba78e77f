//! Presence in the manner of Phoenix.Tracker, on the mesh.
//!
//! Sources: phoenixframework/phoenix_pubsub 2.2.0 (commit 6ff3cd4), `lib/phoenix/tracker.ex`
//! (the options and their defaults), `lib/phoenix/tracker/shard.ex`, `state.ex`,
//! `delta_generation.ex`, `clock.ex` and `replica.ex`. Each node's tracker owns the entries of
//! its own processes, tagged with dots `{replica, clock}`; a replica is the node in one
//! incarnation (`{name, vsn}`, vsn its start time). Every `broadcast_period` the heartbeat
//! timer (`handle_info(:heartbeat, ...)`) broadcasts the local delta with the replica's
//! clocks, or after `max_silent_periods` periods without one an `:empty` heartbeat; every
//! `clock_sample_periods` heartbeats it asks the replicas whose clocks dominate its own
//! (`clockset_to_sync/1`) for a `:transfer_req`; it marks a replica silent for
//! `down_period` down (its entries are hidden, `replica_down/2`) and one silent for
//! `permdown_period` gone (its entries are purged, `remove_down_replicas/2`). A heartbeat
//! from a new vsn of a node purges the old one. A merged delta with a gap leaves the clock
//! behind it (`compact/1`); the answer to a transfer request is a delta generation that
//! reaches back to the requester's clock, or, failing that, the entire CRDT
//! (`DeltaGeneration.extract/4`: "falling back to sending entire crdt"); after merging a
//! full state a node keeps no generation (`push_delta_generation/2`). Heartbeats go to the
//! connected nodes only (Phoenix.PubSub over Distributed Erlang). Simplifications: one topic;
//! one delta generation, the last `max_delta_size` changes the node saw (Phoenix keeps
//! three, of at most 100, 1,000 and 10,000 changes, and sends the smallest that reaches
//! back), of which only the changes after the requester's clock are sent; bytes are
//! estimated from the terms' sizes, not measured with `term_to_binary`.

use super::{Cluster, ClusterMsg, ClusterNote, ClusterTimer, Library, Pid, PresenceConfig};
use crate::kernel::Kernel;
use crate::net::NodeId;
use crate::scenario::Time;
use crate::sorted::{SortedMap, SortedSet};
use serde::Serialize;

/// A node's tracker in one incarnation (`Replica.ref/1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Replica {
    /// The node.
    pub node: NodeId,
    /// When this incarnation started.
    pub vsn: Time,
}

/// A tracked process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The presence key.
    pub key: String,
    /// The process.
    pub pid: Pid,
    /// When it was tracked.
    pub at: Time,
}

/// What a change does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    /// `track`.
    Join(Entry),
    /// `untrack` of the entry with this clock.
    Leave {
        /// The entry's clock.
        of: u64,
    },
}

/// One change to an owner's entries, tagged with its dot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The replica that made it.
    pub owner: Replica,
    /// Its clock.
    pub clock: u64,
    /// What it does.
    pub op: Op,
}

/// What a node knows of one replica's entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Known {
    /// The replica.
    pub replica: Replica,
    /// False while it is down: its entries are kept but hidden.
    pub up: bool,
    /// When it was last heard from.
    pub last_heard: Time,
    /// Every clock up to this one is seen (the context).
    pub clock: u64,
    /// Clocks seen beyond a gap (the cloud).
    pub cloud: SortedSet<u64>,
    /// Live entries by clock.
    pub entries: SortedMap<u64, Entry>,
}

impl Known {
    fn new(replica: Replica, now: Time) -> Self {
        Known {
            replica,
            up: true,
            last_heard: now,
            clock: 0,
            cloud: SortedSet::new(),
            entries: SortedMap::new(),
        }
    }

    fn seen(&self, clock: u64) -> bool {
        clock <= self.clock || self.cloud.contains(&clock)
    }

    fn compact(&mut self) {
        while self.cloud.remove(&(self.clock + 1)) {
            self.clock += 1;
        }
        let clock = self.clock;
        self.cloud.retain(|c| *c > clock);
    }

    fn bytes(&self) -> u64 {
        let entries: u64 = self.entries.values().map(|e| 8 + entry_bytes(e)).sum();
        REPLICA_BYTES + 8 + 8 * self.cloud.len() as u64 + entries
    }
}

/// A clock as heartbeats carry it: the context of each replica that is up.
pub type Clock = Vec<(Replica, u64)>;

/// Tracker messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PresenceMsg {
    /// `{:pub, :heartbeat, ref, delta | :empty, clocks}`.
    Heartbeat {
        /// The sender's replica.
        from: Replica,
        /// Its changes since its last heartbeat (empty for `:empty`).
        delta: Vec<Change>,
        /// Its clock.
        clock: Clock,
    },
    /// `{:pub, :transfer_req, ...}` with the requester's clock.
    TransferReq {
        /// The requester's clock.
        clock: Clock,
    },
    /// `:transfer_ack` with changes from the delta generation.
    TransferDelta {
        /// The changes.
        changes: Vec<Change>,
    },
    /// `:transfer_ack` with the entire CRDT: every replica both know.
    TransferFull {
        /// The replicas' contexts and entries.
        state: Vec<Known>,
    },
}

/// Bytes shipped by the trackers, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PresenceBytes {
    /// Empty heartbeats and transfer requests.
    pub heartbeats: u64,
    /// Heartbeats with a delta, and delta transfers.
    pub deltas: u64,
    /// Full-state transfers.
    pub full_states: u64,
    /// Number of delta transfers.
    pub delta_transfers: u64,
    /// Number of full-state transfers.
    pub full_transfers: u64,
}

/// One node's tracker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PresenceNode {
    /// This incarnation.
    pub me: Replica,
    /// Per node: what this tracker knows of its replica (itself included); `None` when
    /// unknown or purged.
    pub known: Vec<Option<Known>>,
    /// Local changes since the last heartbeat.
    delta: Vec<Change>,
    silent: u32,
    samples_left: u32,
    /// Clocks heard since the last sample, only the dominant ones.
    pending: Vec<(Replica, Clock)>,
    /// The delta generation, oldest first.
    generation: Vec<Change>,
    /// Per node: the generation holds every change of its replica after this clock.
    floor: Vec<u64>,
}

const REPLICA_BYTES: u64 = 24;

fn entry_bytes(e: &Entry) -> u64 {
    e.key.len() as u64 + 24
}

fn change_bytes(c: &Change) -> u64 {
    REPLICA_BYTES
        + 8
        + match &c.op {
            Op::Join(e) => entry_bytes(e),
            Op::Leave { .. } => 8,
        }
}

fn clock_bytes(c: &Clock) -> u64 {
    (REPLICA_BYTES + 8) * c.len() as u64
}

fn clock_of(clock: &Clock, r: Replica) -> u64 {
    clock.iter().find(|(x, _)| *x == r).map_or(0, |(_, c)| *c)
}

/// `Clock.dominates?/2`.
fn dominates(c1: &Clock, c2: &Clock) -> bool {
    c1.len() >= c2.len() && c2.iter().all(|(r, c)| clock_of(c1, *r) >= *c)
}

fn upperbound(set: &[(Replica, Clock)]) -> Clock {
    let mut big: SortedMap<Replica, u64> = SortedMap::new();
    for (r, c) in set.iter().flat_map(|(_, clock)| clock) {
        let v = big.get_or_insert_with(*r, || 0);
        *v = (*v).max(*c);
    }
    big.into_iter().collect()
}

/// `Clock.append_clock/2`: keeps only the clocks no other dominates.
fn append_clock(set: &mut Vec<(Replica, Clock)>, from: Replica, clock: Clock) {
    if clock.is_empty() {
        return;
    }
    let big = upperbound(set);
    if dominates(&clock, &big) {
        *set = vec![(from, clock)];
    } else if !dominates(&big, &clock) {
        set.retain(|(_, c)| !dominates(&clock, c));
        set.push((from, clock));
    }
}

impl PresenceNode {
    /// A fresh tracker on `node`, started at `vsn`, in a cluster of `nodes`.
    pub fn new(node: NodeId, vsn: Time, nodes: usize) -> Self {
        let me = Replica { node, vsn };
        let mut known = vec![None; nodes];
        known[node] = Some(Known::new(me, vsn));
        PresenceNode {
            me,
            known,
            delta: Vec::new(),
            silent: 0,
            samples_left: 1,
            pending: Vec::new(),
            generation: Vec::new(),
            floor: vec![0; nodes],
        }
    }

    fn own(&mut self) -> &mut Known {
        let me = self.me.node;
        self.known[me].as_mut().expect("a tracker knows itself")
    }

    /// `State.clocks/1`: the context of itself and of every replica that is up.
    pub fn clock(&self) -> Clock {
        self.known
            .iter()
            .flatten()
            .filter(|k| k.up)
            .map(|k| (k.replica, k.clock))
            .collect()
    }

    /// The entries shown: its own and those of replicas that are up.
    pub fn visible(&self) -> impl Iterator<Item = (Replica, u64, &Entry)> {
        self.known
            .iter()
            .flatten()
            .filter(|k| k.up)
            .flat_map(|k| k.entries.iter().map(move |(c, e)| (k.replica, *c, e)))
    }

    fn known_as(&mut self, r: Replica) -> Option<&mut Known> {
        self.known[r.node]
            .as_mut()
            .filter(|k| k.replica.vsn == r.vsn)
    }

    fn remember(&mut self, change: Change, max: u32) {
        self.generation.push(change);
        while self.generation.len() > max as usize {
            let old = self.generation.remove(0);
            let floor = &mut self.floor[old.owner.node];
            *floor = (*floor).max(old.clock);
        }
    }

    fn local(&mut self, op: Op, max: u32) {
        let own = self.own();
        own.clock += 1;
        match &op {
            Op::Join(e) => {
                own.entries.insert(own.clock, e.clone());
            }
            Op::Leave { of } => {
                own.entries.remove(of);
            }
        }
        let change = Change {
            owner: own.replica,
            clock: own.clock,
            op,
        };
        self.delta.push(change.clone());
        self.remember(change, max);
    }

    /// Merges one change; false when it was already seen or its replica is unknown.
    fn apply(&mut self, change: Change, max: u32) -> bool {
        let Some(k) = self.known_as(change.owner) else {
            return false;
        };
        if k.seen(change.clock) {
            return false;
        }
        match &change.op {
            Op::Join(e) => {
                k.entries.insert(change.clock, e.clone());
            }
            Op::Leave { of } => {
                k.entries.remove(of);
                if !k.seen(*of) {
                    k.cloud.insert(*of);
                }
            }
        }
        k.cloud.insert(change.clock);
        k.compact();
        self.remember(change, max);
        true
    }

    /// Merges an entire CRDT: entries the sender has seen removed go, entries it has that
    /// this node has not seen come; afterwards no delta generation is kept.
    fn merge_full(&mut self, state: Vec<Known>) {
        for remote in state {
            if remote.replica == self.me {
                continue;
            }
            let Some(k) = self.known_as(remote.replica) else {
                continue;
            };
            k.entries
                .retain(|c, _| !remote.seen(*c) || remote.entries.contains_key(c));
            for (c, e) in &remote.entries {
                if !k.seen(*c) {
                    k.entries.insert(*c, e.clone());
                }
            }
            k.cloud.extend(remote.cloud.iter().copied());
            k.clock = k.clock.max(remote.clock);
            k.compact();
        }
        self.generation.clear();
        for (node, k) in self.known.iter().enumerate() {
            self.floor[node] = k.as_ref().map_or(0, |k| k.clock);
        }
    }

    /// The answer to a transfer request from `requester` with `clock`.
    fn transfer(&self, requester: NodeId, clock: &Clock, fallback: bool) -> PresenceMsg {
        let wanted = |r: Replica| r.node != requester && clock.iter().any(|(x, _)| *x == r);
        let covered = self.known.iter().flatten().all(|k| {
            !wanted(k.replica)
                || k.clock <= clock_of(clock, k.replica)
                || self.floor[k.replica.node] <= clock_of(clock, k.replica)
        });
        if covered || !fallback {
            let changes = self
                .generation
                .iter()
                .filter(|c| wanted(c.owner) && c.clock > clock_of(clock, c.owner))
                .cloned()
                .collect();
            return PresenceMsg::TransferDelta { changes };
        }
        let state = self
            .known
            .iter()
            .flatten()
            .filter(|k| wanted(k.replica))
            .cloned()
            .collect();
        PresenceMsg::TransferFull { state }
    }
}

impl PresenceMsg {
    /// Estimated bytes on the wire.
    pub fn bytes(&self) -> u64 {
        match self {
            PresenceMsg::Heartbeat { delta, clock, .. } => {
                REPLICA_BYTES + clock_bytes(clock) + delta.iter().map(change_bytes).sum::<u64>()
            }
            PresenceMsg::TransferReq { clock } => REPLICA_BYTES + clock_bytes(clock),
            PresenceMsg::TransferDelta { changes } => {
                REPLICA_BYTES + changes.iter().map(change_bytes).sum::<u64>()
            }
            PresenceMsg::TransferFull { state } => {
                REPLICA_BYTES + state.iter().map(Known::bytes).sum::<u64>()
            }
        }
    }
}

fn msg(m: PresenceMsg) -> ClusterMsg {
    ClusterMsg::Presence(m)
}

impl Cluster {
    fn presence_config(&self) -> PresenceConfig {
        match self.config.library {
            Library::Presence(p) => p,
            _ => PresenceConfig::default(),
        }
    }

    /// `Phoenix.Tracker.track/5`: a new process on `node` tracked under `key`.
    pub(super) fn presence_track(&mut self, k: &mut Kernel<Self>, node: NodeId, key: &str) {
        let pid = self.spawn(k, node, key);
        let max = self.presence_config().max_delta_size;
        let entry = Entry {
            key: key.into(),
            pid,
            at: k.now(),
        };
        self.nodes[node].presence.local(Op::Join(entry), max);
        k.note(
            node,
            ClusterNote::Registered {
                name: key.into(),
                pid,
            },
        );
    }

    /// The tracker sees `pid` exit and untracks it.
    pub(super) fn presence_untrack(&mut self, node: NodeId, pid: Pid) {
        let max = self.presence_config().max_delta_size;
        let p = &mut self.nodes[node].presence;
        let own = p.own();
        let Some(of) = own
            .entries
            .iter()
            .find(|(_, e)| e.pid == pid)
            .map(|(c, _)| *c)
        else {
            return;
        };
        p.local(Op::Leave { of }, max);
    }

    fn presence_send(&mut self, k: &mut Kernel<Self>, me: NodeId, to: NodeId, m: PresenceMsg) {
        let bytes = m.bytes();
        let b = &mut self.presence_bytes;
        match &m {
            PresenceMsg::Heartbeat { delta, .. } if delta.is_empty() => b.heartbeats += bytes,
            PresenceMsg::TransferReq { .. } => b.heartbeats += bytes,
            PresenceMsg::Heartbeat { .. } => b.deltas += bytes,
            PresenceMsg::TransferDelta { .. } => {
                b.deltas += bytes;
                b.delta_transfers += 1;
            }
            PresenceMsg::TransferFull { .. } => {
                b.full_states += bytes;
                b.full_transfers += 1;
            }
        }
        self.send_on(k, me, to, msg(m));
    }

    /// The heartbeat timer: broadcast the delta (or an empty heartbeat once silent long
    /// enough), sample clocks and ask replicas ahead for a transfer, detect downs.
    pub(super) fn presence_heartbeat(&mut self, k: &mut Kernel<Self>, me: NodeId) {
        let cfg = self.presence_config();
        k.set_timer(
            me,
            2,
            cfg.broadcast_period_ms.into(),
            ClusterTimer::Heartbeat,
        );
        let p = &mut self.nodes[me].presence;
        let beat = if !p.delta.is_empty() || p.silent >= cfg.max_silent_periods {
            p.silent = 0;
            Some(PresenceMsg::Heartbeat {
                from: p.me,
                delta: std::mem::take(&mut p.delta),
                clock: p.clock(),
            })
        } else {
            p.silent += 1;
            None
        };
        if let Some(beat) = beat {
            for peer in self.connected(me) {
                self.presence_send(k, me, peer, beat.clone());
            }
        }
        let p = &mut self.nodes[me].presence;
        if p.samples_left <= 1 {
            p.samples_left = cfg.clock_sample_periods;
            let mut set = std::mem::take(&mut p.pending);
            append_clock(&mut set, p.me, p.clock());
            let clock = p.clock();
            for (r, _) in set.into_iter().filter(|(r, _)| r.node != me) {
                let req = PresenceMsg::TransferReq {
                    clock: clock.clone(),
                };
                self.presence_send(k, me, r.node, req);
            }
        } else {
            p.samples_left -= 1;
        }
        self.presence_detect_downs(k, me, cfg);
    }

    fn presence_detect_downs(&mut self, k: &mut Kernel<Self>, me: NodeId, cfg: PresenceConfig) {
        let now = k.now();
        for peer in (0..self.nodes.len()).filter(|p| *p != me) {
            let Some(known) = self.nodes[me].presence.known[peer].as_mut() else {
                continue;
            };
            let silent = now - known.last_heard;
            if silent > u64::from(cfg.permdown_period_ms) {
                self.presence_purge(k, me, peer);
            } else if silent > u64::from(cfg.down_period_ms) && known.up {
                known.up = false;
                k.note(me, ClusterNote::ReplicaDown { peer });
            }
        }
    }

    fn presence_purge(&mut self, k: &mut Kernel<Self>, me: NodeId, peer: NodeId) {
        let p = &mut self.nodes[me].presence;
        p.known[peer] = None;
        p.generation.retain(|c| c.owner.node != peer);
        p.floor[peer] = 0;
        k.note(me, ClusterNote::ReplicaPermdown { peer });
    }

    /// `handle_heartbeat/2`: marks `from` up, replacing an older incarnation; false for a
    /// message from an incarnation older than the one known.
    fn presence_heard(&mut self, k: &mut Kernel<Self>, me: NodeId, from: Replica) -> bool {
        let now = k.now();
        let known = self.nodes[me].presence.known[from.node].as_ref();
        match known.map(|x| (x.replica.vsn, x.up)) {
            Some((vsn, _)) if vsn > from.vsn => return false,
            Some((vsn, up)) if vsn == from.vsn => {
                let x = self.nodes[me].presence.known[from.node]
                    .as_mut()
                    .expect("known");
                x.last_heard = now;
                x.up = true;
                if !up {
                    k.note(me, ClusterNote::ReplicaUp { peer: from.node });
                }
                return true;
            }
            Some(_) => self.presence_purge(k, me, from.node),
            None => {}
        }
        let p = &mut self.nodes[me].presence;
        p.known[from.node] = Some(Known::new(from, now));
        p.floor[from.node] = 0;
        k.note(me, ClusterNote::ReplicaUp { peer: from.node });
        true
    }

    pub(super) fn presence_receive(
        &mut self,
        k: &mut Kernel<Self>,
        me: NodeId,
        from: NodeId,
        m: PresenceMsg,
    ) {
        let cfg = self.presence_config();
        let max = cfg.max_delta_size;
        match m {
            PresenceMsg::Heartbeat { from, delta, clock } => {
                if !self.presence_heard(k, me, from) {
                    return;
                }
                let p = &mut self.nodes[me].presence;
                for change in delta {
                    p.apply(change, max);
                }
                append_clock(&mut p.pending, from, clock);
            }
            PresenceMsg::TransferReq { clock } => {
                let fallback = !self.config.bugs.no_full_state_fallback;
                let answer = self.nodes[me].presence.transfer(from, &clock, fallback);
                if let PresenceMsg::TransferFull { .. } = answer {
                    k.note(me, ClusterNote::FullState { to: from });
                }
                self.presence_send(k, me, from, answer);
            }
            PresenceMsg::TransferDelta { changes } => {
                let p = &mut self.nodes[me].presence;
                for change in changes {
                    p.apply(change, max);
                }
            }
            PresenceMsg::TransferFull { state } => self.nodes[me].presence.merge_full(state),
        }
    }
}
