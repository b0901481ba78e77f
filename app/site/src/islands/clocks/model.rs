//! The clocks widget's model: a [`ClocksSim`] built from a preset (or none) with the
//! content's process count, or from a shared link, plus the reader's selections (the
//! clock shown and the selected events).

use crate::islands::registry::Args;
use sim::clocks::{Clocks, ClocksAction, ClocksConfig, ClocksScenario, ClocksSim};
use sim::Action;

use super::diagram::{self, ClockShown};
use super::panels;
use super::walls;
use crate::islands::shell::action::{actions, Pair};
use crate::islands::shell::presets::{self, EMPTY};
use crate::islands::shell::timeline::decode_sim;
use crate::islands::shell::{Choice, Reply, Widget};

/// The clocks widget's model.
pub struct ClocksModel {
    /// The run.
    pub sim: ClocksSim,
    processes: usize,
    choice: Choice,
    /// Which timestamp the events show.
    pub shown: ClockShown,
    /// The selected events (at most two, oldest first).
    pub selected: Vec<usize>,
}

/// The scenario of `preset` with `processes` lanes where the preset allows it.
fn scenario(preset: &str, seed: u64, processes: usize) -> ClocksScenario {
    let sc = presets::preset_or_empty::<Clocks>(preset, seed, ClocksConfig::default);
    presets::adjusted::<Clocks>(sc, |wanted| {
        wanted.config.processes = processes;
        wanted.config.clocks.truncate(processes);
    })
    .unwrap_or_else(|sc| sc)
}

fn start(sc: ClocksScenario) -> ClocksSim {
    presets::start_or(sc, || scenario(EMPTY, 1, 3))
}

impl ClocksModel {
    /// The model for the content's parameters (see [`super::ENTRY`]).
    pub fn new(args: &Args) -> ClocksModel {
        let processes = args.int("processes").map_or(3, usize::from);
        let choice = Choice {
            preset: args.word("preset").unwrap_or(EMPTY).to_string(),
            seed: args.seed().unwrap_or(1),
            broken: false,
        };
        ClocksModel {
            sim: start(scenario(&choice.preset, choice.seed, processes)),
            processes,
            choice,
            shown: args.keyword("clock").unwrap_or(ClockShown::Vector),
            selected: Vec::new(),
        }
    }

    /// The process of the single selected event, if exactly one is selected.
    pub fn sender(&self) -> Option<usize> {
        match self.selected.as_slice() {
            [one] => self.sim.view().events.get(*one).map(|e| e.process),
            _ => None,
        }
    }

    /// Toggles `id` in the selection (at most two events; a third replaces the oldest).
    fn toggle(&mut self, id: usize) {
        if let Some(i) = self.selected.iter().position(|x| *x == id) {
            self.selected.remove(i);
        } else {
            self.selected.push(id);
            if self.selected.len() > 2 {
                self.selected.remove(0);
            }
        }
    }

    /// Applies a clocks action (a local event or a send) at the current step.
    fn apply(&mut self, a: ClocksAction) -> Reply {
        Reply::Changed(self.sim.apply(Action::Protocol(a)).map_err(|e| e.0))
    }

    /// Sends from `from` to `to` and clears the selection.
    fn send(&mut self, from: usize, to: usize) -> Reply {
        self.selected.clear();
        self.apply(ClocksAction::Send { from, to })
    }
}

actions! {
    /// What the reader can do on the space-time diagram.
    pub enum Act {
        /// Show this clock's timestamps.
        Clock(ClockShown) = "clock",
        /// Select or unselect an event.
        Select(usize) = "select",
        /// Unselect every event.
        Clear = "clear",
        /// Click on a lane: a message from the selected event's process, else a local
        /// event.
        Lane(usize) = "lane",
        /// A local event on a process.
        Local(usize) = "local",
        /// A message between two processes.
        Send(Pair) = "send",
    }
}

impl Widget for ClocksModel {
    type Run = ClocksSim;
    type Action = Act;
    const KIND: &'static str = "clocks";
    const TITLE: &'static str = "Logical clocks";
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
    // A new run has other events: a selection of the old one's would point at them.
    fn rebuild(&mut self, choice: &Choice) {
        self.sim = start(scenario(&choice.preset, choice.seed, self.processes));
        self.choice = choice.clone();
        self.selected.clear();
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim = decode_sim::<Clocks>(text)?;
        self.processes = sim.scenario().config.processes;
        self.choice.seed = sim.scenario().seed;
        self.sim = sim;
        self.selected.clear();
        Ok(())
    }

    fn stage(&self, clock: f64, live: bool, out: &mut String) {
        panels::clock_switch(self.shown, live, out);
        diagram::diagram(self, clock, out);
        if self.shown == ClockShown::Hlc {
            walls::panel(&self.sim.view(), out);
        }
        panels::lane_buttons(self, live, out);
        panels::selection_panel(self, live, out);
        panels::rules_panel(&self.sim, out);
    }

    fn motion(&self, _region: usize, clock: f64, out: &mut String) {
        diagram::flying(self, clock, out);
    }

