//! The processes' wall clocks, shown with hybrid logical clocks: each lane's caption
//! (how its clock is off) and a panel with what each reads at the current step beside
//! its HLC.

use sim::clocks::ClocksView;
use sim::ClockModel;
use std::fmt::Write;

/// How `clock` is off true time: "wall clock +40 ms, 2% fast", or "wall clock exact".
pub fn caption(clock: &ClockModel) -> String {
    let mut text = String::from("wall clock");
    if clock.skew_ms != 0 {
        let _ = write!(text, " {:+} ms", clock.skew_ms);
    }
    if clock.drift_ppm != 0 {
        let sep = if clock.skew_ms != 0 { "," } else { "" };
        let pace = if clock.drift_ppm > 0 { "fast" } else { "slow" };
        let ppm = clock.drift_ppm.unsigned_abs();
        let _ = match ppm % 10_000 {
            0 => write!(text, "{sep} {}% {pace}", ppm / 10_000),
            _ => write!(text, "{sep} {ppm} ppm {pace}"),
        };
    }
    if *clock == ClockModel::default() {
        text.push_str(" exact");
    }
    text
}

/// Each process's wall clock reading at the current step and its HLC, with how the two
/// relate.
pub fn panel(view: &ClocksView, out: &mut String) {
    let _ = write!(
        out,
        "<div class=\"clk-panel clk-walls\"><h4>Wall clocks at t = {} ms</h4><ul>",
        view.now
    );
    for (i, (clock, reads)) in view.clocks.iter().zip(&view.physical).enumerate() {
        let hlc = view.processes.get(i).map(|p| p.hlc).unwrap_or_default();
        let _ = write!(
            out,
            "<li>p{}: {} reads <strong>{reads} ms</strong> · HLC {hlc}</li>",
            i + 1,
            caption(clock)
        );
    }
    out.push_str(
        "</ul><p>An event's HLC takes l = the largest of its wall clock and the l it last \
         saw, so l never falls behind the wall clock; c counts events with the same l.</p></div>",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::clocks::ClocksSim;

    fn clock(skew_ms: i32, drift_ppm: i32) -> ClockModel {
        ClockModel { skew_ms, drift_ppm }
    }

    #[test]
    fn a_caption_says_how_the_clock_is_off() {
        assert_eq!(caption(&clock(0, 0)), "wall clock exact");
        assert_eq!(caption(&clock(40, 20_000)), "wall clock +40 ms, 2% fast");
        assert_eq!(caption(&clock(-30, -10_000)), "wall clock -30 ms, 1% slow");
        assert_eq!(caption(&clock(0, 250)), "wall clock 250 ppm fast");
        assert_eq!(caption(&clock(5, 0)), "wall clock +5 ms");
    }

    #[test]
    fn the_panel_shows_each_reading_beside_its_hlc() {
        let mut sim = ClocksSim::preset("message-chain", 4).unwrap();
        sim.run_until(20);
        let view = sim.view();
        let mut html = String::new();
        panel(&view, &mut html);
        assert!(html.contains("<h4>Wall clocks at t = 20 ms</h4>"), "{html}");
        // p1 is exact and stamped its local event and its send at its own clock; p2
        // (+40 ms, 2% fast) reads 20 + 40 + 0.4 ms, rounded down, and has seen nothing.
        assert!(
            html.contains(
                "<li>p1: wall clock exact reads <strong>20 ms</strong> · HLC (20, 0)</li>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<li>p2: wall clock +40 ms, 2% fast reads <strong>60 ms</strong> · HLC (0, 0)</li>"
            ),
            "{html}"
        );
        assert!(html.contains("<li>p3: wall clock -30 ms, 1% slow reads"));
    }
}
