//! The connections drawn as one SVG path. A 200-node mesh has 19,900 of them: one `<path>`
//! rather than an element each keeps the page light, and the path's text is kept and
//! rebuilt only when a connection comes or goes, so a frame in which none did costs a
//! pass over the views and no 300 KB of new markup.

use super::stage::pos;
use sim::overlay::Overlay;
use std::cell::RefCell;
use std::fmt::Write;

/// The path's text and a fingerprint of the connections it draws.
#[derive(Default)]
pub struct Links {
    cached: RefCell<(u64, String)>,
}

/// Calls `f` once per connection `(a, b)`, `a` holding it (a pair either end holds, once).
fn each(o: &Overlay, mut f: impl FnMut(usize, usize)) {
    for (a, node) in o.nodes.iter().enumerate() {
        for conn in &node.active {
            let b = conn.peer;
            if a < b || !o.nodes[b].is_active(a) {
                f(a, b);
            }
        }
    }
}

impl Links {
    /// Writes the path's `d` for the connections in `o`.
    pub fn write(&self, o: &Overlay, out: &mut String) {
        // FNV-1a over every node's connections as held: a single pass, without the
        // look-ups that pick one end of each pair.
        let mut print: u64 = 0xcbf2_9ce4_8422_2325;
        for node in &o.nodes {
            for conn in &node.active {
                print = (print ^ conn.peer as u64).wrapping_mul(0x100_0000_01b3);
            }
            print = (print ^ u64::MAX).wrapping_mul(0x100_0000_01b3);
        }
        let mut cached = self.cached.borrow_mut();
        if cached.0 != print || cached.1.is_empty() {
            let n = o.nodes.len();
            let at = |i: usize| {
                let (x, y) = pos(i, n);
                (x.round() as i32, y.round() as i32)
            };
            let d = &mut cached.1;
            d.clear();
            each(o, |a, b| {
                let ((x1, y1), (x2, y2)) = (at(a), at(b));
                let _ = write!(d, "M{x1} {y1}L{x2} {y2}");
            });
            cached.0 = print;
        }
        out.push_str(&cached.1);
    }
}
