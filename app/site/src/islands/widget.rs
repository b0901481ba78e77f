//! The island placed wherever the content has a ```widget block: it dispatches to the
//! widget named in the spec.

use super::deck::Mount;
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
        Widget::Raft(p) => figure(raft::raft_widget(p, caption)),
        Widget::Fencing(p) => fencing::fencing_widget(p, caption),
        Widget::PartitionCompare(p) => partition_compare::partition_widget(p, caption),
        Widget::Crdt(p) => crdt::crdt_widget(p, caption),
        Widget::Clocks(p) => figure(clocks::clocks_widget(p, caption)),
        Widget::Escalation(p) => escalation::escalation_widget(p, caption),
    }
}

/// The figure a mounted widget lives in: the server fills it with the widget's markup;
/// in the browser it is handed to the widget once hydrated.
fn figure(mount: Mount) -> AnyView {
    let root = NodeRef::<leptos::html::Figure>::new();
    #[cfg(feature = "hydrate")]
    {
        let start = mount.start;
        root.on_load(start);
    }
    view! { <figure class=mount.class data-widget=mount.kind node_ref=root inner_html=mount.html></figure> }
        .into_any()
}
