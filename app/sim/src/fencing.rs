//! A lease lock with fencing tokens: a lock server, two clients and a storage node.
//!
//! Nodes: n1 = lock server, n2 = client 1, n3 = client 2, n4 = storage. A client asks for
//! the lock, gets a lease with a token (increasing with every grant), works for `work_ms`
//! and then writes to storage with its token. A client paused past its lease writes late;
//! with `tokens` on, storage rejects writes carrying a token older than one it has seen.
//! That is all fencing guarantees: a late write that reaches storage before the new
//! holder's first write carries the newest token storage knows, and is accepted. The
//! checker badges the guarantee; the trace names the window it leaves open.

use crate::kernel::{Kernel, KernelSetup};
use crate::model::Envelope;
use crate::net::validate_net;
use crate::net::{NetConfig, NodeId};
use crate::protocol::Protocol;
use crate::scenario::{check_range, Action, ConfigError, Scenario, Time, Timed, Trigger};
use crate::sim::Sim;
use crate::trace::named;
use crate::wire::{DecodeError, Reader, Wire};
use serde::{Deserialize, Serialize};

/// The lock server.
pub const LOCK_SERVER: NodeId = 0;
/// Client 1.
pub const CLIENT_1: NodeId = 1;
/// Client 2.
pub const CLIENT_2: NodeId = 2;
/// The storage node.
pub const STORAGE: NodeId = 3;

/// A fencing run with time travel.
pub type FencingSim = Sim<Fencing>;
/// A fencing scenario.
pub type FencingScenario = Scenario<FencingConfig, FencingAction>;

/// Parameters of the lock service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FencingConfig {
    /// Storage checks fencing tokens (off = the "break it" setting).
    pub tokens: bool,
    /// Lease length in ms.
    pub lease_ms: u32,
    /// Time a client works between getting the lock and writing, in ms.
    pub work_ms: u32,
    /// The network model.
    pub net: NetConfig,
}

impl Default for FencingConfig {
    fn default() -> Self {
        FencingConfig {
            tokens: true,
            lease_ms: 500,
            work_ms: 200,
            net: NetConfig::default(),
        }
    }
}

/// Fencing user actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FencingAction {
    /// Client `client` (1 or 2) asks for the lock.
    Acquire {
        /// Node of the client.
        client: NodeId,
    },
}

/// Messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum FencingMsg {
    /// Ask for the lock.
    Acquire,
    /// Lock granted with a token until the lease ends.
    Grant {
        /// Fencing token.
        token: u64,
        /// Lease length.
        lease_ms: u32,
    },
    /// Lock held by someone else until `until`.
    Busy {
        /// When the current lease ends.
        until: Time,
    },
    /// Write to storage.
    Write {
        /// Token of the writer.
        token: u64,
    },
}

/// Timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FencingTimer {
    /// The client's work is done: write now.
    Write,
    /// Ask for the lock again.
    Retry,
}

/// State changes recorded in the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum FencingNote {
    /// The server grants the lock.
    Granted {
        /// Client.
        client: NodeId,
        /// Token.
        token: u64,
        /// Lease end.
        until: Time,
    },
    /// Storage accepts a write.
    Accepted {
        /// Writer.
        client: NodeId,
        /// Token.
        token: u64,
        /// True when the writer's lease had expired and a newer token was granted.
        stale: bool,
        /// True when storage had accepted a higher token before (fencing off).
        below_newest: bool,
    },
    /// Storage rejects a write with an old token.
    Rejected {
        /// Writer.
        client: NodeId,
        /// Its token.
        token: u64,
        /// Newest token storage has seen.
        newest: u64,
    },
}

/// One write that reached storage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WriteRecord {
    /// Writer.
    pub client: NodeId,
    /// Its token.
    pub token: u64,
    /// Virtual time.
    pub time: Time,
    /// Accepted or rejected.
    pub accepted: bool,
    /// The writer's lease had expired and a newer token existed.
    pub stale: bool,
    /// Accepted although storage had accepted a higher token before.
    pub below_newest: bool,
}

/// Lock server, clients and storage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fencing {
    config: FencingConfig,
    /// Latest token granted.
    pub last_token: u64,
    /// Current holder and lease end (server's view).
    pub holder: Option<(NodeId, Time)>,
    /// Per client node: token held and its lease end (client's view).
    pub client_tokens: Vec<Option<(u64, Time)>>,
    /// Newest token storage has accepted.
    pub storage_token: u64,
    /// Every write that reached storage.
    pub writes: Vec<WriteRecord>,
    checked: usize,
}

/// When client 1 pauses in the `paused-client` preset, in ms (it holds the lock then).
pub const PAUSE_AT: Time = 100;
/// How long client 1 pauses in the `paused-client` preset, in ms: past its lease and
/// past client 2's first write.
pub const DEFAULT_PAUSE_MS: Time = 1_100;

