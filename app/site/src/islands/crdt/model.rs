//! The CRDT widget's model: a [`CrdtSim`] plus the reader's settings (type, replica
//! count, sync mode, lossy network) and the operand the buttons use, rebuilt from
//! presets or shared links; its `act` carries out every control.

use crate::islands::registry::Args;
use sim::crdt::{Crdt, CrdtAction, CrdtConfig, CrdtKind, CrdtScenario, CrdtSim, SyncMode};
use sim::{Action, Scenario, Timed, Trigger};

use super::{operands, settings, stage, KINDS};
use crate::islands::shell::action::{actions, Pair};
use crate::islands::shell::presets::{adjusted, preset_or_empty, EMPTY};
use crate::islands::shell::timeline::decode_sim;
use crate::islands::shell::{Choice, Reply, Widget};

/// Loss rate of the "lossy network" switch, per thousand messages.
pub const LOSSY_PER_MILLE: u16 = 250;

/// The reader's settings that survive a preset change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Data type of the empty preset.
    pub kind: CrdtKind,
    /// Replica count (2..=5).
    pub replicas: usize,
    /// State or delta sync.
    pub sync: SyncMode,
    /// True when the network loses messages.
    pub lossy: bool,
}

/// The CRDT widget's model.
pub struct CrdtModel {
    /// The run.
    pub sim: CrdtSim,
    /// The settings it was built with.
    pub settings: Settings,
    /// Index of the element or value the add/remove/set buttons use (see [`operands`]).
    pub operand: usize,
    choice: Choice,
}

/// The scenario for `preset` with `settings` applied where the preset allows them.
fn scenario(preset: &str, seed: u64, s: Settings) -> CrdtScenario {
    let empty = CrdtConfig {
        kind: s.kind,
        ..CrdtConfig::default()
    };
    let sc = preset_or_empty::<Crdt>(preset, seed, || empty);
    // A preset that ships deltas (its lesson is their bytes) keeps them.
    let sync = match sc.config.sync {
        SyncMode::Delta => SyncMode::Delta,
        SyncMode::State => s.sync,
    };
    let wanted = adjusted::<Crdt>(sc, |sc| {
        let preset_replicas = sc.config.replicas;
        sc.config.replicas = s.replicas;
        sc.config.sync = sync;
        sc.config.net.loss_per_mille = if s.lossy { LOSSY_PER_MILLE } else { 0 };
        reach_added_replicas(sc, preset_replicas);
    });
    wanted.unwrap_or_else(|mut sc| {
        sc.config.sync = sync;
        sc
    })
}

/// When the reader asked for more replicas than a preset has, the first replica syncs
/// to each added one after the preset's own operations, so they take part too.
fn reach_added_replicas(sc: &mut CrdtScenario, preset_replicas: usize) {
    let last = sc
        .actions
        .iter()
        .filter_map(|t| match t.trigger {
            Trigger::AtTime(time) => Some(time),
            Trigger::AfterStep(_) => None,
        })
        .max();
    let Some(last) = last else {
        return;
    };
    for to in preset_replicas..sc.config.replicas {
        sc.actions.push(Timed {
            trigger: Trigger::AtTime(last + 100),
            action: sim::Action::Protocol(sim::crdt::CrdtAction::Sync { from: 0, to }),
        });
    }
}

/// The settings a scenario was built with.
fn settings_of(config: &CrdtConfig) -> Settings {
    Settings {
        kind: config.kind,
        replicas: config.replicas,
        sync: config.sync,
        lossy: config.net.loss_per_mille > 0,
    }
}

impl CrdtModel {
    /// The model for the content's parameters (see [`super::ENTRY`]).
    pub fn new(args: &Args) -> CrdtModel {
        let settings = Settings {
            kind: args.keyword("type").unwrap_or(CrdtKind::OrSet),
            replicas: args.int("replicas").map_or(3, usize::from),
            sync: args.keyword("sync").unwrap_or(SyncMode::State),
            lossy: false,
        };
        let choice = Choice {
            preset: args.word("preset").unwrap_or(EMPTY).to_string(),
            seed: args.seed().unwrap_or(1),
            broken: false,
        };
        let mut model = CrdtModel {
            sim: fallback(),
            settings,
            operand: 0,
            choice: choice.clone(),
        };
        model.rebuild(&choice);
        model
    }

