//! Cluster configuration, user actions and seeded bugs.

use crate::net::{validate_net, NetConfig, NodeId};
use crate::scenario::{check_range, ConfigError};
use crate::wire::{DecodeError, Reader, Wire};
use serde::{Deserialize, Serialize};

/// Longest process name accepted.
pub const MAX_NAME: usize = 16;

/// What `:global` does with a name registered on both sides of a healed split
/// (`global.erl`: `random_exit_name/3`, `random_notify_name/3`, `notify_all_name/3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resolver {
    /// Keeps the pid on the lower node name, kills the other (`exit(Max, kill)`).
    RandomExitName,
    /// Keeps the pid on the lower node name, sends the other `{global_name_conflict, Name}`.
    RandomNotifyName,
    /// Unregisters the name; both pids get `{global_name_conflict, Name, OtherPid}`.
    NotifyAllName,
}

/// How a Horde cluster learns its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Membership {
    /// A fixed member list: an unreachable member stays a member, marked dead.
    Static,
    /// `members: :auto`: `Horde.NodeListener` resets the members on every nodeup/nodedown.
    Dynamic,
}

/// Horde's distribution strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Distribution {
    /// `Horde.UniformDistribution`: `has_quorum?/1` is always true.
    Uniform,
    /// `Horde.UniformQuorumDistribution`: quorum when more than half the members are alive.
    UniformQuorum,
}

/// Phoenix.Tracker's server options (`Phoenix.Tracker.Shard.init/1`; defaults there).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PresenceConfig {
    /// `broadcast_period`: the heartbeat timer, default 1500 ms.
    pub broadcast_period_ms: u32,
    /// `max_silent_periods`: periods without a delta before an empty heartbeat, default 10.
    pub max_silent_periods: u32,
    /// `down_period`: a replica silent this long is down and its entries hidden; default
    /// `broadcast_period * max_silent_periods * 2`.
    pub down_period_ms: u32,
    /// `permdown_period`: a replica silent this long is purged, default 1,200,000 ms.
    pub permdown_period_ms: u32,
    /// `clock_sample_periods`: heartbeats between two checks for replicas ahead, default 2.
    pub clock_sample_periods: u32,
    /// Changes kept in the delta generation (the largest of `max_delta_sizes`, default
    /// 10,000); a replica further behind gets the full state.
    pub max_delta_size: u32,
}

impl Default for PresenceConfig {
    fn default() -> Self {
        PresenceConfig {
            broadcast_period_ms: 1_500,
            max_silent_periods: 10,
            down_period_ms: 30_000,
            permdown_period_ms: 1_200_000,
            clock_sample_periods: 2,
            max_delta_size: 10_000,
        }
    }
}

impl PresenceConfig {
    /// Longest silence between two heartbeats of a live replica.
    pub fn heartbeat_gap_ms(&self) -> u64 {
        u64::from(self.broadcast_period_ms) * u64::from(self.max_silent_periods + 1)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let period = u64::from(self.broadcast_period_ms);
        check_range("presence.broadcast_period_ms", period, 50, 60_000)?;
        check_range(
            "presence.max_silent_periods",
            self.max_silent_periods.into(),
            1,
            100,
        )?;
        check_range(
            "presence.down_period_ms",
            self.down_period_ms.into(),
            self.heartbeat_gap_ms() + 1,
            3_600_000,
        )
        .map_err(|e| {
            ConfigError(format!(
                "{e}: it must exceed (max_silent_periods + 1) * broadcast_period_ms, or an idle replica is marked down between two heartbeats"
            ))
        })?;
        check_range(
            "presence.permdown_period_ms",
            self.permdown_period_ms.into(),
            u64::from(self.down_period_ms) + 1,
            86_400_000,
        )?;
        check_range(
            "presence.clock_sample_periods",
            self.clock_sample_periods.into(),
            1,
            100,
        )?;
        check_range(
            "presence.max_delta_size",
            self.max_delta_size.into(),
            1,
            100_000,
        )
    }
}

/// The name registry running on the cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Library {
    /// OTP's `:global` with a resolve function.
    Global(Resolver),
    /// A Horde-style registry and supervisor on a delta-CRDT.
    Horde {
        /// How members are known.
        membership: Membership,
        /// Which distribution strategy.
        distribution: Distribution,
    },
    /// Presence in the manner of Phoenix.Tracker: no names, every process is an entry.
    Presence(PresenceConfig),
}

