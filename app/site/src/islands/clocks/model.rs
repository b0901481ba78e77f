//! The clocks widget's model: a [`ClocksSim`] built from a preset (or none) with the
//! content's process count, or from a shared link.

use docs::widget::{ClocksParams, ClocksPreset};
use sim::clocks::{Clocks, ClocksConfig, ClocksScenario, ClocksSim};
use sim::Scenario;

use crate::islands::shell::{timeline::decode_sim, Choice, WidgetModel};

/// The preset with no events: draw your own.
pub const EMPTY: &str = "empty";

/// The clocks widget's model.
pub struct ClocksModel {
    /// The run.
    pub sim: ClocksSim,
    processes: usize,
    choice: Choice,
}

fn preset_name(p: ClocksPreset) -> &'static str {
    match p {
        ClocksPreset::MessageChain => "message-chain",
        ClocksPreset::ConcurrentEvents => "concurrent-events",
        ClocksPreset::ForkJoin => "fork-join",
    }
}

/// The scenario of `preset` with `processes` lanes where the preset allows it.
fn scenario(preset: &str, seed: u64, processes: usize) -> ClocksScenario {
    let mut sc = ClocksSim::preset(preset, seed)
        .map(|sim| sim.scenario())
        .unwrap_or_else(|| Scenario {
            seed,
            config: ClocksConfig::default(),
            actions: Vec::new(),
            step: 0,
        });
    sc.seed = seed;
    sc.step = 0;
    let mut wanted = sc.clone();
    wanted.config.processes = processes;
    wanted.config.clocks.truncate(processes);
    if sim::sim::validate::<Clocks>(&wanted).is_ok() {
        wanted
    } else {
        sc
    }
}

fn start(sc: ClocksScenario) -> ClocksSim {
    ClocksSim::new(sc).unwrap_or_else(|_| match ClocksSim::new(scenario(EMPTY, 1, 3)) {
        Ok(sim) => sim,
        Err(e) => unreachable!("the default clocks configuration is valid: {e}"),
    })
}

impl ClocksModel {
    /// The model for the content's parameters.
    pub fn new(p: &ClocksParams) -> ClocksModel {
        let processes = p.processes.map(usize::from).unwrap_or(3);
        let choice = Choice {
            preset: p.preset.map(preset_name).unwrap_or(EMPTY).to_string(),
            seed: p.seed.unwrap_or(1),
            broken: false,
        };
        ClocksModel {
            sim: start(scenario(&choice.preset, choice.seed, processes)),
            processes,
            choice,
        }
    }
}

impl WidgetModel for ClocksModel {
    type Run = ClocksSim;
    const KIND: &'static str = "clocks";
    const PRESETS: &'static [&'static str] =
        &["message-chain", "concurrent-events", "fork-join", EMPTY];
    const BREAK_LABEL: &'static str = "";
    const BASE_SPEED: f64 = 0.1;

    fn run(&self) -> &ClocksSim {
        &self.sim
    }
    fn run_mut(&mut self) -> &mut ClocksSim {
        &mut self.sim
    }
    fn choice(&self) -> Choice {
        self.choice.clone()
    }
    fn rebuild(&mut self, choice: &Choice) {
        self.sim = start(scenario(&choice.preset, choice.seed, self.processes));
        self.choice = choice.clone();
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim = decode_sim::<Clocks>(text)?;
        self.processes = sim.scenario().config.processes;
        self.choice.seed = sim.scenario().seed;
        self.sim = sim;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_count_applies_when_the_preset_allows_it() {
        let p = |n, preset| ClocksParams {
            processes: Some(n),
            seed: Some(9),
            clock: None,
            preset,
        };
        let m = ClocksModel::new(&p(4, Some(ClocksPreset::ConcurrentEvents)));
        assert_eq!(m.sim.scenario().config.processes, 4);
        let m = ClocksModel::new(&p(2, Some(ClocksPreset::ForkJoin)));
        assert_eq!(
            m.sim.scenario().config.processes,
            3,
            "fork-join needs three lanes"
        );
        let m = ClocksModel::new(&p(5, None));
        assert_eq!(m.sim.scenario().config.processes, 5);
        assert!(m.sim.scenario().actions.is_empty());
    }
}
