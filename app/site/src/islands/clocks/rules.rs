//! The clock update rules applied at one event, worked through with its numbers.

use sim::clocks::{ClockEvent, ClockEventKind, ClocksView};
use sim::hlc::Hlc;

/// The three rule lines (vector, Lamport, HLC) for event `id` of `view`.
pub fn explain_rules(view: &ClocksView, id: usize) -> Option<[String; 3]> {
    let e = view.events.get(id)?;
    let n = view.processes.len();
    let before = view.events[..id]
        .iter()
        .rev()
        .find(|p| p.process == e.process);
    let zero = vec![0; n];
    let (v0, l0, h0) = match before {
        Some(b) => (b.vector.clone(), b.lamport, b.hlc),
        None => (zero, 0, Hlc::default()),
    };
    let p = format!("p{}", e.process + 1);
    let sent = match e.kind {
        ClockEventKind::Receive { send, .. } => view.events.get(send),
        _ => None,
    };
    Some(match sent {
        None => [
            format!(
                "Vector: {p} adds 1 to its own entry: {v0:?} → {:?}",
                e.vector
            ),
            format!("Lamport: {l0} + 1 = {}", e.lamport),
            format!(
                "HLC: l = max({}, pt {}) = {}; c = {} ({}) → {}",
                h0.l,
                e.physical,
                e.hlc.l,
                e.hlc.c,
                if e.hlc.l == h0.l {
                    "l unchanged: c + 1"
                } else {
                    "l moved: c reset"
                },
                e.hlc
            ),
        ],
        Some(m) => receive_rules(&p, e, m, (&v0, l0, h0)),
    })
}

fn receive_rules(
    p: &str,
    e: &ClockEvent,
    m: &ClockEvent,
    (v0, l0, h0): (&[u64], u64, Hlc),
) -> [String; 3] {
    let merged: Vec<u64> = v0.iter().zip(&m.vector).map(|(a, b)| *a.max(b)).collect();
    let c_rule = if e.hlc.l == h0.l && e.hlc.l == m.hlc.l {
        "l from both: max(c, c_msg) + 1"
    } else if e.hlc.l == h0.l {
        "l kept: c + 1"
    } else if e.hlc.l == m.hlc.l {
        "l from the message: c_msg + 1"
    } else {
        "l from the physical clock: c reset"
    };
    [
        format!(
            "Vector: element-wise max({v0:?}, message {:?}) = {merged:?}, then {p} adds 1 → {:?}",
            m.vector, e.vector
        ),
        format!(
            "Lamport: max({l0}, message {}) + 1 = {}",
            m.lamport, e.lamport
        ),
        format!(
            "HLC: l = max({}, message {}, pt {}) = {}; c = {} ({c_rule})",
            h0.l, m.hlc.l, e.physical, e.hlc.l, e.hlc.c
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::clocks::ClocksSim;

    #[test]
    fn local_and_receive_rules_show_the_numbers() {
        let mut sim = ClocksSim::preset("message-chain", 1).unwrap();
        while sim.step() {}
        let view = sim.view();
        let first = explain_rules(&view, 0).unwrap();
        assert_eq!(
            first[0],
            "Vector: p1 adds 1 to its own entry: [0, 0, 0] → [1, 0, 0]"
        );
        assert_eq!(first[1], "Lamport: 0 + 1 = 1");
        // The stamp as a pair: "100.0" read as a decimal number.
        let stamp = view.events[0].hlc;
        assert!(
            first[2].ends_with(&format!("→ ({}, {})", stamp.l, stamp.c)),
            "{}",
            first[2]
        );
        let receive = view
            .events
            .iter()
            .position(|e| matches!(e.kind, ClockEventKind::Receive { .. }))
            .unwrap();
        let r = explain_rules(&view, receive).unwrap();
        assert!(
            r[0].starts_with("Vector: element-wise max([0, 0, 0], message [2, 0, 0]) = [2, 0, 0]"),
            "{}",
            r[0]
        );
        assert_eq!(r[1], "Lamport: max(0, message 2) + 1 = 3");
        assert!(explain_rules(&view, 99).is_none());
    }
}
