//! The vector clocks widget: a space-time diagram where the reader adds local events
//! and messages, switches between vector, Lamport and hybrid logical clocks, selects
//! events to see their causal past, future and concurrent events, and steps through
//! the clock update rules.

mod diagram;
mod model;
mod panels;
mod rules;

use crate::islands::shell::{mount, Mount};
use docs::widget::ClocksParams;
use model::ClocksModel;

/// The clocks widget for the content's parameters.
pub fn clocks_widget(params: &ClocksParams, caption: Option<String>) -> Mount {
    mount(ClocksModel::new(params), caption)
}
