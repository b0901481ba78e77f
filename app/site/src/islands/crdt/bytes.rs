//! Bytes over time: what the syncs shipped and what full states would have cost, summed
//! sync by sync up to the current step and drawn as two lines, so that the gap between
//! deltas and full states is seen growing.

use crate::islands::shell::markup::Tenths;
use sim::crdt::{CrdtMsg, CrdtNote, CrdtSim};
use sim::EventKind;
use std::fmt::Write;

const WIDTH: f64 = 200.0;
const HEIGHT: f64 = 36.0;

/// After each sync up to the current step: `(virtual ms, bytes shipped, bytes full
/// states would have shipped)`, both summed from 0, starting at `(0, 0, 0)`. A sync that
/// found nothing to send counts the full state it would have shipped.
pub fn totals(sim: &CrdtSim) -> Vec<(u64, u64, u64)> {
    let mut points = vec![(0, 0, 0)];
    let (mut shipped, mut full) = (0, 0);
    for e in sim.trace_until_now() {
        match &e.kind {
            EventKind::Sent(env) if !env.duplicate => {
                let CrdtMsg::Sync {
                    payload,
                    full_bytes,
                    ..
                } = &env.msg
                else {
                    continue;
                };
                shipped += payload.wire_bytes();
                full += full_bytes;
            }
            EventKind::Note {
                note: CrdtNote::NothingToSend { full_bytes, .. },
                ..
            } if *full_bytes > 0 => full += full_bytes,
            _ => continue,
        }
        points.push((e.time, shipped, full));
    }
    points
}

/// The two lines, deltas solid and full states dashed (the status line says which is
/// which in words).
pub fn sparkline(sim: &CrdtSim, out: &mut String) {
    let points = totals(sim);
    let now = sim.now().max(1);
    let top = points.last().map_or(0, |p| p.2).max(1);
    let at = |t: u64, b: u64| {
        (
            Tenths(t as f64 / now as f64 * WIDTH),
            Tenths(HEIGHT - 1.0 - b as f64 / top as f64 * (HEIGHT - 2.0)),
        )
    };
    let line = |pick: fn(&(u64, u64, u64)) -> u64| {
        let mut text = String::new();
        for p in points
            .iter()
            .chain(points.last().map(|p| (now, p.1, p.2)).as_ref())
        {
            let (x, y) = at(p.0, pick(p));
            let _ = write!(text, "{x},{y} ");
        }
        text
    };
    let _ = write!(
        out,
        "<svg class=\"crdt-spark\" viewBox=\"0 0 {} {}\" aria-hidden=\"true\">\
         <polyline class=\"crdt-spark-full\" points=\"{}\"/>\
         <polyline points=\"{}\"/></svg>",
        // Integers: an f64 written with `Display` brings in the float formatter.
        WIDTH as u16,
        HEIGHT as u16,
        line(|p| p.2),
        line(|p| p.1)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::Sim;

    #[test]
    fn the_totals_add_up_to_the_counters_sync_by_sync() {
        let mut sim: CrdtSim = Sim::preset("large-set", 1).unwrap();
        sim.run_until(10_000);
        let points = totals(&sim);
        let v = sim.view();
        assert_eq!(
            points.last().map(|p| (p.1, p.2)),
            Some((v.bytes_shipped, v.bytes_full_state))
        );
        // Two syncs per update, after the load of the set: 2 + 12 * 2.
        assert_eq!(points.len(), 1 + 26);
        assert!(points
            .windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1 && w[0].2 < w[1].2));
        let mut html = String::new();
        sparkline(&sim, &mut html);
        assert_eq!(html.matches("<polyline").count(), 2);
        // The full states' line ends at the top right.
        assert!(html.contains("200.0,1.0 \"/>"), "{html}");

        // Scrubbing back shows the lines as they were then.
        sim.seek(0);
        assert_eq!(totals(&sim), vec![(0, 0, 0)]);
    }
}
