//! The island placed wherever the content has a ```widget block: it mounts the widget
//! named in the spec in a `<figure>`.

use super::{clocks, crdt, escalation, fencing, partition_compare, raft};
use docs::{Widget, WidgetSpec};
use leptos::prelude::*;

/// One interactive widget, chosen by `spec` (one island export serves every kind).
///
/// The server fills the figure with the widget's markup; in the browser the figure is
/// handed to the widget once hydrated.
#[island]
pub fn WidgetIsland(
    /// The widget and its parameters, as written in the content.
    spec: WidgetSpec,
) -> impl IntoView {
    let caption = spec.caption.clone();
    let mount = match &spec.widget {
        Widget::Raft(p) => raft::raft_widget(p, caption),
        Widget::Fencing(p) => fencing::fencing_widget(p, caption),
        Widget::PartitionCompare(p) => partition_compare::partition_widget(p, caption),
        Widget::Crdt(p) => crdt::crdt_widget(p, caption),
        Widget::Clocks(p) => clocks::clocks_widget(p, caption),
        Widget::Escalation(p) => escalation::escalation_widget(p, caption),
    };
    let root = NodeRef::<leptos::html::Figure>::new();
    #[cfg(feature = "hydrate")]
    root.on_load(mount.start);
    view! { <figure class=mount.class data-widget=mount.kind node_ref=root inner_html=mount.html></figure> }
}
