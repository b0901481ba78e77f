//! Logical clocks: Lamport, vector and hybrid logical clocks over drifting physical clocks.

mod presets;

pub use presets::PRESETS;

use crate::crdt::validate_clocks;
use crate::hlc::Hlc;
use crate::kernel::{Kernel, KernelSetup};
use crate::model::{ClockModel, Envelope, NodeStatus};
use crate::net::validate_net;
use crate::net::{NetConfig, NodeId};
use crate::protocol::Protocol;
use crate::scenario::{check_range, ConfigError, Scenario, Time};
use crate::sim::Sim;
use crate::trace::named;
use crate::wire::{DecodeError, Reader, Wire};
use serde::{Deserialize, Serialize};

/// A clocks run with time travel.
pub type ClocksSim = Sim<Clocks>;
/// A clocks scenario.
pub type ClocksScenario = Scenario<ClocksConfig, ClocksAction>;

/// Parameters of a group of processes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClocksConfig {
    /// Number of processes, 2 to 5.
    pub processes: usize,
    /// The network model.
    pub net: NetConfig,
    /// Physical clock of each process (skew and drift).
    pub clocks: Vec<ClockModel>,
}

impl Default for ClocksConfig {
    fn default() -> Self {
        ClocksConfig {
            processes: 3,
            net: NetConfig::default(),
            clocks: Vec::new(),
        }
    }
}

/// User actions on the space-time diagram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClocksAction {
    /// A local event at `process`.
    Local {
        /// The process.
        process: NodeId,
    },
    /// `from` sends a message to `to` (a send event now, a receive event on delivery).
    Send {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
    },
}

/// What kind of event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ClockEventKind {
    /// A local event.
    Local,
    /// Sending to a process.
    Send {
        /// Receiver.
        to: NodeId,
    },
    /// Receiving the message sent by event `send`.
    Receive {
        /// Sender.
        from: NodeId,
        /// Id of the send event.
        send: usize,
    },
}

/// One event with its three timestamps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClockEvent {
    /// Index in the event list.
    pub id: usize,
    /// Process where it happened.
    pub process: NodeId,
    /// Kind.
    pub kind: ClockEventKind,
    /// Vector clock after the event.
    pub vector: Vec<u64>,
    /// Lamport clock after the event.
    pub lamport: u64,
    /// HLC after the event.
    pub hlc: Hlc,
    /// The process's physical clock reading.
    pub physical: Time,
    /// True virtual time.
    pub time: Time,
}

/// How two events are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Relation {
    /// The same event.
    Same,
    /// The first happened before the second.
    Before,
    /// The first happened after the second.
    After,
    /// Neither: concurrent.
    Concurrent,
}

/// Stamps carried by a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClockMsg {
    /// Id of the send event.
    pub send: usize,
    /// Sender's vector clock.
    pub vector: Vec<u64>,
    /// Sender's Lamport clock.
    pub lamport: u64,
    /// Sender's HLC.
    pub hlc: Hlc,
}

/// A process's current clocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProcessClocks {
    /// Vector clock.
    pub vector: Vec<u64>,
    /// Lamport clock.
    pub lamport: u64,
    /// HLC.
    pub hlc: Hlc,
}

/// All processes and the events so far.
#[derive(Clone, Debug)]
pub struct Clocks {
    config: ClocksConfig,
    /// Current clocks of each process.
    pub processes: Vec<ProcessClocks>,
    /// Every event so far.
    pub events: Vec<ClockEvent>,
    checked: usize,
}

/// The diagram at one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClocksView {
    /// Virtual time.
    pub now: Time,
    /// Current clocks of each process.
    pub processes: Vec<ProcessClocks>,
    /// Status of each process.
    pub status: Vec<NodeStatus>,
    /// Physical clock reading of each process now.
    pub physical: Vec<Time>,
    /// Each process's physical clock: its skew and drift (a perfect clock where the
    /// config gives none).
    pub clocks: Vec<ClockModel>,
    /// Every event so far.
    pub events: Vec<ClockEvent>,
}

/// Compares two vector clocks element-wise.
pub fn compare_vectors(a: &[u64], b: &[u64]) -> Relation {
    let le = a.iter().zip(b).all(|(x, y)| x <= y);
    let ge = a.iter().zip(b).all(|(x, y)| x >= y);
    match (le, ge) {
        (true, true) => Relation::Same,
        (true, false) => Relation::Before,
        (false, true) => Relation::After,
        (false, false) => Relation::Concurrent,
    }
}

