//! Interactive islands: the only components that hydrate in the browser.

mod clocks;
mod crdt;
pub mod deck;
mod escalation;
mod fencing;
mod partition_compare;
mod raft;
pub mod shell;
mod widget;

pub use widget::WidgetIsland;
