//! The cluster's invariants, checked after every step.

use super::{Cluster, ClusterMsg, Distribution, Library, Membership, Pid, PresenceConfig};
use crate::kernel::Kernel;
use crate::model::NodeStatus;
use crate::scenario::Time;
use crate::trace::named;

/// Names of the invariants, in the order of their indices below.
pub const INVARIANTS: &[&str] = &[
    "No overlapping partitions once settled",
    "One owner per name",
    "One running process per name after sync",
    "No process runs without quorum",
    "No presence lost after heal",
];
const NO_OVERLAP: usize = 0;
const ONE_OWNER: usize = 1;
const ONE_RUNNING: usize = 2;
const QUORUM: usize = 3;
const NO_LOSS: usize = 4;

pub(super) fn check(c: &mut Cluster, k: &Kernel<Cluster>, found: &mut Vec<(usize, String)>) {
    let settled = c.mesh_settled(k);
    if settled && c.config.prevent_overlapping_partitions {
        if let Some((a, b, d)) = overlap(c) {
            found.push((
                NO_OVERLAP,
                format!(
                    "{} is connected to {} and {}, which are not connected to each other",
                    named::<Cluster>(b),
                    named::<Cluster>(a),
                    named::<Cluster>(d)
                ),
            ));
        }
    }
    match c.config.library {
        Library::Global(_) => {
            if settled && !global_in_flight(k) {
                one_owner(c, found);
            }
        }
        Library::Horde {
            membership,
            distribution,
        } => {
            one_running(c, found);
            if membership == Membership::Static && distribution == Distribution::UniformQuorum {
                quorum(c, k, found);
            }
        }
        Library::Presence(p) => {
            track_stability(c, k);
            no_presence_lost(c, k, p, found);
        }
    }
}

/// True when both nodes run and their connection works both ways.
fn working(c: &Cluster, k: &Kernel<Cluster>, a: usize, b: usize) -> bool {
    k.status(a) == NodeStatus::Up
        && k.status(b) == NodeStatus::Up
        && c.mutual(a, b)
        && k.links().is_up(a, b)
        && k.links().is_up(b, a)
}

fn track_stability(c: &mut Cluster, k: &Kernel<Cluster>) {
    let n = c.nodes.len();
    for a in 0..n {
        for b in a + 1..n {
            let since = match (working(c, k, a, b), c.stable_since[a * n + b]) {
                (true, None) => Some(k.now()),
                (true, since) => since,
                (false, _) => None,
            };
            c.stable_since[a * n + b] = since;
            c.stable_since[b * n + a] = since;
        }
    }
}

/// Time within which a working connection brings every entry across: a heartbeat with
/// clocks, a clock sample, a transfer, and a ticker period for TCP's resend, twice over.
fn sync_bound(c: &Cluster, p: PresenceConfig) -> Time {
    let period = u64::from(p.broadcast_period_ms);
    let sample = period * u64::from(p.clock_sample_periods + 1);
    2 * (p.heartbeat_gap_ms() + sample + c.config.tick_interval_ms()) + period
}

/// Presence: once two nodes' connection has worked for the sync bound, each shows every
/// entry the other has tracked for that long.
fn no_presence_lost(
    c: &Cluster,
    k: &Kernel<Cluster>,
    p: PresenceConfig,
    found: &mut Vec<(usize, String)>,
) {
    let n = c.nodes.len();
    let bound = sync_bound(c, p);
    let now = k.now();
    for a in 0..n {
        for b in (0..n).filter(|b| *b != a) {
            let Some(since) = c.stable_since[a * n + b] else {
                continue;
            };
            let owner = &c.nodes[a].presence;
            let own = owner.known[a].as_ref().expect("a tracker knows itself");
            let seen = c.nodes[b].presence.known[a]
                .as_ref()
                .filter(|x| x.up && x.replica == owner.me);
            for (clock, e) in &own.entries {
                if since.max(e.at) + bound > now {
                    continue;
                }
                if !seen.is_some_and(|x| x.entries.contains_key(clock)) {
                    found.push((
                        NO_LOSS,
                        format!(
                            "{} has not shown {}'s presence {} for {} ms of a working connection",
                            named::<Cluster>(b),
                            named::<Cluster>(a),
                            e.key,
                            now - since.max(e.at)
                        ),
                    ));
                    return;
                }
            }
        }
    }
}

