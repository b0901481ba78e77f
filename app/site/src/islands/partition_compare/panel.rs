//! The reader's actions on both sides at once: write at a node, partition, heal.

use super::model::{Act, CompareModel};
use crate::islands::shell::action::Action;
use crate::islands::shell::markup::off;
use crate::islands::shell::ring::name;
use std::fmt::Write;

/// Write / partition / heal buttons.
pub fn panel(m: &CompareModel, live: bool, out: &mut String) {
    let d = off(live);
    out.push_str("<fieldset class=\"raft-fieldset\"><legend>Both sides at once</legend>");
    for i in 0..m.nodes() {
        let _ = write!(
            out,
            "<button type=\"button\"{}{d}>Write at {}</button>",
            Act::Write(i).attrs(),
            name(i)
        );
    }
    let _ = write!(
        out,
        "<button type=\"button\"{}{d}>Partition minority | majority</button>\
         <button type=\"button\"{}{d}>Heal</button></fieldset>",
        Act::Split.attrs(),
        Act::Heal.attrs(),
    );
}
