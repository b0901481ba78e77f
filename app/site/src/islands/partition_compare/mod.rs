//! The partition comparison: Raft and an OR-Set under the same partition, driven by one
//! control bar; Raft's minority refuses writes, the OR-Set takes them and converges.

mod model;
mod panel;
mod stage;

pub use model::CompareModel;

use crate::islands::registry::{sim_build, Entry, Param};
use crate::islands::shell::Widget;
use sim::compare::Preset;

/// The `partition-compare` directive.
pub const ENTRY: Entry = Entry {
    name: CompareModel::KIND,
    title: CompareModel::TITLE,
    params: &[
        Param::int("nodes", 3, 9),
        Param::one_of("preset", &Preset::NAMES),
        Param::SEED,
    ],
    break_label: CompareModel::BREAK_LABEL,
    build: sim_build!(CompareModel),
};
