//! Presets with the reader's settings: widgets whose content parameters (lane or replica
//! count, options) adjust a preset apply them only where the preset stays valid.

use sim::{Protocol, Scenario, Sim};

/// The preset with no operations: free play with the reader's settings.
pub const EMPTY: &str = "empty";

/// A protocol's scenario.
pub type ScenarioOf<P> = Scenario<<P as Protocol>::Config, <P as Protocol>::Action>;

/// The scenario of preset `name` with `seed`, at step 0; for a name that is no preset
/// (such as "empty"), one with no actions and the configuration `empty` makes.
pub fn preset_or_empty<P: Protocol>(
    name: &str,
    seed: u64,
    empty: impl FnOnce() -> P::Config,
) -> ScenarioOf<P> {
    let mut sc = P::preset(name).unwrap_or_else(|| Scenario {
        seed,
        config: empty(),
        actions: Vec::new(),
        step: 0,
    });
    sc.seed = seed;
    sc.step = 0;
    sc
}

/// `sc` changed by `adjust` when the result is a valid scenario (`Ok`), else `sc` as it
/// was (`Err`).
pub fn adjusted<P: Protocol>(
    sc: ScenarioOf<P>,
    adjust: impl FnOnce(&mut ScenarioOf<P>),
) -> Result<ScenarioOf<P>, ScenarioOf<P>> {
    let mut wanted = sc.clone();
    adjust(&mut wanted);
    match sim::sim::validate::<P>(&wanted) {
        Ok(()) => Ok(wanted),
        Err(_) => Err(sc),
    }
}

/// Starts `sc`, or the scenario `fallback` makes if `sc` cannot run; `fallback` must be
/// valid.
pub fn start_or<P: Protocol>(
    sc: ScenarioOf<P>,
    fallback: impl FnOnce() -> ScenarioOf<P>,
) -> Sim<P> {
    Sim::new(sc).unwrap_or_else(|_| match Sim::new(fallback()) {
        Ok(sim) => sim,
        Err(e) => unreachable!("a widget's fallback scenario is valid: {e}"),
    })
}
