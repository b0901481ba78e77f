//! The overlay widget: the same cluster of 10 to 200 nodes as a full mesh (Distributed
//! Erlang) or as a HyParView overlay (Partisan's defaults), its connections, keep-alives
//! and broadcast reach counted live, and a crash or a split at the reader's hand.

mod links;
mod model;
mod panel;
mod stage;

pub use model::OverlayModel;

use crate::islands::registry::{sim_build, Entry, Keyword, Param};
use crate::islands::shell::Widget;
use sim::overlay::Topology;

impl Keyword for Topology {
    const NAMES: &'static [&'static str] = &["mesh", "hyparview"];
    const VALUES: &'static [Self] = &[Topology::FullMesh, Topology::HyParView];
}

/// The `overlay` directive.
pub const ENTRY: Entry = Entry {
    name: OverlayModel::KIND,
    title: OverlayModel::TITLE,
    params: &[
        Param::int("nodes", model::MIN_NODES, model::MAX_NODES),
        Param::one_of("topology", Topology::NAMES),
        Param::SEED,
        Param::one_of("preset", sim::overlay::PRESETS),
    ],
    break_label: OverlayModel::BREAK_LABEL,
    build: sim_build!(OverlayModel),
};
