//! CRDT configuration and user actions.

use crate::model::ClockModel;
use crate::net::validate_net;
use crate::net::{NetConfig, NodeId};
use crate::scenario::{check_range, ConfigError};
use crate::wire::{DecodeError, Reader, Wire, MAX_STRING};
use serde::{Deserialize, Serialize};

/// Which CRDT the replicas hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrdtKind {
    /// Grow-only counter.
    GCounter,
    /// Increment/decrement counter.
    PnCounter,
    /// Last-writer-wins register.
    LwwRegister,
    /// Add-wins observed-remove set.
    OrSet,
}

/// What a sync ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyncMode {
    /// The whole state.
    State,
    /// Only the deltas not yet acknowledged by the peer.
    Delta,
}

/// Parameters of a group of CRDT replicas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrdtConfig {
    /// The data type.
    pub kind: CrdtKind,
    /// Number of replicas, 2 to 5.
    pub replicas: usize,
    /// State or delta sync.
    pub sync: SyncMode,
    /// Every this many ms each replica syncs to one peer in turn (0 = only on request).
    pub auto_sync_ms: u32,
    /// The network model.
    pub net: NetConfig,
    /// Physical clock of each replica (for LWW's HLC stamps).
    pub clocks: Vec<ClockModel>,
}

impl Default for CrdtConfig {
    fn default() -> Self {
        CrdtConfig {
            kind: CrdtKind::OrSet,
            replicas: 3,
            sync: SyncMode::State,
            auto_sync_ms: 0,
            net: NetConfig::default(),
            clocks: Vec::new(),
        }
    }
}

impl CrdtConfig {
    /// Rejects values outside the supported bounds, naming the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("replicas", self.replicas as u64, 2, 5)?;
        check_range("auto_sync_ms", self.auto_sync_ms.into(), 0, 60_000)?;
        check_range("clocks", self.clocks.len() as u64, 0, self.replicas as u64)?;
        validate_clocks(&self.clocks)?;
        validate_net(&self.net)
    }
}

/// Rejects clock skews beyond an hour and drifts beyond 10%.
pub fn validate_clocks(clocks: &[ClockModel]) -> Result<(), ConfigError> {
    for (i, c) in clocks.iter().enumerate() {
        check_range(
            &format!("clocks[{i}].skew_ms (plus 3600000)"),
            (i64::from(c.skew_ms) + 3_600_000) as u64,
            0,
            7_200_000,
        )?;
        check_range(
            &format!("clocks[{i}].drift_ppm (plus 100000)"),
            (i64::from(c.drift_ppm) + 100_000) as u64,
            0,
            200_000,
        )?;
    }
    Ok(())
}

/// CRDT user actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CrdtAction {
    /// Increment a counter at `replica`.
    Increment {
        /// Replica.
        replica: NodeId,
    },
    /// Decrement a PN-Counter at `replica`.
    Decrement {
        /// Replica.
        replica: NodeId,
    },
    /// Write `value` to an LWW-Register at `replica`.
    Set {
        /// Replica.
        replica: NodeId,
        /// New value.
        value: String,
    },
    /// Add `element` to an OR-Set at `replica`.
    Add {
        /// Replica.
        replica: NodeId,
        /// Element.
        element: String,
    },
    /// Remove `element` from an OR-Set at `replica`.
    Remove {
        /// Replica.
        replica: NodeId,
        /// Element.
        element: String,
    },
    /// `from` sends its state (or deltas) to `to`.
    Sync {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
    },
    /// Every replica that is up syncs with every peer: with deltas, it resends what each
    /// peer has not acknowledged (such as deltas lost at a partition).
    AntiEntropy,
}

