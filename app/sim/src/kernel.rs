//! The deterministic kernel shared by every protocol: virtual time, the event queue,
//! the network, node faults, drifting clocks, the trace buffer and the invariant log.

use crate::model::{ClockModel, Envelope, NodeStatus};
use crate::net::{Links, NetConfig, NodeId};
use crate::protocol::Protocol;
use crate::rng::SimRng;
use crate::scenario::{Action, Time};
use crate::trace::{DropReason, EventKind, Origin, TraceEvent};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Number of independent timers each node (and the environment) can have.
pub const TIMER_SLOTS: usize = 3;

/// What the kernel needs to know about a protocol's configuration.
#[derive(Clone, Debug)]
pub struct KernelSetup {
    /// Number of nodes.
    pub nodes: usize,
    /// The network model.
    pub net: NetConfig,
    /// One clock per node (missing entries are perfect clocks).
    pub clocks: Vec<ClockModel>,
}

#[derive(Clone, Debug)]
enum Item<P: Protocol> {
    Deliver(Envelope<P::Msg>),
    Timer {
        node: NodeId,
        slot: usize,
        id: u64,
        timer: P::Timer,
    },
    Action(Action<P::Action>),
}

#[derive(Clone, Debug)]
struct Queued<P: Protocol> {
    time: Time,
    seq: u64,
    item: Item<P>,
}

impl<P: Protocol> PartialEq for Queued<P> {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}
impl<P: Protocol> Eq for Queued<P> {}
impl<P: Protocol> PartialOrd for Queued<P> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<P: Protocol> Ord for Queued<P> {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

/// The first violation of one invariant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Step at which the invariant first failed.
    pub step: u64,
    /// What was wrong, in words.
    pub detail: String,
}

/// The kernel state a protocol acts through.
#[derive(Clone, Debug)]
pub struct Kernel<P: Protocol> {
    now: Time,
    step: u64,
    rng: SimRng,
    links: Links,
    net: NetConfig,
    clocks: Vec<ClockModel>,
    status: Vec<NodeStatus>,
    queue: BinaryHeap<Queued<P>>,
    held: Vec<Vec<Queued<P>>>,
    seq: u64,
    next_msg: u64,
    timers: Vec<[Option<u64>; TIMER_SLOTS]>,
    after_cursor: usize,
    recording: bool,
    events: Vec<TraceEvent<P>>,
    violations: Vec<Option<Violation>>,
}

impl<P: Protocol> Kernel<P> {
    fn new(setup: KernelSetup, seed: u64) -> Self {
        let n = setup.nodes;
        let mut clocks = setup.clocks;
        clocks.resize(n, ClockModel::default());
        Kernel {
            now: 0,
            step: 0,
            rng: SimRng::new(seed),
            links: Links::new(n),
            net: setup.net,
            clocks,
            status: vec![NodeStatus::Up; n],
            queue: BinaryHeap::new(),
            held: vec![Vec::new(); n],
            seq: 0,
            next_msg: 0,
            timers: vec![[None; TIMER_SLOTS]; n + 1],
            after_cursor: 0,
            recording: true,
            events: Vec::new(),
            violations: vec![None; P::INVARIANTS.len()],
        }
    }

    /// Current virtual time.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Number of steps run so far.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// Number of nodes.
    pub fn nodes(&self) -> usize {
        self.status.len()
    }

    /// The pseudo-node that owns environment timers (client load, anti-entropy).
    pub fn env(&self) -> NodeId {
        self.status.len()
    }

    /// The seeded random number generator.
    pub fn rng(&mut self) -> &mut SimRng {
        &mut self.rng
    }

    /// Whether `node` is up, crashed or paused.
    pub fn status(&self, node: NodeId) -> NodeStatus {
        self.status[node]
    }

    /// The cut links.
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// The reading of `node`'s drifting physical clock now.
    pub fn local_clock(&self, node: NodeId) -> Time {
        self.clocks[node].read(self.now)
    }