/// The `paused-client` story with a pause of `pause_ms`: client 1 takes the lock at 0 ms
/// and pauses at [`PAUSE_AT`]; client 2 asks for the lock at 600 ms.
pub fn paused_client(pause_ms: Time) -> FencingScenario {
    let acquire = |client| Action::Protocol(FencingAction::Acquire { client });
    FencingScenario {
        seed: 1,
        config: FencingConfig::default(),
        actions: vec![
            Timed::at(0, acquire(CLIENT_1)),
            Timed::at(PAUSE_AT, Action::Pause { node: CLIENT_1 }),
            Timed::at(600, acquire(CLIENT_2)),
            Timed::at(PAUSE_AT + pause_ms, Action::Resume { node: CLIENT_1 }),
        ],
        step: 0,
    }
}

/// How long `scenario` pauses client 1: from its first pause to the resume after it.
pub fn pause_of(scenario: &FencingScenario) -> Option<Time> {
    let at = |wanted: fn(&Action<FencingAction>) -> bool, after: Time| {
        scenario.actions.iter().find_map(|t| match t.trigger {
            Trigger::AtTime(time) if time >= after && wanted(&t.action) => Some(time),
            _ => None,
        })
    };
    let paused = at(|a| matches!(a, Action::Pause { node: CLIENT_1 }), 0)?;
    let resumed = at(|a| matches!(a, Action::Resume { node: CLIENT_1 }), paused)?;
    Some(resumed - paused)
}

/// The fencing view is the whole state plus the time.
pub type FencingView = (Time, Fencing);

impl Fencing {
    fn lease_end_of(&self, token: u64) -> Option<Time> {
        self.holder
            .filter(|_| token == self.last_token)
            .map(|(_, until)| until)
    }
}

impl Protocol for Fencing {
    type Config = FencingConfig;
    type Msg = FencingMsg;
    type Timer = FencingTimer;
    type Action = FencingAction;
    type Note = FencingNote;
    type View = FencingView;

