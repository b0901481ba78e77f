//! The controller following a guided tour: which step is shown, moving to a step (the
//! next one plays forward, any other is replayed at once), leaving and returning.

use super::{Controller, Effects, Input, ShellAction};
use crate::islands::shell::speed_factor;
use crate::islands::shell::tour::{self, Target, Tour};

/// Longest a tour takes to play forward to its next step, in real ms (a step the
/// chosen speed reaches sooner plays at that speed).
pub(super) const TOUR_MOVE_MS: f64 = 1600.0;

/// A move in a tour (`data-act="tour"`, the move as the control's value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TourMove {
    /// To this step (a link to it).
    Go(usize),
    /// This step's paragraph came to the middle of a wide screen (ignored once the reader
    /// left the tour).
    Scrolled(usize),
    /// The next step.
    Next,
    /// The step before.
    Prev,
    /// Play freely from here.
    Leave,
    /// Back to the step the reader left.
    Resume,
}

impl TourMove {
    pub(super) fn read(value: &str) -> Option<TourMove> {
        Some(match value {
            "next" => TourMove::Next,
            "prev" => TourMove::Prev,
            "leave" => TourMove::Leave,
            "resume" => TourMove::Resume,
            _ => TourMove::Go(value.parse().ok()?),
        })
    }
}

/// Where a tour stands, for the page around the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TourView {
    /// The step shown, or `None` once the reader left the tour.
    pub at: Option<usize>,
    /// The step shown last (where "back to the tour" returns).
    pub last: usize,
    /// Steps in the tour.
    pub count: usize,
    /// The move came from a button or a link, not from scrolling: bring the step's
    /// paragraph into view.
    pub scroll: bool,
}

/// A tour the controller follows.
pub(super) struct Following {
    tour: Tour,
    /// The step shown, `None` once the reader left.
    at: Option<usize>,
    last: usize,
    /// Playing forward to the step shown: its target time, and the speed (virtual ms
    /// per real ms) that gets there in [`TOUR_MOVE_MS`].
    pub(super) goal: Option<(u64, f64)>,
}

impl Controller {
    /// Follows `tour`, whose first step the model shows (the mount replayed it): or,
    /// when the page opened on a shared scenario, starts with the reader off the tour.
    pub fn follow(&mut self, tour: Tour) -> Effects {
        let at = (!self.shared).then_some(0);
        self.state.highlights = match at {
            Some(_) => tour.steps[0].highlights.clone(),
            None => Vec::new(),
        };
        self.following = Some(Following {
            tour,
            at,
            last: 0,
            goal: None,
        });
        let mut effects = Effects::default();
        self.draw(true, &mut effects);
        self.show_tour(false, &mut effects);
        effects
    }

    pub(super) fn show_tour(&self, scroll: bool, effects: &mut Effects) {
        if let Some(f) = &self.following {
            effects.tour = Some(TourView {
                at: f.at,
                last: f.last,
                count: f.tour.steps.len(),
                scroll,
            });
        }
    }

    pub(super) fn leave_tour(&mut self, effects: &mut Effects) {
        let Some(f) = &mut self.following else { return };
        if f.at.take().is_some() {
            f.goal = None;
            self.state.highlights.clear();
            self.show_tour(false, effects);
        }
    }

    pub(super) fn tour_move(&mut self, step: TourMove, effects: &mut Effects) {
        let Some(f) = &self.following else { return };
        let count = f.tour.steps.len();
        let to = match (step, f.at) {
            (TourMove::Go(k), _) => Some(k),
            (TourMove::Scrolled(k), Some(_)) => Some(k),
            (TourMove::Scrolled(_), None) => None,
            (TourMove::Next, Some(at)) => Some(at + 1),
            (TourMove::Next, None) => Some(f.last),
            (TourMove::Prev, Some(at)) => at.checked_sub(1),
            (TourMove::Prev, None) => Some(f.last),
            (TourMove::Resume, _) => Some(f.last),
            (TourMove::Leave, _) => {
                self.leave_tour(effects);
                return;
            }
        };
        if let Some(k) = to.filter(|k| *k < count) {
            let scroll = !matches!(step, TourMove::Scrolled(_));
            self.tour_go(k, effects);
            self.show_tour(scroll, effects);
        }
    }

    /// Shows tour step `k`: the next step plays forward to its time, any other is
    /// replayed from the tour's start at once.
    fn tour_go(&mut self, k: usize, effects: &mut Effects) {
        // The step shown, or the one playing towards (whose paragraph the page scrolls
        // to, so that the scroll reports it again): nothing to do.
        if self.following.as_ref().is_some_and(|f| f.at == Some(k)) {
            return;
        }
        self.finish_tour_move();
        let Some(f) = &mut self.following else { return };
        let step = &f.tour.steps[k];
        let now = self.model.timeline().now();
        let from_previous = k > 0 && f.at == Some(k - 1);
        let ahead = match step.target {
            Target::Time(t) if from_previous && t > now && !self.reduced_motion => Some(t),
            _ => None,
        };
        self.state.highlights = step.highlights.clone();
        self.state.notice = None;
        f.at = Some(k);
        f.last = k;
        if let Some(t) = ahead {
            let chosen = self.model.base_speed() * speed_factor(self.state.speed);
            let speed = chosen.max((t - now) as f64 / TOUR_MOVE_MS);
            f.goal = Some((t, speed));
            self.anim.tween = None;
            self.anim.play_clock = self.state.clock;
            self.anim.last_frame = Some(self.now);
            self.state.playing = true;
            self.draw(true, effects);
            return;
        }
        let (origin, steps) = (f.tour.origin.clone(), f.tour.steps.clone());
        self.navigate(
            false,
            |m| {
                if from_previous {
                    let _ = tour::arrive(m, &steps[k]);
                } else if m.decode(&origin).is_ok() {
                    let _ = tour::replay(m, &steps, k);
                }
            },
            effects,
        );
    }

    /// Completes a tour move still playing: the run jumps to the step's target and does
    /// its deeds.
    pub(super) fn finish_tour_move(&mut self) {
        let Some(f) = &mut self.following else { return };
        let Some(at) = f.at.filter(|_| f.goal.take().is_some()) else {
            return;
        };
        let _ = tour::arrive(self.model.as_mut(), &f.tour.steps[at]);
        self.state.playing = false;
        self.model.timeline_mut().record_ahead();
        self.state.clock = self.model.timeline().now() as f64;
    }
}

/// True for an input with which the reader leaves a tour to play freely: any control
/// of the run or the widget (not the speed, the share row or the tour's own buttons).
pub(super) fn leaves_tour(input: &Input) -> bool {
    match input {
        Input::Shell(ShellAction::Speed(_) | ShellAction::Tour(_)) => false,
        Input::Shell(_) | Input::Widget { .. } | Input::Key(_) => true,
        Input::Frame | Input::Share { .. } | Input::Copied(_) => false,
    }
}
