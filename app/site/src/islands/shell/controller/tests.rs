//! The shell's logic without a browser: inputs in, effects out.

use super::*;
use crate::islands::raft::RaftModel;
use crate::islands::registry::Args;
use crate::islands::shell::action::NoAction;
use crate::islands::shell::timeline::{Badge, Timeline, RECORD_AHEAD};
use crate::islands::shell::tour::Tour;
use crate::islands::shell::Widget;

/// The smallest widget: a run whose step `n` happens at `10 n` ms, up to step 20. Adding
/// it took this file only (no registry, docs or engine change), see docs/authoring.md.
struct Ticks {
    at: u64,
    recorded: u64,
    /// Recording stops here (a stand-in for a memory budget); 20 means never.
    budget: u64,
    /// Its one invariant breaks at this step; above 20 means never.
    breaks: u64,
    choice: Choice,
}

impl Timeline for Ticks {
    fn step(&mut self) -> bool {
        if self.at >= 20 || self.at >= self.budget {
            return false;
        }
        self.at += 1;
        self.recorded = self.recorded.max(self.at);
        true
    }
    fn seek(&mut self, step: u64) {
        if step < self.at {
            self.at = step;
        }
        while self.at < step && self.step() {}
    }
    fn run_until(&mut self, until: u64) {
        while (self.at + 1) * 10 <= until && self.step() {}
    }
    fn current_step(&self) -> u64 {
        self.at
    }
    fn recorded_steps(&self) -> u64 {
        self.recorded
    }
    fn now(&self) -> u64 {
        self.at * 10
    }
    fn describe_step(&self, step: u64) -> Vec<String> {
        vec![format!("tick {step}")]
    }
    fn badges(&self) -> Vec<Badge> {
        vec![Badge {
            name: "ticks stay small".into(),
            failed: (self.at >= self.breaks).then(|| (self.breaks, "too big".into())),
        }]
    }
    fn encode(&self) -> String {
        format!("v1.ticks.{}", self.at)
    }
    fn next_time(&self) -> Option<u64> {
        (self.at < 20).then_some((self.at + 1) * 10)
    }
    fn stop_reason(&self) -> Option<String> {
        (self.recorded >= self.budget && self.budget < 20).then(|| "out of memory".into())
    }
}

impl Widget for Ticks {
    type Run = Ticks;
    type Action = NoAction;
    const KIND: &'static str = "ticks";
    const TITLE: &'static str = "Ticks";
    const PRESETS: &'static [&'static str] = &["only"];
    const BREAK_LABEL: &'static str = "";
    const BASE_SPEED: f64 = 1.0;

    fn run(&self) -> &Ticks {
        self
    }
    fn run_mut(&mut self) -> &mut Ticks {
        self
    }
    fn choice(&self) -> Choice {
        self.choice.clone()
    }
    fn rebuild(&mut self, choice: &Choice) {
        *self = Ticks::new();
        self.choice = choice.clone();
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let step = text
            .strip_prefix("v1.ticks.")
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or("not a ticks link")?;
        self.seek(step);
        Ok(())
    }
    fn stage(&self, _clock: f64, _live: bool, out: &mut String) {
        out.push_str(&format!("<p>at {}</p>", self.at));
    }
}

impl Ticks {
    fn new() -> Ticks {
        Ticks {
            at: 0,
            recorded: 0,
            budget: 20,
            breaks: 21,
            choice: Choice::new("only", 1, false),
        }
    }
}

/// As `mount` hands a model over: recorded ahead, as the server drew it.
fn recorded(mut model: Ticks) -> Box<Ticks> {
    model.record_ahead();
    Box::new(model)
}

fn ticks(fragment: &str) -> (Controller, Effects) {
    Controller::start(
        recorded(Ticks::new()),
        None,
        "w-ticks-1".into(),
        false,
        fragment,
    )
}

fn raft() -> Controller {
    let mut model = RaftModel::new(&Args::default());
    model.run_mut().record_ahead();
    Controller::start(Box::new(model), None, "w-raft-1".into(), false, "").0
}

