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

/// `(100, 0)`: written as a pair, since `100.0` reads as a decimal number.
impl std::fmt::Display for Hlc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}, {})", self.l, self.c)
    }
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

#[cfg(test)]
mod tests {
    use super::Hlc;

    #[test]
    fn a_stamp_reads_as_a_pair_not_a_decimal() {
        assert_eq!(Hlc { l: 100, c: 0 }.to_string(), "(100, 0)");
        assert_eq!(Hlc { l: 0, c: 1 }.to_string(), "(0, 1)");
    }
}
