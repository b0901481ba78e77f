//! The fencing widget's model: a `FencingSim` and the reader's choices.

use super::{panel, stage};
use crate::islands::registry::Args;
use crate::islands::shell::action::actions;
use crate::islands::shell::timeline::decode_sim;
use crate::islands::shell::{Choice, Reply, Widget};
use sim::fencing::{pause_of, paused_client, FencingSim, DEFAULT_PAUSE_MS};
use sim::{Sim, Time};

/// The only preset: client 1 pauses past its lease while client 2 takes the lock.
const PRESET: &str = "paused-client";

/// The pauses the reader can choose, in ms: within the lease; past it but before client
/// 2's first write; past that write.
pub const PAUSES: [Time; 3] = [200, 600, DEFAULT_PAUSE_MS];

/// A fencing run and the choices it was built from.
pub struct FencingModel {
    sim: FencingSim,
    /// Seed, and `broken` when storage ignores tokens (the "Fencing tokens" switch off).
    choice: Choice,
    /// How long client 1 pauses, in ms.
    pause: Time,
}

fn build(choice: &Choice, pause: Time) -> FencingSim {
    let mut scenario = paused_client(pause);
    scenario.seed = choice.seed;
    scenario.config.tokens = !choice.broken;
    Sim::new(scenario).unwrap_or_else(|_| {
        Sim::new(paused_client(DEFAULT_PAUSE_MS)).expect("the fencing preset is valid")
    })
}

impl FencingModel {
    /// The model for a widget placed with `args` (`tokens=off`: storage ignores them).
    pub fn new(args: &Args) -> Self {
        let choice = Choice::new(
            PRESET,
            args.seed().unwrap_or(1),
            args.on("tokens") == Some(false),
        );
        FencingModel {
            sim: build(&choice, DEFAULT_PAUSE_MS),
            choice,
            pause: DEFAULT_PAUSE_MS,
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

    /// How long client 1 pauses, in ms.
    pub fn pause(&self) -> Time {
        self.pause
    }

    /// A fresh run with the tokens switch at `tokens` and a pause of `pause` ms.
    fn restart(&mut self, tokens: bool, pause: Time) -> Reply {
        self.choice.broken = !tokens;
        self.pause = pause;
        self.sim = build(&self.choice, pause);
        Reply::Changed(Ok(()))
    }
}

actions! {
    /// The scenario's options (each restarts the run).
    pub enum Act {
        /// The "Fencing tokens" switch: storage checks tokens.
        Tokens = "tokens",
        /// Client 1's pause, from its select (ms).
        Pause = "pause",
    }
}

impl Widget for FencingModel {
    type Run = FencingSim;
    type Action = Act;
    const KIND: &'static str = "fencing";
    const TITLE: &'static str = "Leases and fencing tokens";
    const PRESETS: &'static [&'static str] = &[PRESET];
    /// None: the "Fencing tokens" switch is the one to turn off.
    const BREAK_LABEL: &'static str = "";
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
        self.sim = build(&self.choice, self.pause);
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim: FencingSim = decode_sim(text)?;
        let scenario = sim.scenario();
        self.choice = Choice::new(PRESET, scenario.seed, !scenario.config.tokens);
        self.pause = pause_of(&scenario).unwrap_or(DEFAULT_PAUSE_MS);
        self.sim = sim;
        Ok(())
    }

    fn stage(&self, clock: f64, _live: bool, out: &mut String) {
        stage::stage(self, clock, out);
    }

    fn tools(&self, live: bool, out: &mut String) {
        panel::panel(self, live, out);
    }

    fn act(&mut self, act: Act, value: &str) -> Reply {
        match act {
            Act::Tokens => self.restart(value == "true", self.pause),
            Act::Pause => match value.parse::<Time>() {
                Ok(pause) if PAUSES.contains(&pause) => self.restart(self.tokens_on(), pause),
                _ => Reply::Ignored,
            },
        }
    }

    /// `tokens` (`on` or `off`: whether storage checks them), `pause` (client 1's, in
    /// ms), `token` (the newest the lock server granted), `accepted` and `rejected`
    /// (writes storage took or refused), and `stale-accepted` (writes taken from a client
    /// whose lease had expired).
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
            ("pause".into(), self.pause.to_string()),
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
    use crate::islands::shell::action::Action as _;
    use crate::islands::shell::Timeline;

    fn model(directive: &str) -> FencingModel {
        FencingModel::new(&crate::islands::registry::args(directive))
    }

    /// A paused client says so in words: the pause glyph is an empty box in Debian's fonts.
    #[test]
    fn a_paused_client_is_labelled_in_words() {
        let mut m = model("fencing tokens=off");
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
            let mut m = model(&format!("fencing tokens={tokens}"));
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

    /// The switch is the widget's own labelled checkbox, saying that it restarts the run;
    /// the shell's "break it" switch is gone rather than a second name for it.
    #[test]
    fn the_fencing_tokens_switch_restarts_the_run_with_tokens_checked_or_not() {
        let mut m = model("fencing tokens=off");
        assert!(FencingModel::BREAK_LABEL.is_empty());
        let mut tools = String::new();
        m.tools(true, &mut tools);
        let switch = format!("<input type=\"checkbox\"{}>", Act::Tokens.attrs());
        assert!(tools.contains(&switch), "unchecked while off: {tools}");
        assert!(tools.contains("Fencing tokens") && tools.contains("the run restarts"));
        m.run_mut().seek(50);
        assert_eq!(m.act(Act::Tokens, "true"), Reply::Changed(Ok(())));
        assert!(m.tokens_on() && !m.choice().broken);
        assert_eq!(m.run().current_step(), 0, "the run restarts");
        m.run_mut().seek(10_000);
        assert!(m.sim().all_invariants_hold());
        let mut tools = String::new();
        m.tools(true, &mut tools);
        assert!(tools.contains(&format!("{} checked>", Act::Tokens.attrs())));
        // A seed change (the shell's rebuild) keeps the switch where the reader left it.
        m.rebuild(&Choice {
            seed: 4,
            ..m.choice()
        });
        assert!(m.tokens_on());
    }

    #[test]
    fn the_reader_chooses_the_pause_and_the_run_restarts_with_it() {
        let mut m = model("fencing");
        let mut tools = String::new();
        m.tools(true, &mut tools);
        for pause in PAUSES {
            assert!(
                tools.contains(&format!("<option value=\"{pause}\"")),
                "{tools}"
            );
        }
        m.run_mut().seek(40);
        assert_eq!(m.act(Act::Pause, "600"), Reply::Changed(Ok(())));
        assert_eq!((m.pause(), m.run().current_step()), (600, 0));
        assert_eq!(pause_of(&m.sim().scenario()), Some(600));
        m.run_mut().seek(10_000);
        // Woken at 700 ms, before client 2's first write: fencing cannot tell.
        let late = m
            .sim()
            .state()
            .writes
            .iter()
            .find(|w| w.client == 1)
            .cloned();
        assert!(
            late.as_ref().is_some_and(|w| w.accepted && w.stale),
            "{late:?}"
        );
        assert_eq!(
            m.act(Act::Pause, "12345"),
            Reply::Ignored,
            "not on the list"
        );
        // A shared run brings its pause back.
        let text = m.run().encode();
        let mut other = model("fencing");
        other.decode(&text).unwrap();
        assert_eq!(other.pause(), 600);
        m.rebuild(&m.choice());
        assert_eq!(
            pause_of(&m.sim().scenario()),
            Some(600),
            "reset keeps the pause"
        );
    }
}
