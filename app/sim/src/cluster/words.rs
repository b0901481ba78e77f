//! The cluster's messages, timers, actions and notes in plain words.

use super::global::GlobalMsg;
use super::horde::HordeMsg;
use super::presence::PresenceMsg;
use super::{Cluster, ClusterAction, ClusterMsg, ClusterNote, ClusterTimer, DownReason, Exit, Pid};
use crate::trace::named;

/// A pid as Erlang prints it: `<node.serial.0>`.
pub fn pid_name(pid: Pid) -> String {
    format!("<{}.{}.0>", pid.node + 1, pid.serial)
}

pub(super) fn msg_kind(msg: &ClusterMsg) -> &'static str {
    match msg {
        ClusterMsg::Connect => "Connect",
        ClusterMsg::Accept => "Accept",
        ClusterMsg::Confirm => "Confirm",
        ClusterMsg::Tick => "Tick",
        ClusterMsg::Close => "Close",
        ClusterMsg::Peers(_) => "Peers",
        ClusterMsg::LostConnection { .. } => "LostConnection",
        ClusterMsg::Global(GlobalMsg::LockRequest { .. }) => "LockRequest",
        ClusterMsg::Global(GlobalMsg::LockReply { .. }) => "LockReply",
        ClusterMsg::Global(GlobalMsg::LockRelease) => "LockRelease",
        ClusterMsg::Global(GlobalMsg::Register { .. }) => "Register",
        ClusterMsg::Global(GlobalMsg::Names { .. }) => "Names",
        ClusterMsg::Global(GlobalMsg::Resolved { .. }) => "Resolved",
        ClusterMsg::Horde(HordeMsg::Delta { .. }) => "Delta",
        ClusterMsg::Horde(HordeMsg::Ack { .. }) => "Ack",
        ClusterMsg::Presence(PresenceMsg::Heartbeat { .. }) => "Heartbeat",
        ClusterMsg::Presence(PresenceMsg::TransferReq { .. }) => "TransferReq",
        ClusterMsg::Presence(PresenceMsg::TransferDelta { .. }) => "TransferDelta",
        ClusterMsg::Presence(PresenceMsg::TransferFull { .. }) => "TransferFull",
    }
}

pub(super) fn describe_msg(msg: &ClusterMsg) -> String {
    match msg {
        ClusterMsg::Peers(p) => {
            let names: Vec<String> = p.iter().map(|n| named::<Cluster>(*n)).collect();
            format!("known nodes [{}]", names.join(", "))
        }
        ClusterMsg::LostConnection { lost } => {
            format!("lost_connection: I lost {}", named::<Cluster>(*lost))
        }
        ClusterMsg::Global(GlobalMsg::LockReply { granted, .. }) => {
            format!("lock {}", if *granted { "granted" } else { "refused" })
        }
        ClusterMsg::Global(GlobalMsg::Register { name, pid }) => {
            format!("register {name} as {}", pid_name(*pid))
        }
        ClusterMsg::Global(GlobalMsg::Names { names, .. }) => {
            format!("name table with {} names", names.len())
        }
        ClusterMsg::Global(GlobalMsg::Resolved { name, kept, .. }) => match kept {
            Some(p) => format!("conflict on {name} resolved: {} keeps it", pid_name(*p)),
            None => format!("conflict on {name} resolved: unregistered"),
        },
        ClusterMsg::Horde(HordeMsg::Delta { entries, upto }) => {
            format!("delta of {} entries up to version {upto}", entries.len())
        }
        ClusterMsg::Horde(HordeMsg::Ack { upto }) => format!("ack of version {upto}"),
        ClusterMsg::Presence(m) => {
            let bytes = m.bytes();
            match m {
                PresenceMsg::Heartbeat { delta, .. } if delta.is_empty() => {
                    format!("empty heartbeat with clocks ({bytes} bytes)")
                }
                PresenceMsg::Heartbeat { delta, .. } => {
                    format!(
                        "heartbeat with a delta of {} changes ({bytes} bytes)",
                        delta.len()
                    )
                }
                PresenceMsg::TransferReq { .. } => {
                    format!("transfer request: my clocks are behind yours ({bytes} bytes)")
                }
                PresenceMsg::TransferDelta { changes } => format!(
                    "transfer of {} changes from the delta generation ({bytes} bytes)",
                    changes.len()
                ),
                PresenceMsg::TransferFull { state } => {
                    let entries: usize = state.iter().map(|k| k.entries.len()).sum();
                    format!("transfer of the full state, {entries} entries ({bytes} bytes)")
                }
            }
        }
        other => msg_kind(other).to_string(),
    }
}