    /// `relation` of the two selected events (`before`, `after`, `concurrent`, or
    /// `none` unless two are selected), `events` (how many), and per event `vector-e3`
    /// (`[2,0,0]`) and `lamport-e3`.
    #[cfg(not(feature = "hydrate"))]
    fn facts(&self) -> Vec<(String, String)> {
        use sim::clocks::Relation;
        let v = self.sim.view();
        let relation = match self.selected.as_slice() {
            [a, b] => match v.relation(*a, *b) {
                Relation::Before => "before",
                Relation::After => "after",
                Relation::Concurrent => "concurrent",
                Relation::Same => "same",
            },
            _ => "none",
        };
        let mut facts = vec![
            ("relation".to_string(), relation.to_string()),
            ("events".to_string(), v.events.len().to_string()),
        ];
        for e in &v.events {
            let vector: Vec<String> = e.vector.iter().map(u64::to_string).collect();
            facts.push((
                format!("vector-e{}", e.id),
                format!("[{}]", vector.join(",")),
            ));
            facts.push((format!("lamport-e{}", e.id), e.lamport.to_string()));
        }
        facts
    }

    fn act(&mut self, act: Act, _value: &str) -> Reply {
        let n = self.sim.view().processes.len();
        match act {
            Act::Clock(shown) => {
                self.shown = shown;
                Reply::Redraw
            }
            Act::Select(id) => {
                self.toggle(id);
                Reply::Redraw
            }
            Act::Clear => {
                self.selected.clear();
                Reply::Redraw
            }
            Act::Lane(lane) if lane < n => match self.sender() {
                Some(from) if from != lane => self.send(from, lane),
                _ => self.apply(ClocksAction::Local { process: lane }),
            },
            Act::Local(process) if process < n => self.apply(ClocksAction::Local { process }),
            Act::Send(Pair(from, to)) if from < n && to < n && from != to => self.send(from, to),
            _ => Reply::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::islands::registry::args;

    #[test]
    fn process_count_applies_when_the_preset_allows_it() {
        let p = |text: &str| ClocksModel::new(&args(&format!("clocks seed=9 {text}")));
        let m = p("processes=4 preset=concurrent-events");
        assert_eq!(m.sim.scenario().config.processes, 4);
        let m = p("processes=2 preset=fork-join");
        assert_eq!(
            m.sim.scenario().config.processes,
            3,
            "fork-join needs three lanes"
        );
        let m = p("processes=5");
        assert_eq!(m.sim.scenario().config.processes, 5);
        assert!(m.sim.scenario().actions.is_empty());
    }

    #[test]
    fn a_new_run_drops_the_old_runs_selection() {
        let mut m = ClocksModel::new(&args("clocks seed=9 preset=concurrent-events"));
        m.run_mut().seek(u64::MAX);
        assert_eq!(m.act(Act::Select(0), ""), Reply::Redraw);
        m.rebuild(&Choice::new("fork-join", 9, false));
        assert!(
            m.selected.is_empty(),
            "a preset change starts with nothing selected"
        );
    }

    /// A new event asks the shell to bring it into view; a selection does not move the
    /// diagram the reader may have scrolled.
    #[test]
    fn the_newest_event_is_revealed_when_it_changes() {
        use crate::islands::shell::controller::{Controller, Input, ShellAction};
        use crate::islands::shell::Timeline;
        let mut m = ClocksModel::new(&args("clocks processes=3 seed=1"));
        m.run_mut().record_ahead();
        let (mut c, _) = Controller::start(Box::new(m), None, "w-clocks-1".into(), false, "");
        let act = |c: &mut Controller, act: &str, arg: &str| {
            let (act, arg, value) = (act.into(), arg.into(), String::new());
            c.handle(Input::Widget { act, arg, value }, 0.0).reveal
        };
        assert!(act(&mut c, "local", "0"), "the first event");
        assert!(!act(&mut c, "select", "0"), "a selection");
        assert!(act(&mut c, "local", "2"), "another event");
        assert!(
            act(&mut c, "clock", "hlc"),
            "another clock moves the newest event"
        );
        assert!(!act(&mut c, "clear", ""), "a cleared selection");
        let back = c.handle(Input::Shell(ShellAction::Back), 0.0);
        assert!(back.reveal, "stepping back makes e0 the newest again");
    }

    #[test]
    fn reader_actions_select_send_and_switch_clocks() {
        let mut m = ClocksModel::new(&args("clocks processes=3 seed=1"));
        assert_eq!(m.act(Act::Local(0), ""), Reply::Changed(Ok(())));
        assert_eq!(m.sim.view().events.len(), 1);
        assert_eq!(m.act(Act::Select(0), ""), Reply::Redraw);
        assert_eq!(m.sender(), Some(0));
        let mut html = String::new();
        m.stage(0.0, true, &mut html);
        assert!(html.contains("data-act=\"send\" data-arg=\"0-2\">Send p1 → p3</button>"));
        assert!(html.contains("aria-label=\"[1,0,0] e0 on p1, selected\""));
        assert_eq!(m.act(Act::Lane(2), ""), Reply::Changed(Ok(())));
        assert!(m.selected.is_empty(), "a send clears the selection");
        assert_eq!(m.act(Act::Clock(ClockShown::Lamport), ""), Reply::Redraw);
        assert_eq!(m.shown, ClockShown::Lamport);
        assert_eq!(m.act(Act::Lane(9), ""), Reply::Ignored);
        let mut still = String::new();
        m.stage(0.0, false, &mut still);
        assert!(still.contains("data-act=\"clear\" disabled>Clear selection"));
    }
}