impl ClocksView {
    /// How event `a` relates to event `b` (by their vector clocks).
    pub fn relation(&self, a: usize, b: usize) -> Relation {
        compare_vectors(&self.events[a].vector, &self.events[b].vector)
    }

    /// The element-wise comparison proving the relation, e.g. "[1,0,0] vs [2,1,0]: every entry <= and one < so a -> b".
    pub fn explain(&self, a: usize, b: usize) -> String {
        let (va, vb) = (&self.events[a].vector, &self.events[b].vector);
        let verdict = match compare_vectors(va, vb) {
            Relation::Same => "equal: the same event".to_string(),
            Relation::Before => "every entry <= and one < : the first happened before".into(),
            Relation::After => "every entry >= and one > : the first happened after".into(),
            Relation::Concurrent => "some entry <, some entry > : concurrent".into(),
        };
        format!("{va:?} vs {vb:?}: {verdict}")
    }

    /// Events that happened before `e`.
    pub fn causal_past(&self, e: usize) -> Vec<usize> {
        self.filter(e, Relation::Before)
    }

    /// Events that happened after `e`.
    pub fn causal_future(&self, e: usize) -> Vec<usize> {
        self.filter(e, Relation::After)
    }

    /// Events concurrent with `e`.
    pub fn concurrent_with(&self, e: usize) -> Vec<usize> {
        self.filter(e, Relation::Concurrent)
    }

    fn filter(&self, e: usize, rel: Relation) -> Vec<usize> {
        (0..self.events.len())
            .filter(|&x| self.relation(x, e) == rel)
            .collect()
    }
}

impl Clocks {
    fn record(&mut self, k: &mut Kernel<Self>, process: NodeId, kind: ClockEventKind) -> usize {
        let p = &self.processes[process];
        let id = self.events.len();
        self.events.push(ClockEvent {
            id,
            process,
            kind,
            vector: p.vector.clone(),
            lamport: p.lamport,
            hlc: p.hlc,
            physical: k.local_clock(process),
            time: k.now(),
        });
        k.note(process, id);
        id
    }

    fn local_tick(&mut self, k: &Kernel<Self>, i: NodeId) {
        let p = &mut self.processes[i];
        p.vector[i] += 1;
        p.lamport += 1;
        p.hlc.tick(k.local_clock(i));
    }
}

impl Protocol for Clocks {
    type Config = ClocksConfig;
    type Msg = ClockMsg;
    type Timer = ();
    type Action = ClocksAction;
    type Note = usize;
    type View = ClocksView;