fn step(c: &Controller) -> u64 {
    c.model().timeline().current_step()
}

fn stage_patch(effects: &Effects) -> Option<&Patch> {
    effects.patches.iter().find(|p| p.region == Region::Stage)
}

#[test]
fn start_records_ahead_and_changes_only_what_differs_from_the_server_render() {
    let (c, effects) = ticks("");
    assert_eq!(step(&c), 0);
    assert_eq!(c.model().timeline().recorded_steps(), 20, "recorded ahead");
    // The stage is as the server drew it; the controls come to life.
    assert!(stage_patch(&effects).is_none());
    assert!(effects.controls.is_some());
    assert!(!effects.animate && !effects.scroll_into_view);
}

#[test]
fn forward_tweens_back_is_instant_and_neither_plays() {
    let (mut c, _) = ticks("");
    let e = c.handle(Input::Shell(ShellAction::Forward), 1000.0);
    assert_eq!(step(&c), 1);
    assert!(e.animate, "the tween wants frames");
    assert_eq!(c.state().clock, 0.0, "the clock moves with the tween");
    c.handle(Input::Frame, 1000.0 + TWEEN_MS / 2.0);
    assert!(c.state().clock > 0.0 && c.state().clock < 10.0);
    let e = c.handle(Input::Frame, 1000.0 + TWEEN_MS);
    assert_eq!(c.state().clock, 10.0);
    assert!(!e.animate, "the tween is over");

    let e = c.handle(Input::Key(Key::Left), 2000.0);
    assert_eq!(step(&c), 0);
    assert_eq!(c.state().clock, 0.0);
    assert!(!e.animate);
    assert_eq!(stage_patch(&e).map(|p| p.new.as_str()), Some("<p>at 0</p>"));
    // Back at step 0 stays at 0.
    c.handle(Input::Shell(ShellAction::Back), 2100.0);
    assert_eq!(step(&c), 0);
}

#[test]
fn reduced_motion_jumps_without_a_tween() {
    let (mut c, _) = Controller::start(recorded(Ticks::new()), None, "k".into(), true, "");
    let e = c.handle(Input::Key(Key::Right), 0.0);
    assert_eq!(c.state().clock, 10.0);
    assert!(!e.animate);
}

#[test]
fn play_advances_with_frame_time_and_speed_and_pauses_at_the_end() {
    let (mut c, _) = ticks("");
    let e = c.handle(Input::Key(Key::Space), 0.0);
    assert!(c.state().playing && e.animate);
    assert_eq!(e.controls.as_ref().map(|k| k.playing), Some(true));
    // 1 virtual ms per real ms at 1x: 35 ms of frames reach step 3.
    for t in [16.0, 32.0, 35.0] {
        c.handle(Input::Frame, t);
    }
    assert_eq!(step(&c), 3);
    // Speed +10 is 10x: 10 ms of frames move 100 virtual ms.
    c.handle(Input::Shell(ShellAction::Speed(25)), 35.0);
    assert_eq!(c.state().speed, 10, "clamped to the slider's range");
    c.handle(Input::Frame, 45.0);
    assert_eq!(step(&c), 13);
    // A frame after a long gap (a background tab) counts as 100 ms at most.
    let e = c.handle(Input::Frame, 100_000.0);
    assert_eq!(step(&c), 20);
    assert!(!c.state().playing && !e.animate, "paused at the run's end");
}

#[test]
fn a_run_that_stops_recording_pauses_there_and_says_why() {
    let model = Ticks {
        budget: 7,
        ..Ticks::new()
    };
    let (mut c, effects) = Controller::start(recorded(model), None, "w-ticks-1".into(), false, "");
    assert!(
        effects
            .patches
            .iter()
            .any(|p| p.region == Region::Notice
                && p.new.contains("Recording stopped: out of memory."))
    );
    c.handle(Input::Key(Key::Space), 0.0);
    let e = c.handle(Input::Frame, 100_000.0);
    assert_eq!(step(&c), 7, "played up to the last recorded step");
    assert!(
        !c.state().playing && !e.animate,
        "paused there, not spinning"
    );
    // A notice of the reader's own action takes the place while it matters.
    c.handle(Input::Shell(ShellAction::Seed("x".into())), 1.0);
    assert!(c
        .state()
        .notice
        .as_deref()
        .unwrap()
        .contains("whole number"));
}

