//! Interactive islands: the only components that hydrate in the browser.

mod widget;

pub use widget::WidgetIsland;