    const INVARIANTS: &'static [&'static str] = &[
        "Lamport order consistent with happened-before",
        "HLC within the clock bound",
    ];
    const NAME: &'static str = "clocks";
    // The diagram's lanes are processes p1, p2, ...; the log names them the same way.
    const NODE_PREFIX: &'static str = "p";
    const TAG: u8 = 3;
    const PRESETS: &'static [&'static str] = PRESETS;

    fn preset(name: &str) -> Option<ClocksScenario> {
        presets::preset(name)
    }

    fn view(&self, k: &Kernel<Self>) -> ClocksView {
        let n = self.config.processes;
        ClocksView {
            now: k.now(),
            processes: self.processes.clone(),
            status: (0..n).map(|i| k.status(i)).collect(),
            physical: (0..n).map(|i| k.local_clock(i)).collect(),
            clocks: (0..n)
                .map(|i| self.config.clocks.get(i).copied().unwrap_or_default())
                .collect(),
            events: self.events.clone(),
        }
    }

    fn validate(config: &ClocksConfig) -> Result<(), ConfigError> {
        check_range("processes", config.processes as u64, 2, 5)?;
        check_range(
            "clocks",
            config.clocks.len() as u64,
            0,
            config.processes as u64,
        )?;
        validate_clocks(&config.clocks)?;
        validate_net(&config.net)
    }

    fn validate_action(config: &ClocksConfig, action: &ClocksAction) -> Result<(), ConfigError> {
        let named = match action {
            ClocksAction::Local { process } => vec![*process],
            ClocksAction::Send { from, to } => vec![*from, *to],
        };
        match named.into_iter().find(|p| *p >= config.processes) {
            Some(bad) => Err(ConfigError(format!(
                "process {bad} does not exist (processes are 0..{})",
                config.processes - 1
            ))),
            None => Ok(()),
        }
    }

    fn setup(config: &ClocksConfig) -> KernelSetup {
        KernelSetup {
            nodes: config.processes,
            net: config.net.clone(),
            clocks: config.clocks.clone(),
        }
    }

    fn new(config: &ClocksConfig, _k: &mut Kernel<Self>) -> Self {
        let n = config.processes;
        Clocks {
            config: config.clone(),
            processes: vec![
                ProcessClocks {
                    vector: vec![0; n],
                    lamport: 0,
                    hlc: Hlc::default(),
                };
                n
            ],
            events: Vec::new(),
            checked: 0,
        }
    }

    fn on_message(&mut self, k: &mut Kernel<Self>, env: Envelope<ClockMsg>) {
        let i = env.to;
        let pt = k.local_clock(i);
        let p = &mut self.processes[i];
        for (mine, theirs) in p.vector.iter_mut().zip(&env.msg.vector) {
            *mine = (*mine).max(*theirs);
        }
        p.vector[i] += 1;
        p.lamport = p.lamport.max(env.msg.lamport) + 1;
        p.hlc.receive(pt, env.msg.hlc);
        self.record(
            k,
            i,
            ClockEventKind::Receive {
                from: env.from,
                send: env.msg.send,
            },
        );
    }

    fn on_timer(&mut self, _k: &mut Kernel<Self>, _node: NodeId, _timer: ()) {}

    fn on_action(&mut self, k: &mut Kernel<Self>, action: ClocksAction) {
        match action {
            ClocksAction::Local { process } if k.status(process) == NodeStatus::Up => {
                self.local_tick(k, process);
                self.record(k, process, ClockEventKind::Local);
            }
            ClocksAction::Send { from, to } if k.status(from) == NodeStatus::Up => {
                self.local_tick(k, from);
                let send = self.record(k, from, ClockEventKind::Send { to });
                let p = &self.processes[from];
                let msg = ClockMsg {
                    send,
                    vector: p.vector.clone(),
                    lamport: p.lamport,
                    hlc: p.hlc,
                };
                k.send(from, to, msg);
            }
            _ => {}
        }
    }

    fn on_crash(&mut self, _k: &mut Kernel<Self>, _node: NodeId) {}

    fn on_restart(&mut self, _k: &mut Kernel<Self>, _node: NodeId) {}

    fn check(&mut self, k: &Kernel<Self>, found: &mut Vec<(usize, String)>) {
        let max_pt = (0..self.config.processes)
            .map(|i| k.local_clock(i))
            .max()
            .unwrap_or(0);
        for e in &self.events[self.checked..] {
            for other in &self.events[..e.id] {
                if compare_vectors(&other.vector, &e.vector) == Relation::Before
                    && other.lamport >= e.lamport
                {
                    found.push((
                        0,
                        format!(
                            "event {} precedes {} but has a larger Lamport time",
                            other.id, e.id
                        ),
                    ));
                }
            }
            if e.hlc.l < e.physical || e.hlc.l > max_pt {
                found.push((
                    1,
                    format!(
                        "event {} has HLC {} outside [{}, {max_pt}]",
                        e.id, e.hlc.l, e.physical
                    ),
                ));
            }
        }
        self.checked = self.events.len();
    }

    fn msg_kind(_msg: &ClockMsg) -> &'static str {
        "Message"
    }

    fn describe_msg(msg: &ClockMsg) -> String {
        // Every clock's stamp: the log is the same whichever clock the widget shows.
        format!(
            "message stamped vector {:?}, Lamport {}, HLC {}",
            msg.vector, msg.lamport, msg.hlc
        )
    }

    fn describe_timer(_timer: &()) -> String {
        "timer".to_string()
    }

    fn describe_action(action: &ClocksAction) -> String {
        match action {
            ClocksAction::Local { process } => {
                format!("local event at {}", named::<Clocks>(*process))
            }
            ClocksAction::Send { from, to } => format!(
                "send a message {} -> {}",
                named::<Clocks>(*from),
                named::<Clocks>(*to)
            ),
        }
    }

    fn describe_note(id: &usize) -> String {
        format!("records event e{id}")
    }
}

impl Wire for ClocksConfig {
    fn put(&self, out: &mut Vec<u8>) {
        self.processes.put(out);
        self.net.put(out);
        self.clocks.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(ClocksConfig {
            processes: Wire::get(r)?,
            net: Wire::get(r)?,
            clocks: Wire::get(r)?,
        })
    }
}

impl Wire for ClocksAction {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            ClocksAction::Local { process } => {
                out.push(0);
                process.put(out)
            }
            ClocksAction::Send { from, to } => {
                out.push(1);
                from.put(out);
                to.put(out)
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(match r.byte()? {
            0 => ClocksAction::Local {
                process: Wire::get(r)?,
            },
            1 => ClocksAction::Send {
                from: Wire::get(r)?,
                to: Wire::get(r)?,
            },
            b => return Err(DecodeError(format!("unknown clocks action kind {b}"))),
        })
    }
}
