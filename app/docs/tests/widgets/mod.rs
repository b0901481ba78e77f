//! A widget catalog for the engine's own tests, standing in for the web app's registry
//! (which the engine cannot depend on): the fixture widgets' names and keys, and `nodes`
//! checked as a range so a refused value is reported like the registry reports it.

use docs::{Directive, WidgetCatalog};

/// The fixture widgets, each with its keys; `escalation` shows the decision tree.
pub struct FixtureWidgets;

const WIDGETS: &[(&str, &[&str])] = &[
    (
        "raft",
        &["nodes", "seed", "preset", "prevote", "checkquorum"],
    ),
    ("crdt", &["type", "replicas", "seed", "sync", "preset"]),
    ("clocks", &["processes", "seed", "clock", "preset"]),
    ("partition-compare", &["nodes", "seed"]),
    ("fencing", &["tokens", "seed"]),
    ("escalation", &[]),
];

impl WidgetCatalog for FixtureWidgets {
    fn check(&self, d: &Directive<'_>, errors: &mut Vec<String>) {
        let Some((name, keys)) = WIDGETS.iter().find(|(name, _)| *name == d.name) else {
            errors.push(format!("unknown widget `{}`", d.name));
            return;
        };
        for (key, value) in &d.params {
            if !keys.contains(key) {
                errors.push(format!("unknown parameter `{key}` for widget `{name}`"));
            } else if *key == "nodes" && !matches!(value.parse::<u8>(), Ok(3..=9)) {
                errors.push(format!(
                    "`nodes={value}`: expected a whole number from 3 to 9"
                ));
            }
        }
    }
    fn wants_decision_tree(&self, name: &str) -> bool {
        name == "escalation"
    }
}
