//! `Sim`: a protocol run with time travel, branching, invariant status and scenario sharing.

use crate::checkpoints::Checkpoints;
use crate::kernel::{Engine, Kernel};
use crate::model::Envelope;
use crate::net::NodeId;
use crate::protocol::Protocol;
use crate::scenario::{Action, ConfigError, Scenario, Time, Timed, Trigger};
use crate::trace::EventKind;
use crate::trace::TraceEvent;
use crate::wire::{self, DecodeError, Reader, Wire};

/// Longest run a `seek` or `run_until` will extend the recording to.
pub const MAX_STEPS: u64 = 1_000_000;

/// Memory budget of a run (state, trace and checkpoints, as [`Sim::memory_bytes`] counts
/// them) unless [`Sim::with_memory_limit`] sets another: a browser tab stays well under
/// 200 MB.
pub const DEFAULT_MEMORY_LIMIT: usize = 96_000_000;

/// A run stopped recording because its next step would exceed the memory budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MemoryLimitReached {
    /// The budget in bytes.
    pub limit_bytes: usize,
    /// The last step recorded.
    pub step: u64,
}

impl std::fmt::Display for MemoryLimitReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the timeline stops at step {} because recording more would take over {}.{} MB of memory; shorten the run or lower the load, loss or duplication",
            self.step,
            // Tenths by integer arithmetic: the browser's copy of this crate carries no
            // float formatting.
            self.limit_bytes / 1_000_000,
            self.limit_bytes % 1_000_000 / 100_000
        )
    }
}

impl std::error::Error for MemoryLimitReached {}

/// Status of one invariant at the current step.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InvariantStatus {
    /// The invariant's name, e.g. "Election Safety".
    pub name: &'static str,
    /// The step where it first failed, if it has failed by the current step.
    pub violated_at: Option<u64>,
    /// What was wrong, when it failed.
    pub detail: Option<String>,
}

/// A message as drawn: endpoints, kind and timing (to interpolate its position).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MessageView {
    /// Unique id of this copy.
    pub id: u64,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Short kind, e.g. "AppendEntries".
    pub kind: &'static str,
    /// The message in words.
    pub summary: String,
    /// Virtual time sent.
    pub sent_at: Time,
    /// Virtual time it arrives.
    pub deliver_at: Time,
    /// True when the network will lose it.
    pub lost: bool,
}

impl MessageView {
    /// The drawable view of one message envelope.
    pub fn of<P: Protocol>(env: &Envelope<P::Msg>) -> Self {
        MessageView {
            id: env.id,
            from: env.from,
            to: env.to,
            kind: P::msg_kind(&env.msg),
            summary: P::describe_msg(&env.msg),
            sent_at: env.sent_at,
            deliver_at: env.deliver_at,
            lost: env.lost,
        }
    }
}

/// A steppable, seekable run of protocol `P`.
#[derive(Clone, Debug)]
pub struct Sim<P: Protocol> {
    scenario: Scenario<P::Config, P::Action>,
    after: Vec<(u64, Action<P::Action>)>,
    current: Engine<P>,
    checkpoints: Checkpoints<P>,
    trace: Vec<TraceEvent<P>>,
    step_start: Vec<usize>,
    step_time: Vec<Time>,
    /// Heap bytes held by the trace's messages.
    trace_payloads: usize,
    memory_limit: usize,
    limit_reached: Option<MemoryLimitReached>,
}

impl<P: Protocol> Sim<P> {
    /// Starts a run of `scenario` and moves to its `step`, within [`DEFAULT_MEMORY_LIMIT`].
    pub fn new(scenario: Scenario<P::Config, P::Action>) -> Result<Self, ConfigError> {
        Sim::with_memory_limit(scenario, DEFAULT_MEMORY_LIMIT)
    }

    /// Starts a run of `scenario` that records no step beyond `limit_bytes` of memory
    /// (see [`Sim::memory_limit_reached`]), and moves to its `step`.
    pub fn with_memory_limit(
        scenario: Scenario<P::Config, P::Action>,
        limit_bytes: usize,
    ) -> Result<Self, ConfigError> {
        validate::<P>(&scenario)?;
        let target = scenario.step;
        let current = Engine::new(&scenario.config, scenario.seed, &timed_actions(&scenario));
        let mut sim = Sim {
            after: Vec::new(),
            checkpoints: Checkpoints::new(current.clone()),
            current,
            trace: Vec::new(),
            step_start: Vec::new(),
            step_time: Vec::new(),
            trace_payloads: 0,
            memory_limit: limit_bytes,
            limit_reached: None,
            scenario,
        };
        sim.after = step_actions(&sim.scenario);
        sim.seek(target.min(MAX_STEPS));
        Ok(sim)
    }