impl CrdtAction {
    /// Checks the replica range and that the operation fits the CRDT kind.
    pub fn validate(&self, config: &CrdtConfig) -> Result<(), ConfigError> {
        let (replicas, fits, text) = match self {
            CrdtAction::Increment { replica } => (
                vec![*replica],
                matches!(config.kind, CrdtKind::GCounter | CrdtKind::PnCounter),
                None,
            ),
            CrdtAction::Decrement { replica } => {
                (vec![*replica], config.kind == CrdtKind::PnCounter, None)
            }
            CrdtAction::Set { replica, value } => (
                vec![*replica],
                config.kind == CrdtKind::LwwRegister,
                Some(value),
            ),
            CrdtAction::Add { replica, element } | CrdtAction::Remove { replica, element } => (
                vec![*replica],
                config.kind == CrdtKind::OrSet,
                Some(element),
            ),
            CrdtAction::Sync { from, to } => (vec![*from, *to], true, None),
            CrdtAction::AntiEntropy => (Vec::new(), true, None),
        };
        if let Some(bad) = replicas.iter().find(|r| **r >= config.replicas) {
            return Err(ConfigError(format!(
                "replica {bad} does not exist (replicas are 0..{})",
                config.replicas - 1
            )));
        }
        if !fits {
            // No `Debug` here: formatting the action took 1 KB of the widget's WASM code.
            return Err(ConfigError(
                "an operation does not apply to the replicas' data type".into(),
            ));
        }
        if text.is_some_and(|t| t.len() > MAX_STRING) {
            return Err(ConfigError(format!(
                "value is longer than {MAX_STRING} bytes"
            )));
        }
        Ok(())
    }
}

impl Wire for CrdtConfig {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(self.kind as u8);
        self.replicas.put(out);
        (self.sync == SyncMode::Delta).put(out);
        self.auto_sync_ms.put(out);
        self.net.put(out);
        self.clocks.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        let kind = match r.byte()? {
            0 => CrdtKind::GCounter,
            1 => CrdtKind::PnCounter,
            2 => CrdtKind::LwwRegister,
            3 => CrdtKind::OrSet,
            b => return Err(DecodeError(format!("unknown CRDT kind {b}"))),
        };
        Ok(CrdtConfig {
            kind,
            replicas: Wire::get(r)?,
            sync: if bool::get(r)? {
                SyncMode::Delta
            } else {
                SyncMode::State
            },
            auto_sync_ms: Wire::get(r)?,
            net: Wire::get(r)?,
            clocks: Wire::get(r)?,
        })
    }
}

impl Wire for CrdtAction {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            CrdtAction::Increment { replica } => {
                out.push(0);
                replica.put(out)
            }
            CrdtAction::Decrement { replica } => {
                out.push(1);
                replica.put(out)
            }
            CrdtAction::Set { replica, value } => {
                out.push(2);
                replica.put(out);
                value.put(out)
            }
            CrdtAction::Add { replica, element } => {
                out.push(3);
                replica.put(out);
                element.put(out)
            }
            CrdtAction::Remove { replica, element } => {
                out.push(4);
                replica.put(out);
                element.put(out)
            }
            CrdtAction::Sync { from, to } => {
                out.push(5);
                from.put(out);
                to.put(out)
            }
            CrdtAction::AntiEntropy => out.push(6),
        }
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(match r.byte()? {
            0 => CrdtAction::Increment {
                replica: Wire::get(r)?,
            },
            1 => CrdtAction::Decrement {
                replica: Wire::get(r)?,
            },
            2 => CrdtAction::Set {
                replica: Wire::get(r)?,
                value: Wire::get(r)?,
            },
            3 => CrdtAction::Add {
                replica: Wire::get(r)?,
                element: Wire::get(r)?,
            },
            4 => CrdtAction::Remove {
                replica: Wire::get(r)?,
                element: Wire::get(r)?,
            },
            5 => CrdtAction::Sync {
                from: Wire::get(r)?,
                to: Wire::get(r)?,
            },
            6 => CrdtAction::AntiEntropy,
            b => return Err(DecodeError(format!("unknown CRDT action kind {b}"))),
        })
    }
}