    /// Rebuilds the run with new settings, keeping every action that still applies (not
    /// an add under a counter, nor one at a replica no longer there) at the virtual time
    /// it happened, and returns to the same virtual time.
    pub fn change_settings(&mut self, settings: Settings) -> Result<(), String> {
        let now = self.sim.now();
        let mut sc = retimed(&self.sim);
        sc.config.kind = settings.kind;
        sc.config.sync = settings.sync;
        sc.config.replicas = settings.replicas;
        sc.config.net.loss_per_mille = if settings.lossy { LOSSY_PER_MILLE } else { 0 };
        sc.step = 0;
        sc.actions
            .retain(|t| sim::sim::validate_action::<Crdt>(&sc.config, &t.action).is_ok());
        let mut sim = CrdtSim::new(sc).map_err(|e| e.0)?;
        sim.run_until(now);
        self.sim = sim;
        self.settings = settings;
        Ok(())
    }

    /// Rebuilds the run with the settings changed by `f` (see [`Self::change_settings`]).
    fn change(&mut self, f: impl FnOnce(&mut Settings)) -> Reply {
        let mut s = self.settings;
        f(&mut s);
        Reply::Changed(self.change_settings(s))
    }

    /// Splits the replicas in two halves, or heals the split and runs an anti-entropy
    /// round, so that what the partition dropped is sent again.
    fn toggle_partition(&mut self) -> Result<(), String> {
        let n = self.settings.replicas;
        if self.sim.view().cut_links.is_empty() {
            let groups = vec![(0..n / 2).collect()];
            return self.apply(Action::Partition { groups });
        }
        self.apply(Action::Heal)?;
        self.apply(Action::Protocol(CrdtAction::AntiEntropy))
    }

    fn apply(&mut self, action: Action<CrdtAction>) -> Result<(), String> {
        self.sim.apply(action).map_err(|e| e.0)
    }

    /// The operation `act` at replica `arg`, with the chosen operand; `None` if unknown.
    fn operation(&self, act: Act) -> Option<CrdtAction> {
        let n = self.settings.replicas;
        let word = || operands(self.settings.kind)[self.operand.min(2)].to_string();
        Some(match act {
            Act::Sync(Pair(from, to)) if from < n && to < n => CrdtAction::Sync { from, to },
            Act::Inc(replica) if replica < n => CrdtAction::Increment { replica },
            Act::Dec(replica) if replica < n => CrdtAction::Decrement { replica },
            Act::Set(replica) if replica < n => CrdtAction::Set {
                replica,
                value: word(),
            },
            Act::Add(replica) if replica < n => CrdtAction::Add {
                replica,
                element: word(),
            },
            Act::Remove(replica) if replica < n => CrdtAction::Remove {
                replica,
                element: word(),
            },
            _ => return None,
        })
    }
}

/// The current scenario with every step-triggered action moved to the virtual time of
/// its step, so it survives changes that add or remove steps.
fn retimed(sim: &CrdtSim) -> CrdtScenario {
    let mut sc = sim.scenario();
    for t in &mut sc.actions {
        if let Trigger::AfterStep(step) = t.trigger {
            // The action ran as the next step, at the time of its step; its record says
            // when (a copy of the run seeking there took 1.5 KB more WASM code).
            let ran = sim.events_at(step + 1).first();
            t.trigger = Trigger::AtTime(ran.map_or(sim.now(), |e| e.time));
        }
    }
    // One copy of the sort code for every protocol (`sim::sorted_by_key`).
    sc.actions = sim::sorted_by_key(std::mem::take(&mut sc.actions), |t: &Timed<_>| {
        let time = match t.trigger {
            Trigger::AtTime(time) => time,
            Trigger::AfterStep(_) => 0,
        };
        (time, 0)
    });
    sc
}

/// A run that always starts: the empty OR-Set.
fn fallback() -> CrdtSim {
    match CrdtSim::new(Scenario {
        seed: 1,
        config: CrdtConfig::default(),
        actions: Vec::new(),
        step: 0,
    }) {
        Ok(sim) => sim,
        Err(e) => unreachable!("the default CRDT configuration is valid: {e}"),
    }
}

