//! The interface a protocol implements to run on the kernel.

use crate::kernel::{Kernel, KernelSetup};
use crate::model::Envelope;
use crate::net::NodeId;
use crate::scenario::{ConfigError, Scenario};
use crate::trace::DropReason;
use crate::wire::Wire;
use std::fmt::Debug;

/// A distributed protocol: node state plus handlers for messages, timers and actions.
pub trait Protocol: Clone + Debug + Sized {
    /// The protocol's configuration (part of a scenario).
    type Config: Clone + Debug + PartialEq + Wire;
    /// Messages between nodes.
    type Msg: Clone + Debug;
    /// Timer payloads.
    type Timer: Clone + Debug;
    /// Protocol-specific user actions.
    type Action: Clone + Debug + PartialEq + Wire;
    /// Protocol-specific state changes recorded in the trace.
    type Note: Clone + Debug;

    /// The state shown by a widget at one step.
    type View;

    /// Names of the invariants checked after every step.
    const INVARIANTS: &'static [&'static str];
    /// Short protocol name, e.g. "raft".
    const NAME: &'static str;
    /// What its node names start with in words: `n` (`n1`), or `p` for processes.
    const NODE_PREFIX: &'static str = "n";
    /// Byte that tags this protocol in encoded scenarios.
    const TAG: u8;
    /// Names of the built-in scenario presets.
    const PRESETS: &'static [&'static str];

    /// The scenario of a named preset, or `None` for an unknown name.
    fn preset(name: &str) -> Option<Scenario<Self::Config, Self::Action>>;
    /// The state to draw, at the kernel's current step.
    fn view(&self, k: &Kernel<Self>) -> Self::View;

    /// Rejects configurations outside the supported bounds.
    fn validate(config: &Self::Config) -> Result<(), ConfigError>;
    /// Rejects protocol actions that name unknown nodes or carry bad values.
    fn validate_action(config: &Self::Config, action: &Self::Action) -> Result<(), ConfigError>;
    /// Node count, network and clocks for the kernel.
    fn setup(config: &Self::Config) -> KernelSetup;
    /// The initial state; may arm timers.
    fn new(config: &Self::Config, k: &mut Kernel<Self>) -> Self;
    /// Handles a delivered message.
    fn on_message(&mut self, k: &mut Kernel<Self>, env: Envelope<Self::Msg>);
    /// Handles a fired timer of `node` (or of the environment, `k.env()`).
    fn on_timer(&mut self, k: &mut Kernel<Self>, node: NodeId, timer: Self::Timer);
    /// Handles a protocol action.
    fn on_action(&mut self, k: &mut Kernel<Self>, action: Self::Action);
    /// Sees a message the network dropped (a protocol over TCP queues it for resending).
    fn on_dropped(&mut self, _k: &mut Kernel<Self>, _env: Envelope<Self::Msg>, _why: DropReason) {}
    /// Drops the volatile state of a crashed node.
    fn on_crash(&mut self, k: &mut Kernel<Self>, node: NodeId);
    /// Restarts a node from its persistent state.
    fn on_restart(&mut self, k: &mut Kernel<Self>, node: NodeId);
    /// Heap bytes this state holds beyond its own size, roughly (for the memory budget;
    /// 0 for protocols whose state stays small).
    fn heap_bytes(&self) -> usize {
        0
    }
    /// Heap bytes a message holds beyond its own size, roughly.
    fn msg_heap_bytes(_msg: &Self::Msg) -> usize {
        0
    }
    /// Whether the trace records this message's sending and delivery (a drop is always
    /// recorded). A keep-alive that a protocol counts itself may say no: a 200-node mesh
    /// sends some 27,000 a second, whose trace filled the memory budget in 7 s.
    fn traced(_msg: &Self::Msg) -> bool {
        true
    }
    /// Whether a message only keeps things as they are (a heartbeat, its acknowledgement).
    /// The event log folds a run of steps that hold nothing else into one line.
    fn routine_msg(_msg: &Self::Msg) -> bool {
        false
    }
    /// Whether a timer only paces routine messages (a heartbeat timer).
    fn routine_timer(_timer: &Self::Timer) -> bool {
        false
    }
    /// Checks the invariants; pushes `(index into INVARIANTS, detail)` for each failure.
    fn check(&mut self, k: &Kernel<Self>, found: &mut Vec<(usize, String)>);

    /// Short name of a message kind, e.g. "RequestVote".
    fn msg_kind(msg: &Self::Msg) -> &'static str;
    /// A message in words, e.g. "AppendEntries(term 3, 2 entries)".
    fn describe_msg(msg: &Self::Msg) -> String;
    /// A timer in words, e.g. "election timeout".
    fn describe_timer(timer: &Self::Timer) -> String;
    /// A protocol action in words, e.g. "client request 7 to n2".
    fn describe_action(action: &Self::Action) -> String;
    /// A state change in words, e.g. "becomes leader for term 4".
    fn describe_note(note: &Self::Note) -> String;
}
