//! Hybrid logical clocks (Kulkarni et al. 2014).

use serde::Serialize;

/// An HLC timestamp: `l` tracks the largest physical time seen, `c` orders events within it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Hlc {
    /// Logical part: the largest physical clock reading known.
    pub l: u64,
    /// Counter for events with the same `l`.
    pub c: u32,
}

impl Hlc {
    /// A local or send event at physical time `pt`.
    pub fn tick(&mut self, pt: u64) {
        let old = self.l;
        self.l = old.max(pt);
        self.c = if self.l == old { self.c + 1 } else { 0 };
    }

    /// A receive event at physical time `pt` of a message stamped `m`.
    pub fn receive(&mut self, pt: u64, m: Hlc) {
        let old = self.l;
        self.l = old.max(m.l).max(pt);
        self.c = if self.l == old && self.l == m.l {
            self.c.max(m.c) + 1
        } else if self.l == old {
            self.c + 1
        } else if self.l == m.l {
            m.c + 1
        } else {
            0
        };
    }
}
