//! OTP's `:global` name registry on the mesh.
//!
//! Sources: `lib/kernel/src/global.erl`. `register_name/3` runs under `trans/3` with the
//! cluster-wide lock on every known node (`set_lock`: a node grants when the lock is free or
//! already held by the requester; on a refusal the requester releases and retries after a
//! random sleep). On `nodeup` the two name servers exchange their tables
//! (`exchange_names/4`); a name bound to different pids runs the resolve function
//! (`resolve_it/4`). `minmax/2` orders the pids by node name, so the "random" resolvers
//! are not random: `random_exit_name/3` keeps the pid on the lower node name and does
//! `exit(Max, kill)`; `random_notify_name/3` keeps it and sends the other
//! `{global_name_conflict, Name}`; `notify_all_name/3` sends both
//! `{global_name_conflict, Name, OtherPid}` and returns `none`, unregistering the name.
//! On `nodedown` the names of processes on that node are removed (`handle_nodedown/3`).
//! Simplification: each node resolves a conflict itself with the same deterministic
//! function and tells its partition the outcome (global runs it on one node and sends the
//! operations to the partition); only the node that
//! hosts a pid kills or notifies it, so each process is acted on once. Node names order
//! as their numbers.

use super::{Cluster, ClusterMsg, ClusterNote, ClusterTimer, Exit, Library, Pid, Resolver};
use crate::kernel::Kernel;
use crate::net::NodeId;
use crate::sorted::{SortedMap, SortedSet};
use serde::Serialize;

/// `:global` messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum GlobalMsg {
    /// Asks for the lock for registration attempt `attempt`.
    LockRequest {
        /// Attempt number.
        attempt: u32,
    },
    /// Grants or refuses it.
    LockReply {
        /// Attempt number.
        attempt: u32,
        /// Granted.
        granted: bool,
    },
    /// Releases the lock.
    LockRelease,
    /// Registers a name (sent under the lock).
    Register {
        /// Name.
        name: String,
        /// Owner.
        pid: Pid,
    },
    /// The outcome of a conflict the sender resolved, for the rest of its partition.
    Resolved {
        /// Name.
        name: String,
        /// The pid that keeps it, if any.
        kept: Option<Pid>,
        /// The pids that lost it.
        losers: Vec<Pid>,
    },
    /// The sender's table, on nodeup.
    Names {
        /// Names and owners.
        names: Vec<(String, Pid)>,
        /// Pids that lost a name in a conflict.
        retired: Vec<Pid>,
    },
}

/// A registration waiting for the lock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pending {
    /// Name.
    pub name: String,
    /// The process to register.
    pub pid: Pid,
    /// Attempt number (replies to older attempts are stale).
    pub attempt: u32,
    /// Nodes that have not answered yet.
    pub waiting: Vec<NodeId>,
    /// Nodes that granted the lock.
    pub granted: Vec<NodeId>,
}

/// One node's `global` name server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GlobalNode {
    /// The name table.
    pub names: SortedMap<String, Pid>,
    /// Pids that lost a name in a conflict (never re-inserted from an older table).
    pub retired: SortedSet<Pid>,
    /// The node holding the lock here.
    pub lock: Option<NodeId>,
    /// This node's registration in progress.
    pub pending: Option<Pending>,
    /// Registrations queued behind it.
    pub queue: Vec<(String, Pid)>,
    /// Peers whose table this node has merged since the last nodeup.
    pub synced: SortedSet<NodeId>,
    attempts: u32,
}

fn msg(m: GlobalMsg) -> ClusterMsg {
    ClusterMsg::Global(m)
}

impl Cluster {
    /// The name table of `node` (for presence: the entries it shows).
    pub fn names_at(&self, node: NodeId) -> Vec<(String, Pid)> {
        match self.config.library {
            Library::Global(_) => self.nodes[node]
                .global
                .names
                .iter()
                .map(|(n, p)| (n.clone(), *p))
                .collect(),
            Library::Horde { .. } => self.nodes[node]
                .horde
                .registry
                .iter()
                .map(|(n, (c, _))| (n.clone(), c.pid))
                .collect(),
            Library::Presence(_) => self.nodes[node]
                .presence
                .visible()
                .map(|(_, _, e)| (e.key.clone(), e.pid))
                .collect(),
        }
    }

    pub(super) fn global_register(&mut self, k: &mut Kernel<Self>, node: NodeId, name: &str) {
        if self.nodes[node].global.names.contains_key(name) {
            k.note(node, ClusterNote::Taken { name: name.into() });
            return;
        }
        let pid = self.spawn(k, node, name);
        let g = &mut self.nodes[node].global;
        g.queue.push((name.to_string(), pid));
        if g.pending.is_none() {
            self.global_next(k, node);
        }
    }

