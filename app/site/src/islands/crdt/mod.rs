//! The CRDT merges widget: 2 to 5 replicas of a G-Counter, PN-Counter, LWW-Register or
//! OR-Set, their internal state, sync by state or delta over a network that can be
//! partitioned or lossy, merges explained entry by entry, convergence and bytes shipped.

mod bytes;
mod model;
mod replica;
mod settings;
mod stage;
mod state;

use sim::crdt::{CrdtKind, CrdtNote, CrdtSim, MergeDecision, SyncMode};
use sim::EventKind;

use crate::islands::registry::{sim_build, Entry, Keyword, Param};
use crate::islands::shell::Widget;
use model::CrdtModel;
use replica::{replica_card, CardContext};

/// The data types offered, with their names, in the order of the type select.
const KINDS: [(CrdtKind, &str); 4] = [
    (CrdtKind::GCounter, "G-Counter"),
    (CrdtKind::PnCounter, "PN-Counter"),
    (CrdtKind::LwwRegister, "LWW-Register"),
    (CrdtKind::OrSet, "OR-Set"),
];

/// The operands offered for add/remove (OR-Set) and set (LWW-Register).
fn operands(kind: CrdtKind) -> [&'static str; 3] {
    match kind {
        CrdtKind::LwwRegister => ["red", "green", "blue"],
        _ => ["x", "y", "z"],
    }
}

/// Merges that happened at the current step: receiver, sender and decisions.
fn merges_now(sim: &CrdtSim) -> Vec<(usize, usize, Vec<MergeDecision>)> {
    sim.events_at(sim.current_step())
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Note {
                node,
                note: CrdtNote::Merged {
                    from, decisions, ..
                },
            } => Some((*node, *from, decisions.clone())),
            _ => None,
        })
        .collect()
}

/// The replica cards, in a grid.
fn cards(m: &CrdtModel, live: bool, out: &mut String) {
    let v = m.sim.view();
    let merges = merges_now(&m.sim);
    let operand = operands(v.kind)[m.operand.min(2)];
    out.push_str("<div class=\"crdt-replicas\">");
    for r in &v.replicas {
        let merging = merges
            .iter()
            .find(|(to, _, _)| *to == r.id)
            .map(|(_, from, d)| (*from, d.as_slice()));
        let cx = CardContext {
            kind: v.kind,
            replicas: v.replicas.len(),
            merging,
            operand,
            live,
        };
        replica_card(r, &cx, out);
    }
    out.push_str("</div>");
}

/// The `crdt` directive.
pub const ENTRY: Entry = Entry {
    name: CrdtModel::KIND,
    title: CrdtModel::TITLE,
    params: &[
        Param::one_of("type", CrdtKind::NAMES),
        Param::int("replicas", 2, 5),
        Param::SEED,
        Param::one_of("sync", SyncMode::NAMES),
        Param::one_of("preset", sim::crdt::PRESETS),
    ],
    break_label: CrdtModel::BREAK_LABEL,
    build: sim_build!(CrdtModel),
};

impl Keyword for CrdtKind {
    const NAMES: &'static [&'static str] = &["g-counter", "pn-counter", "lww-register", "or-set"];
    const VALUES: &'static [Self] = &[
        CrdtKind::GCounter,
        CrdtKind::PnCounter,
        CrdtKind::LwwRegister,
        CrdtKind::OrSet,
    ];
}

impl Keyword for SyncMode {
    const NAMES: &'static [&'static str] = &["state", "delta"];
    const VALUES: &'static [Self] = &[SyncMode::State, SyncMode::Delta];
}