/// Deliberate bugs the checker should catch ("break it" switches).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterBugs {
    /// Ignore `lost_connection` reports, as if `prevent_overlapping_partitions` were off.
    pub ignore_lost_connection: bool,
    /// `:global` registers a name without taking the cluster-wide lock.
    pub register_without_lock: bool,
    /// `:global` keeps its own entry on a conflict instead of running the resolver.
    pub skip_resolve: bool,
    /// Horde updates the registry on a conflict but never sends the loser its exit.
    pub skip_conflict_exit: bool,
    /// Horde keeps running processes when quorum is lost.
    pub ignore_quorum: bool,
    /// Presence answers a transfer request from the delta generation even when it does
    /// not reach back to the requester's clock, never with the full state.
    pub no_full_state_fallback: bool,
}

/// Parameters of a cluster of named BEAM nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterConfig {
    /// Number of nodes, 2 to 16.
    pub nodes: usize,
    /// `net_ticktime` in virtual ms (OTP's default is 60 s; scale it down to animate).
    pub net_ticktime_ms: u32,
    /// `net_tickintensity`, 4 to 1000 (OTP's default is 4).
    pub tick_intensity: u32,
    /// `global`'s `prevent_overlapping_partitions` (the default since OTP 25).
    pub prevent_overlapping_partitions: bool,
    /// Every this many ms each node connects to every node it is not connected to (what
    /// libcluster's strategies do; Distributed Erlang itself never reconnects); 0 = never.
    pub reconnect_ms: u32,
    /// The registry.
    pub library: Library,
    /// Horde's delta-CRDT sync interval in ms.
    pub sync_interval_ms: u32,
    /// Network delay; loss and duplication must be 0 and the delay fixed (TCP).
    pub net: NetConfig,
    /// Seeded bugs.
    pub bugs: ClusterBugs,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            nodes: 5,
            net_ticktime_ms: 60_000,
            tick_intensity: 4,
            prevent_overlapping_partitions: true,
            reconnect_ms: 0,
            library: Library::Global(Resolver::RandomExitName),
            sync_interval_ms: 300,
            net: NetConfig {
                delay_min_ms: 20,
                delay_max_ms: 20,
                loss_per_mille: 0,
                dup_per_mille: 0,
            },
            bugs: ClusterBugs::default(),
        }
    }
}

impl ClusterConfig {
    /// Interval between two ticks to each peer: `net_ticktime / net_tickintensity`.
    pub fn tick_interval_ms(&self) -> u64 {
        u64::from(self.net_ticktime_ms / self.tick_intensity.max(1)).max(1)
    }

    /// Rejects values outside the supported bounds, naming the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("nodes", self.nodes as u64, 2, 16)?;
        check_range("net_ticktime_ms", self.net_ticktime_ms.into(), 400, 600_000)?;
        check_range("tick_intensity", self.tick_intensity.into(), 4, 1000)?;
        check_range(
            "net_ticktime_ms / tick_intensity",
            self.tick_interval_ms(),
            100,
            600_000,
        )?;
        check_range("reconnect_ms", self.reconnect_ms.into(), 0, 600_000)?;
        check_range("sync_interval_ms", self.sync_interval_ms.into(), 10, 60_000)?;
        validate_net(&self.net)?;
        if let Library::Presence(p) = &self.library {
            p.validate()?;
        }
        if self.net.loss_per_mille != 0 || self.net.dup_per_mille != 0 {
            return Err(ConfigError(
                "net.loss_per_mille and net.dup_per_mille must be 0: Distributed Erlang runs over TCP; cut links instead".into(),
            ));
        }
        if self.net.delay_min_ms != self.net.delay_max_ms {
            return Err(ConfigError(
                "net.delay_max_ms must equal net.delay_min_ms: a TCP connection delivers in order"
                    .into(),
            ));
        }
        Ok(())
    }
}

/// Cluster user actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClusterAction {
    /// `net_kernel:connect_node/1` from `from` to `to`.
    Connect {
        /// Caller.
        from: NodeId,
        /// Target.
        to: NodeId,
    },
    /// Start a process on `node` and register it as `name` (`global:register_name/2`, a
    /// Horde child with a via-name, or `Phoenix.Tracker.track/5` with `name` as the key).
    Start {
        /// Node.
        node: NodeId,
        /// Name.
        name: String,
    },
    /// The oldest running process named `name` on `node` exits normally (presence only:
    /// the tracker sees its `:EXIT` and untracks it).
    Stop {
        /// Node.
        node: NodeId,
        /// Name.
        name: String,
    },
}

impl ClusterAction {
    /// Checks node ranges and the name length.
    pub fn validate(&self, config: &ClusterConfig) -> Result<(), ConfigError> {
        let (nodes, name) = match self {
            ClusterAction::Connect { from, to } => (vec![*from, *to], None),
            ClusterAction::Start { node, name } => (vec![*node], Some(name)),
            ClusterAction::Stop { node, name } => {
                if !matches!(config.library, Library::Presence(_)) {
                    return Err(ConfigError(
                        "stopping a process is only supported with presence".into(),
                    ));
                }
                (vec![*node], Some(name))
            }
        };
        if let Some(bad) = nodes.iter().find(|n| **n >= config.nodes) {
            return Err(ConfigError(format!(
                "node {bad} does not exist (nodes are 0..{})",
                config.nodes - 1
            )));
        }
        if name.is_some_and(|n| n.is_empty() || n.len() > MAX_NAME) {
            return Err(ConfigError(format!(
                "a name must be 1 to {MAX_NAME} bytes long"
            )));
        }
        Ok(())
    }
}

