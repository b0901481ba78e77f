//! Raft and an add-wins OR-Set side by side on one timeline: the same nodes, the same
//! partition and heal, the same client writes. Raft's minority refuses writes (it knows
//! no leader), or, when the leader itself is in the minority, takes them and loses them
//! at the heal; the OR-Set accepts them everywhere and converges after the heal.
//!
//! A [`CompareSim`] steps whichever side's next event is earliest (Raft first on ties),
//! so one step counter and one virtual clock drive both. Seeking replays each side to
//! its own step. Shared text is the two sides' encodings joined by `~`.

use crate::crdt::{CrdtAction, CrdtConfig, CrdtKind, CrdtScenario, CrdtSim, SyncMode};
use crate::net::NodeId;
use crate::raft::{RaftAction, RaftConfig, RaftNote, RaftScenario, RaftSim};
use crate::scenario::{Action, Time, Timed, Trigger};
use crate::sim::{InvariantStatus, Sim};
use crate::trace::EventKind;
use crate::wire::DecodeError;

/// Smallest and largest cluster of the comparison (the OR-Set allows up to 5 replicas).
/// Use an odd size: with 4 nodes the split leaves no majority on either side.
pub const NODES: std::ops::RangeInclusive<usize> = 3..=5;

/// When the first leader's election timer fires.
const FIRST_TIMEOUT: Time = 1;

/// An action applied to both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareAction {
    /// A client writes at `node`: a Raft client request and an OR-Set add of `element`.
    Write {
        /// The node written to.
        node: NodeId,
        /// The element added on the OR-Set side.
        element: String,
    },
    /// Split the nodes into groups.
    Partition {
        /// The groups.
        groups: Vec<Vec<NodeId>>,
    },
    /// Restore every link.
    Heal,
}

/// The client writes sent to the Raft side, by what became of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RaftWrites {
    /// Writes sent to some node.
    pub sent: usize,
    /// Writes in the committed log.
    pub committed: usize,
    /// Writes refused at once: the node written to knew no leader.
    pub refused: usize,
    /// Writes a leader appended to its log but could not commit, since erased from every
    /// log: a stale leader cut off in a minority took them, and the leader elected
    /// meanwhile overwrote them after the heal.
    pub lost: usize,
}

impl RaftWrites {
    /// Writes neither committed, refused nor lost: lost on the way to the leader (a node
    /// forwards a write to the leader it knows, across the cut) or appended and not
    /// committed yet (perhaps by a stale leader that never will).
    pub fn in_doubt(&self) -> usize {
        self.sent
            .saturating_sub(self.committed + self.refused + self.lost)
    }
}

/// Which side a merged step advanced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The Raft cluster.
    Raft,
    /// The OR-Set replicas.
    Crdt,
}

/// The Raft and OR-Set runs, with the merged step order.
#[derive(Clone, Debug)]
pub struct CompareSim {
    raft: RaftSim,
    crdt: CrdtSim,
    order: Vec<Side>,
    step: u64,
}

fn raft_action(a: &CompareAction) -> Action<RaftAction> {
    match a {
        CompareAction::Write { node, .. } => {
            Action::Protocol(RaftAction::ClientRequest { node: *node })
        }
        CompareAction::Partition { groups } => Action::Partition {
            groups: groups.clone(),
        },
        CompareAction::Heal => Action::Heal,
    }
}

fn crdt_action(a: &CompareAction) -> Action<CrdtAction> {
    match a {
        CompareAction::Write { node, element } => Action::Protocol(CrdtAction::Add {
            replica: *node,
            element: element.clone(),
        }),
        CompareAction::Partition { groups } => Action::Partition {
            groups: groups.clone(),
        },
        CompareAction::Heal => Action::Heal,
    }
}

/// The built-in stories, each a [`Schedule`] for any cluster size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The Raft leader is on the majority side: it goes on committing, and the minority
    /// refuses writes.
    LeaderInMajority,
    /// The Raft leader is on the minority side: it appends writes it can never commit
    /// until CheckQuorum steps it down, the majority elects a new leader, and after the
    /// heal the stale leader's uncommitted entries are overwritten.
    LeaderInMinority,
}

/// When things happen to both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The node whose election timer fires first (at 1 ms), so it leads Raft's term 1.
    pub leader: NodeId,
    /// The actions and their times.
    pub actions: Vec<(Time, CompareAction)>,
}