/// Mutual connections a-b and b-d without a-d.
fn overlap(c: &Cluster) -> Option<(usize, usize, usize)> {
    let n = c.nodes.len();
    (0..n).find_map(|b| {
        let peers: Vec<usize> = (0..n).filter(|&p| p != b && c.mutual(b, p)).collect();
        peers.iter().enumerate().find_map(|(i, &a)| {
            peers[i + 1..]
                .iter()
                .find(|&&d| !c.mutual(a, d))
                .map(|&d| (a, b, d))
        })
    })
}

fn global_in_flight(k: &Kernel<Cluster>) -> bool {
    k.in_flight()
        .iter()
        .any(|e| matches!(e.msg, ClusterMsg::Global(_)))
}

/// The nodes `node` is mutually connected to, plus itself.
fn clique(c: &Cluster, node: usize) -> Vec<usize> {
    (0..c.nodes.len())
        .filter(|&p| p == node || c.mutual(node, p))
        .collect()
}

/// `:global`: two connected nodes with the same neighbours, each having merged the other's
/// table, map no name to different pids.
fn one_owner(c: &Cluster, found: &mut Vec<(usize, String)>) {
    let n = c.nodes.len();
    for a in 0..n {
        for b in a + 1..n {
            let (ga, gb) = (&c.nodes[a].global, &c.nodes[b].global);
            let synced = c.mutual(a, b) && ga.synced.contains(&b) && gb.synced.contains(&a);
            if !synced || clique(c, a) != clique(c, b) {
                continue;
            }
            for (name, pa) in &ga.names {
                if let Some(pb) = gb.names.get(name).filter(|pb| *pb != pa) {
                    found.push((
                        ONE_OWNER,
                        format!(
                            "{} maps {name} to {} but {} maps it to {}",
                            named::<Cluster>(a),
                            pid_debug(pa),
                            named::<Cluster>(b),
                            pid_debug(pb)
                        ),
                    ));
                    return;
                }
            }
        }
    }
}

/// Horde: two connected nodes that acknowledged each other's latest changes do not both
/// run a process under the same name.
fn one_running(c: &Cluster, found: &mut Vec<(usize, String)>) {
    let n = c.nodes.len();
    for a in 0..n {
        for b in a + 1..n {
            let (ha, hb) = (&c.nodes[a].horde, &c.nodes[b].horde);
            let synced = c.mutual(a, b) && ha.acked[b] == ha.version && hb.acked[a] == hb.version;
            if !synced {
                continue;
            }
            let running = |node: usize| {
                c.procs
                    .iter()
                    .filter(move |p| p.pid.node == node && p.alive())
            };
            for pa in running(a) {
                if let Some(pb) = running(b).find(|pb| pb.name == pa.name) {
                    found.push((
                        ONE_RUNNING,
                        format!(
                            "{} and {} both run {} after syncing ({} and {})",
                            named::<Cluster>(a),
                            named::<Cluster>(b),
                            pa.name,
                            pid_debug(&pa.pid),
                            pid_debug(&pb.pid)
                        ),
                    ));
                    return;
                }
            }
        }
    }
}

/// Horde with static members and quorum: a node that sees at most half the members alive
/// runs nothing.
fn quorum(c: &Cluster, k: &Kernel<Cluster>, found: &mut Vec<(usize, String)>) {
    let n = c.nodes.len();
    for node in (0..n).filter(|&x| k.status(x) == NodeStatus::Up) {
        let alive = 1 + c.connected(node).len();
        let running = c.procs.iter().find(|p| p.pid.node == node && p.alive());
        if alive * 2 <= n {
            if let Some(p) = running {
                found.push((
                    QUORUM,
                    format!(
                        "{} sees {alive} of {n} members but still runs {}",
                        named::<Cluster>(node),
                        p.name
                    ),
                ));
                return;
            }
        }
    }
}

/// A pid as `{:?}` writes it (`Pid { node: 1, serial: 4 }`), with integer formatting
/// only: the derived `Debug` would bring the struct formatter into the browser module.
fn pid_debug(p: &Pid) -> String {
    format!("Pid {{ node: {}, serial: {} }}", p.node, p.serial)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pid_reads_as_its_debug_form() {
        let p = Pid {
            node: 3,
            serial: 12,
        };
        assert_eq!(pid_debug(&p), format!("{p:?}"));
    }
}
