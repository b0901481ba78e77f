//! Trace events and their plain-words descriptions.

use crate::model::Envelope;
use crate::net::NodeId;
use crate::protocol::Protocol;
use crate::scenario::{Action, Time};

/// Why a message did not arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum DropReason {
    /// The network lost it.
    Lost,
    /// The link was cut when it arrived.
    LinkCut,
    /// The receiver was crashed.
    NodeDown,
}

/// What happened in one trace event.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(bound(
    serialize = "P::Msg: serde::Serialize, P::Timer: serde::Serialize, P::Action: serde::Serialize, P::Note: serde::Serialize"
))]
pub enum EventKind<P: Protocol> {
    /// A message was put on the wire.
    Sent(Envelope<P::Msg>),
    /// A message reached its receiver.
    Delivered(Envelope<P::Msg>),
    /// A message was dropped on arrival.
    Dropped {
        /// The message.
        env: Envelope<P::Msg>,
        /// Why.
        reason: DropReason,
    },
    /// A node's timer fired.
    TimerFired {
        /// The node.
        node: NodeId,
        /// Which timer.
        timer: P::Timer,
    },
    /// An action was applied: the scenario's (at its time) or the reader's (at a step).
    Action {
        /// Who asked for it.
        by: Origin,
        /// What.
        action: Action<P::Action>,
    },
    /// A node's state changed.
    Note {
        /// The node.
        node: NodeId,
        /// What changed.
        note: P::Note,
    },
}

/// Who asked for an action: the scenario names actions at a virtual time, the reader (or
/// a shared link, which carries the reader's actions) at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Origin {
    /// The scenario (a preset's script).
    Scenario,
    /// The reader.
    Reader,
}

impl Origin {
    /// As the event log writes it.
    pub fn word(self) -> &'static str {
        match self {
            Origin::Scenario => "scenario",
            Origin::Reader => "reader",
        }
    }
}

/// One event of the trace, tagged with its step and virtual time.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(bound(
    serialize = "P::Msg: serde::Serialize, P::Timer: serde::Serialize, P::Action: serde::Serialize, P::Note: serde::Serialize"
))]
pub struct TraceEvent<P: Protocol> {
    /// The step that produced it (step 1 is the first event).
    pub step: u64,
    /// Virtual time in ms.
    #[serde(rename = "time_ms")]
    pub time: Time,
    /// What happened.
    pub kind: EventKind<P>,
}

/// A node's name as protocol `P` calls its nodes: `n1`, or `p1` for a process.
pub fn named<P: Protocol>(node: NodeId) -> String {
    format!("{}{}", P::NODE_PREFIX, node + 1)
}

impl<P: Protocol> TraceEvent<P> {
    /// The event in plain words, e.g. "t=1520 ms: n3 times out (election timeout)".
    pub fn describe(&self) -> String {
        format!("t={} ms: {}", self.time, self.describe_what())
    }

    fn describe_what(&self) -> String {
        match &self.kind {
            EventKind::Sent(env) => format!(
                "{} sends {} to {}{}",
                named::<P>(env.from),
                P::describe_msg(&env.msg),
                named::<P>(env.to),
                if env.duplicate { " (duplicated)" } else { "" }
            ),
            EventKind::Delivered(env) => format!(
                "{} receives {} from {}",
                named::<P>(env.to),
                P::describe_msg(&env.msg),
                named::<P>(env.from)
            ),
            EventKind::Dropped { env, reason } => format!(
                "{} from {} to {} is dropped ({})",
                P::describe_msg(&env.msg),
                named::<P>(env.from),
                named::<P>(env.to),
                match reason {
                    DropReason::Lost => "lost by the network",
                    DropReason::LinkCut => "link cut",
                    DropReason::NodeDown => "receiver is down",
                }
            ),
            EventKind::TimerFired { node, timer } => {
                format!("{}: {} fires", named::<P>(*node), P::describe_timer(timer))
            }
            EventKind::Action { by, action } => {
                format!("{}: {}", by.word(), describe_action::<P>(action))
            }
            EventKind::Note { node, note } => {
                format!("{} {}", named::<P>(*node), P::describe_note(note))
            }
        }
    }
}

/// A user action in words, e.g. "crash n3".
pub fn describe_action<P: Protocol>(action: &Action<P::Action>) -> String {
    let groups = |gs: &Vec<Vec<NodeId>>| {
        gs.iter()
            .map(|g| {
                let names: Vec<String> = g.iter().map(|n| named::<P>(*n)).collect();
                format!("{{{}}}", names.join(", "))
            })
            .collect::<Vec<_>>()
            .join(" | ")
    };
    match action {
        Action::Crash { node } => format!("crash {}", named::<P>(*node)),
        Action::Restart { node } => format!("restart {}", named::<P>(*node)),
        Action::Pause { node } => format!("pause {}", named::<P>(*node)),
        Action::Resume { node } => format!("resume {}", named::<P>(*node)),
        Action::Cut { from, to } => format!(
            "cut the link {} -> {} (one way)",
            named::<P>(*from),
            named::<P>(*to)
        ),
        Action::CutBoth { a, b } => format!(
            "cut the link between {} and {} (both ways)",
            named::<P>(*a),
            named::<P>(*b)
        ),
        Action::Heal => "heal every link".to_string(),
        Action::Partition { groups: gs } => format!("partition into {}", groups(gs)),
        Action::Protocol(a) => P::describe_action(a),
    }
}
