//! The partition comparison's model: a `CompareSim` (Raft and an OR-Set on one timeline)
//! and the reader's choices.

use super::{panel, stage};
use crate::islands::registry::Args;
use crate::islands::shell::action::actions;
use crate::islands::shell::timeline::MAX_WIDGET_STEP;
use crate::islands::shell::{Badge, Choice, Reply, Timeline, Widget};
use sim::compare::{default_schedule, CompareAction, CompareSim};

/// The only preset: a minority cut off, writes on both sides, then a heal.
const PRESET: &str = "partition-heal";

/// The comparison run and the choices it was built from.
pub struct CompareModel {
    sim: CompareSim,
    nodes: usize,
    choice: Choice,
}

fn build(nodes: usize, choice: &Choice) -> CompareSim {
    CompareSim::new(nodes, choice.seed, &default_schedule(nodes), choice.broken)
        .or_else(|_| CompareSim::new(5, 1, &default_schedule(5), false))
        .expect("the comparison is valid for 3 to 5 nodes (see sim's compare tests)")
}

impl CompareModel {
    /// The model for a widget placed with `params`: 3 or 5 nodes (odd, so one side of
    /// the split is a majority; the OR-Set allows at most 5 replicas).
    pub fn new(args: &Args) -> Self {
        let nodes = if args.int("nodes").unwrap_or(5) <= 4 {
            3
        } else {
            5
        };
        let choice = Choice::new(PRESET, args.seed().unwrap_or(1), false);
        CompareModel {
            sim: build(nodes, &choice),
            nodes,
            choice,
        }
    }

    /// The comparison.
    pub fn sim(&self) -> &CompareSim {
        &self.sim
    }

    /// Cluster size.
    pub fn nodes(&self) -> usize {
        self.nodes
    }

    /// Applies a reader's action to both sides.
    pub fn apply(&mut self, action: CompareAction) -> Result<(), String> {
        self.sim.apply(action).map_err(|e| e.0)
    }
}

impl Timeline for CompareSim {
    fn step(&mut self) -> bool {
        CompareSim::step(self)
    }
    fn seek(&mut self, step: u64) {
        CompareSim::seek(self, step.min(MAX_WIDGET_STEP))
    }
    fn run_until(&mut self, until: u64) {
        if self.current_step() < MAX_WIDGET_STEP {
            CompareSim::run_until(self, until)
        }
    }
    fn current_step(&self) -> u64 {
        CompareSim::current_step(self)
    }
    fn recorded_steps(&self) -> u64 {
        CompareSim::recorded_steps(self)
    }
    fn now(&self) -> u64 {
        CompareSim::now(self)
    }
    fn next_time(&self) -> Option<u64> {
        CompareSim::next_time(self)
    }
    fn describe_step(&self, step: u64) -> Vec<String> {
        CompareSim::describe_step(self, step)
    }
    fn badges(&self) -> Vec<Badge> {
        self.invariants()
            .into_iter()
            .map(|(name, i)| Badge {
                name,
                failed: i.violated_at.map(|s| (s, i.detail.unwrap_or_default())),
            })
            .collect()
    }
    fn encode(&self) -> String {
        CompareSim::encode(self)
    }
}

actions! {
    /// What the reader does to both systems at once.
    pub enum Act {
        /// A client writes at a node.
        Write(usize) = "write",
        /// Partition the nodes into a minority and a majority.
        Split = "split",
        /// Heal the partition.
        Heal = "heal",
    }
}

impl Widget for CompareModel {
    type Run = CompareSim;
    type Action = Act;
    const KIND: &'static str = "partition-compare";
    const TITLE: &'static str = "CP versus AP under a partition";
    const PRESETS: &'static [&'static str] = &[PRESET];
    const BREAK_LABEL: &'static str =
        "Break it: Raft votes without checking logs (PreVote and CheckQuorum off)";
    const BASE_SPEED: f64 = 0.05;

    fn run(&self) -> &CompareSim {
        &self.sim
    }
    fn run_mut(&mut self) -> &mut CompareSim {
        &mut self.sim
    }
    fn choice(&self) -> Choice {
        self.choice.clone()
    }
    fn rebuild(&mut self, choice: &Choice) {
        self.choice = Choice::new(PRESET, choice.seed, choice.broken);
        self.sim = build(self.nodes, &self.choice);
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim = CompareSim::decode(text, MAX_WIDGET_STEP).map_err(|e| e.0)?;
        let scenario = sim.raft().scenario();
        self.nodes = scenario.config.nodes;
        self.choice = Choice::new(
            PRESET,
            scenario.seed,
            scenario.config.bugs.vote_without_log_check,
        );
        self.sim = sim;
        Ok(())
    }

    fn stage(&self, clock: f64, _live: bool, out: &mut String) {
        stage::stage(self, clock, out);
    }

    fn motion(&self, region: usize, clock: f64, out: &mut String) {
        stage::motion(self, region, clock, out);
    }

    fn tools(&self, live: bool, out: &mut String) {
        panel::panel(self, live, out);
    }

    /// For the Raft side: `raft-leader` (the up leader of the highest term, or `none`),
    /// `raft-committed`, `raft-refused` and `raft-in-doubt` (the writes sent to it, by
    /// what became of them); for the CRDT side: `crdt-converged` (`yes` or `no`) and per
    /// replica `crdt-value-n1`.
    #[cfg(not(feature = "hydrate"))]
    fn facts(&self) -> Vec<(String, String)> {
        use crate::islands::shell::ring::name;
        let leader = self.sim.raft().view().leader().map_or("none".into(), name);
        let writes = self.sim.raft_writes();
        let crdt = self.sim.crdt().view();
        let mut facts = vec![
            ("raft-leader".to_string(), leader),
            ("raft-committed".to_string(), writes.committed.to_string()),
            ("raft-refused".to_string(), writes.refused.to_string()),
            ("raft-in-doubt".to_string(), writes.in_doubt().to_string()),
            (
                "crdt-converged".to_string(),
                if crdt.converged { "yes" } else { "no" }.to_string(),
            ),
        ];
        for r in &crdt.replicas {
            facts.push((
                format!("crdt-value-{}", name(r.id)),
                r.value.replace(' ', ""),
            ));
        }
        facts
    }

    fn act(&mut self, act: Act, _value: &str) -> Reply {
        let n = self.nodes;
        let action = match act {
            Act::Write(node) if node < n => CompareAction::Write {
                node,
                element: format!("x{}", self.sim.current_step()),
            },
            Act::Split => CompareAction::Partition {
                groups: vec![(0..n / 2).collect(), (n / 2..n).collect()],
            },
            Act::Heal => CompareAction::Heal,
            Act::Write(_) => return Reply::Ignored,
        };
        Reply::Changed(self.apply(action))
    }
}
