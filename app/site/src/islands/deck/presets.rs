//! Scenario presets for the widgets whose preset list ends with an empty one (free play):
//! a named preset, or an empty run with the reader's configuration, adjusted to the
//! reader's settings where the preset allows it.

use sim::{Protocol, Scenario};

/// The preset with no operations: free play with the reader's settings.
pub const EMPTY: &str = "empty";

/// A scenario of protocol `P`.
pub type ScenarioOf<P> = Scenario<<P as Protocol>::Config, <P as Protocol>::Action>;

/// The scenario of preset `name` (an empty one with `empty` for [`EMPTY`] or an unknown
/// name) with `seed` at step 0, then changed by `adjust`: `Ok` with the change when the
/// result is valid, else `Err` with the scenario as it was before `adjust`.
pub fn preset_scenario<P: Protocol>(
    name: &str,
    seed: u64,
    empty: P::Config,
    adjust: impl FnOnce(&mut ScenarioOf<P>),
) -> Result<ScenarioOf<P>, ScenarioOf<P>> {
    let mut base = P::preset(name).unwrap_or_else(|| Scenario {
        seed,
        config: empty,
        actions: Vec::new(),
        step: 0,
    });
    base.seed = seed;
    base.step = 0;
    let mut wanted = base.clone();
    adjust(&mut wanted);
    match sim::sim::validate::<P>(&wanted) {
        Ok(()) => Ok(wanted),
        Err(_) => Err(base),
    }
}
