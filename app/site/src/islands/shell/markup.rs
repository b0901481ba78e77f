//! HTML as text: escaping, and the shell's own markup (head, control bar, badges, event
//! log, share row) around a widget's stage. The server renders it once as the static
//! fallback; in the browser the engine renders the changing parts again.

use super::action::Action;
use super::ring::name;
use super::timeline::LogLine;
use super::{speed_factor, AnyWidget, ShellState};
use super::{Badge, Timeline};
use std::fmt::Write;

/// Lines kept in the event log (the most recent ones, newest first).
pub const LOG_LINES: usize = 40;

pub use docs::Esc;

/// ` disabled` when the widget is not live (the static render), else nothing.
pub fn off(live: bool) -> &'static str {
    if live {
        ""
    } else {
        " disabled"
    }
}

/// ` checked` when `on`.
pub fn checked(on: bool) -> &'static str {
    if on {
        " checked"
    } else {
        ""
    }
}

/// ` selected` when `on`.
pub fn selected(on: bool) -> &'static str {
    if on {
        " selected"
    } else {
        ""
    }
}

/// The `<option>`s of a select that picks one of `nodes` nodes by name, `picked` chosen.
pub fn node_options(nodes: usize, picked: usize, out: &mut String) {
    for i in 0..nodes {
        let _ = write!(
            out,
            "<option value=\"{i}\"{}>{}</option>",
            selected(i == picked),
            name(i)
        );
    }
}

/// The button that crashes `node`, or restarts it when it is `down`.
pub fn crash_or_restart<A: Action>(
    down: bool,
    crash: A,
    restart: A,
    node: usize,
    disabled: &str,
    out: &mut String,
) {
    let (act, verb) = if down {
        (restart, "Restart")
    } else {
        (crash, "Crash")
    };
    let _ = write!(
        out,
        "<button type=\"button\"{}{disabled}>{verb} {}</button>",
        act.attrs(),
        name(node)
    );
}

/// The whole widget inside its `<figure>`: what the server sends, and what the engine
/// starts from.
pub fn shell(model: &dyn AnyWidget, state: &ShellState, out: &mut String) {
    let live = state.live;
    let hidden = if live { " widget-hidden" } else { "" };
    let _ = write!(
        out,
        "<div class=\"widget-head\"><strong class=\"widget-title\">{}</strong>\
         <p class=\"widget-nojs{hidden}\">Static view of the starting state; with JavaScript this runs step by step.</p></div>\
         <div class=\"widget-region\" data-region=\"notice\">",
        Esc(model.title())
    );
    notice(state.notice.as_deref(), out);
    out.push_str(
        "</div><div class=\"widget-body\"><div class=\"widget-stage\" tabindex=\"0\" role=\"group\" \
         aria-label=\"Simulation stage. Space plays or pauses; the arrow keys step back and forward.\">",
    );
    if super::tour::ON && !state.highlights.is_empty() {
        let mut stage = String::with_capacity(8 * 1024);
        model.stage(state.clock, live, &mut stage);
        super::tour::mark(&mut stage, &state.highlights);
        out.push_str(&stage);
    } else {
        model.stage(state.clock, live, out);
    }
    out.push_str(
        "</div><div class=\"widget-checks\"><ul class=\"widget-badges\" aria-label=\"Invariants\">",
    );
    badges(&model.timeline().badges(), live, out);
    out.push_str("</ul>");
    if !model.break_label().is_empty() {
        let _ = write!(
            out,
            "<label class=\"widget-break\"><input type=\"checkbox\" data-act=\"break\"{}{}> {}</label>",
            off(live),
            checked(model.choice().broken),
            Esc(model.break_label())
        );
    }
    out.push_str("</div></div>");
    controls(model, state, out);
    out.push_str("<div class=\"widget-region\" data-region=\"tools\">");
    model.tools(live, out);
    out.push_str(
        "</div><div class=\"widget-side\"><p class=\"widget-log-title\">Event log (newest first)</p>\
         <ol class=\"widget-log\" aria-live=\"polite\" aria-label=\"Event log\" tabindex=\"0\">",
    );
    for line in model.timeline().recent_lines(LOG_LINES) {
        log_line(&line, out);
    }
    out.push_str("</ol></div><div class=\"widget-share\">");
    share(state, out);
    out.push_str("</div>");
    if let Some(c) = &state.caption {
        let _ = write!(out, "<figcaption>{}</figcaption>", Esc(c));
    }
}

/// The notice (a refused action, an unreadable link), if any.
pub fn notice(text: Option<&str>, out: &mut String) {
    if let Some(n) = text {
        let _ = write!(
            out,
            "<p class=\"widget-notice\" role=\"alert\">{}</p>",
            Esc(n)
        );
    }
}

/// The invariant badges: symbol, name, state in words, and what failed.
pub fn badges(list: &[Badge], live: bool, out: &mut String) {
    for b in list {
        let (class, symbol) = if b.failed.is_some() {
            ("badge badge-bad", "✗")
        } else {
            ("badge badge-ok", "✓")
        };
        let _ = write!(
            out,
            "<li class=\"{class}\"><span class=\"badge-symbol\" aria-hidden=\"true\">{symbol}</span> \
             <span class=\"badge-name\">{}</span><span class=\"visually-hidden\">: ",
            Esc(&b.name)
        );
        match &b.failed {
            None => out.push_str("holds</span>"),
            Some((step, detail)) => {
                let _ = write!(
                    out,
                    "violated at step {step}</span><span class=\"badge-detail\">{}</span>\
                     <button type=\"button\" class=\"badge-jump\" data-act=\"seek\" value=\"{step}\"{}>Go to step {step}</button>",
                    Esc(detail),
                    off(live)
                );
            }
        }
        out.push_str("</li>");
    }
}

