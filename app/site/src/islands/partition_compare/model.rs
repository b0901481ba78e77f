//! The partition comparison's model: a `CompareSim` (Raft and an OR-Set on one timeline)
//! and the reader's choices.

use super::{panel, stage};
use crate::islands::registry::Args;
use crate::islands::shell::action::actions;
use crate::islands::shell::timeline::MAX_WIDGET_STEP;
use crate::islands::shell::{Badge, Choice, Reply, Timeline, Widget};
use sim::compare::{CompareAction, CompareSim, Preset};
use sim::crdt::CrdtAction;

/// The preset used when none is given or a name is unknown.
const DEFAULT_PRESET: Preset = Preset::LeaderInMajority;

/// The comparison run and the choices it was built from.
pub struct CompareModel {
    sim: CompareSim,
    nodes: usize,
    choice: Choice,
}

fn preset(choice: &Choice) -> Preset {
    Preset::named(&choice.preset).unwrap_or(DEFAULT_PRESET)
}

fn build(nodes: usize, choice: &Choice) -> CompareSim {
    let schedule = preset(choice).schedule(nodes);
    CompareSim::new(nodes, choice.seed, &schedule, choice.broken)
        .or_else(|_| CompareSim::new(5, 1, &DEFAULT_PRESET.schedule(5), false))
        .expect("the comparison is valid for 3 to 5 nodes (see sim's compare tests)")
}

/// The elements the run's writes add, scheduled and the reader's, in order.
fn written(sim: &CompareSim) -> Vec<String> {
    sim.crdt()
        .scenario()
        .actions
        .into_iter()
        .filter_map(|t| match t.action {
            sim::Action::Protocol(CrdtAction::Add { element, .. }) => Some(element),
            _ => None,
        })
        .collect()
}

/// The first of `a` to `z`, then `a1` to `z1`, and so on, that no write of the run
/// (scheduled or the reader's) adds: the reader's writes are named like the preset's.
fn free_element(sim: &CompareSim) -> String {
    let used = written(sim);
    (0..)
        .map(|k: u32| {
            let letter = char::from(b'a' + (k % 26) as u8);
            match k / 26 {
                0 => letter.to_string(),
                round => format!("{letter}{round}"),
            }
        })
        .find(|name| !used.contains(name))
        .unwrap_or_default()
}

impl CompareModel {
    /// The model for a widget placed with `params`: 3 or 5 nodes (odd, so one side of
    /// the split is a majority; the OR-Set allows at most 5 replicas), and its preset.
    pub fn new(args: &Args) -> Self {
        let nodes = if args.int("nodes").unwrap_or(5) <= 4 {
            3
        } else {
            5
        };
        let preset = args
            .word("preset")
            .and_then(Preset::named)
            .unwrap_or(DEFAULT_PRESET);
        let choice = Choice::new(preset.name(), args.seed().unwrap_or(1), false);
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
    const PRESETS: &'static [&'static str] = &Preset::NAMES;
    const BREAK_LABEL: &'static str =
        "Break it: Raft votes without checking logs, PreVote and CheckQuorum off (restarts the run)";
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
        self.choice = Choice::new(preset(choice).name(), choice.seed, choice.broken);
        self.sim = build(self.nodes, &self.choice);
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim = CompareSim::decode(text, MAX_WIDGET_STEP).map_err(|e| e.0)?;
        let scenario = sim.raft().scenario();
        self.nodes = scenario.config.nodes;
        self.choice = Choice::new(
            sim.preset().unwrap_or(DEFAULT_PRESET).name(),
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
    /// `raft-leaders` (how many up nodes think they lead), `raft-committed`,
    /// `raft-refused`, `raft-lost` and `raft-in-doubt` (the writes sent to it, by what
    /// became of them), and per node `raft-role-n1` and `raft-terms-n1` (each entry's
    /// term, `1,1,2`, or `none`); for the CRDT side: `crdt-converged` (`yes` or `no`) and
    /// per replica `crdt-value-n1`.
    #[cfg(not(feature = "hydrate"))]
    fn facts(&self) -> Vec<(String, String)> {
        use crate::islands::shell::ring::name;
        let raft = self.sim.raft().view();
        let leader = raft.leader().map_or("none".into(), name);
        let writes = self.sim.raft_writes();
        let crdt = self.sim.crdt().view();
        let mut facts = vec![
            ("raft-leader".to_string(), leader),
            (
                "raft-leaders".to_string(),
                raft.leaders().count().to_string(),
            ),
            ("raft-committed".to_string(), writes.committed.to_string()),
            ("raft-refused".to_string(), writes.refused.to_string()),
            ("raft-lost".to_string(), writes.lost.to_string()),
            ("raft-in-doubt".to_string(), writes.in_doubt().to_string()),
            (
                "crdt-converged".to_string(),
                if crdt.converged { "yes" } else { "no" }.to_string(),
            ),
        ];
        for n in &raft.nodes {
            let id = name(n.id);
            facts.push((
                format!("raft-role-{id}"),
                stage::role_word(n.status, n.role).to_string(),
            ));
            let terms: Vec<String> = n.log.iter().map(|e| e.term.to_string()).collect();
            facts.push((
                format!("raft-terms-{id}"),
                if terms.is_empty() {
                    "none".into()
                } else {
                    terms.join(",")
                },
            ));
        }
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
                element: free_element(&self.sim),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn model(directive: &str) -> CompareModel {
        CompareModel::new(&crate::islands::registry::args(directive))
    }

    fn elements(m: &CompareModel) -> Vec<String> {
        written(m.sim())
    }

    #[test]
    fn the_readers_writes_are_named_like_the_presets_with_the_next_free_letter() {
        let mut m = model("partition-compare nodes=5");
        assert_eq!(elements(&m), ["a", "b", "c", "d"]);
        m.run_mut().seek(30);
        assert_eq!(m.act(Act::Write(0), ""), Reply::Changed(Ok(())));
        assert_eq!(m.act(Act::Write(4), ""), Reply::Changed(Ok(())));
        assert_eq!(elements(&m)[4..], ["e", "f"]);
        m.run_mut().run_until(3_000);
        let value = &m.sim().crdt().view().replicas[2].value;
        assert_eq!(value.replace(' ', ""), "{a,b,c,d,e,f}");
    }

    #[test]
    fn the_reader_can_put_the_leader_in_the_minority_and_the_stale_write_is_counted_lost() {
        assert_eq!(
            CompareModel::PRESETS,
            ["leader-in-majority", "leader-in-minority"]
        );
        assert!(CompareModel::BREAK_LABEL.contains("restarts the run"));
        let mut m = model("partition-compare nodes=5");
        assert_eq!(m.sim().preset(), Some(Preset::LeaderInMajority));
        m.rebuild(&Choice::new("leader-in-minority", 1, false));
        assert_eq!(m.choice().preset, "leader-in-minority");
        assert_eq!(m.sim().preset(), Some(Preset::LeaderInMinority));
        m.run_mut().run_until(3_000);
        let mut out = String::new();
        stage::stage(&m, m.run().now() as f64, &mut out);
        assert!(
            out.contains("1 write lost (accepted by a leader that could not commit them"),
            "{out}"
        );
        // A shared run comes back with its preset chosen.
        let mut other = model("partition-compare nodes=5");
        other.decode(&m.run().encode()).unwrap();
        assert_eq!(other.choice().preset, "leader-in-minority");
        // The directive can start it too.
        let placed = model("partition-compare nodes=3 preset=leader-in-minority");
        assert_eq!(placed.sim().preset(), Some(Preset::LeaderInMinority));
    }
}