#[test]
fn play_pauses_on_the_step_that_breaks_an_invariant_and_then_plays_on() {
    let model = Ticks {
        breaks: 7,
        ..Ticks::new()
    };
    let (mut c, _) = Controller::start(recorded(model), None, "w-ticks-1".into(), false, "");
    c.handle(Input::Key(Key::Space), 0.0);
    let e = c.handle(Input::Frame, 100_000.0);
    assert_eq!(step(&c), 7, "stopped on the breaking step, not after it");
    assert!(!c.state().playing && !e.animate);
    assert_eq!(c.state().clock, 70.0, "the drawing shows that step");
    let notice = e
        .patches
        .iter()
        .find(|p| p.region == Region::Notice)
        .unwrap();
    assert!(
        notice
            .new
            .contains("Paused at step 7: an invariant broke here"),
        "{}",
        notice.new
    );
    // Played again, it goes on to the end: a broken run does not stop at every step.
    c.handle(Input::Key(Key::Space), 200_000.0);
    c.handle(Input::Frame, 200_100.0);
    c.handle(Input::Frame, 200_200.0);
    assert_eq!(step(&c), 20);
    // The red badge's button goes back to the step where it broke.
    let mut badges = String::new();
    crate::islands::shell::markup::badges(&c.model().timeline().badges(), true, &mut badges);
    assert!(
        badges.contains("<button type=\"button\" class=\"badge-jump\" data-act=\"seek\" value=\"7\">Go to step 7</button>"),
        "{badges}"
    );
    let jump = ShellAction::read("seek", "7").unwrap();
    c.handle(Input::Shell(jump), 200_400.0);
    assert_eq!(step(&c), 7);
}

#[test]
fn space_pauses_and_stops_the_loop() {
    let (mut c, _) = ticks("");
    c.handle(Input::Key(Key::Space), 0.0);
    c.handle(Input::Frame, 16.0);
    let e = c.handle(Input::Shell(ShellAction::Play), 20.0);
    assert!(!c.state().playing && !e.animate);
}

#[test]
fn seek_lands_exactly_on_the_step_asked_for() {
    let mut c = raft();
    for target in [250, 3, 599, 0, 1234, 17] {
        c.handle(Input::Shell(ShellAction::Seek(target)), 0.0);
        assert_eq!(step(&c), target);
        assert_eq!(c.state().clock, c.model().timeline().now() as f64);
    }
    // The scrubber's maximum follows the recording, which stays ahead of the step.
    let e = c.handle(Input::Shell(ShellAction::Seek(2000)), 0.0);
    let controls = e.controls.expect("controls changed");
    assert_eq!(controls.step, 2000);
    assert!(controls.recorded >= 2000 + 300);
}

#[test]
fn seeking_matches_stepping() {
    let mut a = raft();
    let mut b = raft();
    for _ in 0..40 {
        a.handle(Input::Key(Key::Right), 0.0);
    }
    b.handle(Input::Shell(ShellAction::Seek(40)), 0.0);
    assert_eq!(a.model().timeline().encode(), b.model().timeline().encode());
    let (mut sa, mut sb) = (String::new(), String::new());
    a.model().stage(0.0, true, &mut sa);
    b.model().stage(0.0, true, &mut sb);
    assert_eq!(sa, sb);
}

