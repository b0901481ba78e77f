//! The scenario's options: the "Fencing tokens" switch and client 1's pause. Either
//! restarts the run.

use super::model::{Act, FencingModel, PAUSES};
use crate::islands::shell::action::Action;
use crate::islands::shell::markup::{checked, off, selected};
use std::fmt::Write;

/// The options as a fieldset of labelled controls.
pub fn panel(m: &FencingModel, live: bool, out: &mut String) {
    let d = off(live);
    let _ = write!(
        out,
        "<fieldset class=\"raft-fieldset\"><legend>Scenario options (the run restarts)</legend>\
         <label><input type=\"checkbox\"{}{d}{}> Fencing tokens: storage rejects a token older \
         than the newest it has accepted</label>\
         <label>Client 1's GC pause <select{}{d}>",
        Act::Tokens.attrs(),
        checked(m.tokens_on()),
        Act::Pause.attrs()
    );
    // A shared run may pause for a time the list does not offer: show it too.
    let listed = PAUSES.contains(&m.pause());
    for pause in (!listed).then_some(m.pause()).into_iter().chain(PAUSES) {
        let _ = write!(
            out,
            "<option value=\"{pause}\"{}>{pause} ms</option>",
            selected(pause == m.pause())
        );
    }
    out.push_str("</select></label></fieldset>");
}
