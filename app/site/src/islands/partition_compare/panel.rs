//! The reader's actions on both sides at once: write at a node, partition, heal.

use super::model::CompareModel;
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
            "<button type=\"button\" data-act=\"write\" data-arg=\"{i}\"{d}>Write at {}</button>",
            name(i)
        );
    }
    let _ = write!(
        out,
        "<button type=\"button\" data-act=\"split\"{d}>Partition minority | majority</button>\
         <button type=\"button\" data-act=\"heal\"{d}>Heal</button></fieldset>"
    );
}
