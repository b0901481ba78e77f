//! The CRDT states, their operations (returning deltas) and merges (returning decisions).

use crate::hlc::Hlc;
use crate::sorted::{SortedMap, SortedSet};
use crate::wire::put_varint;
use serde::Serialize;
use std::fmt::Write;

/// Replica index inside a CRDT state.
pub type ReplicaId = u8;

/// One decision of a merge, for step-by-step animation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergeDecision {
    /// The entry decided, e.g. "n2" or "x".
    pub entry: String,
    /// The decision in words, e.g. "max(3, 5) = 5".
    pub text: String,
}

fn decide(entry: impl Into<String>, text: String) -> MergeDecision {
    MergeDecision {
        entry: entry.into(),
        text,
    }
}

fn replica_name(r: ReplicaId) -> String {
    format!("n{}", r + 1)
}

/// A grow-only counter: one count per replica; value is the sum.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GCounter {
    /// Increments made by each replica.
    pub counts: SortedMap<ReplicaId, u64>,
}

impl GCounter {
    /// Sum of all counts.
    pub fn value(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Increments replica `r`'s count; returns the delta.
    pub fn increment(&mut self, r: ReplicaId) -> GCounter {
        let c = self.counts.get_or_insert_with(r, || 0);
        *c += 1;
        let mut counts = SortedMap::new();
        counts.insert(r, *c);
        GCounter { counts }
    }

    /// Element-wise max.
    pub fn merge(&mut self, other: &GCounter, label: &str) -> Vec<MergeDecision> {
        let mut out = Vec::new();
        for (r, theirs) in &other.counts {
            let ours = self.counts.get(r).copied().unwrap_or(0);
            let max = ours.max(*theirs);
            out.push(decide(
                format!("{label}{}", replica_name(*r)),
                format!("max({ours}, {theirs}) = {max}"),
            ));
            self.counts.insert(*r, max);
        }
        out
    }

    /// The counts that grew since `before`.
    fn gained(&self, before: &GCounter) -> GCounter {
        let mut counts = SortedMap::new();
        for (r, c) in &self.counts {
            if before.counts.get(r).is_none_or(|b| b < c) {
                counts.insert(*r, *c);
            }
        }
        GCounter { counts }
    }

    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.counts.len() as u64);
        for (r, c) in &self.counts {
            out.push(*r);
            put_varint(out, *c);
        }
    }
}

/// A counter that can go down: increments and decrements as two grow-only counters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PnCounter {
    /// Increments.
    pub p: GCounter,
    /// Decrements.
    pub n: GCounter,
}

impl PnCounter {
    /// Increments minus decrements.
    pub fn value(&self) -> i64 {
        self.p.value() as i64 - self.n.value() as i64
    }
}

/// A last-writer-wins register stamped with the writer's HLC, ties broken by replica id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LwwRegister {
    /// The value and its stamp, if ever written.
    pub value: Option<(String, Hlc, ReplicaId)>,
}

impl LwwRegister {
    /// Keeps the write with the larger (HLC, replica) stamp.
    pub fn merge(&mut self, other: &LwwRegister) -> Vec<MergeDecision> {
        let stamp = |v: &Option<(String, Hlc, ReplicaId)>| v.as_ref().map(|(_, h, r)| (*h, *r));
        let show = |v: &Option<(String, Hlc, ReplicaId)>| match v {
            Some((s, h, r)) => format!("{s:?}@({},{},{})", h.l, h.c, replica_name(*r)),
            None => "unset".to_string(),
        };
        let keep_theirs = stamp(&other.value) > stamp(&self.value);
        let text = format!(
            "{} vs {}: {} wins",
            show(&self.value),
            show(&other.value),
            if keep_theirs { "remote" } else { "local" }
        );
        if keep_theirs {
            self.value = other.value.clone();
        }
        vec![decide("value", text)]
    }
}

/// A unique tag of one add: the replica and its per-replica counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Dot {
    /// Adding replica.
    pub replica: ReplicaId,
    /// Its counter.
    pub counter: u32,
}

impl std::fmt::Display for Dot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", replica_name(self.replica), self.counter)
    }
}

/// An add-wins observed-remove set with dots and a causal context.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OrSet {
    /// Live tags of each element.
    pub entries: SortedMap<String, SortedSet<Dot>>,
    /// Every tag this replica has seen (live or removed).
    pub context: SortedSet<Dot>,
}

impl OrSet {
    /// Elements with at least one live tag.
    pub fn value(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }

    /// Tags seen but no longer live: the removed adds.
    pub fn tombstones(&self) -> Vec<Dot> {
        self.context
            .iter()
            .filter(|d| self.element_of(d).is_none())
            .copied()
            .collect()
    }

    /// The element `d` is a live tag of, if it is one.
    fn element_of(&self, d: &Dot) -> Option<&String> {
        self.entries
            .iter()
            .find_map(|(e, tags)| tags.contains(d).then_some(e))
    }