    /// Starts the named preset with `seed`; `None` for an unknown preset name.
    pub fn preset(name: &str, seed: u64) -> Option<Self> {
        let mut scenario = P::preset(name)?;
        scenario.seed = seed;
        Sim::new(scenario).ok()
    }

    /// Decodes a shared scenario text (see [`Sim::encode`]) and starts it.
    pub fn from_encoded(text: &str) -> Result<Self, DecodeError> {
        Sim::new(decode::<P>(text)?).map_err(|e| DecodeError(e.0))
    }

    /// Runs one step forward; false when nothing is left to happen.
    pub fn step(&mut self) -> bool {
        if self.current_step() < self.recorded_steps() {
            self.current.set_recording(false);
            return self.current.step(&self.after);
        }
        if self.limit_reached.is_some() {
            return false;
        }
        self.current.set_recording(true);
        if !self.current.step(&self.after) {
            return false;
        }
        self.step_start.push(self.trace.len());
        let events = self.current.take_events();
        self.trace_payloads += payload_bytes::<P>(&events);
        self.trace.extend(events);
        self.step_time.push(self.current.kernel.now());
        self.checkpoints.offer(&self.current);
        if self.memory_bytes() > self.memory_limit {
            self.limit_reached = Some(MemoryLimitReached {
                limit_bytes: self.memory_limit,
                step: self.current_step(),
            });
        }
        true
    }

    /// Moves to `target` exactly, replaying from the nearest checkpoint or running forward.
    pub fn seek(&mut self, target: u64) {
        let now = self.current_step();
        let checkpoint = self.checkpoints.at_or_before(target);
        if target < now || checkpoint.kernel.step() > now {
            self.current = checkpoint.clone();
        }
        let target = target.min(MAX_STEPS);
        while self.current_step() < target && self.step() {}
    }

    /// Runs (recording as needed) until the next step would pass virtual time `until`.
    pub fn run_until(&mut self, until: Time) {
        let recorded_at_or_before = self.step_time.partition_point(|t| *t <= until) as u64;
        if recorded_at_or_before < self.recorded_steps() || self.now() > until {
            self.seek(recorded_at_or_before);
            return;
        }
        self.seek(self.recorded_steps());
        while self.current_step() < MAX_STEPS {
            match self.current.next_time(&self.after) {
                // False at the memory budget: nothing more will be recorded.
                Some(t) if t <= until && self.step() => {}
                _ => return,
            }
        }
    }

    /// Applies a user action at the current step: the recorded future is discarded, the
    /// action is appended to the scenario and runs as the next step.
    pub fn apply(&mut self, action: Action<P::Action>) -> Result<(), ConfigError> {
        validate_action::<P>(&self.scenario.config, &action)?;
        let at = self.current_step();
        self.truncate_future();
        self.scenario
            .actions
            .retain(|t| !matches!(t.trigger, Trigger::AfterStep(s) if s >= at));
        self.scenario.actions.push(Timed {
            trigger: Trigger::AfterStep(at),
            action,
        });
        self.after = step_actions(&self.scenario);
        self.step();
        Ok(())
    }

    fn truncate_future(&mut self) {
        let at = self.current_step() as usize;
        if at < self.step_start.len() {
            self.trace.truncate(self.step_start[at]);
            self.step_start.truncate(at);
            self.step_time.truncate(at);
            self.trace_payloads = payload_bytes::<P>(&self.trace);
            self.limit_reached = None;
        }
        self.checkpoints.discard_after(at as u64);
    }

    /// Memory this run holds, roughly: the current state, the trace and the checkpoints.
    pub fn memory_bytes(&self) -> usize {
        let trace = self.trace.capacity() * std::mem::size_of::<TraceEvent<P>>()
            + self.trace_payloads
            + self.step_start.capacity() * std::mem::size_of::<usize>()
            + self.step_time.capacity() * std::mem::size_of::<Time>();
        self.current.bytes() + trace + self.checkpoints.bytes()
    }

