//! The partition comparison: Raft and an OR-Set under the same partition, driven by one
//! control bar; Raft's minority refuses writes, the OR-Set takes them and converges.

mod model;
mod panel;
mod stage;

pub use model::CompareModel;

use crate::islands::shell::shell_with_tools;
use docs::widget::PartitionCompareParams;
use leptos::prelude::*;

/// The partition-compare widget for a placement with `params`.
pub fn partition_widget(params: &PartitionCompareParams, caption: Option<String>) -> AnyView {
    shell_with_tools(
        CompareModel::new(params),
        "CP versus AP under a partition",
        caption,
        stage::stage,
        panel::panel,
    )
    .into_any()
}