impl Preset {
    /// Every preset, in the order of [`Preset::NAMES`].
    pub const ALL: [Preset; 2] = [Preset::LeaderInMajority, Preset::LeaderInMinority];
    /// The presets' names.
    pub const NAMES: [&'static str; 2] = ["leader-in-majority", "leader-in-minority"];

    /// This preset's name.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The preset called `name`.
    pub fn named(name: &str) -> Option<Preset> {
        let i = Self::NAMES.iter().position(|n| *n == name)?;
        Some(Self::ALL[i])
    }

    /// The node that leads term 1 in a cluster of `nodes`: the last node (on the majority
    /// side of the split) or n1 (on the minority side).
    pub fn leader(self, nodes: usize) -> NodeId {
        match self {
            Preset::LeaderInMajority => nodes.clamp(*NODES.start(), *NODES.end()) - 1,
            Preset::LeaderInMinority => 0,
        }
    }

    /// The schedule for `nodes` nodes: the first `nodes / 2` nodes are cut off at 300 ms,
    /// writes `a` to `d` go to both sides, the partition heals at 1400 ms. With the leader
    /// in the majority, `a` and `c` go to it and `b` and `d` to n1, in the minority. With
    /// the leader in the minority, `a` and `b` go to it (before and after the cut), `c`
    /// to the last node (in the majority) and `d` to n1 again.
    pub fn schedule(self, nodes: usize) -> Schedule {
        let nodes = nodes.clamp(*NODES.start(), *NODES.end());
        let minority: Vec<NodeId> = (0..nodes / 2).collect();
        let majority: Vec<NodeId> = (nodes / 2..nodes).collect();
        let write = |node: NodeId, element: &str| CompareAction::Write {
            node,
            element: element.to_string(),
        };
        let split = CompareAction::Partition {
            groups: vec![minority, majority],
        };
        let last = nodes - 1;
        let actions = match self {
            Preset::LeaderInMajority => vec![
                (200, write(last, "a")),
                (300, split),
                (800, write(0, "b")),
                (900, write(last, "c")),
                (1_000, write(0, "d")),
                (1_400, CompareAction::Heal),
            ],
            Preset::LeaderInMinority => vec![
                (200, write(0, "a")),
                (300, split),
                (400, write(0, "b")),
                (900, write(last, "c")),
                (1_000, write(0, "d")),
                (1_400, CompareAction::Heal),
            ],
        };
        Schedule {
            leader: self.leader(nodes),
            actions,
        }
    }
}

impl CompareSim {
    /// Both sides for `nodes` nodes (clamped to 3..=5), `seed` and `schedule`.
    ///
    /// With `raft_bug` ("break it") Raft votes without the log check, PreVote and
    /// CheckQuorum are off, and a stale minority node can win after the heal.
    pub fn new(
        nodes: usize,
        seed: u64,
        schedule: &Schedule,
        raft_bug: bool,
    ) -> Result<Self, crate::ConfigError> {
        let nodes = nodes.clamp(*NODES.start(), *NODES.end());
        let mut raft_actions: Vec<Timed<RaftAction>> = vec![Timed {
            trigger: Trigger::AtTime(FIRST_TIMEOUT),
            action: Action::Protocol(RaftAction::Timeout {
                node: schedule.leader.min(nodes - 1),
            }),
        }];
        raft_actions.extend(schedule.actions.iter().map(|(t, a)| Timed {
            trigger: Trigger::AtTime(*t),
            action: raft_action(a),
        }));
        let mut raft_config = RaftConfig {
            nodes,
            pre_vote: !raft_bug,
            check_quorum: !raft_bug,
            ..RaftConfig::default()
        };
        raft_config.bugs.vote_without_log_check = raft_bug;
        let raft = Sim::new(RaftScenario {
            seed,
            config: raft_config,
            actions: raft_actions,
            step: 0,
        });
        let crdt = Sim::new(CrdtScenario {
            seed,
            config: CrdtConfig {
                kind: CrdtKind::OrSet,
                replicas: nodes,
                sync: SyncMode::State,
                auto_sync_ms: 150,
                ..CrdtConfig::default()
            },
            actions: schedule
                .actions
                .iter()
                .map(|(t, a)| Timed {
                    trigger: Trigger::AtTime(*t),
                    action: crdt_action(a),
                })
                .collect(),
            step: 0,
        })?;
        Ok(CompareSim {
            raft: raft?,
            crdt,
            order: Vec::new(),
            step: 0,
        })
    }

