//! The term over time: the highest term any node has reached, drawn as a step line, so
//! that a run's term inflation (PreVote and CheckQuorum off under a partial partition)
//! or its stability is seen at a glance.

use crate::islands::shell::markup::Tenths;
use sim::raft::{RaftNote, RaftSim};
use sim::EventKind;
use std::fmt::Write;

const WIDTH: f64 = 240.0;
const HEIGHT: f64 = 36.0;

/// Where the highest term rose, up to the current step: `(virtual ms, term)`, starting
/// from term 0 at 0 ms.
pub fn rises(sim: &RaftSim) -> Vec<(u64, u64)> {
    let mut points = vec![(0, 0)];
    for e in sim.trace_until_now() {
        let term = match &e.kind {
            EventKind::Note {
                note: RaftNote::StartsElection { term } | RaftNote::BecomesLeader { term },
                ..
            } => *term,
            EventKind::Note {
                note: RaftNote::NewTerm { to, .. },
                ..
            } => *to,
            _ => continue,
        };
        if points.last().is_some_and(|&(_, top)| term > top) {
            points.push((e.time, term));
        }
    }
    points
}

/// The step line with its words: the term now and how often it rose; `run` names the run
/// when a widget draws two.
pub fn sparkline(sim: &RaftSim, run: Option<&str>, out: &mut String) {
    let points = rises(sim);
    let now = sim.now();
    let top = points.last().map_or(0, |p| p.1);
    let x = |t: u64| Tenths(t as f64 / now.max(1) as f64 * WIDTH);
    let y = |term: u64| Tenths(HEIGHT - 2.0 - term as f64 / top.max(1) as f64 * (HEIGHT - 4.0));
    let mut line = String::new();
    for (k, &(t, term)) in points.iter().enumerate() {
        if k > 0 {
            // Flat until the rise, then up.
            let _ = write!(line, "{},{} ", x(t), y(points[k - 1].1));
        }
        let _ = write!(line, "{},{} ", x(t), y(term));
    }
    let _ = write!(line, "{},{}", x(now), y(top));
    let rose = points.len() - 1;
    let times = if rose == 1 { "once" } else { "times" };
    let words = match rose {
        0 => format!("Term over time: still 0 at t = {now} ms"),
        1 => format!("Term over time: 1 since t = {} ms", points[1].0),
        _ => format!("Term over time: {top} at t = {now} ms, risen {rose} {times}"),
    };
    let run = run.map(|r| format!("<b>{r}</b>: ")).unwrap_or_default();
    let _ = write!(
        out,
        "<div class=\"raft-terms\"><svg viewBox=\"0 0 {} {}\" aria-hidden=\"true\">\
         <polyline points=\"{line}\"/></svg><p>{run}{words}</p></div>",
        // Integers: an f64 written with `Display` brings in the float formatter (5.7 KB
        // brotli measured on the Raft module).
        WIDTH as u16,
        HEIGHT as u16
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::Sim;

    #[test]
    fn the_term_line_rises_with_every_new_term_and_stays_flat_under_a_stable_leader() {
        let mut sim: RaftSim = Sim::new(sim::raft::preset("normal-election", 5).unwrap()).unwrap();
        sim.run_until(3_000);
        let points = rises(&sim);
        assert_eq!(points.len(), 2, "one election, term 1: {points:?}");
        assert_eq!(points[1].1, 1);

        // Without PreVote and CheckQuorum, the one-way partition inflates the term.
        let mut scenario = sim::raft::preset("asymmetric-partition", 5).unwrap();
        scenario.config.pre_vote = false;
        scenario.config.check_quorum = false;
        let mut sim: RaftSim = Sim::new(scenario).unwrap();
        sim.run_until(4_000);
        let points = rises(&sim);
        assert!(points.len() > 4, "{points:?}");
        assert!(points
            .windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[0].1 < w[1].1));
        let mut html = String::new();
        sparkline(&sim, None, &mut html);
        let top = points.last().unwrap().1;
        let words = format!(
            "Term over time: {top} at t = {} ms, risen {} times",
            sim.now(),
            points.len() - 1
        );
        assert!(html.contains(&words), "{html}");

        // Scrubbing back shows the line as it was then.
        sim.seek(0);
        assert_eq!(rises(&sim), vec![(0, 0)]);
    }
}
