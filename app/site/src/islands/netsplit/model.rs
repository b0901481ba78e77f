//! The netsplit widget's model: a `ClusterSim`, the reader's picks (node, link) and the
//! settings that outlive a preset change (cluster size; library until another preset).

use super::library::Shown;
use super::resize::resize;
use super::{panel, stage};
use crate::islands::registry::{Args, Keyword};
use crate::islands::shell::action::{actions, Pair};
use crate::islands::shell::presets::start_or;
use crate::islands::shell::timeline::decode_sim;
use crate::islands::shell::{Choice, Reply, Widget};
use sim::cluster::{self, ClusterAction, ClusterBugs, ClusterScenario, ClusterSim, Library};
use sim::{Action, NodeId};

/// The preset used when none is given or a name is unknown.
const DEFAULT_PRESET: &str = "global-exit-on-heal";
/// The name the reader registers (or the presence key it tracks).
pub const NAME: &str = "worker";
/// Cluster sizes the widget draws.
pub const SIZES: std::ops::RangeInclusive<usize> = 3..=7;

/// A cluster run and the choices it was built from.
pub struct NetsplitModel {
    sim: ClusterSim,
    choice: Choice,
    /// The size the reader or the directive asked for (else the preset's).
    nodes: Option<usize>,
    /// The library the reader or the directive asked for (else the preset's); a new
    /// preset forgets it.
    library: Option<Shown>,
    /// The node the reader's node actions apply to.
    picked: NodeId,
    /// The link the reader's link actions apply to: from, to.
    link: (NodeId, NodeId),
}

/// The seeded bugs "break it" turns on for `library`, with `prevent_overlapping_partitions`
/// ignored for every library.
fn bugs(library: &Library) -> ClusterBugs {
    let mut bugs = ClusterBugs {
        ignore_lost_connection: true,
        ..ClusterBugs::default()
    };
    match library {
        Library::Global(_) => bugs.skip_resolve = true,
        Library::Horde { .. } => {
            bugs.skip_conflict_exit = true;
            bugs.ignore_quorum = true;
        }
        Library::Presence(_) => bugs.no_full_state_fallback = true,
    }
    bugs
}

/// `sc` on `nodes` nodes (its actions moved onto them, see [`resize`]).
fn with_size(mut sc: ClusterScenario, nodes: usize) -> ClusterScenario {
    if nodes != sc.config.nodes {
        sc.actions = resize(&sc.actions, sc.config.nodes, nodes);
        sc.config.nodes = nodes;
    }
    sc
}

/// `sc` with `shown`'s library, keeping the bugs "break it" chose, without the actions
/// that library refuses (stopping a process is presence's only).
fn with_library(mut sc: ClusterScenario, shown: Shown) -> ClusterScenario {
    let broken = sc.config.bugs != ClusterBugs::default();
    sc.config.library = shown.library(&sc.config.library);
    sc.config.bugs = if broken {
        bugs(&sc.config.library)
    } else {
        ClusterBugs::default()
    };
    let config = sc.config.clone();
    sc.actions.retain(|t| match &t.action {
        Action::Protocol(a) => a.validate(&config).is_ok(),
        _ => true,
    });
    sc
}

fn default_scenario() -> ClusterScenario {
    cluster::preset(DEFAULT_PRESET).expect("the default preset exists")
}

impl NetsplitModel {
    /// The model for a widget placed with `args` (see [`super::ENTRY`]): `library=` alone
    /// picks that library's split-and-heal preset.
    pub fn new(args: &Args) -> Self {
        let library = args.keyword::<Shown>("library");
        let preset = args
            .word("preset")
            .or_else(|| library.map(Shown::preset))
            .unwrap_or(DEFAULT_PRESET);
        let choice = Choice::new(preset, args.seed().unwrap_or(1), false);
        let mut model = NetsplitModel {
            sim: start_or(default_scenario(), default_scenario),
            choice: choice.clone(),
            nodes: args.int("nodes").map(usize::from),
            library,
            picked: 0,
            link: (0, 1),
        };
        model.rebuild(&choice);
        model
    }

    /// The simulation.
    pub fn sim(&self) -> &ClusterSim {
        &self.sim
    }