    /// The Raft side.
    pub fn raft(&self) -> &RaftSim {
        &self.raft
    }

    /// The preset whose first leader this run has (a shared run keeps its schedule, not
    /// its preset's name); `None` if no preset starts that way.
    pub fn preset(&self) -> Option<Preset> {
        let scenario = self.raft.scenario();
        let leader = scenario
            .actions
            .iter()
            .find_map(|t| match (&t.trigger, &t.action) {
                (
                    Trigger::AtTime(FIRST_TIMEOUT),
                    Action::Protocol(RaftAction::Timeout { node }),
                ) => Some(*node),
                _ => None,
            })?;
        Preset::ALL
            .into_iter()
            .find(|p| p.leader(scenario.config.nodes) == leader)
    }

    /// The OR-Set side.
    pub fn crdt(&self) -> &CrdtSim {
        &self.crdt
    }

    /// The merged step being shown.
    pub fn current_step(&self) -> u64 {
        self.step
    }

    /// Merged steps recorded so far.
    pub fn recorded_steps(&self) -> u64 {
        self.order.len() as u64
    }

    /// Virtual time: the later of the two sides' clocks.
    pub fn now(&self) -> Time {
        self.raft.now().max(self.crdt.now())
    }

    /// Which side merged step `step` (1-based) advanced, if recorded.
    pub fn side_of(&self, step: u64) -> Option<Side> {
        step.checked_sub(1)
            .and_then(|i| self.order.get(i as usize).copied())
    }

    fn next_side(&self) -> Option<Side> {
        match (self.raft.next_time(), self.crdt.next_time()) {
            (None, None) => None,
            (Some(_), None) => Some(Side::Raft),
            (None, Some(_)) => Some(Side::Crdt),
            (Some(r), Some(c)) => Some(if r <= c { Side::Raft } else { Side::Crdt }),
        }
    }

    /// Runs one merged step; false when both sides are done.
    pub fn step(&mut self) -> bool {
        let side = match self.side_of(self.step + 1) {
            Some(side) => side,
            None => match self.next_side() {
                Some(side) => {
                    self.order.push(side);
                    side
                }
                None => return false,
            },
        };
        let moved = match side {
            Side::Raft => self.raft.step(),
            Side::Crdt => self.crdt.step(),
        };
        if moved {
            self.step += 1;
        }
        moved
    }

    /// Moves exactly to merged step `target` (each side seeks to its own step).
    pub fn seek(&mut self, target: u64) {
        if target <= self.recorded_steps() {
            let prefix = &self.order[..target as usize];
            let raft_steps = prefix.iter().filter(|s| **s == Side::Raft).count() as u64;
            self.raft.seek(raft_steps);
            self.crdt.seek(target - raft_steps);
            self.step = target;
            return;
        }
        self.seek(self.recorded_steps());
        while self.step < target && self.step() {}
    }

    /// Runs until the next merged step would pass virtual time `until`.
    pub fn run_until(&mut self, until: Time) {
        while self.next_time().is_some_and(|t| t <= until) && self.step() {}
    }

    /// Virtual time of the next merged step, or `None` when both sides are done.
    pub fn next_time(&self) -> Option<Time> {
        match self.side_of(self.step + 1) {
            Some(Side::Raft) => self.raft.next_time(),
            Some(Side::Crdt) => self.crdt.next_time(),
            None => self
                .raft
                .next_time()
                .into_iter()
                .chain(self.crdt.next_time())
                .min(),
        }
    }

    /// Applies `action` to both sides at the current step; the recorded future is cut.
    pub fn apply(&mut self, action: CompareAction) -> Result<(), crate::ConfigError> {
        self.order.truncate(self.step as usize);
        self.raft.apply(raft_action(&action))?;
        self.order.push(Side::Raft);
        self.step += 1;
        self.crdt.apply(crdt_action(&action))?;
        self.order.push(Side::Crdt);
        self.step += 1;
        Ok(())
    }

    /// The events of merged step `step` in words, prefixed by their side.
    pub fn describe_step(&self, step: u64) -> Vec<String> {
        let Some(side) = self.side_of(step) else {
            return Vec::new();
        };
        let prefix = &self.order[..step as usize];
        let own = prefix.iter().filter(|s| **s == side).count() as u64;
        let (label, lines) = match side {
            Side::Raft => ("Raft", self.raft.describe_step(own)),
            Side::Crdt => ("OR-Set", self.crdt.describe_step(own)),
        };
        lines.into_iter().map(|l| format!("{label}: {l}")).collect()
    }

