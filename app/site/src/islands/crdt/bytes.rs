//! Bytes over time: what the syncs shipped and what full states would have cost, summed
//! sync by sync up to the current step and drawn as two lines, so that the gap between
//! deltas and full states is seen growing.

use sim::crdt::{CrdtMsg, CrdtNote, CrdtSim};
use sim::EventKind;
use std::fmt::Write;

/// Calls `point` after each sync up to the current step with `(virtual ms, bytes
/// shipped, bytes full states would have shipped)`, both summed from 0. A sync that
/// found nothing to send counts the full state it would have shipped.
fn each_sync(sim: &CrdtSim, mut point: impl FnMut(u64, u64, u64)) {
    let (mut shipped, mut full) = (0, 0);
    for e in sim.trace_until_now() {
        match &e.kind {
            EventKind::Sent(env) if !env.duplicate => match &env.msg {
                CrdtMsg::Sync {
                    payload,
                    full_bytes,
                    ..
                } => {
                    shipped += payload.wire_bytes();
                    full += full_bytes;
                }
                CrdtMsg::Ack { .. } => continue,
            },
            EventKind::Note {
                note: CrdtNote::NothingToSend { full_bytes, .. },
                ..
            } if *full_bytes > 0 => full += full_bytes,
            _ => continue,
        }
        point(e.time, shipped, full);
    }
}

/// The two lines from 0 ms to now, full states dashed and deltas solid (the status
/// line says which is which in words), in whole units of a 200 by 36 view box.
pub fn sparkline(sim: &CrdtSim, out: &mut String) {
    let c = sim.state();
    let (now, top) = (sim.now().max(1), c.bytes_full_state.max(1));
    let mut lines = [String::new(), String::new()];
    let mut point = |t: u64, shipped: u64, full: u64| {
        for (line, b) in lines.iter_mut().zip([full, shipped]) {
            let _ = write!(line, "{},{} ", t * 200 / now, 35 - b * 34 / top);
        }
    };
    point(0, 0, 0);
    each_sync(sim, &mut point);
    point(now, c.bytes_shipped, c.bytes_full_state);
    let [full, shipped] = lines;
    let _ = write!(
        out,
        "<svg class=\"crdt-spark\" viewBox=\"0 0 200 36\" aria-hidden=\"true\">\
         <polyline class=\"crdt-spark-full\" points=\"{full}\"/>\
         <polyline points=\"{shipped}\"/></svg>"
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
        let mut points = vec![(0, 0, 0)];
        each_sync(&sim, |t, shipped, full| points.push((t, shipped, full)));
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
        // Both lines start at the bottom left; the full states' ends at the top right.
        assert_eq!(html.matches("points=\"0,35 ").count(), 2, "{html}");
        assert!(html.contains(" 200,1 \"/>"), "{html}");

        // Scrubbing back shows the lines as they were then.
        sim.seek(0);
        let mut any = false;
        each_sync(&sim, |_, _, _| any = true);
        assert!(!any);
    }
}
