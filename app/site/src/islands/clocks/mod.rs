//! The vector clocks widget: a space-time diagram where the reader adds local events
//! and messages, switches between vector, Lamport and hybrid logical clocks, selects
//! events to see their causal past, future and concurrent events, and steps through
//! the clock update rules.

mod diagram;
mod model;
mod panels;
mod rules;
mod walls;

use crate::islands::registry::{sim_build, Entry, Keyword, Param};
use crate::islands::shell::Widget;
use diagram::ClockShown;
use model::ClocksModel;

/// The `clocks` directive.
pub const ENTRY: Entry = Entry {
    name: ClocksModel::KIND,
    title: ClocksModel::TITLE,
    params: &[
        Param::int("processes", 2, 5),
        Param::SEED,
        Param::one_of("clock", ClockShown::NAMES),
        Param::one_of("preset", sim::clocks::PRESETS),
    ],
    break_label: ClocksModel::BREAK_LABEL,
    build: sim_build!(ClocksModel),
};

impl Keyword for ClockShown {
    const NAMES: &'static [&'static str] = &["vector", "lamport", "hlc"];
    const VALUES: &'static [Self] = &[ClockShown::Vector, ClockShown::Lamport, ClockShown::Hlc];
}
