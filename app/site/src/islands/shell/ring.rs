//! Geometry shared by the cluster drawings: nodes on a ring, messages along links.

/// Position of node `i` of `n` on a ring of radius `r` around `(cx, cy)`, n1 at the top,
/// clockwise.
pub fn node_pos(i: usize, n: usize, (cx, cy): (f64, f64), r: f64) -> (f64, f64) {
    let angle = std::f64::consts::TAU * i as f64 / n.max(1) as f64 - std::f64::consts::FRAC_PI_2;
    (cx + r * angle.cos(), cy + r * angle.sin())
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

/// How far a message sent at `sent` and due at `due` has travelled at `clock` (0..=1).
pub fn progress(sent: u64, due: u64, clock: f64) -> f64 {
    if due <= sent {
        return 1.0;
    }
    ((clock - sent as f64) / (due - sent) as f64).clamp(0.0, 1.0)
}

/// `translate(x y)` for an SVG `transform` attribute, rounded to 0.1 px.
pub fn translate((x, y): (f64, f64)) -> String {
    format!("translate({:.1} {:.1})", x, y)
}

/// A display name for node `i`: `n1` for node 0.
pub fn name(i: usize) -> String {
    format!("n{}", i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

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
