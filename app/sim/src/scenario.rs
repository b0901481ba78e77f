//! Scenarios: a seed, a protocol configuration and a list of timed user actions.

use crate::model::NodeId;
pub use crate::model::Time;
use serde::{Deserialize, Serialize};

/// A user action: a fault or network change common to every protocol, or a protocol's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action<A> {
    /// Stop a node; it loses its volatile state and every message sent to it.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// Bring a crashed node back with its persistent state.
    Restart {
        /// The node.
        node: NodeId,
    },
    /// Freeze a node (a long GC pause): it keeps its state and handles nothing until resumed.
    Pause {
        /// The node.
        node: NodeId,
    },
    /// Unfreeze a paused node; held messages and timers are then handled.
    Resume {
        /// The node.
        node: NodeId,
    },
    /// Cut the one-way link `from -> to`.
    Cut {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Cut the link between `a` and `b` in both directions.
    CutBoth {
        /// One end.
        a: NodeId,
        /// The other end.
        b: NodeId,
    },
    /// Restore every link.
    Heal,
    /// Split the nodes into groups that cannot talk to each other.
    Partition {
        /// The groups; nodes in no group form one more group.
        groups: Vec<Vec<NodeId>>,
    },
    /// An action of the protocol itself (client request, CRDT operation, ...).
    Protocol(A),
}

impl<A> Action<A> {
    /// The nodes this action names, for range checks.
    pub fn nodes_named(&self) -> Vec<NodeId> {
        match self {
            Action::Crash { node }
            | Action::Restart { node }
            | Action::Pause { node }
            | Action::Resume { node } => vec![*node],
            Action::Cut { from, to } => vec![*from, *to],
            Action::CutBoth { a, b } => vec![*a, *b],
            Action::Heal | Action::Protocol(_) => vec![],
            Action::Partition { groups } => groups.iter().flatten().copied().collect(),
        }
    }
}

/// When a scheduled action happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// At this virtual time (authored scenarios).
    AtTime(Time),
    /// Right after this many steps have run (actions applied interactively).
    AfterStep(u64),
}

/// An action with the moment it happens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timed<A> {
    /// When.
    pub trigger: Trigger,
    /// What.
    pub action: Action<A>,
}

impl<A> Timed<A> {
    /// `action` at virtual time `time`.
    pub fn at(time: Time, action: Action<A>) -> Self {
        Timed {
            trigger: Trigger::AtTime(time),
            action,
        }
    }
}

/// Everything needed to reproduce a run: seed, configuration, timed actions and the step being viewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario<C, A> {
    /// Seed of the random number generator.
    pub seed: u64,
    /// Protocol configuration.
    pub config: C,
    /// User actions, in the order they were added.
    pub actions: Vec<Timed<A>>,
    /// The step being viewed (for sharing a position in the run).
    pub step: u64,
}

/// Why a scenario cannot be run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Returns an error naming `field` unless `lo <= value <= hi`.
pub fn check_range(field: &str, value: u64, lo: u64, hi: u64) -> Result<(), ConfigError> {
    if (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError(format!(
            "{field} must be between {lo} and {hi}, got {value}"
        )))
    }
}