    /// Cluster size.
    pub fn nodes(&self) -> usize {
        self.sim.state().config().nodes
    }

    /// The library of the current run.
    pub fn shown(&self) -> Shown {
        Shown::of(&self.sim.state().config().library)
    }

    /// The node the reader picked.
    pub fn picked(&self) -> NodeId {
        self.picked
    }

    /// The link the reader picked: from, to.
    pub fn link(&self) -> (NodeId, NodeId) {
        self.link
    }

    /// Drops picks of nodes the cluster no longer has.
    fn forget_missing_nodes(&mut self) {
        let n = self.nodes();
        if self.picked >= n {
            self.picked = 0;
        }
        if self.link.0 >= n || self.link.1 >= n {
            self.link = (0, 1);
        }
    }

    /// Restarts with the current run's actions (the reader's included), changed by `change`.
    fn restart(&mut self, change: impl FnOnce(ClusterScenario) -> ClusterScenario) -> Reply {
        let mut sc = self.sim.scenario();
        sc.step = 0;
        let sc = change(sc);
        let fallback = self.sim.scenario();
        self.sim = start_or(sc, || ClusterScenario {
            step: 0,
            ..fallback
        });
        self.forget_missing_nodes();
        Reply::Changed(Ok(()))
    }

    /// Applies a reader's action at the current step.
    fn apply(&mut self, action: Action<ClusterAction>) -> Reply {
        Reply::Changed(self.sim.apply(action).map_err(|e| e.0))
    }

    /// The first half of the nodes (rounded up) against the rest.
    fn split(&mut self) -> Reply {
        let n = self.nodes();
        let majority = n.div_ceil(2);
        self.apply(Action::Partition {
            groups: vec![(0..majority).collect(), (majority..n).collect()],
        })
    }

    /// The picked node against the rest.
    fn isolate(&mut self) -> Reply {
        let node = self.picked;
        let rest = (0..self.nodes()).filter(|i| *i != node).collect();
        self.apply(Action::Partition {
            groups: vec![vec![node], rest],
        })
    }

    /// A link action on the picked link (refused for a node and itself).
    fn on_link(&mut self, act: Act) -> Reply {
        let (from, to) = self.link;
        if from == to {
            return Reply::Changed(Err("pick two different nodes for the link".into()));
        }
        match act {
            Act::CutOne => self.apply(Action::Cut { from, to }),
            Act::CutBoth => self.apply(Action::CutBoth { a: from, b: to }),
            _ => self.apply(Action::Protocol(ClusterAction::Connect { from, to })),
        }
    }
}

actions! {
    /// What the reader can do to the cluster.
    pub enum Act {
        /// The node the node buttons act on, from its select.
        Pick = "pick",
        /// The same, by clicking the node in the drawing.
        Node(usize) = "node",
        /// The picked link, by clicking it in the drawing.
        Link(Pair) = "link",
        /// The picked link's first end, from its select.
        LinkFrom = "link-from",
        /// The picked link's second end, from its select.
        LinkTo = "link-to",
        /// Start (and register, or track) the name on the picked node.
        Start = "start",
        /// Stop the tracked name on the picked node (presence).
        Stop = "stop",
        /// Crash the picked node.
        Crash = "crash",
        /// Restart the picked node.
        Restart = "restart",
        /// Cut the picked link one way.
        CutOne = "cut-one",
        /// Cut the picked link both ways.
        CutBoth = "cut-both",
        /// `net_kernel:connect_node` across the picked link.
        Connect = "connect",
        /// Heal every link.
        Heal = "heal",
        /// Split the cluster into two halves.
        Split = "split",
        /// Cut the picked node off from everyone.
        Isolate = "isolate",
        /// Which library the cluster runs, from its select (the run restarts).
        Library = "library",
        /// The cluster size, from its select (the run restarts).
        Size = "size",
    }
}