    const INVARIANTS: &'static [&'static str] =
        &["Storage never accepts a token lower than one it has accepted"];
    const NAME: &'static str = "fencing";
    const TAG: u8 = 4;
    const PRESETS: &'static [&'static str] = &["paused-client"];

    fn preset(name: &str) -> Option<FencingScenario> {
        (name == "paused-client").then(|| paused_client(DEFAULT_PAUSE_MS))
    }

    fn view(&self, k: &Kernel<Self>) -> FencingView {
        (k.now(), self.clone())
    }

    fn validate(config: &FencingConfig) -> Result<(), ConfigError> {
        check_range("lease_ms", config.lease_ms.into(), 1, 600_000)?;
        check_range("work_ms", config.work_ms.into(), 0, 600_000)?;
        validate_net(&config.net)
    }

    fn validate_action(_config: &FencingConfig, action: &FencingAction) -> Result<(), ConfigError> {
        let FencingAction::Acquire { client } = action;
        if *client == CLIENT_1 || *client == CLIENT_2 {
            Ok(())
        } else {
            Err(ConfigError(format!(
                "client must be node {CLIENT_1} or {CLIENT_2}, got {client}"
            )))
        }
    }

    fn setup(config: &FencingConfig) -> KernelSetup {
        KernelSetup {
            nodes: 4,
            net: config.net.clone(),
            clocks: Vec::new(),
        }
    }

    fn new(config: &FencingConfig, _k: &mut Kernel<Self>) -> Self {
        Fencing {
            config: config.clone(),
            last_token: 0,
            holder: None,
            client_tokens: vec![None; 4],
            storage_token: 0,
            writes: Vec::new(),
            checked: 0,
        }
    }

    fn on_message(&mut self, k: &mut Kernel<Self>, env: Envelope<FencingMsg>) {
        let (i, from) = (env.to, env.from);
        match env.msg {
            FencingMsg::Acquire => match self.holder {
                Some((_, until)) if until > k.now() => k.send(i, from, FencingMsg::Busy { until }),
                _ => {
                    self.last_token += 1;
                    let until = k.now() + Time::from(self.config.lease_ms);
                    self.holder = Some((from, until));
                    let token = self.last_token;
                    k.note(
                        i,
                        FencingNote::Granted {
                            client: from,
                            token,
                            until,
                        },
                    );
                    k.send(
                        i,
                        from,
                        FencingMsg::Grant {
                            token,
                            lease_ms: self.config.lease_ms,
                        },
                    );
                }
            },
            FencingMsg::Grant { token, lease_ms } => {
                self.client_tokens[i] = Some((token, k.now() + Time::from(lease_ms)));
                k.set_timer(i, 0, self.config.work_ms.into(), FencingTimer::Write);
            }
            FencingMsg::Busy { until } => {
                k.set_timer(i, 0, until.saturating_sub(k.now()) + 1, FencingTimer::Retry);
            }
            FencingMsg::Write { token } => {
                let stale = token < self.last_token
                    || self.lease_end_of(token).is_some_and(|end| end <= k.now());
                let below_newest = token < self.storage_token;
                let rejected = self.config.tokens && below_newest;
                if rejected {
                    k.note(
                        i,
                        FencingNote::Rejected {
                            client: from,
                            token,
                            newest: self.storage_token,
                        },
                    );
                } else {
                    self.storage_token = self.storage_token.max(token);
                    k.note(
                        i,
                        FencingNote::Accepted {
                            client: from,
                            token,
                            stale,
                            below_newest,
                        },
                    );
                }
                self.writes.push(WriteRecord {
                    client: from,
                    token,
                    time: k.now(),
                    accepted: !rejected,
                    stale,
                    below_newest: below_newest && !rejected,
                });
            }
        }
    }

    fn on_timer(&mut self, k: &mut Kernel<Self>, node: NodeId, timer: FencingTimer) {
        match timer {
            FencingTimer::Write => {
                if let Some((token, _)) = self.client_tokens[node] {
                    k.send(node, STORAGE, FencingMsg::Write { token });
                }
            }
            FencingTimer::Retry => k.send(node, LOCK_SERVER, FencingMsg::Acquire),
        }
    }

    fn on_action(&mut self, k: &mut Kernel<Self>, action: FencingAction) {
        let FencingAction::Acquire { client } = action;
        k.send(client, LOCK_SERVER, FencingMsg::Acquire);
    }

    fn on_crash(&mut self, _k: &mut Kernel<Self>, node: NodeId) {
        self.client_tokens[node] = None;
    }

    fn on_restart(&mut self, _k: &mut Kernel<Self>, _node: NodeId) {}

    fn check(&mut self, _k: &Kernel<Self>, found: &mut Vec<(usize, String)>) {
        for w in &self.writes[self.checked..] {
            if w.below_newest {
                found.push((
                    0,
                    format!(
                        "storage accepted {}'s write with token {} after a higher one",
                        named::<Fencing>(w.client),
                        w.token
                    ),
                ));
            }
        }
        self.checked = self.writes.len();
    }

    fn msg_kind(msg: &FencingMsg) -> &'static str {
        match msg {
            FencingMsg::Acquire => "Acquire",
            FencingMsg::Grant { .. } => "Grant",
            FencingMsg::Busy { .. } => "Busy",
            FencingMsg::Write { .. } => "Write",
        }
    }

    fn describe_msg(msg: &FencingMsg) -> String {
        match msg {
            FencingMsg::Acquire => "lock request".to_string(),
            FencingMsg::Grant { token, lease_ms } => {
                format!("lock grant (token {token}, lease {lease_ms} ms)")
            }
            FencingMsg::Busy { until } => format!("lock busy until t={until}"),
            FencingMsg::Write { token } => format!("write with token {token}"),
        }
    }

    fn describe_timer(timer: &FencingTimer) -> String {
        match timer {
            FencingTimer::Write => "work done, write",
            FencingTimer::Retry => "retry lock",
        }
        .to_string()
    }

    fn describe_action(action: &FencingAction) -> String {
        let FencingAction::Acquire { client } = action;
        format!("{} asks for the lock", named::<Fencing>(*client))
    }

    fn describe_note(note: &FencingNote) -> String {
        match note {
            FencingNote::Granted {
                client,
                token,
                until,
            } => format!(
                "grants the lock to {} with token {token} until t={until}",
                named::<Fencing>(*client)
            ),
            FencingNote::Accepted {
                client,
                token,
                stale,
                below_newest,
            } => format!(
                "accepts {}'s write with token {token}{}",
                named::<Fencing>(*client),
                match (below_newest, stale) {
                    (true, _) => " although it accepted a higher token before!",
                    (false, true) => {
                        " from an expired lease: no newer token has reached storage yet, so fencing cannot tell"
                    }
                    (false, false) => "",
                }
            ),
            FencingNote::Rejected {
                client,
                token,
                newest,
            } => format!(
                "rejects {}'s write: token {token} is older than {newest}",
                named::<Fencing>(*client)
            ),
        }
    }
}

impl Wire for FencingConfig {
    fn put(&self, out: &mut Vec<u8>) {
        self.tokens.put(out);
        self.lease_ms.put(out);
        self.work_ms.put(out);
        self.net.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(FencingConfig {
            tokens: Wire::get(r)?,
            lease_ms: Wire::get(r)?,
            work_ms: Wire::get(r)?,
            net: Wire::get(r)?,
        })
    }
}

impl Wire for FencingAction {
    fn put(&self, out: &mut Vec<u8>) {
        let FencingAction::Acquire { client } = self;
        client.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(FencingAction::Acquire {
            client: Wire::get(r)?,
        })
    }
}
