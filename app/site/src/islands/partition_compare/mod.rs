//! The partition comparison: Raft and an OR-Set under the same partition, driven by one
//! control bar; Raft's minority refuses writes, the OR-Set takes them and converges.

mod model;
mod panel;
mod stage;

pub use model::CompareModel;

use crate::islands::shell::{mount, Mount};
use docs::widget::PartitionCompareParams;

/// The partition-compare widget for a placement with `params`.
pub fn partition_widget(params: &PartitionCompareParams, caption: Option<String>) -> Mount {
    mount(CompareModel::new(params), caption)
}