#[test]
fn share_round_trip_reopens_the_same_step() {
    let mut c = raft();
    c.handle(Input::Shell(ShellAction::Seed("42".into())), 0.0);
    c.handle(Input::Shell(ShellAction::Seek(123)), 0.0);
    let e = c.handle(
        Input::Share {
            page: "https://example.org/consensus".into(),
            fragment: "w-crdt-1=v1.other".into(),
        },
        0.0,
    );
    let url = e.url.expect("a URL to set");
    assert_eq!(e.copy.as_deref(), Some(url.as_str()));
    assert_eq!(e.share_status.as_deref(), Some("Link ready; copying…"));
    let fragment = url.split_once('#').expect("a fragment").1;
    assert!(
        fragment.starts_with("w-crdt-1=v1.other&w-raft-1=v1."),
        "{fragment}"
    );

    let model = RaftModel::new(&Args::default());
    let (opened, effects) =
        Controller::start(Box::new(model), None, "w-raft-1".into(), false, fragment);
    assert!(effects.scroll_into_view);
    assert_eq!(step(&opened), 123);
    assert_eq!(opened.model().choice().seed, 42);
    assert_eq!(opened.state().notice, None);
    assert_eq!(
        opened.model().timeline().encode(),
        c.model().timeline().encode()
    );

    let e = c.handle(Input::Copied(false), 0.0);
    assert_eq!(
        e.share_status.as_deref(),
        Some("Copy the link from the box.")
    );
}

#[test]
fn a_percent_encoded_link_still_opens() {
    let (c, _) = ticks("w-ticks-1=v1%2Eticks%2E7");
    assert_eq!(step(&c), 7);
}

#[test]
fn a_malformed_link_shows_the_default_with_the_reason() {
    for fragment in ["w-ticks-1=v9.garbage", "w-ticks-1=", "w-ticks-1=%FF%FE"] {
        let (c, effects) = ticks(fragment);
        assert_eq!(step(&c), 0, "{fragment}");
        let notice = c.state().notice.clone().expect("a notice");
        assert!(notice.contains("not a ticks link"), "{notice}");
        assert!(notice.contains("Showing the default scenario"), "{notice}");
        assert!(effects
            .patches
            .iter()
            .any(|p| p.region == Region::Notice && p.new.contains("could not be read")));
    }
    // Another widget's pair is not this widget's business.
    let (c, effects) = ticks("w-ticks-2=v9.garbage&heading");
    assert_eq!(c.state().notice, None);
    assert!(!effects.scroll_into_view);
}

#[test]
fn a_raft_link_past_the_step_limit_is_refused() {
    let model = RaftModel::new(&Args::default());
    let mut text = String::from("w-raft-1=");
    text.push_str(&raft().model().timeline().encode());
    // The step is the scenario's last field.
    let cut = text.rfind('.').expect("a step field");
    text.replace_range(cut + 1.., "9999999");
    let (c, _) = Controller::start(Box::new(model), None, "w-raft-1".into(), false, &text);
    assert_eq!(step(&c), 0);
    assert!(c.state().notice.is_some());
}

#[test]
fn a_bad_seed_is_explained_and_a_good_one_restarts_the_run() {
    let mut c = raft();
    c.handle(Input::Shell(ShellAction::Seek(50)), 0.0);
    let e = c.handle(Input::Shell(ShellAction::Seed("-3".into())), 0.0);
    assert!(c
        .state()
        .notice
        .as_deref()
        .unwrap_or("")
        .contains("whole number"));
    assert_eq!(step(&c), 50, "nothing lost");
    assert!(e.patches.iter().any(|p| p.region == Region::Notice));
    c.handle(Input::Shell(ShellAction::Seed(" 9 ".into())), 0.0);
    assert_eq!(c.model().choice().seed, 9);
    assert_eq!(step(&c), 0);
    assert_eq!(c.state().notice, None);
}

#[test]
fn preset_break_and_reset_rebuild_the_run() {
    let mut c = raft();
    c.handle(
        Input::Shell(ShellAction::Preset("leader-crash".into())),
        0.0,
    );
    assert_eq!(c.model().choice().preset, "leader-crash");
    c.handle(Input::Shell(ShellAction::Break(true)), 0.0);
    assert!(c.model().choice().broken);
    c.handle(Input::Shell(ShellAction::Seek(30)), 0.0);
    c.handle(Input::Shell(ShellAction::Reset), 0.0);
    assert_eq!(step(&c), 0);
    assert!(c.model().choice().broken, "reset keeps the choice");
}

