//! The Raft widget: 3, 5 or 7 nodes, every message and timer visible, faults and
//! partitions at the reader's hand, safety checked at every step.

mod model;
mod panel;
mod stage;

pub use model::RaftModel;

use crate::islands::shell::shell_with_tools;
use docs::widget::RaftParams;
use leptos::prelude::*;

/// The Raft widget for a placement with `params`.
pub fn raft_widget(params: &RaftParams, caption: Option<String>) -> AnyView {
    let selected = RwSignal::new(None::<usize>);
    let link = RwSignal::new((0usize, 1usize));
    shell_with_tools(
        RaftModel::new(params),
        "Raft simulator",
        caption,
        move |ctx| stage::stage(ctx, selected, link),
        move |ctx| panel::panel(ctx, selected, link),
    )
    .into_any()
}