actions! {
    /// What the reader can do to the replicas.
    pub enum Act {
        /// The CRDT type, from its select (the run restarts with the actions that apply).
        Kind = "kind",
        /// The number of replicas, from its select.
        Replicas = "replicas",
        /// The "ship deltas" switch.
        Delta = "delta",
        /// The lossy-network switch.
        Lossy = "lossy",
        /// Partition the replicas, or heal the partition.
        Partition = "partition",
        /// Every replica syncs with every peer.
        AntiEntropy = "anti-entropy",
        /// The operand the operation buttons use, from its select.
        Operand = "operand",
        /// Increment a counter at a replica.
        Inc(usize) = "inc",
        /// Decrement a counter at a replica.
        Dec(usize) = "dec",
        /// Set the register at a replica.
        Set(usize) = "set",
        /// Add the operand to the set at a replica.
        Add(usize) = "add",
        /// Remove the operand from the set at a replica.
        Remove(usize) = "remove",
        /// Ship one replica's state (or delta) to another.
        Sync(Pair) = "sync",
    }
}

impl Widget for CrdtModel {
    type Run = CrdtSim;
    type Action = Act;
    const KIND: &'static str = "crdt";
    const TITLE: &'static str = "CRDT merges";
    const PRESETS: &'static [&'static str] = &[
        "concurrent-increments",
        "add-remove",
        "lww-skew",
        "large-set",
        EMPTY,
    ];
    const BREAK_LABEL: &'static str = "";
    const BASE_SPEED: f64 = 0.1;

    fn run(&self) -> &CrdtSim {
        &self.sim
    }
    fn run_mut(&mut self) -> &mut CrdtSim {
        &mut self.sim
    }
    fn choice(&self) -> Choice {
        self.choice.clone()
    }
    fn rebuild(&mut self, choice: &Choice) {
        let sc = scenario(&choice.preset, choice.seed, self.settings);
        self.sim = CrdtSim::new(sc).unwrap_or_else(|_| fallback());
        self.settings = settings_of(&self.sim.scenario().config);
        self.choice = choice.clone();
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim = decode_sim::<sim::crdt::Crdt>(text)?;
        self.settings = settings_of(&sim.scenario().config);
        self.choice.seed = sim.scenario().seed;
        self.sim = sim;
        Ok(())
    }

    fn stage(&self, clock: f64, live: bool, out: &mut String) {
        settings::settings_bar(self, live, out);
        stage::status_line(self, out);
        stage::crdt_stage(self, clock, out);
        super::cards(self, live, out);
    }

    fn motion(&self, _region: usize, clock: f64, out: &mut String) {
        stage::messages(self, clock, out);
    }

    /// `converged` (`yes` or `no`), `bytes` (shipped so far), and per replica
    /// `value-n1` (its value in words, as drawn).
    #[cfg(not(feature = "hydrate"))]
    fn facts(&self) -> Vec<(String, String)> {
        use crate::islands::shell::ring::name;
        let v = self.sim.view();
        let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
        let mut facts = vec![
            ("converged".to_string(), yes(v.converged)),
            ("bytes".to_string(), v.bytes_shipped.to_string()),
        ];
        for r in &v.replicas {
            facts.push((format!("value-{}", name(r.id)), r.value.replace(' ', "")));
        }
        facts
    }

    fn act(&mut self, act: Act, value: &str) -> Reply {
        let on = value == "true";
        match act {
            Act::Kind => {
                let i: usize = value.parse().unwrap_or(0);
                let kind = KINDS.get(i).map_or(CrdtKind::OrSet, |k| k.0);
                // No preset's run any more: a reset starts an empty one of this type.
                self.choice.preset = EMPTY.into();
                self.change(|s| s.kind = kind)
            }
            Act::Replicas => {
                let n: usize = value.parse().unwrap_or(3);
                self.change(|s| s.replicas = n.clamp(2, 5))
            }
            Act::Delta => {
                self.change(|s| s.sync = if on { SyncMode::Delta } else { SyncMode::State })
            }
            Act::Lossy => self.change(|s| s.lossy = on),
            Act::Partition => Reply::Changed(self.toggle_partition()),
            Act::AntiEntropy => {
                Reply::Changed(self.apply(Action::Protocol(CrdtAction::AntiEntropy)))
            }
            Act::Operand => {
                self.operand = value.parse::<usize>().unwrap_or(0).min(2);
                Reply::Redraw
            }
            _ => match self.operation(act) {
                Some(op) => Reply::Changed(self.apply(Action::Protocol(op))),
                None => Reply::Ignored,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::islands::registry::args;

    fn params(preset: &str) -> Args {
        args(&format!(
            "crdt type=or-set replicas=3 seed=5 sync=delta preset={preset}"
        ))
    }

    #[test]
    fn content_parameters_apply_to_the_preset() {
        let m = CrdtModel::new(&params("add-remove"));
        let config = m.sim.scenario().config;
        assert_eq!((config.replicas, config.sync), (3, SyncMode::Delta));
        assert_eq!(m.choice().preset, "add-remove");
    }

    #[test]
    fn a_preset_keeps_its_own_replicas_when_fewer_would_break_it() {
        let m = CrdtModel::new(&args(
            "crdt type=or-set replicas=2 seed=5 sync=delta preset=concurrent-increments",
        ));
        assert_eq!(m.sim.scenario().config.replicas, 3);
    }

    #[test]
    fn add_remove_converges_with_add_winning() {
        let mut m = CrdtModel::new(&params("add-remove"));
        while m.sim.step() {}
        let v = m.sim.view();
        assert!(v.converged);
        assert_eq!(v.replicas.len(), 3);
        assert!(v.replicas.iter().all(|r| r.value == "{x}"), "{v:?}");
    }

    #[test]
    fn buttons_act_with_the_chosen_operand_and_sync_between_replicas() {
        let mut m = CrdtModel::new(&args("crdt type=or-set replicas=3 seed=5 sync=delta"));
        assert_eq!(m.act(Act::Operand, "1"), Reply::Redraw);
        assert_eq!(m.act(Act::Add(1), ""), Reply::Changed(Ok(())));
        assert_eq!(m.act(Act::Sync(Pair(1, 2)), ""), Reply::Changed(Ok(())));
        assert_eq!(m.act(Act::Add(9), ""), Reply::Ignored);
        assert_eq!(m.act(Act::Sync(Pair(1, 9)), ""), Reply::Ignored);
        while m.sim.step() {}
        let values: Vec<String> = m.sim.view().replicas.into_iter().map(|r| r.value).collect();
        assert_eq!(values, ["{}", "{y}", "{y}"]);
    }

    #[test]
    fn the_static_render_has_every_control_disabled_and_labelled() {
        let m = CrdtModel::new(&params("add-remove"));
        let mut html = String::new();
        m.stage(0.0, false, &mut html);
        for label in [
            "aria-label=\"Add x at n2\"",
            "aria-label=\"Sync n1 to n3\"",
            "Ship deltas",
        ] {
            assert!(html.contains(label), "{label} in {html}");
        }
        assert_eq!(
            html.matches("<button").count()
                + html.matches("<select").count()
                + html.matches("<input").count(),
            html.matches(" disabled").count()
        );
        assert_eq!(html.matches("data-motion").count(), 1);
    }

    #[test]
    fn changing_sync_mode_keeps_operations_and_time() {
        let mut m = CrdtModel::new(&args("crdt type=or-set replicas=3 seed=5 sync=delta"));
        m.sim
            .apply(sim::Action::Protocol(sim::crdt::CrdtAction::Add {
                replica: 0,
                element: "x".into(),
            }))
            .unwrap();
        m.sim
            .apply(sim::Action::Protocol(sim::crdt::CrdtAction::Sync {
                from: 0,
                to: 1,
            }))
            .unwrap();
        while m.sim.step() {}
        let before = m.sim.view().replicas[1].value.clone();
        let s = Settings {
            sync: SyncMode::State,
            ..m.settings
        };
        m.change_settings(s).unwrap();
        while m.sim.step() {}
        assert_eq!(m.sim.view().replicas[1].value, before);
        assert_eq!(m.sim.view().sync, SyncMode::State);
        assert_eq!(m.sim.scenario().actions.len(), 2, "both operations kept");
    }

    /// The type select says that it restarts the run; a counter keeps the increments of
    /// the other counter, a set keeps only the syncs of a counter's run.
    #[test]
    fn changing_type_restarts_the_run_with_the_actions_that_still_apply() {
        let mut m = CrdtModel::new(&params("concurrent-increments"));
        let mut html = String::new();
        m.stage(0.0, true, &mut html);
        assert!(
            html.contains("<legend>Changing these restarts the run"),
            "{html}"
        );
        m.sim.run_until(1_000);
        let now = m.sim.now();
        assert_eq!(m.act(Act::Inc(1), ""), Reply::Changed(Ok(())));
        let pn = KINDS
            .iter()
            .position(|k| k.0 == CrdtKind::PnCounter)
            .unwrap();
        assert_eq!(m.act(Act::Kind, &pn.to_string()), Reply::Changed(Ok(())));
        let v = m.sim.view();
        assert_eq!((v.kind, v.now), (CrdtKind::PnCounter, now));
        assert_eq!(v.replicas[1].value, "7", "the seven increments are kept");
        let last = m.sim.scenario().actions.pop().map(|t| t.trigger);
        assert_eq!(last, Some(Trigger::AtTime(now)), "the reader's at its time");
        assert_eq!(m.choice().preset, EMPTY);

        let set = KINDS.iter().position(|k| k.0 == CrdtKind::OrSet).unwrap();
        assert_eq!(m.act(Act::Kind, &set.to_string()), Reply::Changed(Ok(())));
        let actions = m.sim.scenario().actions;
        assert_eq!(actions.len(), 4, "the four syncs: {actions:?}");
        assert_eq!(m.sim.view().replicas[0].value, "{}");
    }

    /// Healing the partition runs an anti-entropy round: the delta lost at the cut is
    /// sent again and the replicas converge with no sync button pressed.
    #[test]
    fn healing_resends_what_the_partition_dropped() {
        let mut m = CrdtModel::new(&args("crdt type=or-set replicas=3 seed=5 sync=delta"));
        assert_eq!(m.act(Act::Partition, ""), Reply::Changed(Ok(())));
        m.act(Act::Add(0), "");
        m.act(Act::Sync(Pair(0, 1)), "");
        while m.sim.step() {}
        let mut html = String::new();
        stage::status_line(&m, &mut html);
        assert!(
            html.contains("✗ Not converged: n2 lacks what n1 holds: x (n1:1)"),
            "{html}"
        );
        assert_eq!(m.act(Act::Partition, ""), Reply::Changed(Ok(())));
        while m.sim.step() {}
        assert!(m.sim.view().converged);
        assert!(m
            .sim
            .describe_until_now()
            .iter()
            .any(|l| l.contains("reader: anti-entropy")));
        assert_eq!(m.act(Act::AntiEntropy, ""), Reply::Changed(Ok(())));
    }

    /// The preset whose lesson is the bytes of deltas ships deltas whatever the switch
    /// said, and draws them against full states.
    #[test]
    fn the_large_set_ships_deltas_and_draws_the_bytes_over_time() {
        let mut m = CrdtModel::new(&args("crdt type=or-set replicas=3 seed=5 sync=state"));
        m.rebuild(&Choice::new("large-set", 5, false));
        assert_eq!(m.settings.sync, SyncMode::Delta);
        m.sim.run_until(10_000);
        let mut html = String::new();
        stage::status_line(&m, &mut html);
        assert!(html.contains("class=\"crdt-spark\""), "{html}");
        assert!(
            html.contains(
                "Bytes shipped: 927 as deltas (solid line); full states would have shipped 4784"
            ),
            "{html}"
        );
        // The drawing cuts the long value short; the 32 rows of each table scroll.
        html.clear();
        m.stage(0.0, true, &mut html);
        assert!(html.contains(">{A, B, C, D,…</text>"), "{html}");
        assert_eq!(
            html.matches("<div class=\"crdt-scroll\" tabindex=\"0\"")
                .count(),
            3
        );
    }
}
