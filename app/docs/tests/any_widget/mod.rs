//! A widget catalog for tests over the shipped guide: the site's own registry checks its
//! directives (`site`'s `the_shipped_content_loads_with_the_registry`), so the engine's
//! tests accept every one and a new widget needs no second list here.

use docs::{Directive, WidgetCatalog};

/// Accepts every directive and every tour (the registry replays tours); `escalation`
/// shows the decision tree.
pub struct AnyWidget;

impl WidgetCatalog for AnyWidget {
    fn check(&self, _: &Directive<'_>, _: &mut Vec<String>) {}
    fn check_tour(
        &self,
        _: &Directive<'_>,
        _: &[&str],
        _: &mut Vec<(usize, String)>,
    ) -> Vec<String> {
        Vec::new()
    }
    fn wants_decision_tree(&self, name: &str) -> bool {
        name == "escalation"
    }
}
