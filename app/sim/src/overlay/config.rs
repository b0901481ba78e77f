//! Overlay configuration, user actions and seeded bugs.

use crate::net::{validate_net, NetConfig, NodeId};
use crate::scenario::{check_range, ConfigError};
use crate::wire::{DecodeError, Reader, Wire};
use serde::{Deserialize, Serialize};

/// How the nodes are connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topology {
    /// Distributed Erlang: every node connected to every other; a broadcast is sent to each.
    FullMesh,
    /// HyParView: a small symmetric active view, a larger passive view of backups; a
    /// broadcast floods the active views.
    HyParView,
}

/// Deliberate bugs the checker should catch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OverlayBugs {
    /// A node that loses an active neighbour never promotes one from its passive view.
    pub no_passive_refill: bool,
}

/// Parameters of an overlay of 2 to 200 nodes. The HyParView defaults are Partisan's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OverlayConfig {
    /// Number of nodes, 2 to 200.
    pub nodes: usize,
    /// Full mesh or HyParView.
    pub topology: Topology,
    /// `active_max_size` (6).
    pub active_max: usize,
    /// `active_min_size` (3): below it, random promotion fills the active view.
    pub active_min: usize,
    /// `passive_max_size` (30).
    pub passive_max: usize,
    /// `active_rwl` (6): hops of a join or shuffle random walk.
    pub active_rwl: u32,
    /// `passive_rwl` (6): at this many hops left a forwarded join enters the passive view.
    pub passive_rwl: u32,
    /// `shuffle_interval` (10 s).
    pub shuffle_ms: u32,
    /// `shuffle_k_active` (3).
    pub shuffle_k_active: usize,
    /// `shuffle_k_passive` (4).
    pub shuffle_k_passive: usize,
    /// `random_promotion_interval` (5 s).
    pub promotion_ms: u32,
    /// Keep-alive window on every connection, as `net_ticktime` (60 s; a tick every
    /// quarter, a peer silent for four quarters is down). Scale it down to animate.
    pub ticktime_ms: u32,
    /// Full mesh: every this many ms each node connects to the nodes it lacks (libcluster's
    /// polling); 0 = never.
    pub reconnect_ms: u32,
    /// Every this many ms a random live node broadcasts; 0 = only on request.
    pub broadcast_ms: u32,
    /// Network delay (TCP: no loss or duplication).
    pub net: NetConfig,
    /// Seeded bugs.
    pub bugs: OverlayBugs,
}

impl Default for OverlayConfig {
    fn default() -> Self {
        OverlayConfig {
            nodes: 50,
            topology: Topology::HyParView,
            active_max: 6,
            active_min: 3,
            passive_max: 30,
            active_rwl: 6,
            passive_rwl: 6,
            shuffle_ms: 10_000,
            shuffle_k_active: 3,
            shuffle_k_passive: 4,
            promotion_ms: 5_000,
            ticktime_ms: 60_000,
            reconnect_ms: 5_000,
            broadcast_ms: 0,
            net: NetConfig {
                delay_min_ms: 5,
                delay_max_ms: 15,
                loss_per_mille: 0,
                dup_per_mille: 0,
            },
            bugs: OverlayBugs::default(),
        }
    }
}

impl OverlayConfig {
    /// Interval between two keep-alive ticks on an idle connection.
    pub fn tick_interval_ms(&self) -> u64 {
        u64::from(self.ticktime_ms / 4).max(1)
    }

    /// Rejects values outside the supported bounds, naming the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("nodes", self.nodes as u64, 2, 200)?;
        check_range("active_max", self.active_max as u64, 1, 30)?;
        check_range(
            "active_min",
            self.active_min as u64,
            1,
            self.active_max as u64,
        )?;
        check_range("passive_max", self.passive_max as u64, 1, 200)?;
        check_range("active_rwl", self.active_rwl.into(), 1, 20)?;
        check_range(
            "passive_rwl",
            self.passive_rwl.into(),
            0,
            self.active_rwl.into(),
        )?;
        check_range("shuffle_ms", self.shuffle_ms.into(), 100, 600_000)?;
        check_range("shuffle_k_active", self.shuffle_k_active as u64, 0, 30)?;
        check_range("shuffle_k_passive", self.shuffle_k_passive as u64, 0, 30)?;
        check_range("promotion_ms", self.promotion_ms.into(), 100, 600_000)?;
        check_range("ticktime_ms", self.ticktime_ms.into(), 400, 600_000)?;
        check_range("reconnect_ms", self.reconnect_ms.into(), 0, 600_000)?;
        check_range("broadcast_ms", self.broadcast_ms.into(), 0, 600_000)?;
        validate_net(&self.net)?;
        if self.net.loss_per_mille != 0 || self.net.dup_per_mille != 0 {
            return Err(ConfigError(
                "net.loss_per_mille and net.dup_per_mille must be 0: connections run over TCP; cut links instead".into(),
            ));
        }
        Ok(())
    }
}

/// Overlay user actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OverlayAction {
    /// `node` broadcasts a message to every node.
    Broadcast {
        /// The origin.
        node: NodeId,
    },
}

impl OverlayAction {
    /// Checks the node range.
    pub fn validate(&self, config: &OverlayConfig) -> Result<(), ConfigError> {
        let OverlayAction::Broadcast { node } = self;
        if *node >= config.nodes {
            return Err(ConfigError(format!(
                "node {node} does not exist (nodes are 0..{})",
                config.nodes - 1
            )));
        }
        Ok(())
    }
}

impl Wire for OverlayConfig {
    fn put(&self, out: &mut Vec<u8>) {
        self.nodes.put(out);
        out.push(self.topology as u8);
        self.active_max.put(out);
        self.active_min.put(out);
        self.passive_max.put(out);
        self.active_rwl.put(out);
        self.passive_rwl.put(out);
        self.shuffle_ms.put(out);
        self.shuffle_k_active.put(out);
        self.shuffle_k_passive.put(out);
        self.promotion_ms.put(out);
        self.ticktime_ms.put(out);
        self.reconnect_ms.put(out);
        self.broadcast_ms.put(out);
        self.net.put(out);
        self.bugs.no_passive_refill.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(OverlayConfig {
            nodes: Wire::get(r)?,
            topology: match r.byte()? {
                0 => Topology::FullMesh,
                1 => Topology::HyParView,
                b => return Err(DecodeError(format!("unknown overlay topology {b}"))),
            },
            active_max: Wire::get(r)?,
            active_min: Wire::get(r)?,
            passive_max: Wire::get(r)?,
            active_rwl: Wire::get(r)?,
            passive_rwl: Wire::get(r)?,
            shuffle_ms: Wire::get(r)?,
            shuffle_k_active: Wire::get(r)?,
            shuffle_k_passive: Wire::get(r)?,
            promotion_ms: Wire::get(r)?,
            ticktime_ms: Wire::get(r)?,
            reconnect_ms: Wire::get(r)?,
            broadcast_ms: Wire::get(r)?,
            net: Wire::get(r)?,
            bugs: OverlayBugs {
                no_passive_refill: Wire::get(r)?,
            },
        })
    }
}

impl Wire for OverlayAction {
    fn put(&self, out: &mut Vec<u8>) {
        let OverlayAction::Broadcast { node } = self;
        out.push(0);
        node.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        match r.byte()? {
            0 => Ok(OverlayAction::Broadcast {
                node: Wire::get(r)?,
            }),
            b => Err(DecodeError(format!("unknown overlay action kind {b}"))),
        }
    }
}