pub(super) fn describe_timer(timer: &ClusterTimer) -> String {
    match timer {
        ClusterTimer::Tick => "net_kernel ticker",
        ClusterTimer::Reconnect => "reconnect timer",
        ClusterTimer::LockRetry => "global lock retry",
        ClusterTimer::Sync => "CRDT sync timer",
        ClusterTimer::Heartbeat => "tracker heartbeat",
    }
    .to_string()
}

pub(super) fn describe_action(action: &ClusterAction) -> String {
    match action {
        ClusterAction::Connect { from, to } => {
            format!(
                "connect {} to {}",
                named::<Cluster>(*from),
                named::<Cluster>(*to)
            )
        }
        ClusterAction::Start { node, name } => {
            format!("start {name} on {}", named::<Cluster>(*node))
        }
        ClusterAction::Stop { node, name } => format!("stop {name} on {}", named::<Cluster>(*node)),
    }
}

/// Why a process ended, in words.
pub fn exit_words(exit: &Exit) -> String {
    match exit {
        Exit::NodeCrash => "its node crashed".into(),
        Exit::Killed => "global: Name conflict terminating (exit(Pid, kill))".into(),
        Exit::NameConflict { winner } => {
            format!(
                "exit {{:name_conflict, ...}}: {} kept the name",
                pid_name(*winner)
            )
        }
        Exit::QuorumLost => "shut down: quorum lost".into(),
        Exit::NotRegistered => "register_name returned no".into(),
        Exit::Stopped => "normal".into(),
    }
}

pub(super) fn describe_note(note: &ClusterNote) -> String {
    match note {
        ClusterNote::NodeUp { peer } => format!("nodeup {}", named::<Cluster>(*peer)),
        ClusterNote::NodeDown { peer, reason } => {
            let why = match reason {
                DownReason::TickTimeout => "net_tick_timeout".to_string(),
                DownReason::Closed => "connection closed".to_string(),
                DownReason::Reported { by } => format!(
                    "{} reported losing it (prevent_overlapping_partitions)",
                    named::<Cluster>(*by)
                ),
                DownReason::Replaced => "the peer restarted".to_string(),
            };
            format!("nodedown {}: {why}", named::<Cluster>(*peer))
        }
        ClusterNote::Started { pid, name } => format!("starts {} for {name}", pid_name(*pid)),
        ClusterNote::Registered { name, pid } => {
            format!("registers {name} as {}", pid_name(*pid))
        }
        ClusterNote::Taken { name } => format!("{name} is already registered"),
        ClusterNote::LockBusy => "the global lock is busy; retrying later".into(),
        ClusterNote::Resolved { name, pids, kept } => format!(
            "name conflict on {name} between {} and {}: {}",
            pid_name(pids[0]),
            pid_name(pids[1]),
            match kept {
                Some(p) => format!("{} keeps it", pid_name(*p)),
                None => "the name is unregistered".into(),
            }
        ),
        ClusterNote::Exited { pid, exit } => {
            format!("{} exits: {}", pid_name(*pid), exit_words(exit))
        }
        ClusterNote::Notified { pid } => {
            format!("{} receives {{global_name_conflict, ...}}", pid_name(*pid))
        }
        ClusterNote::Quorum { has } => {
            if *has {
                "has quorum again".into()
            } else {
                "lost quorum: at most half the members are alive".into()
            }
        }
        ClusterNote::QuorumNotMet { name } => {
            format!("cannot start {name}: {{:error, :quorum_not_met}}")
        }
        ClusterNote::ReplicaUp { peer } => {
            format!("replica up: {} is heard; its presences show", named::<Cluster>(*peer))
        }
        ClusterNote::ReplicaDown { peer } => format!(
            "replica down: nothing from {} for down_period; its presences are hidden",
            named::<Cluster>(*peer)
        ),
        ClusterNote::ReplicaPermdown { peer } => format!(
            "permanent replica down: {}'s presences are purged",
            named::<Cluster>(*peer)
        ),
        ClusterNote::FullState { to } => format!(
            "falls back to sending the entire CRDT to {}: its clock is older than the delta generation",
            named::<Cluster>(*to)
        ),
    }
}
