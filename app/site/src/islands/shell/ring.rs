//! Geometry shared by the cluster drawings: nodes on a ring, messages along links.

use super::markup::Tenths;
use std::f64::consts::{FRAC_PI_2, PI, TAU};

/// Position of node `i` of `n` on a ring of radius `r` around `(cx, cy)`, n1 at the top,
/// clockwise.
pub fn node_pos(i: usize, n: usize, (cx, cy): (f64, f64), r: f64) -> (f64, f64) {
    let (cos, sin) = ring_direction(i, n);
    (cx + r * cos, cy + r * sin)
}

/// The direction from the centre to point `i` of `n` spaced evenly round a circle, the
/// first at the top, clockwise: the cosine and sine of its angle.
pub fn ring_direction(i: usize, n: usize) -> (f64, f64) {
    cos_sin(TAU * i as f64 / n.max(1) as f64 - FRAC_PI_2)
}

/// Cosine and sine of `angle` (radians), within 1e-11: plenty for drawing. The standard
/// library's versions handle angles of any size and add about 6 KB to the WebAssembly;
/// the drawings only need angles of a few turns.
fn cos_sin(angle: f64) -> (f64, f64) {
    // To [-π, π], then folded into [-π/2, π/2], where the series converge fast:
    // sin(π - a) = sin(a) and cos(π - a) = -cos(a).
    let a = angle - TAU * (angle / TAU + 0.5).floor();
    let (x, cos_sign) = if a > FRAC_PI_2 {
        (PI - a, -1.0)
    } else if a < -FRAC_PI_2 {
        (-PI - a, -1.0)
    } else {
        (a, 1.0)
    };
    // Taylor series to the x^16 and x^17 terms: the first term left out is below 1e-11.
    let x2 = x * x;
    let (mut term_cos, mut term_sin) = (1.0, x);
    let (mut cos, mut sin) = (1.0, x);
    for k in 1..=8 {
        let k = f64::from(k);
        term_cos *= -x2 / ((2.0 * k - 1.0) * (2.0 * k));
        term_sin *= -x2 / ((2.0 * k) * (2.0 * k + 1.0));
        cos += term_cos;
        sin += term_sin;
    }
    (cos_sign * cos, sin)
}

/// A point `t` (0..=1) of the way from `a` to `b`, shifted `side` px to the left of the
/// direction of travel (so the two directions of a link do not overlap).
pub fn along(a: (f64, f64), b: (f64, f64), t: f64, side: f64) -> (f64, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-6);
    let t = t.clamp(0.0, 1.0);
    (
        a.0 + dx * t + dy / len * side,
        a.1 + dy * t - dx / len * side,
    )
}

/// The distance between two points.
pub fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt()
}

/// The mark of a link cut one way, from `from` to `to`: a ✕ at `t` of the way, `side`
/// units off the line, and an arrowhead just past it pointing at `to`, so that the
/// direction messages no longer travel is drawn, not only implied by which end the ✕ is
/// nearer. `dy` nudges the ✕'s baseline to centre it.
pub fn cut_mark(from: (f64, f64), to: (f64, f64), t: f64, side: f64, dy: u8, out: &mut String) {
    use std::fmt::Write;
    let len = distance(from, to).max(1.0);
    let at = |ahead: f64, off: f64| {
        let (x, y) = along(from, to, t + ahead / len, side + off);
        format!("{},{}", Tenths(x), Tenths(y))
    };
    let _ = write!(
        out,
        "<text class=\"cut-mark\" transform=\"{}\" y=\"{dy}\">✕</text>\
         <path class=\"cut-arrow\" d=\"M{}L{}L{}Z\"/>",
        translate(along(from, to, t, side)),
        at(17.0, 0.0),
        at(9.0, 5.0),
        at(9.0, -5.0),
    );
}

/// How far a message sent at `sent` and due at `due` has travelled at `clock` (0..=1).
pub fn progress(sent: u64, due: u64, clock: f64) -> f64 {
    if due <= sent {
        return 1.0;
    }
    ((clock - sent as f64) / (due - sent) as f64).clamp(0.0, 1.0)
}

/// `translate(x y)` for an SVG `transform` attribute, rounded to 0.1 px.
pub fn translate((x, y): (f64, f64)) -> String {
    format!("translate({} {})", Tenths(x), Tenths(y))
}

/// A display name for node `i`: `n1` for node 0.
pub fn name(i: usize) -> String {
    format!("n{}", i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cos_sin_agrees_with_the_standard_library() {
        for step in -2000..=2000 {
            let angle = f64::from(step) * 0.01;
            let (cos, sin) = cos_sin(angle);
            assert!((cos - angle.cos()).abs() < 1e-11, "cos {angle}");
            assert!((sin - angle.sin()).abs() < 1e-11, "sin {angle}");
        }
    }

    #[test]
    fn first_node_is_at_the_top_and_messages_interpolate() {
        let (x, y) = node_pos(0, 5, (100.0, 100.0), 50.0);
        assert!((x - 100.0).abs() < 1e-9 && (y - 50.0).abs() < 1e-9);
        assert_eq!(along((0.0, 0.0), (10.0, 0.0), 0.5, 0.0), (5.0, 0.0));
        assert_eq!(progress(10, 30, 20.0), 0.5);
        assert_eq!(progress(10, 30, 99.0), 1.0);
        assert_eq!(progress(10, 10, 0.0), 1.0);
    }
}
