//! Moving parts painted on a canvas laid over the stage.
//!
//! A widget whose stage has many parts moving on every frame (Raft's timers and messages)
//! paints them on a `<canvas>` rather than writing them as SVG: a changed SVG element makes
//! the browser repaint the page around it on every frame, a canvas only itself (for the
//! 7-node Raft run this cut the median frame from about 3 ms of main-thread work to under
//! 1 ms; `docs/benchmarks.md`). The widget lists shapes in a [`Paint`]; `boot.js`'s
//! `fieldguidePaint` draws the list with the page's theme colours.

use std::fmt::Write;

/// A colour of the page's theme: the CSS custom property at the same index in `boot.js`'s
/// list (which ends with `--down`, the colour of dropped messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    /// `--accent`
    Accent = 0,
    /// `--candidate`
    Candidate = 1,
    /// `--important`
    Important = 2,
    /// `--leader`
    Leader = 3,
    /// `--note`
    Note = 4,
}

/// Shape codes shared with `boot.js`.
const ARC: f64 = 0.0;
const DOT: f64 = 1.0;
const DROPPED: f64 = 2.0;
const TAG: f64 = 3.0;

/// A message's kind written on it, so that colour is never its only sign: the text at
/// the same index in `boot.js`'s `TAGS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// `RV`: a vote asked.
    RequestVote = 0,
    /// `PV`: a pre-vote asked.
    PreVote = 1,
    /// `AE`: entries sent.
    AppendEntries = 2,
    /// `HB`: a heartbeat (no entries).
    Heartbeat = 3,
    /// `✓`: a reply that grants or accepts.
    Yes = 4,
    /// `✗`: a reply that refuses.
    No = 5,
    /// `C`: a client command on its way to the leader.
    Command = 6,
}

/// A list of shapes to paint, in the stage's coordinates, as the numbers `boot.js`
/// reads: the view's width and height, then one shape after another.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paint {
    ops: Vec<f64>,
}

impl Paint {
    /// Starts a new picture of a `width` × `height` view (the stage's `viewBox`).
    pub fn start(&mut self, width: f64, height: f64) {
        self.ops.clear();
        self.ops.extend([width, height]);
    }

    /// A clockwise arc of radius `r` around `at`, from 12 o'clock over `fraction` of the
    /// circle (a timer: 1 is full, 0 is spent).
    pub fn arc(&mut self, at: (f64, f64), r: f64, fraction: f64, colour: Colour) {
        self.ops.extend([
            ARC,
            at.0,
            at.1,
            r,
            fraction.clamp(0.0, 1.0),
            colour as u8 as f64,
        ]);
    }

    /// A message: a filled dot of radius `r` at `at`.
    pub fn dot(&mut self, at: (f64, f64), r: f64, colour: Colour) {
        self.ops.extend([DOT, at.0, at.1, r, colour as u8 as f64]);
    }

    /// A message in flight: a pill of `colour` at `at` with its kind written on it.
    pub fn tag(&mut self, at: (f64, f64), tag: Tag, colour: Colour) {
        self.ops
            .extend([TAG, at.0, at.1, tag as u8 as f64, colour as u8 as f64]);
    }

    /// A dropped message: a crossed dot fading out (`opacity` 1 to 0).
    pub fn dropped(&mut self, at: (f64, f64), r: f64, opacity: f64) {
        self.ops
            .extend([DROPPED, at.0, at.1, r, opacity.clamp(0.0, 1.0)]);
    }

    /// The numbers for `boot.js`; empty if nothing was started.
    pub fn ops(&self) -> &[f64] {
        &self.ops
    }
}

/// Writes the canvas a widget paints on, over the stage's SVG (inside a positioned box).
/// It is empty in the server's static render.
pub fn canvas(class: &str, out: &mut String) {
    let _ = write!(
        out,
        "<canvas class=\"{class} motion-layer\" data-paint=\"\" aria-hidden=\"true\"></canvas>"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_listed_after_the_view_size() {
        let mut paint = Paint::default();
        assert!(paint.ops().is_empty());
        paint.start(440.0, 300.0);
        paint.arc((10.0, 20.0), 39.0, 1.5, Colour::Accent);
        paint.dot((5.0, 6.0), 6.0, Colour::Leader);
        paint.dropped((7.0, 8.0), 6.0, -0.5);
        paint.tag((1.0, 2.0), Tag::No, Colour::Note);
        assert_eq!(
            paint.ops(),
            &[
                440.0, 300.0, ARC, 10.0, 20.0, 39.0, 1.0, 0.0, DOT, 5.0, 6.0, 6.0, 3.0, DROPPED,
                7.0, 8.0, 6.0, 0.0, TAG, 1.0, 2.0, 5.0, 4.0
            ]
        );
        paint.start(100.0, 100.0);
        assert_eq!(paint.ops(), &[100.0, 100.0]);
    }
}