    /// Adds `e` with a fresh tag of replica `r` (replacing the tags it saw); returns the delta.
    pub fn add(&mut self, r: ReplicaId, e: &str) -> OrSet {
        let counter = self
            .context
            .iter()
            .filter(|d| d.replica == r)
            .map(|d| d.counter)
            .max()
            .unwrap_or(0)
            + 1;
        let dot = Dot {
            replica: r,
            counter,
        };
        let mut context: SortedSet<Dot> = self.entries.remove(e).unwrap_or_default();
        context.insert(dot);
        let mut tags = SortedSet::new();
        tags.insert(dot);
        self.entries.insert(e.to_string(), tags.clone());
        self.context.extend(context.iter().copied());
        let mut entries = SortedMap::new();
        entries.insert(e.to_string(), tags);
        OrSet { entries, context }
    }

    /// Removes `e` (the tags seen here); returns the delta.
    pub fn remove(&mut self, e: &str) -> OrSet {
        OrSet {
            entries: SortedMap::new(),
            context: self.entries.remove(e).unwrap_or_default(),
        }
    }

    /// Keeps a tag present on both sides, or on one side if the other has not seen it.
    pub fn merge(&mut self, other: &OrSet) -> Vec<MergeDecision> {
        let mut out = Vec::new();
        let mut keys: Vec<String> = self.entries.keys().cloned().collect();
        for key in other.entries.keys() {
            if let Err(i) = keys.binary_search(key) {
                keys.insert(i, key.clone());
            }
        }
        let empty = SortedSet::new();
        for key in keys {
            let ours = self.entries.get(&key).unwrap_or(&empty);
            let theirs = other.entries.get(&key).unwrap_or(&empty);
            let mut union = ours.clone();
            union.extend(theirs.iter().copied());
            let mut kept = SortedSet::new();
            for dot in &union {
                let (in_ours, in_theirs) = (ours.contains(dot), theirs.contains(dot));
                let text = if in_ours && in_theirs {
                    kept.insert(*dot);
                    format!("tag {dot} on both sides: kept")
                } else if in_ours && !other.context.contains(dot) {
                    kept.insert(*dot);
                    format!("tag {dot} unseen by remote: add survives")
                } else if in_theirs && !self.context.contains(dot) {
                    kept.insert(*dot);
                    format!("tag {dot} new from remote: added")
                } else if in_ours {
                    format!("tag {dot} removed by remote: dropped")
                } else {
                    format!("tag {dot} already removed here: stays removed")
                };
                out.push(decide(key.clone(), text));
            }
            if kept.is_empty() {
                self.entries.remove(&key);
            } else {
                self.entries.insert(key, kept);
            }
        }
        self.context.extend(other.context.iter().copied());
        out
    }

    /// The tags added and removed since `before`: with `before`, it joins to `self`.
    fn gained(&self, before: &OrSet) -> OrSet {
        let mut out = OrSet::default();
        for d in &self.context {
            let live = self.element_of(d);
            if !before.context.contains(d) {
                if let Some(e) = live {
                    let tags = out.entries.get_or_insert_with(e.clone(), SortedSet::new);
                    tags.insert(*d);
                }
            } else if live.is_some() || before.element_of(d).is_none() {
                continue;
            }
            out.context.insert(*d);
        }
        out
    }

    fn put(&self, out: &mut Vec<u8>) {
        let put_dot = |out: &mut Vec<u8>, d: &Dot| {
            out.push(d.replica);
            put_varint(out, d.counter.into());
        };
        put_varint(out, self.entries.len() as u64);
        for (e, dots) in &self.entries {
            put_varint(out, e.len() as u64);
            out.extend_from_slice(e.as_bytes());
            put_varint(out, dots.len() as u64);
            dots.iter().for_each(|d| put_dot(out, d));
        }
        put_varint(out, self.context.len() as u64);
        self.context.iter().for_each(|d| put_dot(out, d));
    }
}

/// The state of one replica of any supported CRDT (also used for deltas).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum CrdtState {
    /// Grow-only counter.
    GCounter(GCounter),
    /// Increment/decrement counter.
    PnCounter(PnCounter),
    /// Last-writer-wins register.
    LwwRegister(LwwRegister),
    /// Add-wins observed-remove set.
    OrSet(OrSet),
}

impl CrdtState {
    /// The value in words, e.g. "7" or "{x, y}".
    pub fn value(&self) -> String {
        match self {
            CrdtState::GCounter(g) => g.value().to_string(),
            CrdtState::PnCounter(pn) => pn.value().to_string(),
            CrdtState::LwwRegister(r) => match &r.value {
                Some((v, _, _)) => format!("{v:?}"),
                None => "unset".to_string(),
            },
            CrdtState::OrSet(s) => {
                let mut out = String::from("{");
                for (i, e) in s.entries.keys().enumerate() {
                    let _ = write!(out, "{}{e}", if i > 0 { ", " } else { "" });
                }
                out.push('}');
                out
            }
        }
    }

