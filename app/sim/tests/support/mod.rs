//! What every protocol's random-schedule tests share: run a timed scenario on a bare
//! engine and read the checker's verdict.

use sim::kernel::Engine;
use sim::{Action, Protocol, Scenario, Time, Trigger};

/// Runs `s` until `run_ms` of virtual time on an engine that records nothing (random
/// schedules are timed: a step-triggered action is a mistake in the test).
pub fn run_timed<P: Protocol>(s: &Scenario<P::Config, P::Action>, run_ms: Time) -> Engine<P> {
    let timed: Vec<(Time, Action<P::Action>)> = s
        .actions
        .iter()
        .map(|t| match t.trigger {
            Trigger::AtTime(time) => (time, t.action.clone()),
            Trigger::AfterStep(_) => unreachable!("random schedules are timed"),
        })
        .collect();
    let mut engine = Engine::<P>::new(&s.config, s.seed, &timed);
    engine.set_recording(false);
    while engine.kernel.now() < run_ms && engine.step(&[]) {}
    engine
}

/// The invariants `engine`'s checker found broken, by name, with what it saw.
pub fn violations<P: Protocol>(engine: &Engine<P>) -> Vec<(&'static str, String)> {
    P::INVARIANTS
        .iter()
        .zip(engine.kernel.violations())
        .filter_map(|(name, v)| v.as_ref().map(|v| (*name, v.detail.clone())))
        .collect()
}
