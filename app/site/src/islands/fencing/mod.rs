//! The fencing widget: a lease lock, a client paused past its lease, and a storage node
//! that does (or, broken, does not) check fencing tokens.

mod model;
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