#[test]
fn the_log_grows_by_prepending_and_is_replaced_going_back() {
    let mut c = raft();
    c.handle(Input::Shell(ShellAction::Seek(10)), 0.0);
    let e = c.handle(Input::Shell(ShellAction::Seek(12)), 0.0);
    assert!(
        matches!(e.log, Some(LogChange::Prepend { .. })),
        "{:?}",
        e.log
    );
    let e = c.handle(Input::Shell(ShellAction::Seek(5)), 0.0);
    assert!(matches!(e.log, Some(LogChange::Replace(_))), "{:?}", e.log);
    let e = c.handle(Input::Shell(ShellAction::Seek(5)), 0.0);
    assert_eq!(e.log, None, "nothing changed");
    assert!(e.patches.is_empty() && e.controls.is_none());
}

#[test]
fn raft_paints_its_canvas_and_widget_actions_reach_the_model() {
    let mut c = raft();
    let e = c.handle(Input::Shell(ShellAction::Seek(20)), 0.0);
    assert!(e.paint && !c.picture().ops().is_empty());
    let e = c.handle(
        Input::Widget {
            act: "node".into(),
            arg: "2".into(),
            value: String::new(),
        },
        0.0,
    );
    assert!(e.patches.iter().any(|p| p.region == Region::Stage));
    let e = c.handle(
        Input::Widget {
            act: "no-such-act".into(),
            arg: String::new(),
            value: String::new(),
        },
        0.0,
    );
    assert_eq!(e, Effects::default());
}

#[test]
fn shell_actions_read_from_markup() {
    assert_eq!(ShellAction::read("seek", "12"), Some(ShellAction::Seek(12)));
    assert_eq!(ShellAction::read("seek", "x"), None);
    assert_eq!(
        ShellAction::read("speed", "-4"),
        Some(ShellAction::Speed(-4))
    );
    assert_eq!(
        ShellAction::read("break", "true"),
        Some(ShellAction::Break(true))
    );
    assert_eq!(ShellAction::read("crash", "1"), None);
    assert!(ShellAction::is_shell("share") && !ShellAction::is_shell("crash"));
    // The names widgets may not take are exactly the ones the shell reads (and Share).
    for name in crate::islands::shell::action::SHELL_NAMES {
        assert_eq!(
            ShellAction::read(name, "1").is_some(),
            *name != "share",
            "{name}"
        );
    }
}

#[test]
fn percent_decoding() {
    assert_eq!(percent_decode("a%2Eb"), "a.b");
    assert_eq!(percent_decode("%E2%9C%93"), "✓");
    assert_eq!(percent_decode("%FF"), "%FF", "not UTF-8: kept");
}

#[test]
fn a_fold_of_heartbeats_that_grows_replaces_only_the_lines_it_takes_in() {
    let mut c = raft();
    c.handle(Input::Shell(ShellAction::Seek(1)), 0.0);
    let mut grew = 0;
    for to in 2..=400 {
        let e = c.handle(Input::Shell(ShellAction::Seek(to)), 0.0);
        match e.log {
            Some(LogChange::Prepend {
                replaced: 1..=2, ..
            }) => grew += 1,
            Some(LogChange::Prepend { replaced: 0, .. }) | None => {}
            other => panic!("step {to}: a step forward redrew the log: {other:?}"),
        }
    }
    assert!(grew > 10, "a steady leader's fold grew {grew} times");
}

/// A tour of the ticks run: step 0 at the start, then 10 ms, then 200 ms (its end).
fn toured() -> Controller {
    let (mut c, _) = ticks("");
    let steps = tour::parse("time=0\ntime=10\ntime=200").unwrap();
    let effects = c.follow(Tour::new(steps, "v1.ticks.0".into()).unwrap());
    assert_eq!(effects.tour.unwrap().at, Some(0));
    c
}

