//! The Raft widget: 3, 5 or 7 nodes, every message and timer visible, faults and
//! partitions at the reader's hand, safety checked at every step.

mod model;
mod panel;
mod stage;

pub use model::RaftModel;

use crate::islands::shell::{mount, Mount};
use docs::widget::RaftParams;

/// The Raft widget for a placement with `params`.
pub fn raft_widget(params: &RaftParams, caption: Option<String>) -> Mount {
    mount(RaftModel::new(params), caption)
}
