//! Interactive islands: the only components that hydrate in the browser.

mod clocks;
mod crdt;
mod escalation;
mod fencing;
mod netsplit;
mod overlay;
mod partition_compare;
mod raft;
pub mod registry;
pub mod shell;
mod widget;

pub use widget::{WidgetIsland, WidgetSource};