impl Widget for NetsplitModel {
    type Run = ClusterSim;
    type Action = Act;
    const KIND: &'static str = "netsplit";
    const TITLE: &'static str = "Netsplit and heal";
    const PRESETS: &'static [&'static str] = cluster::PRESETS;
    const BREAK_LABEL: &'static str =
        "Break it: the library's seeded bugs (global skips its resolver, the CRDT registry sends no conflict exit and ignores quorum, presence never sends the full state; prevent_overlapping_partitions ignored)";
    const BASE_SPEED: f64 = 1.0;

    fn run(&self) -> &ClusterSim {
        &self.sim
    }
    fn run_mut(&mut self) -> &mut ClusterSim {
        &mut self.sim
    }
    fn choice(&self) -> Choice {
        self.choice.clone()
    }
    fn rebuild(&mut self, choice: &Choice) {
        let known = cluster::PRESETS.contains(&choice.preset.as_str());
        let name = if known {
            choice.preset.as_str()
        } else {
            DEFAULT_PRESET
        };
        if name != self.choice.preset {
            self.library = None;
        }
        self.choice = Choice::new(name, choice.seed, choice.broken);
        let mut sc = cluster::preset(name).unwrap_or_else(default_scenario);
        sc.seed = choice.seed;
        if let Some(n) = self.nodes.filter(|n| SIZES.contains(n)) {
            sc = with_size(sc, n);
        }
        if let Some(shown) = self.library {
            sc = with_library(sc, shown);
        }
        if choice.broken {
            sc.config.bugs = bugs(&sc.config.library);
        }
        self.sim = start_or(sc, default_scenario);
        self.forget_missing_nodes();
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim: ClusterSim = decode_sim(text)?;
        let config = sim.state().config();
        if !SIZES.contains(&config.nodes) {
            return Err(format!(
                "it has {} nodes; this widget draws 3 to 7",
                config.nodes
            ));
        }
        self.nodes = Some(config.nodes);
        self.library = Some(Shown::of(&config.library));
        self.choice.seed = sim.scenario().seed;
        self.choice.broken = config.bugs != ClusterBugs::default();
        self.sim = sim;
        self.forget_missing_nodes();
        Ok(())
    }

    fn stage(&self, clock: f64, _live: bool, out: &mut String) {
        stage::stage(self, clock, out);
    }

    fn motion(&self, _region: usize, clock: f64, out: &mut String) {
        stage::messages(self, clock, out);
    }

    fn tools(&self, live: bool, out: &mut String) {
        panel::panel(self, live, out);
    }

    fn act(&mut self, act: Act, value: &str) -> Reply {
        let n = self.nodes();
        let picked = value.parse::<usize>().ok().filter(|i| *i < n);
        let node = self.picked;
        match (act, picked) {
            (Act::Pick, Some(i)) => {
                self.picked = i;
                Reply::Redraw
            }
            (Act::Node(i), _) if i < n => {
                self.picked = i;
                Reply::Redraw
            }
            (Act::Link(Pair(a, b)), _) if a < n && b < n => {
                self.link = (a, b);
                Reply::Redraw
            }
            (Act::LinkFrom, Some(i)) => {
                self.link.0 = i;
                Reply::Redraw
            }
            (Act::LinkTo, Some(i)) => {
                self.link.1 = i;
                Reply::Redraw
            }
            (Act::Start, _) => self.apply(Action::Protocol(ClusterAction::Start {
                node,
                name: NAME.into(),
            })),
            (Act::Stop, _) => self.apply(Action::Protocol(ClusterAction::Stop {
                node,
                name: NAME.into(),
            })),
            (Act::Crash, _) => self.apply(Action::Crash { node }),
            (Act::Restart, _) => self.apply(Action::Restart { node }),
            (Act::CutOne | Act::CutBoth | Act::Connect, _) => self.on_link(act),
            (Act::Heal, _) => self.apply(Action::Heal),
            (Act::Split, _) => self.split(),
            (Act::Isolate, _) => self.isolate(),
            (Act::Library, _) => match Shown::named(value) {
                Some(shown) => {
                    self.library = Some(shown);
                    self.restart(|sc| with_library(sc, shown))
                }
                None => Reply::Ignored,
            },
            (Act::Size, _) => match value.parse::<usize>() {
                Ok(size) if SIZES.contains(&size) => {
                    self.nodes = Some(size);
                    self.restart(|sc| with_size(sc, size))
                }
                _ => Reply::Ignored,
            },
            _ => Reply::Ignored,
        }
    }
}

#[cfg(test)]
mod tests;
