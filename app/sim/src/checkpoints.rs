//! Time-travel checkpoints: full states at evenly spaced steps, at most [`MAX_CHECKPOINTS`]
//! of them. When the run outgrows them the spacing doubles and every other one goes, so
//! memory stays bounded (a fixed number of states instead of one per 128 steps, which grew
//! with the square of the run) and a seek replays at most one spacing: 2,048 steps at 100k
//! steps, about 1 ms native.

use crate::kernel::Engine;
use crate::protocol::Protocol;

/// Most checkpoints kept.
pub const MAX_CHECKPOINTS: usize = 64;
/// Spacing of the checkpoints of a short run, in steps.
pub const FIRST_SPACING: u64 = 128;

/// Full states at steps that are multiples of `spacing` (step 0 always among them).
#[derive(Clone, Debug)]
pub struct Checkpoints<P: Protocol> {
    spacing: u64,
    states: Vec<Engine<P>>,
    bytes: usize,
}

impl<P: Protocol> Checkpoints<P> {
    /// Checkpoints holding only the initial state.
    pub fn new(initial: Engine<P>) -> Self {
        Checkpoints {
            spacing: FIRST_SPACING,
            bytes: initial.bytes(),
            states: vec![initial],
        }
    }

    /// Keeps `engine` if its step is due for a checkpoint.
    pub fn offer(&mut self, engine: &Engine<P>) {
        let step = engine.kernel.step();
        let newest = self.states.last().map_or(0, |e| e.kernel.step());
        if step <= newest || !step.is_multiple_of(self.spacing) {
            return;
        }
        self.states.push(engine.clone());
        if self.states.len() > MAX_CHECKPOINTS {
            self.spacing *= 2;
            let spacing = self.spacing;
            self.states
                .retain(|e| e.kernel.step().is_multiple_of(spacing));
        }
        self.count_bytes();
    }

    /// Bytes of the checkpointed states, roughly.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    fn count_bytes(&mut self) {
        self.bytes = self.states.iter().map(Engine::bytes).sum();
    }

    /// The latest checkpoint at or before `step`.
    pub fn at_or_before(&self, step: u64) -> &Engine<P> {
        let after = self.states.partition_point(|e| e.kernel.step() <= step);
        &self.states[after.max(1) - 1]
    }

    /// Forgets the checkpoints after `step` (the recorded future was discarded).
    pub fn discard_after(&mut self, step: u64) {
        let keep = self.states.partition_point(|e| e.kernel.step() <= step);
        self.states.truncate(keep.max(1));
        self.count_bytes();
    }
}
