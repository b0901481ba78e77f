//! Time travel over a recorded run: the part of a widget's model the shell drives.

use sim::{EventKind, MessageView, Protocol, Sim};

/// Steps recorded past the current one when nothing is (a new or branched run, or the
/// reader at the recording's end), so the scrubber has a future to move through.
pub const RECORD_AHEAD: u64 = 600;

/// Most steps the event log folds into one line: a quiet cluster's heartbeats go on
/// for ever, and the log is redrawn on every frame of play.
const MAX_FOLDED_STEPS: u64 = 5_000;

/// Fewest routine events the event log folds into one line.
const MIN_FOLDED_EVENTS: usize = 3;

/// Longest step a widget will seek to (a shared link asking for more is refused, so a
/// hostile link cannot freeze the page).
pub const MAX_WIDGET_STEP: u64 = 50_000;

/// An invariant as a badge: its name, and when it failed, the step and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    /// Invariant name.
    pub name: String,
    /// `Some((step, detail))` once the invariant has failed.
    pub failed: Option<(u64, String)>,
}

/// One line of the event log, keyed for incremental rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// The step that produced it.
    pub step: u64,
    /// Position within the step.
    pub index: usize,
    /// The event in words.
    pub text: String,
}

/// A steppable, seekable run with a trace in words and an invariant checker.
///
/// Implemented for every [`sim::Sim`]; a widget with its own composite run (the partition
/// comparison) implements it by hand.
pub trait Timeline {
    /// Runs one step; false at the end of the run.
    fn step(&mut self) -> bool;
    /// Moves exactly to `step` (replaying or recording as needed).
    fn seek(&mut self, step: u64);
    /// Runs until the next step would pass virtual time `until` (ms).
    fn run_until(&mut self, until: u64);
    /// The step being shown.
    fn current_step(&self) -> u64;
    /// Length of the recorded timeline.
    fn recorded_steps(&self) -> u64;
    /// Virtual time of the current step, in ms.
    fn now(&self) -> u64;
    /// The events of one step in words.
    fn describe_step(&self, step: u64) -> Vec<String>;
    /// The invariants as of the current step.
    fn badges(&self) -> Vec<Badge>;
    /// True while every invariant holds at the current step: play pauses at the step
    /// that breaks one. Called on every frame of play, so cheaper than [`Timeline::badges`]
    /// where a run can tell.
    fn invariants_hold(&self) -> bool {
        self.badges().iter().all(|b| b.failed.is_none())
    }
    /// The scenario as share text (`v1.…`), including the current step.
    fn encode(&self) -> String;

    /// When no step is recorded past the current one, records [`RECORD_AHEAD`] more (or
    /// up to the run's end) and returns to the current step. The recording thus grows
    /// only at its end, never while the reader moves within it.
    fn record_ahead(&mut self) {
        let at = self.current_step();
        if self.recorded_steps() <= at {
            self.seek(at + RECORD_AHEAD);
            self.seek(at);
        }
    }

    /// How many events `step` holds when all are routine (heartbeats and their replies,
    /// which the event log folds into one line); 0 when any is not.
    fn routine_events(&self, _step: u64) -> usize {
        0
    }

    /// Virtual time of the step after the current one, or `None` when nothing is left
    /// to happen.
    fn next_time(&self) -> Option<u64>;

    /// Why recording stopped before the run's end (its memory budget), if it did.
    fn stop_reason(&self) -> Option<String> {
        None
    }

    /// True when the run cannot go on: nothing is recorded or left to happen after the
    /// current step, recording stopped, or the widget's step limit is reached.
    fn finished(&self) -> bool {
        self.current_step() >= MAX_WIDGET_STEP
            || (self.current_step() >= self.recorded_steps()
                && (self.next_time().is_none() || self.stop_reason().is_some()))
    }