fn tour_move(c: &mut Controller, value: &str, now: f64) -> Effects {
    assert!(
        ShellAction::is_shell("tour"),
        "the engine hands `tour` to the shell"
    );
    let step = match value.strip_prefix("scroll:") {
        Some(k) => TourMove::Scrolled(k.parse().unwrap()),
        None => TourMove::read(value).unwrap(),
    };
    c.handle(Input::Shell(ShellAction::Tour(step)), now)
}

#[test]
fn the_next_tour_step_plays_forward_to_its_time() {
    let mut c = toured();
    // At the slowest speed (0.1) 10 ms take 100 ms; the long move after is capped.
    c.handle(Input::Shell(ShellAction::Speed(-10)), 0.0);
    let effects = tour_move(&mut c, "next", 0.0);
    assert!(effects.animate, "it plays towards step 2's time");
    assert_eq!(effects.tour.unwrap().at, Some(1));
    assert!(step(&c) < 5);
    let mut now = 0.0;
    while c.state().playing {
        now += 16.0;
        c.handle(Input::Frame, now);
        assert!(now < 2_000.0, "the move ends");
    }
    assert!(
        (90.0..=120.0).contains(&now),
        "at the chosen speed: {now} ms"
    );
    assert_eq!(c.model().timeline().now(), 10);
    tour_move(&mut c, "next", now);
    let start = now;
    while c.state().playing {
        now += 16.0;
        c.handle(Input::Frame, now);
    }
    let took = now - start;
    assert!(
        (following::TOUR_MOVE_MS - 20.0..=following::TOUR_MOVE_MS + 20.0).contains(&took),
        "capped: {took} ms"
    );
    assert_eq!(c.model().timeline().now(), 200);
}

#[test]
fn other_tour_moves_replay_at_once_and_a_reader_action_leaves_the_tour() {
    let mut c = toured();
    tour_move(&mut c, "2", 0.0);
    assert_eq!(c.model().timeline().now(), 200, "a jump replays the steps");
    assert!(!c.state().playing);
    tour_move(&mut c, "prev", 0.0);
    assert_eq!(c.model().timeline().now(), 10, "back goes back at once");
    // The reader steps on: the tour is left, scrolling no longer moves the run.
    let effects = c.handle(Input::Key(Key::Right), 0.0);
    assert_eq!(effects.tour.unwrap().at, None);
    assert_eq!(c.model().timeline().now(), 20);
    let effects = tour_move(&mut c, "scroll:0", 0.0);
    assert_eq!(effects.tour, None);
    assert_eq!(c.model().timeline().now(), 20);
    // "Back to the tour" returns to the step left.
    let effects = tour_move(&mut c, "resume", 0.0);
    let view = effects.tour.unwrap();
    assert_eq!((view.at, view.last, view.count), (Some(1), 1, 3));
    assert_eq!(c.model().timeline().now(), 10);
    // Scrolling moves it again, instantly when it is not the next step.
    tour_move(&mut c, "scroll:0", 0.0);
    assert_eq!(c.model().timeline().now(), 0);
}

#[test]
fn the_scroll_reporting_the_step_being_played_to_does_not_cut_it_short() {
    let mut c = toured();
    c.handle(Input::Shell(ShellAction::Speed(-10)), 0.0); // 10 ms of run take 100 ms
    tour_move(&mut c, "next", 0.0);
    c.handle(Input::Frame, 16.0);
    tour_move(&mut c, "scroll:1", 32.0);
    assert!(c.state().playing, "still playing towards step 2");
    assert!(c.model().timeline().now() < 10);
}

#[test]
fn a_new_tour_move_completes_the_one_still_playing() {
    let mut c = toured();
    tour_move(&mut c, "next", 0.0);
    c.handle(Input::Frame, 16.0);
    tour_move(&mut c, "next", 32.0);
    assert!(c.state().playing);
    assert!(c.model().timeline().now() >= 10, "step 2 was reached first");
}

