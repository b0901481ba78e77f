//! A Horde-style registry and supervisor on a delta-state CRDT.
//!
//! Sources (derekkraan/horde, commit c3e4d1d): `lib/horde/registry_impl.ex`
//! `process_diff/2`: when a CRDT diff binds a key to another pid than the local table, the
//! local entry is unregistered and `Process.exit(other_pid, {:name_conflict, {key, value},
//! registry_name, pid})` is sent. `lib/horde/uniform_quorum_distribution.ex`
//! `has_quorum?/1`: more than half of the members alive; `lib/horde/uniform_distribution.ex`
//! `has_quorum?/1` is always true. `lib/horde/dynamic_supervisor_impl.ex`
//! `handle_quorum_change/1` calls `shut_down_all_processes/1` when quorum is lost; it runs
//! on every membership change. With a static member list an unreachable member stays in the
//! list, marked `:dead` (`mark_dead/2` on the supervisor monitor's `:DOWN`), so a minority
//! loses quorum and stops its processes. With `members: :auto`, `lib/horde/node_listener.ex`
//! resets the members to the connected nodes on every `:nodedown`, so every side of a split
//! has all its members alive, keeps quorum and stops nothing. Processes of dead members are
//! restarted by the survivors (`handoff_processes/1`), so both sides can run the same child.
//! The CRDT (DeltaCrdt's add-wins LWW map) keeps the later registration; deltas not yet
//! acknowledged by a neighbour are resent every sync interval; a new neighbour gets all.
//! Simplifications: the node asked starts the child (Horde picks it on a hash ring); the
//! survivor that restarts a dead member's child is picked from the name's hash; only the
//! node hosting the losing pid sends the exit (every node in its partition would).

use super::{
    Cluster, ClusterMsg, ClusterNote, ClusterTimer, Distribution, Exit, Library, Membership, Pid,
};
use crate::kernel::Kernel;
use crate::net::NodeId;
use crate::scenario::Time;
use crate::sorted::SortedMap;
use serde::Serialize;

/// A registry entry: the pid and its registration stamp (time, node) for last-writer-wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Child {
    /// Owner.
    pub pid: Pid,
    /// When and where it was registered.
    pub stamp: (Time, NodeId),
}

/// Horde messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum HordeMsg {
    /// Entries changed since the receiver's last acknowledgement.
    Delta {
        /// The entries.
        entries: Vec<(String, Child)>,
        /// The sender's version they bring the receiver up to.
        upto: u64,
    },
    /// Acknowledges a delta.
    Ack {
        /// Its version.
        upto: u64,
    },
}

/// One node's registry replica.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HordeNode {
    /// Name -> entry, with the local version at which it last changed.
    pub registry: SortedMap<String, (Child, u64)>,
    /// Local version, bumped on every change.
    pub version: u64,
    /// Per peer: the version it has acknowledged.
    pub acked: Vec<u64>,
    /// Whether this node has quorum in its own view.
    pub quorum: bool,
}

impl HordeNode {
    /// An empty replica in a cluster of `nodes`.
    pub fn new(nodes: usize) -> Self {
        HordeNode {
            registry: SortedMap::new(),
            version: 0,
            acked: vec![0; nodes],
            quorum: true,
        }
    }

    fn put(&mut self, name: String, child: Child) {
        self.version += 1;
        self.registry.insert(name, (child, self.version));
    }
}

fn hash(name: &str) -> usize {
    name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }) as usize
}

impl Cluster {
    fn horde_kind(&self) -> Option<(Membership, Distribution)> {
        match self.config.library {
            Library::Horde {
                membership,
                distribution,
            } => Some((membership, distribution)),
            Library::Global(_) | Library::Presence(_) => None,
        }
    }

    /// `has_quorum?/1` as `node` sees its members.
    pub fn horde_has_quorum(&self, node: NodeId) -> bool {
        let Some((membership, distribution)) = self.horde_kind() else {
            return true;
        };
        let alive = 1 + self.connected(node).len();
        let members = match membership {
            Membership::Static => self.nodes.len(),
            Membership::Dynamic => alive,
        };
        distribution == Distribution::Uniform || alive * 2 > members
    }

    fn member_alive(&self, me: NodeId, node: NodeId) -> bool {
        node == me || self.nodes[me].links[node].is_up()
    }

