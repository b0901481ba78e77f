//! The fencing widget: a lease lock, a client paused past its lease, and a storage node
//! that does (or, broken, does not) check fencing tokens.

mod model;
mod stage;

pub use model::FencingModel;

use crate::islands::shell::{mount, Mount};
use docs::widget::FencingParams;

/// The fencing widget for a placement with `params`.
pub fn fencing_widget(params: &FencingParams, caption: Option<String>) -> Mount {
    mount(FencingModel::new(params), caption)
}