#[test]
fn a_tour_step_marks_what_it_names_in_the_stage() {
    let mut model = RaftModel::new(&Args::default());
    model.run_mut().record_ahead();
    let (mut c, _) = Controller::start(Box::new(model), None, "w-raft-1".into(), false, "");
    let steps = tour::parse("highlight=node:n2\ntime=0 highlight=link:n1-n3").unwrap();
    let origin = c.model().timeline().encode();
    let effects = c.follow(Tour::new(steps, origin).unwrap());
    let stage = &stage_patch(&effects).expect("the stage was redrawn").new;
    assert!(
        stage.contains("data-act=\"node\" data-arg=\"1\" data-hl"),
        "{stage}"
    );
    let effects = tour_move(&mut c, "next", 0.0);
    let stage = &stage_patch(&effects).expect("the stage was redrawn").new;
    assert!(stage.contains("data-act=\"link\" data-arg=\"0-2\" data-hl"));
    assert!(!stage.contains("data-arg=\"1\" data-hl"));
    let effects = c.handle(Input::Key(Key::Right), 0.0);
    let stage = &stage_patch(&effects).expect("the stage was redrawn").new;
    assert!(
        !stage.contains("data-hl"),
        "leaving the tour clears the marks"
    );
}

#[test]
fn the_step_readout_has_no_total_and_says_when_the_run_has_ended() {
    let (mut c, e) = ticks("");
    let readout = e.controls.expect("the controls come to life").position;
    assert_eq!(readout, "step 0 · t = 0 ms");
    let e = c.handle(Input::Shell(ShellAction::Seek(20)), 0.0);
    assert_eq!(
        e.controls.unwrap().position,
        "step 20 · t = 200 ms · end of the run"
    );
}

/// The scrubber's range (the recorded steps) never jumps: it stays put while the reader
/// moves within it, grows one step at a time while play goes past it, stays where play
/// stopped, and grows again only when the reader moves past its end.
#[test]
fn the_recordings_length_changes_only_at_its_end() {
    let mut c = raft();
    let recorded = |c: &Controller| c.model().timeline().recorded_steps();
    assert_eq!(recorded(&c), RECORD_AHEAD, "a new run records its horizon");
    for target in [450, 599, 17] {
        c.handle(Input::Shell(ShellAction::Seek(target)), 0.0);
        assert_eq!(recorded(&c), RECORD_AHEAD, "moving within it at {target}");
    }
    c.handle(Input::Shell(ShellAction::Seek(590)), 0.0);
    c.handle(Input::Shell(ShellAction::Speed(10)), 0.0);
    c.handle(Input::Key(Key::Space), 0.0);
    let mut now = 0.0;
    while step(&c) <= RECORD_AHEAD + 50 && now < 1e6 {
        now += 50.0;
        c.handle(Input::Frame, now);
        assert_eq!(
            recorded(&c),
            RECORD_AHEAD.max(step(&c)),
            "at step {}",
            step(&c)
        );
    }
    let played = step(&c);
    assert!(played > RECORD_AHEAD + 50, "play went past the recording");
    let e = c.handle(Input::Key(Key::Space), now);
    assert!(!c.state().playing);
    let controls = e.controls.expect("the controls show the pause");
    assert_eq!((controls.step, controls.recorded), (played, played));
    assert!(controls
        .position
        .starts_with(&format!("step {played} · t = ")));
    // Past the end, the next steps are recorded.
    c.handle(Input::Shell(ShellAction::Forward), now);
    assert_eq!(recorded(&c), played + 1 + RECORD_AHEAD);
}

#[test]
fn the_reveal_key_is_read_from_the_stage() {
    let stage = "<div class=\"box\" data-reveal=\"120 170\"><svg>";
    assert_eq!(reveal_key(stage), Some("120 170"));
    assert_eq!(reveal_key("<div data-revealed=\"1 2\">"), None);
    assert_eq!(reveal_key("<svg></svg>"), None);
}
