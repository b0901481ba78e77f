//! The fencing widget: a lease lock, a client paused for as long as the reader chooses,
//! and a storage node that does (or, switched off, does not) check fencing tokens.

mod model;
mod panel;
mod stage;

pub use model::FencingModel;

use crate::islands::registry::{sim_build, Entry, Param};
use crate::islands::shell::Widget;

/// The `fencing` directive.
pub const ENTRY: Entry = Entry {
    name: FencingModel::KIND,
    title: FencingModel::TITLE,
    params: &[Param::on_off("tokens"), Param::SEED],
    break_label: FencingModel::BREAK_LABEL,
    build: sim_build!(FencingModel),
};