    /// What the state holds, entry by entry, for a delta in the log: `{n1: 2}`,
    /// `P {n1: 2}, N {}`, `"v" at (100, 0) by n2`, `x (n1:2); removes n1:1`. Unlike
    /// [`CrdtState::value`], a remove (tags and no elements) is not shown as `{}`.
    pub fn contents(&self) -> String {
        // Written into one string: lists joined from vectors of strings took 0.3 KB
        // more of the widget's WebAssembly.
        let mut out = String::new();
        let counts = |out: &mut String, g: &GCounter| {
            out.push('{');
            let mut sep = "";
            for (r, c) in &g.counts {
                let _ = write!(out, "{sep}n{}: {c}", r + 1);
                sep = ", ";
            }
            out.push('}');
        };
        match self {
            CrdtState::GCounter(g) => counts(&mut out, g),
            CrdtState::PnCounter(pn) => {
                out.push_str("P ");
                counts(&mut out, &pn.p);
                out.push_str(", N ");
                counts(&mut out, &pn.n);
            }
            CrdtState::LwwRegister(r) => match &r.value {
                Some((v, h, w)) => {
                    let _ = write!(out, "{v:?} at {h} by n{}", w + 1);
                }
                None => out.push_str("unset"),
            },
            CrdtState::OrSet(s) => {
                for (e, tags) in &s.entries {
                    let _ = write!(out, "{}{e} (", if out.is_empty() { "" } else { "; " });
                    let mut sep = "";
                    for d in tags {
                        let _ = write!(out, "{sep}{d}");
                        sep = " ";
                    }
                    out.push(')');
                }
                let mut sep = if out.is_empty() {
                    "removes "
                } else {
                    "; removes "
                };
                for d in s.tombstones() {
                    let _ = write!(out, "{sep}{d}");
                    sep = " ";
                }
                if out.is_empty() {
                    out.push_str("nothing");
                }
            }
        }
        out
    }

    /// The first difference from replica `them`'s state `other`, in words, as replica
    /// `me` holds this one: what one of them lacks of the other's state, as a delta
    /// ("n3 lacks what n1 holds: x (n1:2)"); `None` when the states are equal.
    pub fn difference(&self, other: &CrdtState, me: ReplicaId, them: ReplicaId) -> Option<String> {
        let lacks = |held: &CrdtState, by: ReplicaId, lacking: &CrdtState, at: ReplicaId| {
            let mut joined = lacking.clone();
            joined.merge(held);
            (&joined != lacking).then(|| {
                format!(
                    "{} lacks what {} holds: {}",
                    replica_name(at),
                    replica_name(by),
                    joined.gained(lacking).contents()
                )
            })
        };
        lacks(self, me, other, them).or_else(|| lacks(other, them, self, me))
    }

    /// What this state holds that `before`, which it includes, does not: the delta to
    /// forward after a merge that changed the state (a register forwards its write).
    pub fn gained(&self, before: &CrdtState) -> CrdtState {
        match (self, before) {
            (CrdtState::GCounter(a), CrdtState::GCounter(b)) => CrdtState::GCounter(a.gained(b)),
            (CrdtState::PnCounter(a), CrdtState::PnCounter(b)) => CrdtState::PnCounter(PnCounter {
                p: a.p.gained(&b.p),
                n: a.n.gained(&b.n),
            }),
            (CrdtState::OrSet(a), CrdtState::OrSet(b)) => CrdtState::OrSet(a.gained(b)),
            _ => self.clone(),
        }
    }

    /// Joins `other` into `self`; returns the per-entry decisions.
    pub fn merge(&mut self, other: &CrdtState) -> Vec<MergeDecision> {
        match (self, other) {
            (CrdtState::GCounter(a), CrdtState::GCounter(b)) => a.merge(b, ""),
            (CrdtState::PnCounter(a), CrdtState::PnCounter(b)) => {
                let mut out = a.p.merge(&b.p, "P ");
                out.extend(a.n.merge(&b.n, "N "));
                out
            }
            (CrdtState::LwwRegister(a), CrdtState::LwwRegister(b)) => a.merge(b),
            (CrdtState::OrSet(a), CrdtState::OrSet(b)) => a.merge(b),
            _ => Vec::new(),
        }
    }

    /// The size of this state on the wire, in bytes.
    pub fn wire_bytes(&self) -> u64 {
        let mut out = Vec::new();
        match self {
            CrdtState::GCounter(g) => g.put(&mut out),
            CrdtState::PnCounter(pn) => {
                pn.p.put(&mut out);
                pn.n.put(&mut out)
            }
            CrdtState::LwwRegister(r) => {
                if let Some((v, h, id)) = &r.value {
                    put_varint(&mut out, v.len() as u64);
                    out.extend_from_slice(v.as_bytes());
                    put_varint(&mut out, h.l);
                    put_varint(&mut out, h.c.into());
                    out.push(*id);
                }
            }
            CrdtState::OrSet(s) => s.put(&mut out),
        }
        out.len() as u64
    }
}
