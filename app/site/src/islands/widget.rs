//! The island placed wherever the content has a ```widget block: it mounts the widget
//! named in the spec in a `<figure>`.

use super::shell::Mount;
use super::{clocks, crdt, escalation, fencing, partition_compare, raft};
use docs::widget::EscalationParams;
use docs::{DecisionTree, Widget, WidgetSpec};
use leptos::prelude::*;

/// One interactive widget (one island export serves every kind).
///
/// The props are the directive's text, not its parsed form: the browser parses the few
/// words again, which takes far less code than decoding the spec from JSON.
/// The server fills the figure with the widget's markup; in the browser the figure is
/// handed to the widget once hydrated.
#[island]
pub fn WidgetIsland(
    /// The directive as written in the content (`raft nodes=5`), see [`WidgetSpec::args`].
    args: String,
    /// The caption line, or empty.
    caption: String,
    /// For the escalation guide: its decision tree, see
    /// [`DecisionTree::to_resolved_source`]; otherwise empty.
    tree: String,
) -> impl IntoView {
    let mount = match WidgetSpec::parse(&args, &caption) {
        Ok(spec) => mount_spec(spec, &tree),
        Err(errors) => unusable(&errors),
    };
    let root = NodeRef::<leptos::html::Figure>::new();
    #[cfg(feature = "hydrate")]
    root.on_load(mount.start);
    view! { <figure class=mount.class data-widget=mount.kind node_ref=root inner_html=mount.html></figure> }
}

fn mount_spec(spec: WidgetSpec, tree: &str) -> Mount {
    let caption = spec.caption;
    match &spec.widget {
        Widget::Raft(p) => raft::raft_widget(p, caption),
        Widget::Fencing(p) => fencing::fencing_widget(p, caption),
        Widget::PartitionCompare(p) => partition_compare::partition_widget(p, caption),
        Widget::Crdt(p) => crdt::crdt_widget(p, caption),
        Widget::Clocks(p) => clocks::clocks_widget(p, caption),
        Widget::Escalation(_) => {
            // A tree that does not read back is shown as "no decision tree".
            let params = EscalationParams {
                tree: DecisionTree::from_resolved_source(tree).ok(),
            };
            escalation::escalation_widget(&params, caption)
        }
    }
}

/// A figure that says why the directive cannot be shown. The docs engine checks every
/// directive before a page is built, so only hand-made props get here; the browser
/// keeps the server's message.
#[cfg_attr(feature = "hydrate", allow(unused_variables))]
fn unusable(errors: &[String]) -> Mount {
    Mount {
        class: "widget",
        kind: "unusable",
        #[cfg(not(feature = "hydrate"))]
        html: format!(
            "<p class=\"widget-notice\" role=\"alert\">This widget cannot be shown: {}</p>",
            docs::Esc(&errors.join("; "))
        ),
        #[cfg(feature = "hydrate")]
        html: String::new(),
        #[cfg(feature = "hydrate")]
        start: Box::new(|_| {}),
    }
}
