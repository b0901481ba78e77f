//! The overlay widget's model: an `OverlaySim`, the node count and topology the reader
//! chose, and the node their crash, restart and broadcast buttons act on.

use super::links::Links;
use super::{panel, stage};
use crate::islands::registry::{Args, Keyword};
use crate::islands::shell::action::actions;
use crate::islands::shell::timeline::decode_sim;
use crate::islands::shell::{Choice, Paint, Reply, Widget};
use sim::overlay::{self, OverlayAction, OverlayScenario, OverlaySim, Topology};
use sim::{Action, Sim, Timed};

/// The preset used when none is given or a name is unknown.
const DEFAULT_PRESET: &str = "hyparview-50";
/// Fewest nodes the reader can choose.
pub const MIN_NODES: u8 = 10;
/// Most nodes the reader can choose (the simulation's limit).
pub const MAX_NODES: u8 = 200;

/// An overlay run and the choices it was built from.
pub struct OverlayModel {
    sim: OverlaySim,
    choice: Choice,
    nodes: usize,
    topology: Topology,
    /// The node the crash, restart and broadcast buttons act on.
    picked: usize,
    links: Links,
}

/// The preset `name` (or the default preset) with its faults fitted to `nodes`: crashes of
/// nodes the cluster lacks are left out and a split cuts the cluster in two halves.
fn scenario(choice: &Choice, nodes: usize, topology: Topology) -> OverlayScenario {
    let mut s = overlay::preset(&choice.preset)
        .or_else(|| overlay::preset(DEFAULT_PRESET))
        .expect("the default overlay preset exists");
    s.seed = choice.seed;
    s.config.nodes = nodes;
    s.config.topology = topology;
    s.config.bugs.no_passive_refill = choice.broken;
    s.actions = std::mem::take(&mut s.actions)
        .into_iter()
        .filter_map(|t| fit(t, nodes))
        .collect();
    s
}

fn fit(t: Timed<OverlayAction>, nodes: usize) -> Option<Timed<OverlayAction>> {
    match t.action {
        Action::Crash { node } if node >= nodes => None,
        Action::Partition { .. } => Some(Timed {
            action: halves(nodes),
            ..t
        }),
        _ => Some(t),
    }
}

/// The cluster cut in two: the first half of the nodes from the rest.
fn halves(nodes: usize) -> Action<OverlayAction> {
    Action::Partition {
        groups: vec![(0..nodes / 2).collect()],
    }
}

/// The preset's node count and topology.
fn preset_shape(name: &str) -> Option<(usize, Topology)> {
    overlay::preset(name).map(|s| (s.config.nodes, s.config.topology))
}

impl OverlayModel {
    /// The model for a widget placed with `args` (see [`super::ENTRY`]): the preset's
    /// cluster unless `nodes` or `topology` say otherwise.
    pub fn new(args: &Args) -> Self {
        let preset = args.word("preset").unwrap_or(DEFAULT_PRESET);
        let (nodes, topology) = preset_shape(preset).unwrap_or((50, Topology::HyParView));
        let choice = Choice::new(preset, args.seed().unwrap_or(1), false);
        let nodes = args.int("nodes").map_or(nodes, usize::from);
        let topology = args.keyword("topology").unwrap_or(topology);
        let sim = Self::build(&choice, nodes, topology);
        OverlayModel {
            sim,
            choice,
            nodes,
            topology,
            picked: 0,
            links: Links::default(),
        }
    }

    fn build(choice: &Choice, nodes: usize, topology: Topology) -> OverlaySim {
        Sim::new(scenario(choice, nodes, topology)).unwrap_or_else(|_| {
            Sim::new(scenario(choice, 50, topology))
                .expect("the overlay presets are valid at 50 nodes")
        })
    }

    /// The simulation.
    pub fn sim(&self) -> &OverlaySim {
        &self.sim
    }

    /// Number of nodes.
    pub fn nodes(&self) -> usize {
        self.nodes
    }

    /// Full mesh or HyParView.
    pub fn topology(&self) -> Topology {
        self.topology
    }

    /// The node the buttons act on.
    pub fn picked(&self) -> usize {
        self.picked
    }

    /// The connections drawn as one SVG path (cached until they change).
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// Restarts the run with `nodes` nodes as `topology`, the same preset and seed.
    fn reshape(&mut self, nodes: usize, topology: Topology) -> Reply {
        self.nodes = nodes;
        self.topology = topology;
        self.picked = self.picked.min(nodes - 1);
        self.sim = Self::build(&self.choice, nodes, topology);
        Reply::Changed(Ok(()))
    }

    fn apply(&mut self, action: Action<OverlayAction>) -> Reply {
        Reply::Changed(self.sim.apply(action).map_err(|e| e.0))
    }
}

actions! {
    /// What the reader can do to the overlay.
    pub enum Act {
        /// The cluster size, from its select (the run restarts).
        Nodes = "nodes",
        /// Full mesh or HyParView, from its select (the run restarts).
        Topology = "topology",
        /// The node the fault buttons act on, from its select.
        Pick = "pick",
        /// Crash the picked node.
        Crash = "crash",
        /// Restart the picked node.
        Restart = "restart",
        /// Broadcast a message from the picked node.
        Broadcast = "broadcast",
        /// Cut the cluster in two halves.
        Split = "split",
        /// Heal every link.
        Heal = "heal",
    }
}