    /// Both sides' invariants, names prefixed by side.
    pub fn invariants(&self) -> Vec<(String, InvariantStatus)> {
        let raft = self
            .raft
            .invariants()
            .into_iter()
            .map(|i| (format!("Raft: {}", i.name), i));
        let crdt = self
            .crdt
            .invariants()
            .into_iter()
            .map(|i| (format!("OR-Set: {}", i.name), i));
        raft.chain(crdt).collect()
    }

    /// What became of the client writes sent to the Raft cluster so far.
    pub fn raft_writes(&self) -> RaftWrites {
        let mut writes = RaftWrites::default();
        let mut appended = Vec::new();
        for e in self.raft.trace_until_now() {
            match &e.kind {
                EventKind::Action {
                    action: Action::Protocol(RaftAction::ClientRequest { .. }),
                    ..
                } => writes.sent += 1,
                EventKind::Note {
                    note: RaftNote::Refuses { .. },
                    ..
                } => writes.refused += 1,
                EventKind::Note {
                    note: RaftNote::Appends { entry, .. },
                    ..
                } => appended.push(entry.cmd),
                _ => {}
            }
        }
        let view = self.raft.view();
        // The client commands (not the leaders' no-ops) in the longest committed log.
        writes.committed = view
            .nodes
            .iter()
            .map(|n| {
                let upto = (n.commit_index as usize).min(n.log.len());
                n.log[..upto].iter().filter(|e| !e.is_noop()).count()
            })
            .max()
            .unwrap_or(0);
        // Commands are numbered once each: one appended and now in no log is gone.
        let in_some_log = |cmd: u64| {
            view.nodes
                .iter()
                .any(|n| n.log.iter().any(|e| e.cmd == cmd))
        };
        writes.lost = appended.into_iter().filter(|c| !in_some_log(*c)).count();
        writes
    }

    /// Shareable text: the two sides' encodings joined by `~` (each with its own step).
    pub fn encode(&self) -> String {
        format!("{}~{}", self.raft.encode(), self.crdt.encode())
    }

    /// Reads [`CompareSim::encode`]'s text; each side must be a valid scenario of the
    /// same cluster size, and neither may ask for more than `max_step` steps.
    pub fn decode(text: &str, max_step: u64) -> Result<Self, DecodeError> {
        let (r, c) = text
            .split_once('~')
            .ok_or_else(|| DecodeError("expected two scenarios joined by ~".into()))?;
        let raft_scenario = crate::sim::decode::<crate::raft::Raft>(r)?;
        let crdt_scenario = crate::sim::decode::<crate::crdt::Crdt>(c)?;
        if raft_scenario.config.nodes != crdt_scenario.config.replicas {
            return Err(DecodeError(
                "the two sides have different cluster sizes".into(),
            ));
        }
        let (rs, cs) = (raft_scenario.step, crdt_scenario.step);
        if rs.max(cs) > max_step {
            return Err(DecodeError(format!(
                "it asks for more than {max_step} steps"
            )));
        }
        let raft = Sim::new(RaftScenario {
            step: 0,
            ..raft_scenario
        })
        .map_err(|e| DecodeError(e.0))?;
        let crdt = Sim::new(CrdtScenario {
            step: 0,
            ..crdt_scenario
        })
        .map_err(|e| DecodeError(e.0))?;
        let mut sim = CompareSim {
            raft,
            crdt,
            order: Vec::new(),
            step: 0,
        };
        sim.replay_to(rs, cs);
        Ok(sim)
    }

    /// Steps in merged order until the sides reach steps `raft` and `crdt`.
    fn replay_to(&mut self, raft: u64, crdt: u64) {
        loop {
            let r_left = self.raft.current_step() < raft;
            let c_left = self.crdt.current_step() < crdt;
            let side = match (r_left, c_left) {
                (false, false) => return,
                (true, false) => Side::Raft,
                (false, true) => Side::Crdt,
                (true, true) => self.next_side().unwrap_or(Side::Raft),
            };
            let moved = match side {
                Side::Raft => self.raft.step(),
                Side::Crdt => self.crdt.step(),
            };
            if !moved {
                return;
            }
            self.order.push(side);
            self.step += 1;
        }
    }
}
