//! The island placed wherever the content has a ```widget block: it dispatches to the
//! widget named in the spec.

use super::{clocks, crdt, escalation, fencing, partition_compare, raft};
use docs::{Widget, WidgetSpec};
use leptos::prelude::*;

/// One interactive widget, chosen by `spec` (one island export serves every kind).
#[island]
pub fn WidgetIsland(
    /// The widget and its parameters, as written in the content.
    spec: WidgetSpec,
) -> impl IntoView {
    let caption = spec.caption.clone();
    match &spec.widget {
        Widget::Raft(p) => raft::raft_widget(p, caption),
        Widget::Fencing(p) => fencing::fencing_widget(p, caption),
        Widget::PartitionCompare(p) => partition_compare::partition_widget(p, caption),
        Widget::Crdt(p) => crdt::crdt_widget(p, caption),
        Widget::Clocks(p) => clocks::clocks_widget(p, caption),
        Widget::Escalation(p) => escalation::escalation_widget(p, caption),
    }
}