    /// Sends `msg` over the network; it may be delayed, lost or duplicated.
    pub fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg) {
        let copies = if self.rng.chance(self.net.dup_per_mille) {
            2
        } else {
            1
        };
        for copy in 0..copies {
            let delay = self.rng.range(
                u64::from(self.net.delay_min_ms),
                u64::from(self.net.delay_max_ms),
            );
            let lost = self.rng.chance(self.net.loss_per_mille);
            let env = Envelope {
                id: self.next_msg,
                from,
                to,
                sent_at: self.now,
                deliver_at: self.now + delay,
                lost,
                duplicate: copy == 1,
                msg: msg.clone(),
            };
            self.next_msg += 1;
            if P::traced(&env.msg) {
                self.record(EventKind::Sent(env.clone()));
            }
            self.push(env.deliver_at, Item::Deliver(env));
        }
    }

    /// Arms timer `slot` of `node` to fire `after` ms from now, replacing any armed one.
    pub fn set_timer(&mut self, node: NodeId, slot: usize, after: Time, timer: P::Timer) {
        let id = self.seq;
        self.timers[node][slot] = Some(id);
        self.push(
            self.now + after,
            Item::Timer {
                node,
                slot,
                id,
                timer,
            },
        );
    }

    /// Disarms timer `slot` of `node`.
    pub fn cancel_timer(&mut self, node: NodeId, slot: usize) {
        self.timers[node][slot] = None;
    }

    /// Records a protocol state change in the trace.
    pub fn note(&mut self, node: NodeId, note: P::Note) {
        self.record(EventKind::Note { node, note });
    }

    /// Messages on the wire or held by a paused node, ordered by arrival time.
    pub fn in_flight(&self) -> Vec<&Envelope<P::Msg>> {
        let all: Vec<&Envelope<P::Msg>> = self
            .queue
            .iter()
            .chain(self.held.iter().flatten())
            .filter_map(|q| match &q.item {
                Item::Deliver(env) => Some(env),
                _ => None,
            })
            .collect();
        crate::order::sorted_by_key(all, |e| (e.deliver_at, e.id))
    }

    /// The first violation of each invariant, in the order of `P::INVARIANTS`.
    pub fn violations(&self) -> &[Option<Violation>] {
        &self.violations
    }

    /// Heap bytes of the queued events and held messages, roughly (for the memory budget).
    pub fn heap_bytes(&self) -> usize {
        let queued = self.queue.iter().chain(self.held.iter().flatten());
        let payloads: usize = queued
            .filter_map(|q| match &q.item {
                Item::Deliver(env) => Some(P::msg_heap_bytes(&env.msg)),
                _ => None,
            })
            .sum();
        let items = self.queue.capacity() + self.held.iter().map(Vec::capacity).sum::<usize>();
        items * std::mem::size_of::<Queued<P>>() + payloads
    }

    fn record(&mut self, kind: EventKind<P>) {
        if self.recording {
            self.events.push(TraceEvent {
                step: self.step,
                time: self.now,
                kind,
            });
        }
    }

    fn push(&mut self, time: Time, item: Item<P>) {
        self.queue.push(Queued {
            time,
            seq: self.seq,
            item,
        });
        self.seq += 1;
    }

    /// Virtual time of the next event a running node (or the environment) would handle.
    fn next_time(&self) -> Option<Time> {
        let live = |q: &&Queued<P>| match &q.item {
            Item::Deliver(env) => self.status[env.to] != NodeStatus::Paused,
            Item::Timer { node, slot, id, .. } => {
                self.timers[*node][*slot] == Some(*id)
                    && (*node == self.nodes() || self.status[*node] != NodeStatus::Paused)
            }
            Item::Action(_) => true,
        };
        // The heap's top is the earliest event: when it is live it is the answer, without
        // a pass over the whole queue. That pass was the largest cost of a 200-node overlay
        // playing (173 ms of the main thread's 4 s, profiled in Chromium, 2026-12-08).
        match self.queue.peek() {
            None => None,
            Some(top) if live(&top) => Some(top.time),
            Some(_) => self.queue.iter().filter(live).map(|q| q.time).min(),
        }
    }

    /// Pops the next event that is due for a running node, holding those for paused nodes.
    fn pop_live(&mut self) -> Option<Queued<P>> {
        while let Some(q) = self.queue.pop() {
            let target = match &q.item {
                Item::Deliver(env) => Some(env.to),
                Item::Timer { node, slot, id, .. } => {
                    if self.timers[*node][*slot] != Some(*id) {
                        continue;
                    }
                    Some(*node)
                }
                Item::Action(_) => None,
            };
            match target {
                Some(node) if node < self.nodes() && self.status[node] == NodeStatus::Paused => {
                    self.held[node].push(q)
                }
                _ => return Some(q),
            }
        }
        None
    }
}

/// A protocol together with its kernel: one complete, cloneable simulation state.
#[derive(Clone, Debug)]
pub struct Engine<P: Protocol> {
    /// The protocol's state.
    pub proto: P,
    /// The kernel's state.
    pub kernel: Kernel<P>,
}

impl<P: Protocol> Engine<P> {
    /// A fresh state at step 0, with the time-triggered actions queued.
    pub fn new(config: &P::Config, seed: u64, timed: &[(Time, Action<P::Action>)]) -> Self {
        let mut kernel = Kernel::new(P::setup(config), seed);
        for (time, action) in timed {
            kernel.push(*time, Item::Action(action.clone()));
        }
        let proto = P::new(config, &mut kernel);
        let mut engine = Engine { proto, kernel };
        engine.kernel.events.clear();
        engine
    }