fn flags(bits: &[bool]) -> u8 {
    bits.iter()
        .enumerate()
        .fold(0, |acc, (i, b)| acc | (u8::from(*b) << i))
}

impl Wire for ClusterBugs {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(flags(&[
            self.ignore_lost_connection,
            self.register_without_lock,
            self.skip_resolve,
            self.skip_conflict_exit,
            self.ignore_quorum,
            self.no_full_state_fallback,
        ]));
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        let b = r.byte()?;
        if b >> 6 != 0 {
            return Err(DecodeError(format!("unknown cluster bug flags {b}")));
        }
        let bit = |i: u8| b & (1 << i) != 0;
        Ok(ClusterBugs {
            ignore_lost_connection: bit(0),
            register_without_lock: bit(1),
            skip_resolve: bit(2),
            skip_conflict_exit: bit(3),
            ignore_quorum: bit(4),
            no_full_state_fallback: bit(5),
        })
    }
}

impl Wire for Library {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Library::Global(r) => out.push(*r as u8),
            Library::Horde {
                membership,
                distribution,
            } => out.push(8 + 2 * (*membership as u8) + *distribution as u8),
            Library::Presence(p) => {
                out.push(16);
                p.put(out);
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(match r.byte()? {
            0 => Library::Global(Resolver::RandomExitName),
            1 => Library::Global(Resolver::RandomNotifyName),
            2 => Library::Global(Resolver::NotifyAllName),
            b @ 8..=11 => Library::Horde {
                membership: if b & 2 == 0 {
                    Membership::Static
                } else {
                    Membership::Dynamic
                },
                distribution: if b & 1 == 0 {
                    Distribution::Uniform
                } else {
                    Distribution::UniformQuorum
                },
            },
            16 => Library::Presence(Wire::get(r)?),
            b => return Err(DecodeError(format!("unknown cluster library {b}"))),
        })
    }
}

impl Wire for PresenceConfig {
    fn put(&self, out: &mut Vec<u8>) {
        self.broadcast_period_ms.put(out);
        self.max_silent_periods.put(out);
        self.down_period_ms.put(out);
        self.permdown_period_ms.put(out);
        self.clock_sample_periods.put(out);
        self.max_delta_size.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(PresenceConfig {
            broadcast_period_ms: Wire::get(r)?,
            max_silent_periods: Wire::get(r)?,
            down_period_ms: Wire::get(r)?,
            permdown_period_ms: Wire::get(r)?,
            clock_sample_periods: Wire::get(r)?,
            max_delta_size: Wire::get(r)?,
        })
    }
}

impl Wire for ClusterConfig {
    fn put(&self, out: &mut Vec<u8>) {
        self.nodes.put(out);
        self.net_ticktime_ms.put(out);
        self.tick_intensity.put(out);
        self.prevent_overlapping_partitions.put(out);
        self.reconnect_ms.put(out);
        self.library.put(out);
        self.sync_interval_ms.put(out);
        self.net.put(out);
        self.bugs.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(ClusterConfig {
            nodes: Wire::get(r)?,
            net_ticktime_ms: Wire::get(r)?,
            tick_intensity: Wire::get(r)?,
            prevent_overlapping_partitions: Wire::get(r)?,
            reconnect_ms: Wire::get(r)?,
            library: Wire::get(r)?,
            sync_interval_ms: Wire::get(r)?,
            net: Wire::get(r)?,
            bugs: Wire::get(r)?,
        })
    }
}

impl Wire for ClusterAction {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            ClusterAction::Connect { from, to } => {
                out.push(0);
                from.put(out);
                to.put(out)
            }
            ClusterAction::Start { node, name } => {
                out.push(1);
                node.put(out);
                name.put(out)
            }
            ClusterAction::Stop { node, name } => {
                out.push(2);
                node.put(out);
                name.put(out)
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(match r.byte()? {
            0 => ClusterAction::Connect {
                from: Wire::get(r)?,
                to: Wire::get(r)?,
            },
            1 => ClusterAction::Start {
                node: Wire::get(r)?,
                name: Wire::get(r)?,
            },
            2 => ClusterAction::Stop {
                node: Wire::get(r)?,
                name: Wire::get(r)?,
            },
            b => return Err(DecodeError(format!("unknown cluster action kind {b}"))),
        })
    }
}
