//! The Raft widget: 3, 5 or 7 nodes, every message and timer visible, faults and
//! partitions at the reader's hand, safety checked at every step.

mod model;
mod panel;
mod runs;
mod stage;
mod terms;

pub use model::RaftModel;

use crate::islands::registry::{sim_build, Entry, Param};
use crate::islands::shell::Widget;

/// The `raft` directive.
pub const ENTRY: Entry = Entry {
    name: RaftModel::KIND,
    title: RaftModel::TITLE,
    params: &[
        Param::int("nodes", 3, 9),
        Param::SEED,
        Param::one_of("preset", sim::raft::PRESETS),
        Param::on_off("prevote"),
        Param::on_off("checkquorum"),
        Param::on_off("noop"),
        Param::on_off("twin"),
    ],
    break_label: RaftModel::BREAK_LABEL,
    build: sim_build!(RaftModel),
};
