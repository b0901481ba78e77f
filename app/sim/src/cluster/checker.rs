//! The cluster's invariants, checked after every step.

use super::{Cluster, ClusterMsg, Distribution, Library, Membership};
use crate::kernel::Kernel;
use crate::model::NodeStatus;
use crate::trace::node_name;

/// Names of the invariants, in the order of their indices below.
pub const INVARIANTS: &[&str] = &[
    "No overlapping partitions once settled",
    "One owner per name",
    "One running process per name after sync",
    "No process runs without quorum",
];
const NO_OVERLAP: usize = 0;
const ONE_OWNER: usize = 1;
const ONE_RUNNING: usize = 2;
const QUORUM: usize = 3;

pub(super) fn check(c: &Cluster, k: &Kernel<Cluster>, found: &mut Vec<(usize, String)>) {
    let settled = c.mesh_settled(k);
    if settled && c.config.prevent_overlapping_partitions {
        if let Some((a, b, d)) = overlap(c) {
            found.push((
                NO_OVERLAP,
                format!(
                    "{} is connected to {} and {}, which are not connected to each other",
                    node_name(b),
                    node_name(a),
                    node_name(d)
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
                            "{} maps {name} to {pa:?} but {} maps it to {pb:?}",
                            node_name(a),
                            node_name(b)
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
                            "{} and {} both run {} after syncing ({:?} and {:?})",
                            node_name(a),
                            node_name(b),
                            pa.name,
                            pa.pid,
                            pb.pid
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
                        node_name(node),
                        p.name
                    ),
                ));
                return;
            }
        }
    }
}