    pub(super) fn horde_start(&mut self, k: &mut Kernel<Self>, node: NodeId, name: &str) {
        if !self.horde_has_quorum(node) {
            k.note(node, ClusterNote::QuorumNotMet { name: name.into() });
            return;
        }
        let held = self.nodes[node]
            .horde
            .registry
            .get(name)
            .is_some_and(|(c, _)| self.alive(c.pid) && self.member_alive(node, c.pid.node));
        if held {
            k.note(node, ClusterNote::Taken { name: name.into() });
            return;
        }
        self.horde_spawn(k, node, name);
    }

    fn horde_spawn(&mut self, k: &mut Kernel<Self>, node: NodeId, name: &str) {
        let pid = self.spawn(k, node, name);
        let stamp = (k.now(), node);
        self.nodes[node]
            .horde
            .put(name.to_string(), Child { pid, stamp });
        k.note(
            node,
            ClusterNote::Registered {
                name: name.into(),
                pid,
            },
        );
    }

    /// A membership change at `me`: `up` came up, or (with `None`) a member went down, and
    /// the survivors restart its children.
    pub(super) fn horde_membership(
        &mut self,
        k: &mut Kernel<Self>,
        me: NodeId,
        up: Option<NodeId>,
    ) {
        if let Some(peer) = up {
            self.nodes[me].horde.acked[peer] = 0;
        }
        let quorum = self.horde_has_quorum(me);
        if quorum != self.nodes[me].horde.quorum {
            self.nodes[me].horde.quorum = quorum;
            k.note(me, ClusterNote::Quorum { has: quorum });
        }
        if !quorum {
            if !self.config.bugs.ignore_quorum {
                let local: Vec<Pid> = self
                    .procs
                    .iter()
                    .filter(|p| p.pid.node == me && p.alive())
                    .map(|p| p.pid)
                    .collect();
                for pid in local {
                    self.end(k, pid, Exit::QuorumLost);
                }
            }
            return;
        }
        if up.is_some() {
            return;
        }
        let mut alive = self.connected(me);
        alive.push(me);
        // One copy of the sort code for every protocol (`crate::order`).
        let alive = crate::order::sorted_by_key(alive, |n| (*n as u64, 0));
        let orphans: Vec<String> = self.nodes[me]
            .horde
            .registry
            .iter()
            .filter(|(_, (c, _))| !self.member_alive(me, c.pid.node))
            .map(|(name, _)| name.clone())
            .collect();
        for name in orphans {
            if alive[hash(&name) % alive.len()] == me {
                self.horde_spawn(k, me, &name);
            }
        }
    }

    pub(super) fn horde_sync(&mut self, k: &mut Kernel<Self>, me: NodeId) {
        let every = u64::from(self.config.sync_interval_ms);
        k.set_timer(me, 2, every, ClusterTimer::Sync);
        for peer in self.connected(me) {
            let h = &self.nodes[me].horde;
            let since = h.acked[peer];
            let entries: Vec<(String, Child)> = h
                .registry
                .iter()
                .filter(|(_, (_, v))| *v > since)
                .map(|(n, (c, _))| (n.clone(), *c))
                .collect();
            if !entries.is_empty() {
                let upto = h.version;
                let m = HordeMsg::Delta { entries, upto };
                self.send_on(k, me, peer, ClusterMsg::Horde(m));
            }
        }
    }

    pub(super) fn horde_receive(
        &mut self,
        k: &mut Kernel<Self>,
        me: NodeId,
        from: NodeId,
        m: HordeMsg,
    ) {
        match m {
            HordeMsg::Delta { entries, upto } => {
                for (name, child) in entries {
                    self.horde_merge(k, me, name, child);
                }
                let ack = HordeMsg::Ack { upto };
                self.send_on(k, me, from, ClusterMsg::Horde(ack));
            }
            HordeMsg::Ack { upto } => {
                let acked = &mut self.nodes[me].horde.acked[from];
                *acked = (*acked).max(upto);
            }
        }
    }

    fn horde_merge(&mut self, k: &mut Kernel<Self>, me: NodeId, name: String, child: Child) {
        let key = name.clone();
        let h = &mut self.nodes[me].horde;
        let loser = match h.registry.get(&name).map(|(c, _)| *c) {
            None => {
                h.put(name, child);
                return;
            }
            Some(own) if own == child => return,
            Some(own) if child.stamp > own.stamp => {
                h.put(name, child);
                own.pid
            }
            Some(_) => child.pid,
        };
        let winner = match h.registry.get(&key) {
            Some((c, _)) => c.pid,
            None => return,
        };
        let conflict = loser.node == me && loser != winner && self.alive(loser);
        if conflict && !self.config.bugs.skip_conflict_exit {
            self.end(k, loser, Exit::NameConflict { winner });
        }
    }
}