impl Widget for OverlayModel {
    type Run = OverlaySim;
    type Action = Act;
    const KIND: &'static str = "overlay";
    const TITLE: &'static str = "Full mesh vs overlay";
    const PRESETS: &'static [&'static str] = overlay::PRESETS;
    const BREAK_LABEL: &'static str =
        "Break it: HyParView nodes never refill their active view from the passive view";
    const BASE_SPEED: f64 = 0.25;

    fn run(&self) -> &OverlaySim {
        &self.sim
    }
    fn run_mut(&mut self) -> &mut OverlaySim {
        &mut self.sim
    }
    fn choice(&self) -> Choice {
        self.choice.clone()
    }
    fn rebuild(&mut self, choice: &Choice) {
        let known = overlay::PRESETS.contains(&choice.preset.as_str());
        let preset = if known {
            choice.preset.as_str()
        } else {
            DEFAULT_PRESET
        };
        if preset != self.choice.preset {
            if let Some((nodes, topology)) = preset_shape(preset) {
                self.nodes = nodes;
                self.topology = topology;
                self.picked = self.picked.min(nodes - 1);
            }
        }
        self.choice = Choice::new(preset, choice.seed, choice.broken);
        self.sim = Self::build(&self.choice, self.nodes, self.topology);
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim: OverlaySim = decode_sim(text)?;
        let scenario = sim.scenario();
        self.nodes = scenario.config.nodes;
        self.topology = scenario.config.topology;
        self.picked = self.picked.min(self.nodes - 1);
        self.choice.seed = scenario.seed;
        self.choice.broken = scenario.config.bugs.no_passive_refill;
        self.sim = sim;
        Ok(())
    }

    fn stage(&self, _clock: f64, _live: bool, out: &mut String) {
        stage::stage(self, out);
    }

    fn paint(&self, clock: f64, paint: &mut Paint) {
        stage::paint(self, clock, paint);
    }

    fn tools(&self, live: bool, out: &mut String) {
        panel::panel(self, live, out);
    }

    fn act(&mut self, act: Act, value: &str) -> Reply {
        let node = self.picked;
        match act {
            Act::Nodes => match value.parse::<u8>() {
                Ok(n) if (MIN_NODES..=MAX_NODES).contains(&n) => {
                    self.reshape(n.into(), self.topology)
                }
                _ => Reply::Ignored,
            },
            Act::Topology => match Topology::named(value) {
                Some(t) => self.reshape(self.nodes, t),
                None => Reply::Ignored,
            },
            Act::Pick => match value.parse::<usize>() {
                Ok(i) if i < self.nodes => {
                    self.picked = i;
                    Reply::Redraw
                }
                _ => Reply::Ignored,
            },
            Act::Crash => self.apply(Action::Crash { node }),
            Act::Restart => self.apply(Action::Restart { node }),
            Act::Broadcast => self.apply(Action::Protocol(OverlayAction::Broadcast { node })),
            Act::Split => self.apply(halves(self.nodes)),
            Act::Heal => self.apply(Action::Heal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::islands::registry::args;

    #[test]
    fn the_directive_sets_size_and_topology_and_the_controls_rebuild() {
        let mut m = OverlayModel::new(&args("overlay nodes=20 topology=mesh"));
        m.run_mut().seek(2_000);
        assert_eq!(m.sim().view().connections, 20 * 19 / 2);
        assert_eq!(m.act(Act::Nodes, "30"), Reply::Changed(Ok(())));
        assert_eq!(m.run().now(), 0, "the run restarted");
        assert_eq!(m.act(Act::Topology, "hyparview"), Reply::Changed(Ok(())));
        assert_eq!((m.nodes(), m.topology()), (30, Topology::HyParView));
        assert_eq!(m.act(Act::Nodes, "201"), Reply::Ignored);
        assert_eq!(m.act(Act::Pick, "30"), Reply::Ignored);
    }

    #[test]
    fn a_preset_brings_its_shape_and_faults_fit_the_cluster() {
        let mut m = OverlayModel::new(&args("overlay"));
        m.rebuild(&Choice::new("mesh-50-split-heal", 3, false));
        assert_eq!((m.nodes(), m.topology()), (50, Topology::FullMesh));
        m.act(Act::Nodes, "10");
        let s = m.sim().scenario();
        assert!(s.actions.iter().any(|t| t.action == halves(10)));
        m.rebuild(&Choice::new("mesh-50-crash", 3, false));
        m.act(Act::Nodes, "10");
        let crashes = m.sim().scenario().actions;
        assert_eq!(crashes.len(), 1, "only node 3 of the five crashed exists");
    }

    #[test]
    fn a_shared_run_decodes_with_its_shape() {
        let mut m = OverlayModel::new(&args("overlay nodes=120 topology=mesh seed=4"));
        m.run_mut().seek(300);
        let text = m.run().encode();
        let mut other = OverlayModel::new(&args("overlay"));
        other.decode(&text).unwrap();
        assert_eq!((other.nodes(), other.topology()), (120, Topology::FullMesh));
        assert_eq!(other.sim().view(), m.sim().view());
        assert!(other.decode("v1.AAAA").is_err());
    }
}