    fn global_next(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        let g = &mut self.nodes[node].global;
        if g.queue.is_empty() {
            return;
        }
        let (name, pid) = g.queue.remove(0);
        g.attempts += 1;
        g.pending = Some(Pending {
            name,
            pid,
            attempt: g.attempts,
            waiting: Vec::new(),
            granted: Vec::new(),
        });
        self.global_attempt(k, node);
    }

    fn global_attempt(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        if self.config.bugs.register_without_lock {
            self.global_commit(k, node);
            return;
        }
        let peers = self.connected(node);
        let g = &mut self.nodes[node].global;
        if g.lock.is_some_and(|h| h != node) {
            k.note(node, ClusterNote::LockBusy);
            self.global_backoff(k, node);
            return;
        }
        g.lock = Some(node);
        g.attempts += 1;
        let attempt = g.attempts;
        let Some(p) = g.pending.as_mut() else { return };
        p.attempt = attempt;
        p.waiting = peers.clone();
        p.granted.clear();
        if peers.is_empty() {
            self.global_commit(k, node);
            return;
        }
        for peer in peers {
            self.send_on(k, node, peer, msg(GlobalMsg::LockRequest { attempt }));
        }
    }

    fn global_backoff(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        let wait = k.rng().range(50, 400);
        k.set_timer(node, 2, wait, ClusterTimer::LockRetry);
    }

    pub(super) fn global_retry(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        if self.nodes[node].global.pending.is_some() {
            self.global_attempt(k, node);
        }
    }

    fn global_release(&mut self, k: &mut Kernel<Self>, node: NodeId, to: Vec<NodeId>) {
        let g = &mut self.nodes[node].global;
        if g.lock == Some(node) {
            g.lock = None;
        }
        for peer in to {
            self.send_on(k, node, peer, msg(GlobalMsg::LockRelease));
        }
    }

    fn global_commit(&mut self, k: &mut Kernel<Self>, node: NodeId) {
        let Some(p) = self.nodes[node].global.pending.take() else {
            return;
        };
        let g = &mut self.nodes[node].global;
        if g.names.contains_key(&p.name) {
            k.note(node, ClusterNote::Taken { name: p.name });
            self.end(k, p.pid, Exit::NotRegistered);
        } else {
            g.names.insert(p.name.clone(), p.pid);
            k.note(
                node,
                ClusterNote::Registered {
                    name: p.name.clone(),
                    pid: p.pid,
                },
            );
            for peer in self.connected(node) {
                let m = GlobalMsg::Register {
                    name: p.name.clone(),
                    pid: p.pid,
                };
                self.send_on(k, node, peer, msg(m));
            }
        }
        self.global_release(k, node, p.granted);
        self.global_next(k, node);
    }

    pub(super) fn global_receive(
        &mut self,
        k: &mut Kernel<Self>,
        me: NodeId,
        from: NodeId,
        m: GlobalMsg,
    ) {
        match m {
            GlobalMsg::LockRequest { attempt } => {
                let g = &mut self.nodes[me].global;
                let granted = g.lock.is_none_or(|h| h == from);
                if granted {
                    g.lock = Some(from);
                }
                let reply = GlobalMsg::LockReply { attempt, granted };
                self.send_on(k, me, from, msg(reply));
            }
            GlobalMsg::LockReply { attempt, granted } => {
                self.global_reply(k, me, from, attempt, granted)
            }
            GlobalMsg::LockRelease => {
                let g = &mut self.nodes[me].global;
                if g.lock == Some(from) {
                    g.lock = None;
                }
            }
            GlobalMsg::Register { name, pid } => {
                let g = &mut self.nodes[me].global;
                if !g.retired.contains(&pid) {
                    g.names.insert(name, pid);
                }
            }
            GlobalMsg::Names { names, retired } => self.global_merge(k, me, from, names, retired),
            GlobalMsg::Resolved { name, kept, losers } => {
                self.global_retire(k, me, &losers);
                let g = &mut self.nodes[me].global;
                let stale = g.names.get(&name).is_none_or(|p| g.retired.contains(p));
                if stale {
                    match kept.filter(|p| !g.retired.contains(p)) {
                        Some(p) => g.names.insert(name, p),
                        None => g.names.remove(&name),
                    };
                }
            }
        }
    }