/// One event log line.
pub fn log_line(line: &LogLine, out: &mut String) {
    let _ = write!(
        out,
        "<li><span class=\"log-step\">#{}</span> {}</li>",
        line.step,
        Esc(&line.text)
    );
}

/// A coordinate or length in SVG user units, written to 0.1 (`12.3`): like `{:.1}`, but
/// with integer arithmetic. The standard library's float formatting would add about
/// 9 KB to the WebAssembly, and every drawing writes its coordinates this way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tenths(pub f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_fixed(f, self.0, 1)
    }
}

/// Writes `value` rounded to `places` decimals. [`Tenths`] is its only caller, but
/// writing the one decimal directly made the WebAssembly 106 bytes larger (brotli).
fn write_fixed(f: &mut std::fmt::Formatter<'_>, value: f64, places: u32) -> std::fmt::Result {
    let scale = 10u64.pow(places);
    let scaled = (value * scale as f64 + 0.5).floor();
    // Beyond ±2^53 units nothing is drawn sensibly anyway; NaN counts as 0.
    let scaled = if scaled.is_finite() { scaled as i64 } else { 0 };
    let sign = if scaled < 0 { "-" } else { "" };
    let units = scaled.unsigned_abs();
    write!(
        f,
        "{sign}{}.{:0width$}",
        units / scale,
        units % scale,
        width = places as usize
    )
}

/// "step S · t = X ms", and "· end of the run" once nothing more can happen. No total:
/// the recording grows as the reader goes on (playing, or past its end), and a total
/// that jumped from 600 to 1200 would look like another run.
pub fn position(run: &dyn Timeline) -> String {
    let end = if run.finished() {
        " · end of the run"
    } else {
        ""
    };
    format!("step {} · t = {} ms{end}", run.current_step(), run.now())
}

/// Label of the play button.
pub fn play_label(playing: bool) -> &'static str {
    if playing {
        "❚❚ Pause"
    } else {
        "▶ Play"
    }
}

/// The speed factor as shown next to the slider.
pub fn speed_text(exp: i32) -> String {
    format!("{}×", Tenths(speed_factor(exp)))
}

fn controls(model: &dyn AnyWidget, state: &ShellState, out: &mut String) {
    let d = off(state.live);
    let run = model.timeline();
    let choice = model.choice();
    let _ = write!(
        out,
        "<div class=\"widget-controls\" role=\"group\" aria-label=\"Simulation controls\"><div class=\"widget-buttons\">\
         <button type=\"button\" class=\"widget-play\" data-act=\"play\" aria-pressed=\"{}\"{d}>{}</button>\
         <button type=\"button\" data-act=\"back\" aria-label=\"Step back\"{d}>◀ Back</button>\
         <button type=\"button\" data-act=\"forward\" aria-label=\"Step forward\"{d}>Step ▶</button>\
         <button type=\"button\" data-act=\"reset\"{d}>↺ Reset</button>\
         <span class=\"widget-speed\"><label>Speed <input type=\"range\" min=\"-10\" max=\"10\" step=\"1\" data-act=\"speed\" value=\"{}\"{d}></label>\
         <output>{}</output></span></div>\
         <div class=\"widget-scrubber\"><label><span>Timeline</span>\
         <input type=\"range\" min=\"0\" max=\"{}\" value=\"{}\" data-act=\"seek\"{d}></label>\
         <output class=\"widget-position\">{}</output></div>\
         <div class=\"widget-setup\"><label>Scenario <select data-act=\"preset\"{d}>",
        state.playing,
        play_label(state.playing),
        state.speed,
        speed_text(state.speed),
        run.recorded_steps(),
        run.current_step(),
        position(run),
    );
    for p in model.presets() {
        let _ = write!(
            out,
            "<option value=\"{0}\"{1}>{0}</option>",
            Esc(p),
            selected(*p == choice.preset)
        );
    }
    let _ = write!(
        out,
        "</select></label><label>Seed <input type=\"number\" min=\"0\" inputmode=\"numeric\" class=\"widget-seed\" \
         data-act=\"seed\" value=\"{}\"{d}></label></div></div>",
        choice.seed
    );
}

/// The Share button, the link it made and whether it was copied.
pub fn share(state: &ShellState, out: &mut String) {
    let _ = write!(
        out,
        "<button type=\"button\" data-act=\"share\"{}>Share this run</button>\
         <span class=\"widget-region\" data-region=\"share-link\">",
        off(state.live)
    );
    share_link(state.share_link.as_deref(), out);
    let _ = write!(
        out,
        "</span><span class=\"widget-share-status\" aria-live=\"polite\">{}</span>",
        Esc(&state.share_status)
    );
}

/// The link the Share button made, in a read-only box.
pub fn share_link(url: Option<&str>, out: &mut String) {
    if let Some(url) = url {
        let _ = write!(
            out,
            "<label class=\"widget-share-link\">Link to this exact step <input type=\"text\" readonly value=\"{}\"></label>",
            Esc(url)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::Tenths;

    #[test]
    fn fixed_decimals_round_to_the_nearest() {
        assert_eq!(Tenths(12.34).to_string(), "12.3");
        assert_eq!(Tenths(12.36).to_string(), "12.4");
        assert_eq!(Tenths(40.0).to_string(), "40.0");
        assert_eq!(Tenths(-3.26).to_string(), "-3.3");
        assert_eq!(Tenths(-0.04).to_string(), "0.0");
        assert_eq!(Tenths(f64::NAN).to_string(), "0.0");
        for i in -2000..2000 {
            let x = f64::from(i) * 0.0731;
            let written: f64 = Tenths(x).to_string().parse().unwrap();
            assert!((written - x).abs() <= 0.05 + 1e-9, "{x} -> {written}");
        }
    }
}
