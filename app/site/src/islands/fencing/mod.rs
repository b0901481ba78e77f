//! The fencing widget: a lease lock, a client paused past its lease, and a storage node
//! that does (or, broken, does not) check fencing tokens.

mod model;
mod stage;

pub use model::FencingModel;

use crate::islands::shell::shell;
use docs::widget::FencingParams;
use leptos::prelude::*;

/// The fencing widget for a placement with `params`.
pub fn fencing_widget(params: &FencingParams, caption: Option<String>) -> AnyView {
    shell(
        FencingModel::new(params),
        "Leases and fencing tokens",
        caption,
        |ctx| stage::stage(ctx).into_any(),
    )
    .into_any()
}
