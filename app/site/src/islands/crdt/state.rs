//! One replica's internal state as a small table: per-node counts, the LWW stamp, or
//! the OR-Set's live tags and tombstones. Rows touched by the latest merge are marked.

use sim::crdt::{CrdtState, Dot, MergeDecision};
use std::fmt::Write;

use crate::islands::shell::markup::Esc;
use crate::islands::shell::ring::name;

/// Rows beyond which a state table scrolls.
const LONG: usize = 10;

/// A row of the state table: entry name, its contents, and whether the latest merge touched it.
struct Row {
    entry: String,
    cells: Vec<String>,
    merged: bool,
}

fn dots(d: impl IntoIterator<Item = Dot>) -> String {
    let mut list = String::new();
    for d in d {
        let sep = if list.is_empty() { "" } else { " " };
        let _ = write!(list, "{sep}{d}");
    }
    if list.is_empty() {
        list.push_str("none");
    }
    list
}

/// Column headers and rows for `state` in a group of `replicas`.
fn rows(
    state: &CrdtState,
    replicas: usize,
    merged: &[MergeDecision],
) -> (Vec<&'static str>, Vec<Row>) {
    let touched = |entry: &str| merged.iter().any(|d| d.entry == entry);
    let count = |g: &sim::crdt::GCounter, r: usize| {
        g.counts.get(&(r as u8)).copied().unwrap_or(0).to_string()
    };
    match state {
        CrdtState::GCounter(g) => (
            vec!["replica", "count"],
            (0..replicas)
                .map(|r| Row {
                    entry: name(r),
                    cells: vec![count(g, r)],
                    merged: touched(&name(r)),
                })
                .collect(),
        ),
        CrdtState::PnCounter(pn) => (
            vec!["replica", "incr (P)", "decr (N)"],
            (0..replicas)
                .map(|r| Row {
                    entry: name(r),
                    cells: vec![count(&pn.p, r), count(&pn.n, r)],
                    merged: touched(&format!("P {}", name(r)))
                        || touched(&format!("N {}", name(r))),
                })
                .collect(),
        ),
        // Three columns, the value first: a fourth did not fit a card at 360 px.
        CrdtState::LwwRegister(reg) => {
            let (entry, cells) = match &reg.value {
                Some((v, h, w)) => (format!("{v:?}"), vec![h.to_string(), name(*w as usize)]),
                None => ("unset".into(), vec!["-".into(), "-".into()]),
            };
            (
                vec!["value", "stamp (HLC)", "writer"],
                vec![Row {
                    entry,
                    cells,
                    merged: touched("value"),
                }],
            )
        }
        CrdtState::OrSet(s) => {
            let mut out: Vec<Row> = s
                .entries
                .iter()
                .map(|(e, tags)| Row {
                    entry: e.clone(),
                    cells: vec![dots(tags.iter().copied())],
                    merged: touched(e),
                })
                .collect();
            out.push(Row {
                entry: "tombstones".into(),
                cells: vec![dots(s.tombstones())],
                merged: merged.iter().any(|d| d.text.contains("removed")),
            });
            (vec!["element", "live tags"], out)
        }
    }
}

/// The internal state of replica `owner` as a table (see the module docs).
pub fn state_table(
    owner: usize,
    state: &CrdtState,
    replicas: usize,
    merged: &[MergeDecision],
    out: &mut String,
) {
    let (headers, rows) = rows(state, replicas, merged);
    // A large set's table scrolls inside its card (reachable by keyboard).
    let long = rows.len() > LONG;
    if long {
        let _ = write!(
            out,
            "<div class=\"crdt-scroll\" tabindex=\"0\" role=\"group\" aria-label=\"State of {}, scrolls\">",
            name(owner)
        );
    }
    let _ = write!(
        out,
        "<table class=\"crdt-state\"><caption class=\"visually-hidden\">Internal state of {}</caption><thead><tr>",
        name(owner)
    );
    for h in headers {
        let _ = write!(out, "<th scope=\"col\">{h}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        let (class, mark) = if r.merged {
            (" class=\"crdt-touched\"", " *")
        } else {
            ("", "")
        };
        let _ = write!(
            out,
            "<tr{class}><th scope=\"row\">{}{mark}</th>",
            Esc(&r.entry)
        );
        for c in &r.cells {
            let _ = write!(out, "<td>{}</td>", Esc(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if long {
        out.push_str("</div>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::crdt::{GCounter, OrSet};

    #[test]
    fn g_counter_lists_every_replica_and_marks_merged_rows() {
        let mut g = GCounter::default();
        g.increment(1);
        let merged = vec![MergeDecision {
            entry: "n2".into(),
            text: "max(0, 1) = 1".into(),
        }];
        let (_, rows) = rows(&CrdtState::GCounter(g), 3, &merged);
        let shown: Vec<(String, String, bool)> = rows
            .into_iter()
            .map(|r| (r.entry, r.cells.join(","), r.merged))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("n1".into(), "0".into(), false),
                ("n2".into(), "1".into(), true),
                ("n3".into(), "0".into(), false)
            ]
        );
    }

    #[test]
    fn or_set_shows_live_tags_and_tombstones() {
        let mut s = OrSet::default();
        s.add(0, "x");
        s.add(0, "x");
        s.add(1, "y");
        s.remove("y");
        let (_, rows) = rows(&CrdtState::OrSet(s), 2, &[]);
        let shown: Vec<(String, String)> = rows
            .into_iter()
            .map(|r| (r.entry, r.cells.join(",")))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("x".into(), "n1:2".into()),
                ("tombstones".into(), "n1:1 n2:1".into())
            ]
        );
    }

    /// The stamp as a pair: "100.0" read as a decimal number.
    #[test]
    fn lww_register_shows_its_stamp_as_a_pair() {
        let reg = sim::crdt::LwwRegister {
            value: Some(("v".into(), sim::hlc::Hlc { l: 100, c: 0 }, 1)),
        };
        let (_, rows) = rows(&CrdtState::LwwRegister(reg), 2, &[]);
        assert_eq!(rows[0].entry, "\"v\"");
        assert_eq!(rows[0].cells, vec!["(100, 0)", "n2"]);
    }
}
