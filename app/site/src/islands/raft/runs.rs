//! What the Raft widget plays: the reader's run and, when the directive asks for it, its
//! twin, the same scenario with PreVote and CheckQuorum switched the other way. The twin
//! is kept at the reader's virtual time and takes the reader's actions when they are
//! taken, so one control bar plays both and a partial partition's term inflation is seen
//! beside the stability the extensions buy.

use crate::islands::shell::timeline::{Badge, Timeline};
use sim::raft::{RaftAction, RaftConfig, RaftSim};
use sim::{Action, Sim, Trigger};

/// The run the shell drives, with its twin if there is one.
pub struct RaftRuns {
    main: RaftSim,
    twin: Option<RaftSim>,
}

impl RaftRuns {
    /// `main`, with a twin when `twin` is set.
    pub fn new(mut main: RaftSim, twin: bool) -> RaftRuns {
        let twin = twin.then(|| twin_of(&mut main)).flatten();
        RaftRuns { main, twin }
    }

    /// The reader's run.
    pub fn main(&self) -> &RaftSim {
        &self.main
    }

    /// The same scenario with PreVote and CheckQuorum the other way, at the same time.
    pub fn twin(&self) -> Option<&RaftSim> {
        self.twin.as_ref()
    }

    /// Applies a reader's action now to both runs.
    pub fn apply(&mut self, action: Action<RaftAction>) -> Result<(), String> {
        self.main.apply(action.clone()).map_err(|e| e.0)?;
        if let Some(twin) = &mut self.twin {
            // The action ran as the main run's step at its current time.
            twin.run_until(self.main.now());
            twin.apply(action).map_err(|e| e.0)?;
        }
        Ok(())
    }

    /// Brings the twin to the main run's time (forward by running, back by seeking).
    fn follow(&mut self) {
        if let Some(twin) = &mut self.twin {
            twin.run_until(self.main.now());
        }
    }
}

/// PreVote and CheckQuorum each the other way.
fn flipped(config: &mut RaftConfig) {
    config.pre_vote = !config.pre_vote;
    config.check_quorum = !config.check_quorum;
}

/// The twin of `main` at its current time: its scenario with the extensions flipped, and
/// the reader's actions (recorded after a step of `main`) at the times of those steps.
fn twin_of(main: &mut RaftSim) -> Option<RaftSim> {
    let here = main.current_step();
    let mut scenario = main.scenario();
    scenario.step = 0;
    flipped(&mut scenario.config);
    for timed in &mut scenario.actions {
        if let Trigger::AfterStep(step) = timed.trigger {
            main.seek(step);
            timed.trigger = Trigger::AtTime(main.now());
        }
    }
    main.seek(here);
    let mut twin = Sim::new(scenario).ok()?;
    twin.run_until(main.now());
    Some(twin)
}

impl Timeline for RaftRuns {
    fn step(&mut self) -> bool {
        let stepped = Timeline::step(&mut self.main);
        self.follow();
        stepped
    }
    fn seek(&mut self, step: u64) {
        Timeline::seek(&mut self.main, step);
        self.follow();
    }
    fn run_until(&mut self, until: u64) {
        Timeline::run_until(&mut self.main, until);
        self.follow();
    }
    fn record_ahead(&mut self) {
        // Records the main run ahead and returns to the current step: the twin stays.
        self.main.record_ahead();
    }
    fn current_step(&self) -> u64 {
        self.main.current_step()
    }
    fn recorded_steps(&self) -> u64 {
        self.main.recorded_steps()
    }
    fn now(&self) -> u64 {
        self.main.now()
    }
    fn next_time(&self) -> Option<u64> {
        self.main.next_time()
    }
    fn describe_step(&self, step: u64) -> Vec<String> {
        self.main.describe_step(step)
    }
    fn routine_events(&self, step: u64) -> usize {
        self.main.routine_events(step)
    }
    fn badges(&self) -> Vec<Badge> {
        self.main.badges()
    }
    fn invariants_hold(&self) -> bool {
        self.main.invariants_hold()
    }
    fn encode(&self) -> String {
        self.main.encode()
    }
    fn stop_reason(&self) -> Option<String> {
        self.main.stop_reason()
    }
}