    /// Set once recording stopped at the memory budget; cleared when an action branches
    /// the run at an earlier step.
    pub fn memory_limit_reached(&self) -> Option<MemoryLimitReached> {
        self.limit_reached
    }

    /// Virtual time of the next step, or `None` when nothing is left to happen.
    pub fn next_time(&self) -> Option<Time> {
        self.current.next_time(&self.after)
    }

    /// The step the run is at (0 = initial state).
    pub fn current_step(&self) -> u64 {
        self.current.kernel.step()
    }

    /// Number of steps recorded so far (the length of the timeline).
    pub fn recorded_steps(&self) -> u64 {
        self.step_start.len() as u64
    }

    /// Current virtual time in ms.
    pub fn now(&self) -> Time {
        self.current.kernel.now()
    }

    /// The state to draw at the current step.
    pub fn view(&self) -> P::View {
        self.current.proto.view(&self.current.kernel)
    }

    /// The protocol's raw state at the current step.
    pub fn state(&self) -> &P {
        &self.current.proto
    }

    /// The kernel at the current step (time, links, node status, messages in flight).
    pub fn kernel(&self) -> &Kernel<P> {
        &self.current.kernel
    }

    /// The trace events of one recorded step (empty for step 0 or an unrecorded step).
    pub fn events_at(&self, step: u64) -> &[TraceEvent<P>] {
        let Some(i) = step.checked_sub(1).map(|i| i as usize) else {
            return &[];
        };
        let Some(&start) = self.step_start.get(i) else {
            return &[];
        };
        let end = self
            .step_start
            .get(i + 1)
            .copied()
            .unwrap_or(self.trace.len());
        &self.trace[start..end]
    }

    /// Messages on the wire at the current step, ordered by arrival.
    pub fn messages_in_flight(&self) -> Vec<MessageView> {
        self.current
            .kernel
            .in_flight()
            .into_iter()
            .map(MessageView::of::<P>)
            .collect()
    }

    /// The events of one step in plain words.
    pub fn describe_step(&self, step: u64) -> Vec<String> {
        self.events_at(step)
            .iter()
            .map(TraceEvent::describe)
            .collect()
    }

    /// True when every event of `step` is routine ([`Protocol::routine_msg`],
    /// [`Protocol::routine_timer`]): nothing but heartbeats, their acknowledgements and
    /// the timer that sends them, no drop, no action and no change of state.
    pub fn is_routine_step(&self, step: u64) -> bool {
        let events = self.events_at(step);
        !events.is_empty()
            && events.iter().all(|e| match &e.kind {
                EventKind::Sent(env) | EventKind::Delivered(env) => P::routine_msg(&env.msg),
                EventKind::TimerFired { timer, .. } => P::routine_timer(timer),
                _ => false,
            })
    }

    /// Every recorded trace event, of all recorded steps.
    pub fn trace(&self) -> &[TraceEvent<P>] {
        &self.trace
    }

    /// The trace events of steps `1..=current` (the recording may reach further).
    pub fn trace_until_now(&self) -> &[TraceEvent<P>] {
        let end = self.step_start.get(self.current_step() as usize).copied();
        &self.trace[..end.unwrap_or(self.trace.len())]
    }

    /// The events of steps `1..=current` in plain words, most recent last.
    pub fn describe_until_now(&self) -> Vec<String> {
        self.trace_until_now()
            .iter()
            .map(TraceEvent::describe)
            .collect()
    }

    /// Each invariant with the step where it failed, as of the current step.
    pub fn invariants(&self) -> Vec<InvariantStatus> {
        P::INVARIANTS
            .iter()
            .zip(self.current.kernel.violations())
            .map(|(name, v)| InvariantStatus {
                name,
                violated_at: v.as_ref().map(|v| v.step),
                detail: v.as_ref().map(|v| v.detail.clone()),
            })
            .collect()
    }

    /// True when every invariant holds at the current step.
    pub fn all_invariants_hold(&self) -> bool {
        self.current.kernel.violations().iter().all(Option::is_none)
    }

    /// The scenario that reproduces this run, with the current step.
    pub fn scenario(&self) -> Scenario<P::Config, P::Action> {
        Scenario {
            step: self.current_step(),
            ..self.scenario.clone()
        }
    }

    /// The scenario as compact URL-safe text, including the current step.
    pub fn encode(&self) -> String {
        encode::<P>(&self.scenario())
    }
}