    /// Bytes of this whole state, roughly (for the memory budget).
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.proto.heap_bytes() + self.kernel.heap_bytes()
    }

    /// Turns trace recording on or off (off while replaying a recorded stretch).
    pub fn set_recording(&mut self, on: bool) {
        self.kernel.recording = on;
    }

    /// Takes the trace events produced since the last call.
    pub fn take_events(&mut self) -> Vec<TraceEvent<P>> {
        std::mem::take(&mut self.kernel.events)
    }

    /// Runs one step: the next step-triggered action in `after` (sorted by step) if one is
    /// due, else the next queued event. Returns false when nothing is left to do.
    pub fn step(&mut self, after: &[(u64, Action<P::Action>)]) -> bool {
        let k = &mut self.kernel;
        if let Some((due, action)) = after.get(k.after_cursor) {
            if *due <= k.step {
                k.after_cursor += 1;
                k.step += 1;
                let action = action.clone();
                self.apply(action, Origin::Reader);
                self.check();
                return true;
            }
        }
        let Some(q) = k.pop_live() else {
            return false;
        };
        k.now = q.time;
        k.step += 1;
        match q.item {
            Item::Deliver(env) => self.deliver(env),
            Item::Timer {
                node, slot, timer, ..
            } => {
                self.kernel.timers[node][slot] = None;
                if node < self.kernel.nodes() {
                    self.kernel.record(EventKind::TimerFired {
                        node,
                        timer: timer.clone(),
                    });
                }
                self.proto.on_timer(&mut self.kernel, node, timer);
            }
            Item::Action(action) => self.apply(action, Origin::Scenario),
        }
        self.check();
        true
    }

    /// Virtual time of the next step, or `None` when nothing is left to happen.
    pub fn next_time(&self, after: &[(u64, Action<P::Action>)]) -> Option<Time> {
        match after.get(self.kernel.after_cursor) {
            Some((due, _)) if *due <= self.kernel.step => Some(self.kernel.now),
            _ => self.kernel.next_time(),
        }
    }

    /// Number of step-triggered actions already applied.
    pub fn after_cursor(&self) -> usize {
        self.kernel.after_cursor
    }

    fn deliver(&mut self, env: Envelope<P::Msg>) {
        let k = &mut self.kernel;
        let reason = if env.lost {
            Some(DropReason::Lost)
        } else if !k.links.is_up(env.from, env.to) {
            Some(DropReason::LinkCut)
        } else if k.status[env.to] == NodeStatus::Crashed {
            Some(DropReason::NodeDown)
        } else {
            None
        };
        match reason {
            Some(reason) => {
                k.record(EventKind::Dropped {
                    env: env.clone(),
                    reason,
                });
                self.proto.on_dropped(&mut self.kernel, env, reason);
            }
            None => {
                if P::traced(&env.msg) {
                    k.record(EventKind::Delivered(env.clone()));
                }
                self.proto.on_message(&mut self.kernel, env);
            }
        }
    }

    fn apply(&mut self, action: Action<P::Action>, by: Origin) {
        let k = &mut self.kernel;
        k.record(EventKind::Action {
            by,
            action: action.clone(),
        });
        match action {
            Action::Crash { node } => {
                if k.status[node] != NodeStatus::Crashed {
                    k.status[node] = NodeStatus::Crashed;
                    k.timers[node] = [None; TIMER_SLOTS];
                    k.held[node].clear();
                    self.proto.on_crash(&mut self.kernel, node);
                }
            }
            Action::Restart { node } => {
                if k.status[node] == NodeStatus::Crashed {
                    k.status[node] = NodeStatus::Up;
                    self.proto.on_restart(&mut self.kernel, node);
                }
            }
            Action::Pause { node } => {
                if k.status[node] == NodeStatus::Up {
                    k.status[node] = NodeStatus::Paused;
                }
            }
            Action::Resume { node } => {
                if k.status[node] == NodeStatus::Paused {
                    k.status[node] = NodeStatus::Up;
                    for q in std::mem::take(&mut k.held[node]) {
                        let now = k.now;
                        k.push(now, q.item);
                    }
                }
            }
            Action::Cut { from, to } => k.links.set_cut(from, to, true),
            Action::CutBoth { a, b } => {
                k.links.set_cut(a, b, true);
                k.links.set_cut(b, a, true);
            }
            Action::Heal => k.links.heal(),
            Action::Partition { groups } => k.links.partition(&groups),
            Action::Protocol(a) => self.proto.on_action(&mut self.kernel, a),
        }
    }

    fn check(&mut self) {
        let mut found = Vec::new();
        self.proto.check(&self.kernel, &mut found);
        for (index, detail) in found {
            let slot = &mut self.kernel.violations[index];
            if slot.is_none() {
                *slot = Some(Violation {
                    step: self.kernel.step,
                    detail,
                });
            }
        }
    }
}
