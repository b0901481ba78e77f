//! The fencing widget's model: a `FencingSim` and the reader's choices.

use super::stage;
use crate::islands::registry::Args;
use crate::islands::shell::action::NoAction;
use crate::islands::shell::timeline::decode_sim;
use crate::islands::shell::{Choice, Widget};
use sim::fencing::{Fencing, FencingConfig, FencingScenario, FencingSim};
use sim::{Protocol, Sim};

/// The only preset: client 1 pauses past its lease while client 2 takes the lock.
const PRESET: &str = "paused-client";

/// A fencing run and the choices it was built from.
pub struct FencingModel {
    sim: FencingSim,
    choice: Choice,
}

/// A run with no scheduled actions and the default configuration.
fn plain() -> FencingScenario {
    FencingScenario {
        seed: 1,
        config: FencingConfig::default(),
        actions: Vec::new(),
        step: 0,
    }
}

fn build(choice: &Choice) -> FencingSim {
    let mut scenario = Fencing::preset(PRESET).unwrap_or_else(plain);
    scenario.seed = choice.seed;
    scenario.config.tokens = !choice.broken;
    Sim::new(scenario)
        .unwrap_or_else(|_| Sim::new(plain()).expect("the default fencing configuration is valid"))
}

impl FencingModel {
    /// The model for a widget placed with `args` (`tokens=off` starts broken).
    pub fn new(args: &Args) -> Self {
        let choice = Choice::new(
            PRESET,
            args.seed().unwrap_or(1),
            args.on("tokens") == Some(false),
        );
        FencingModel {
            sim: build(&choice),
            choice,
        }
    }

    /// The simulation.
    pub fn sim(&self) -> &FencingSim {
        &self.sim
    }

    /// True when storage checks fencing tokens.
    pub fn tokens_on(&self) -> bool {
        self.sim.scenario().config.tokens
    }

    /// Lease length in ms.
    pub fn lease_ms(&self) -> u64 {
        self.sim.scenario().config.lease_ms.into()
    }
}

impl Widget for FencingModel {
    type Run = FencingSim;
    type Action = NoAction;
    const KIND: &'static str = "fencing";
    const TITLE: &'static str = "Leases and fencing tokens";
    const PRESETS: &'static [&'static str] = &[PRESET];
    const BREAK_LABEL: &'static str = "Break it: storage ignores fencing tokens";
    const BASE_SPEED: f64 = 0.1;

    fn run(&self) -> &FencingSim {
        &self.sim
    }
    fn run_mut(&mut self) -> &mut FencingSim {
        &mut self.sim
    }
    fn choice(&self) -> Choice {
        self.choice.clone()
    }
    fn rebuild(&mut self, choice: &Choice) {
        self.choice = Choice::new(PRESET, choice.seed, choice.broken);
        self.sim = build(&self.choice);
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim: FencingSim = decode_sim(text)?;
        let scenario = sim.scenario();
        self.choice = Choice::new(PRESET, scenario.seed, !scenario.config.tokens);
        self.sim = sim;
        Ok(())
    }

    fn stage(&self, clock: f64, _live: bool, out: &mut String) {
        stage::stage(self, clock, out);
    }

    /// `tokens` (`on` or `off`: whether storage checks them), `token` (the newest the
    /// lock server granted), `accepted` and `rejected` (writes storage took or refused),
    /// and `stale-accepted` (writes taken from a client whose lease had expired).
    #[cfg(not(feature = "hydrate"))]
    fn facts(&self) -> Vec<(String, String)> {
        let (_, f) = self.sim.view();
        let count = |keep: &dyn Fn(&sim::fencing::WriteRecord) -> bool| {
            f.writes.iter().filter(|w| keep(w)).count().to_string()
        };
        vec![
            (
                "tokens".into(),
                if self.tokens_on() { "on" } else { "off" }.into(),
            ),
            ("token".into(), f.last_token.to_string()),
            ("accepted".into(), count(&|w| w.accepted)),
            ("rejected".into(), count(&|w| !w.accepted)),
            ("stale-accepted".into(), count(&|w| w.accepted && w.stale)),
        ]
    }

    fn motion(&self, region: usize, clock: f64, out: &mut String) {
        stage::motion(self, region, clock, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::islands::shell::Timeline;

    /// A paused client says so in words: the pause glyph is an empty box in Debian's fonts.
    #[test]
    fn a_paused_client_is_labelled_in_words() {
        let mut m = FencingModel::new(&crate::islands::registry::args("fencing tokens=off"));
        let paused = (0..400).find(|&step| {
            m.run_mut().seek(step);
            let mut out = String::new();
            stage::stage(&m, m.run().now() as f64, &mut out);
            assert!(!out.contains('\u{23f8}'), "step {step}: a pause glyph");
            out.contains("paused (GC)")
        });
        assert!(paused.is_some(), "the preset pauses a client");
    }

    #[test]
    fn tokens_off_lets_the_stale_write_land_and_on_rejects_it() {
        for (tokens, holds) in [("off", false), ("on", true)] {
            let directive = format!("fencing tokens={tokens}");
            let mut m = FencingModel::new(&crate::islands::registry::args(&directive));
            m.run_mut().seek(10_000);
            assert!(m.run().finished());
            assert_eq!(m.sim().all_invariants_hold(), holds, "tokens {tokens:?}");
            let writes = &m.sim().view().1.writes;
            assert!(
                writes.iter().any(|w| w.stale),
                "the paused client wrote late"
            );
        }
    }
}