/// Heap bytes held by the messages of trace events.
fn payload_bytes<P: Protocol>(events: &[TraceEvent<P>]) -> usize {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Sent(env) | EventKind::Delivered(env) | EventKind::Dropped { env, .. } => {
                Some(P::msg_heap_bytes(&env.msg))
            }
            _ => None,
        })
        .sum()
}

fn timed_actions<C, A: Clone>(s: &Scenario<C, A>) -> Vec<(Time, Action<A>)> {
    s.actions
        .iter()
        .filter_map(|t| match t.trigger {
            Trigger::AtTime(time) => Some((time, t.action.clone())),
            Trigger::AfterStep(_) => None,
        })
        .collect()
}

fn step_actions<C, A: Clone>(s: &Scenario<C, A>) -> Vec<(u64, Action<A>)> {
    let list: Vec<(u64, Action<A>)> = s
        .actions
        .iter()
        .filter_map(|t| match t.trigger {
            Trigger::AfterStep(step) => Some((step, t.action.clone())),
            Trigger::AtTime(_) => None,
        })
        .collect();
    crate::order::sorted_by_key(list, |(step, _)| (*step, 0))
}

/// Checks the configuration and every action of a scenario.
pub fn validate<P: Protocol>(s: &Scenario<P::Config, P::Action>) -> Result<(), ConfigError> {
    P::validate(&s.config)?;
    for (i, t) in s.actions.iter().enumerate() {
        validate_action::<P>(&s.config, &t.action)
            .map_err(|e| ConfigError(format!("actions[{i}]: {}", e.0)))?;
    }
    Ok(())
}

/// Checks that an action names existing nodes and carries valid values.
pub fn validate_action<P: Protocol>(
    config: &P::Config,
    action: &Action<P::Action>,
) -> Result<(), ConfigError> {
    let nodes = P::setup(config).nodes;
    if let Some(bad) = action.nodes_named().into_iter().find(|n| *n >= nodes) {
        return Err(ConfigError(format!(
            "node {bad} does not exist (nodes are 0..{})",
            nodes - 1
        )));
    }
    match action {
        Action::Protocol(a) => P::validate_action(config, a),
        _ => Ok(()),
    }
}

/// Encodes a scenario as versioned, URL-safe text.
pub fn encode<P: Protocol>(s: &Scenario<P::Config, P::Action>) -> String {
    let mut bytes = vec![P::TAG];
    s.seed.put(&mut bytes);
    s.config.put(&mut bytes);
    s.actions.put(&mut bytes);
    s.step.put(&mut bytes);
    let sum = wire::checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    format!("{}{}", wire::VERSION_PREFIX, wire::to_base64url(&bytes))
}

/// Decodes text made by [`encode`]; any malformed input gives an error, never a panic.
pub fn decode<P: Protocol>(text: &str) -> Result<Scenario<P::Config, P::Action>, DecodeError> {
    let body = text
        .trim()
        .strip_prefix(wire::VERSION_PREFIX)
        .ok_or_else(|| {
            DecodeError(format!(
                "expected text starting with {:?} (a version-1 scenario)",
                wire::VERSION_PREFIX
            ))
        })?;
    let bytes = wire::from_base64url(body)?;
    if bytes.len() < 3 {
        return Err(DecodeError("scenario text is too short".into()));
    }
    let (data, sum) = bytes.split_at(bytes.len() - 2);
    if wire::checksum(data).to_le_bytes() != sum {
        return Err(DecodeError(
            "checksum mismatch: the link is damaged or incomplete".into(),
        ));
    }
    let mut r = Reader::new(data);
    let tag = r.byte()?;
    if tag != P::TAG {
        return Err(DecodeError(format!(
            "this scenario is not for the {} simulation",
            P::NAME
        )));
    }
    let scenario = Scenario {
        seed: Wire::get(&mut r)?,
        config: Wire::get(&mut r)?,
        actions: Wire::get(&mut r)?,
        step: Wire::get(&mut r)?,
    };
    if scenario.step > MAX_STEPS {
        return Err(DecodeError(format!(
            "step is {}, more than {MAX_STEPS}",
            scenario.step
        )));
    }
    if !r.at_end() {
        return Err(DecodeError("unexpected data after the scenario".into()));
    }
    validate::<P>(&scenario).map_err(|e| DecodeError(e.0))?;
    Ok(scenario)
}