    /// The most recent log lines up to the current step, newest first.
    fn recent_lines(&self, max: usize) -> Vec<LogLine> {
        let mut lines = Vec::new();
        let mut step = self.current_step();
        while step > 0 && lines.len() < max {
            // The run of routine steps ending here, and its events.
            let (mut first, mut events) = (step, 0);
            while first > 0 && step - first < MAX_FOLDED_STEPS {
                match self.routine_events(first) {
                    0 => break,
                    k => events += k,
                }
                first -= 1;
            }
            // Folding fewer lines than this would hide them behind a line as long.
            if events >= MIN_FOLDED_EVENTS {
                let text = match step - first {
                    1 => format!("{events} heartbeat events folded (step {step})"),
                    _ => format!(
                        "{events} heartbeat events folded (steps {}–{step})",
                        first + 1
                    ),
                };
                lines.push(LogLine {
                    step,
                    index: 0,
                    text,
                });
                step = first;
                continue;
            }
            let texts = self.describe_step(step);
            for (index, text) in texts.into_iter().enumerate().rev() {
                lines.push(LogLine { step, index, text });
            }
            step -= 1;
        }
        lines.truncate(max);
        lines
    }
}

impl<P: Protocol> Timeline for Sim<P> {
    fn step(&mut self) -> bool {
        Sim::step(self)
    }
    fn seek(&mut self, step: u64) {
        Sim::seek(self, step.min(MAX_WIDGET_STEP))
    }
    fn run_until(&mut self, until: u64) {
        let limit = MAX_WIDGET_STEP;
        if self.current_step() < limit {
            Sim::run_until(self, until);
        }
    }
    fn current_step(&self) -> u64 {
        Sim::current_step(self)
    }
    fn recorded_steps(&self) -> u64 {
        Sim::recorded_steps(self)
    }
    fn now(&self) -> u64 {
        Sim::now(self)
    }
    fn next_time(&self) -> Option<u64> {
        Sim::next_time(self)
    }
    fn describe_step(&self, step: u64) -> Vec<String> {
        Sim::describe_step(self, step)
    }
    fn routine_events(&self, step: u64) -> usize {
        if self.is_routine_step(step) {
            self.events_at(step).len()
        } else {
            0
        }
    }
    fn badges(&self) -> Vec<Badge> {
        self.invariants()
            .into_iter()
            .map(|i| Badge {
                name: i.name.to_string(),
                failed: i.violated_at.map(|s| (s, i.detail.unwrap_or_default())),
            })
            .collect()
    }
    fn invariants_hold(&self) -> bool {
        self.all_invariants_hold()
    }
    fn encode(&self) -> String {
        Sim::encode(self)
    }
    fn stop_reason(&self) -> Option<String> {
        self.memory_limit_reached().map(|r| r.to_string())
    }
}

/// Messages of `sim` dropped within `window` ms before its current time, oldest first.
pub fn recent_drops<P: Protocol>(sim: &Sim<P>, window: u64) -> Vec<MessageView> {
    let since = sim.now().saturating_sub(window);
    let mut out = Vec::new();
    let mut step = sim.current_step();
    while step > 0 {
        let events = sim.events_at(step);
        if events.first().is_some_and(|e| e.time < since) {
            break;
        }
        for e in events {
            if let EventKind::Dropped { env, .. } = &e.kind {
                out.push(MessageView::of::<P>(env));
            }
        }
        step -= 1;
    }
    out.reverse();
    out
}

/// Decodes share text for protocol `P`, refusing runs longer than the widget allows.
pub fn decode_sim<P: Protocol>(text: &str) -> Result<Sim<P>, String> {
    let scenario = sim::sim::decode::<P>(text).map_err(|e| e.0)?;
    if scenario.step > MAX_WIDGET_STEP {
        return Err(format!(
            "it asks for step {}, more than the widget's limit of {MAX_WIDGET_STEP}",
            scenario.step
        ));
    }
    Sim::new(scenario).map_err(|e| e.0)
}
