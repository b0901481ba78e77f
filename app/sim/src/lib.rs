//! Deterministic simulation core for the field guide's widgets.
//!
//! One seeded kernel ([`kernel`]) runs every protocol: [`raft`], [`crdt`], [`clocks`],
//! [`fencing`], [`cluster`] (BEAM membership with `:global`, a Horde-style registry or
//! Phoenix.Tracker-style presence) and [`overlay`] (full mesh vs HyParView at up to 200 nodes),
//! plus [`compare`] (Raft and an OR-Set over the same partitioned network).
//! Each protocol run is a [`Sim`]: step, seek (time travel), apply user actions
//! (branching), read a view, the event log in words, and invariant status; encode the
//! scenario as URL-safe text to share it.
//!
//! ```
//! use sim::raft::{RaftSim, Role};
//! let mut sim = RaftSim::preset("normal-election", 7).unwrap();
//! while sim.now() < 1_000 && sim.step() {}
//! let leaders = sim.view().nodes.iter().filter(|n| n.role == Role::Leader).count();
//! assert_eq!(leaders, 1);
//! assert!(sim.all_invariants_hold());
//! let link = sim.encode();
//! let again = RaftSim::from_encoded(&link).unwrap();
//! assert_eq!(again.view(), sim.view());
//! ```

mod checkpoints;
pub mod clocks;
pub mod cluster;
pub mod compare;
pub mod crdt;
pub mod fencing;
pub mod hlc;
pub mod kernel;
pub mod model;
pub mod net;
mod order;
pub mod overlay;
pub mod protocol;
pub mod raft;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod sorted;
pub mod trace;
pub mod wire;

pub use model::{ClockModel, Envelope, NodeStatus};
pub use net::{NetConfig, NodeId};
pub use order::sorted_by_key;
pub use protocol::Protocol;
pub use scenario::{Action, ConfigError, Scenario, Time, Timed, Trigger};
pub use sim::{InvariantStatus, MemoryLimitReached, MessageView, Sim};
pub use trace::{DropReason, EventKind, Origin, TraceEvent};
pub use wire::DecodeError;