    fn global_reply(
        &mut self,
        k: &mut Kernel<Self>,
        me: NodeId,
        from: NodeId,
        attempt: u32,
        granted: bool,
    ) {
        let current = self.nodes[me].global.pending.as_ref().map(|p| p.attempt);
        if current != Some(attempt) {
            if granted {
                self.send_on(k, me, from, msg(GlobalMsg::LockRelease));
            }
            return;
        }
        let Some(p) = self.nodes[me].global.pending.as_mut() else {
            return;
        };
        p.waiting.retain(|n| *n != from);
        if granted {
            p.granted.push(from);
            if p.waiting.is_empty() {
                self.global_commit(k, me);
            }
        } else {
            let granted = std::mem::take(&mut p.granted);
            p.attempt = 0;
            k.note(me, ClusterNote::LockBusy);
            self.global_release(k, me, granted);
            self.global_backoff(k, me);
        }
    }

    pub(super) fn global_node_up(&mut self, k: &mut Kernel<Self>, me: NodeId, peer: NodeId) {
        let g = &mut self.nodes[me].global;
        g.synced.remove(&peer);
        let m = GlobalMsg::Names {
            names: g.names.iter().map(|(n, p)| (n.clone(), *p)).collect(),
            retired: g.retired.iter().copied().collect(),
        };
        self.send_on(k, me, peer, msg(m));
    }

    pub(super) fn global_node_down(&mut self, k: &mut Kernel<Self>, me: NodeId, peer: NodeId) {
        let g = &mut self.nodes[me].global;
        g.synced.remove(&peer);
        g.names.retain(|_, pid| pid.node != peer);
        if g.lock == Some(peer) {
            g.lock = None;
        }
        let done = g.pending.as_mut().is_some_and(|p| {
            let was = p.waiting.len();
            p.waiting.retain(|n| *n != peer);
            p.attempt != 0 && was > 0 && p.waiting.is_empty()
        });
        if done {
            self.global_commit(k, me);
        }
    }

    fn global_merge(
        &mut self,
        k: &mut Kernel<Self>,
        me: NodeId,
        from: NodeId,
        names: Vec<(String, Pid)>,
        retired: Vec<Pid>,
    ) {
        self.global_retire(k, me, &retired);
        self.nodes[me].global.synced.insert(from);
        for (name, pid) in names {
            let reachable =
                pid.node == me || pid.node == from || self.nodes[me].links[pid.node].is_up();
            let g = &mut self.nodes[me].global;
            if g.retired.contains(&pid) || !reachable {
                continue;
            }
            match g.names.get(&name).copied() {
                None => {
                    g.names.insert(name, pid);
                }
                Some(own) if own == pid || self.config.bugs.skip_resolve => {}
                Some(own) => self.global_resolve(k, me, name, own, pid),
            }
        }
        let g = &mut self.nodes[me].global;
        let retired = g.retired.clone();
        g.names.retain(|_, p| !retired.contains(p));
    }

    fn global_resolve(&mut self, k: &mut Kernel<Self>, me: NodeId, name: String, a: Pid, b: Pid) {
        let Library::Global(resolver) = self.config.library else {
            return;
        };
        let (min, max) = if a.node < b.node { (a, b) } else { (b, a) };
        let (kept, losers) = match resolver {
            Resolver::RandomExitName | Resolver::RandomNotifyName => (Some(min), vec![max]),
            Resolver::NotifyAllName => (None, vec![min, max]),
        };
        self.global_retire(k, me, &losers);
        let g = &mut self.nodes[me].global;
        match kept {
            Some(p) => g.names.insert(name.clone(), p),
            None => g.names.remove(&name),
        };
        for peer in self.connected(me) {
            let m = GlobalMsg::Resolved {
                name: name.clone(),
                kept,
                losers: losers.clone(),
            };
            self.send_on(k, me, peer, msg(m));
        }
        let note = ClusterNote::Resolved {
            name,
            pids: [min, max],
            kept,
        };
        k.note(me, note);
    }

    /// Marks `losers` as having lost their name; the node hosting one kills or notifies it
    /// the first time it learns of it.
    fn global_retire(&mut self, k: &mut Kernel<Self>, me: NodeId, losers: &[Pid]) {
        let Library::Global(resolver) = self.config.library else {
            return;
        };
        for &pid in losers {
            if !self.nodes[me].global.retired.insert(pid) || pid.node != me {
                continue;
            }
            if resolver == Resolver::RandomExitName {
                self.end(k, pid, Exit::Killed);
            } else if self.alive(pid) {
                self.procs[pid.serial].conflict_messages += 1;
                k.note(me, ClusterNote::Notified { pid });
            }
        }
    }
}
