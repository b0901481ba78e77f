//! The netsplit widget: a BEAM cluster of 3 to 7 nodes that the reader splits and heals,
//! with `:global` (each resolver), a Horde-like CRDT registry or Phoenix.Tracker-like
//! presence holding the names, and what each does when the sides meet again.

mod library;
mod model;
mod panel;
mod resize;
mod stage;

pub use model::NetsplitModel;

use crate::islands::registry::{sim_build, Entry, Keyword, Param};
use crate::islands::shell::Widget;

/// The `netsplit` directive.
pub const ENTRY: Entry = Entry {
    name: NetsplitModel::KIND,
    title: NetsplitModel::TITLE,
    params: &[
        Param::int("nodes", 3, 7),
        Param::SEED,
        Param::one_of("preset", sim::cluster::PRESETS),
        Param::one_of("library", library::Shown::NAMES),
    ],
    break_label: NetsplitModel::BREAK_LABEL,
    build: sim_build!(NetsplitModel),
};
