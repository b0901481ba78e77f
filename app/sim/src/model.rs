//! Plain data shared by the kernel, the protocols, the trace and the views: message
//! envelopes, node ids, virtual time, node status and clock models. A leaf: it uses no
//! other module, so every other can use it without a cycle.

use serde::{Deserialize, Serialize};

/// Index of a node (0-based; shown to people as `n1`, `n2`, ...).
pub type NodeId = usize;

/// Virtual time in milliseconds since the start of the run.
pub type Time = u64;

/// A node's physical clock relative to true virtual time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockModel {
    /// Constant offset in milliseconds (may be negative).
    pub skew_ms: i32,
    /// Rate error in parts per million (positive runs fast); must be above -1,000,000.
    pub drift_ppm: i32,
}

impl ClockModel {
    /// The reading of this clock when true time is `now` (saturating past 2^63 ms, about
    /// 292 million years: 64-bit arithmetic keeps 128-bit division out of the WebAssembly).
    pub fn read(&self, now: Time) -> Time {
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        let drift = now.saturating_mul(i64::from(self.drift_ppm)) / 1_000_000;
        let reading = now
            .saturating_add(i64::from(self.skew_ms))
            .saturating_add(drift);
        Time::try_from(reading).unwrap_or(0)
    }
}

/// Whether a node is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeStatus {
    /// Running normally.
    Up,
    /// Stopped; volatile state lost.
    Crashed,
    /// Frozen; keeps its state, handles nothing until resumed.
    Paused,
}

/// A message on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope<M> {
    /// Unique id of this copy of the message.
    pub id: u64,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Virtual time it was sent.
    pub sent_at: Time,
    /// Virtual time it arrives (or is dropped).
    pub deliver_at: Time,
    /// True when the network loses it; it is dropped on arrival.
    pub lost: bool,
    /// True for the extra copy of a duplicated message.
    pub duplicate: bool,
    /// The payload.
    pub msg: M,
}

#[cfg(test)]
mod tests {
    use super::ClockModel;

    #[test]
    fn a_clock_reads_true_time_plus_skew_and_drift() {
        let clock = |skew_ms, drift_ppm| ClockModel { skew_ms, drift_ppm };
        assert_eq!(clock(0, 0).read(1_000), 1_000);
        assert_eq!(clock(250, 0).read(1_000), 1_250);
        assert_eq!(clock(0, 100_000).read(10_000), 11_000);
        assert_eq!(clock(0, -500_000).read(10_000), 5_000);
        assert_eq!(clock(-5_000, 0).read(1_000), 0, "never before time zero");
        assert_eq!(clock(0, 1).read(u64::MAX), i64::MAX as u64, "saturates");
    }
}
