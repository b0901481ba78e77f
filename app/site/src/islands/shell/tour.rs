//! A tour's steps as the shell reads them: where each step takes the simulation, what it
//! does there, what it highlights, and (on the server) what it must find.
//!
//! A step's words (after `step` in the content's ```` ```tour ```` block):
//!
//! - `time=1500`: run until virtual time 1500 ms; `step=120`: go to step 120. Without
//!   either the step stays where the one before left the run. Steps only move forward.
//! - `do=crash:n3`: carry out the widget's action `crash` (its `data-act` name) with the
//!   argument `n3`, as if the reader clicked it; `do=NAME:ARG:VALUE` gives a control's
//!   value (`do=prevote::true`). Repeatable, in order. `do=break::true` (or `false`)
//!   flips the shell's "break it" switch, which restarts the run.
//! - `highlight=node:n3`: mark the drawing's element whose `data-act`/`data-arg` are
//!   `node`/`n3` (the element the reader would click). Repeatable.
//! - `expect=leader:n3`: what the simulation must show at this step, one of the widget's
//!   [`Widget::facts`](super::Widget::facts). Checked when the site loads; the browser
//!   ignores it.
//!
//! Node names in arguments are written as the drawing labels them (`n3`, `p2`, `r1`):
//! a word of letters then a number from 1 is read as the 0-based index the markup
//! carries (`n3` is `2`, `n1-n3` is `0-2`).

use super::{AnyWidget, Choice, Reply};

/// A refusal's message. The browser only replays what the server checked, and keeps no
/// messages (their formatting would weigh on every widget's module).
macro_rules! refusal {
    ($($arg:tt)*) => {{
        #[cfg(not(feature = "hydrate"))]
        let message = format!($($arg)*);
        #[cfg(feature = "hydrate")]
        let message = {
            let _never_called = || format!($($arg)*);
            String::new()
        };
        message
    }};
}

/// A tour as the browser follows it.
#[derive(Clone, Debug)]
pub struct Tour {
    /// Its steps.
    pub steps: Vec<Step>,
    /// The run at the tour's start, as share text (going back replays from it).
    pub origin: String,
    /// In a browser module made for pages without tours, a value no tour can have: the
    /// type is then empty, so the compiler drops all the code that follows a tour.
    _tours: Tours,
}

/// True in a build that follows tours (see the crate's `tour` feature). The browser code
/// that only a tour needs tests it, so a module without tours leaves that code out.
pub const ON: bool = cfg!(any(feature = "tour", not(feature = "bundle")));

/// Whether this build follows tours: `()` if so, an empty type if not.
#[cfg(any(feature = "tour", not(feature = "bundle")))]
type Tours = ();
#[cfg(all(feature = "bundle", not(feature = "tour")))]
#[derive(Clone, Copy, Debug)]
enum Tours {}

impl Tour {
    /// The tour of `steps` from the run `origin`; `None` in a build without tours.
    pub fn new(steps: Vec<Step>, origin: String) -> Option<Tour> {
        #[cfg(any(feature = "tour", not(feature = "bundle")))]
        return Some(Tour {
            steps,
            origin,
            _tours: (),
        });
        #[cfg(all(feature = "bundle", not(feature = "tour")))]
        {
            let _ = (steps, origin);
            None
        }
    }
}

/// Where a step takes the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Where the previous step left it.
    Here,
    /// Run until this virtual time (ms).
    Time(u64),
    /// Go to this step of the run.
    Step(u64),
}

/// A widget action as a tour names it: `data-act`, `data-arg` and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deed {
    /// `data-act`.
    pub act: String,
    /// `data-arg` (node names read as indices).
    pub arg: String,
    /// The control's value (empty for a button).
    pub value: String,
}

/// One step of a tour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Where the run goes.
    pub target: Target,
    /// What is done there, in order.
    pub deeds: Vec<Deed>,
    /// Elements to mark: the attribute text their start tags carry
    /// (` data-act="node" data-arg="2"`).
    pub highlights: Vec<String>,
    /// What the simulation must show: fact name and value.
    #[cfg(not(feature = "hydrate"))]
    pub expect: Vec<(String, String)>,
}

impl Step {
    /// Reads a step's words; `Err` names the word that does not read.
    pub fn parse(words: &str) -> Result<Step, String> {
        let mut step = Step {
            target: Target::Here,
            deeds: Vec::new(),
            highlights: Vec::new(),
            #[cfg(not(feature = "hydrate"))]
            expect: Vec::new(),
        };
        for word in words.split_whitespace() {
            let Some((key, value)) = word.split_once('=') else {
                return Err(refusal!("`{word}` is not of the form key=value"));
            };
            let number = || {
                value
                    .parse::<u64>()
                    .map_err(|_| refusal!("`{word}`: expected a whole number"))
            };
            let mut target = |t: Target| match step.target {
                Target::Here => {
                    step.target = t;
                    Ok(())
                }
                _ => Err(refusal!("`{word}`: a step has one `time=` or `step=`")),
            };
            match key {
                "time" => target(Target::Time(number()?))?,
                "step" => target(Target::Step(number()?))?,
                "do" => {
                    let mut parts = value.splitn(3, ':');
                    let act = parts.next().unwrap_or_default().to_string();
                    let arg = indices(parts.next().unwrap_or_default());
                    let value = parts.next().unwrap_or_default().to_string();
                    step.deeds.push(Deed { act, arg, value });
                }
                "highlight" => {
                    let (act, arg) = value.split_once(':').unwrap_or((value, ""));
                    step.highlights.push(match arg {
                        "" => format!(" data-act=\"{act}\""),
                        arg => format!(" data-act=\"{act}\" data-arg=\"{}\"", indices(arg)),
                    });
                }
                "expect" => match value.split_once(':') {
                    #[cfg(not(feature = "hydrate"))]
                    Some((fact, wanted)) => {
                        step.expect.push((fact.to_string(), wanted.to_string()))
                    }
                    #[cfg(feature = "hydrate")]
                    Some(_) => {}
                    None => return Err(refusal!("`{word}`: expected `expect=FACT:VALUE`")),
                },
                _ => {
                    return Err(refusal!(
                    "unknown word `{key}=`; a step takes time=, step=, do=, highlight= and expect="
                ))
                }
            }
        }
        Ok(step)
    }
}

/// `n3` as `2`, `n1-n3` as `0-2`; other words as they are.
fn indices(arg: &str) -> String {
    let index = |part: &str| {
        let digits = part.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let named = digits.len() < part.len() && !digits.is_empty();
        match digits.parse::<usize>() {
            Ok(n) if named && n >= 1 => (n - 1).to_string(),
            _ => part.to_string(),
        }
    };
    arg.split('-').map(index).collect::<Vec<_>>().join("-")
}

/// Reads every step of a tour (one step's words per line, as the figure carries them).
pub fn parse(text: &str) -> Result<Vec<Step>, (usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, words)| Step::parse(words).map_err(|e| (i, e)))
        .collect()
}

/// Takes `model` to `step`'s target from where it is, and does the step's deeds.
pub fn arrive(model: &mut dyn AnyWidget, step: &Step) -> Result<(), String> {
    let run = model.timeline_mut();
    match step.target {
        Target::Here => {}
        Target::Time(t) if t < run.now() => {
            return Err(refusal!(
                "`time={t}` is before the run's time, {} ms",
                run.now()
            ))
        }
        Target::Time(t) => run.run_until(t),
        Target::Step(n) if n < run.current_step() => {
            return Err(refusal!(
                "`step={n}` is before the run's step, {}",
                run.current_step()
            ))
        }
        Target::Step(n) => run.seek(n),
    }
    for deed in &step.deeds {
        // The shell's "break it" switch, as the reader would flip it: the run restarts.
        let reply = match deed.act.as_str() {
            "break" if !model.break_label().is_empty() => {
                let choice = Choice {
                    broken: deed.value == "true",
                    ..model.choice()
                };
                model.rebuild(&choice);
                Reply::Changed(Ok(()))
            }
            _ => model.act(&deed.act, &deed.arg, &deed.value),
        };
        match reply {
            Reply::Ignored => {
                return Err(refusal!(
                    "`do={}`: `{}` with argument `{}` is not an action of the {} widget",
                    deed.act,
                    deed.act,
                    deed.arg,
                    model.kind()
                ))
            }
            Reply::Changed(Err(reason)) => {
                return Err(refusal!("`do={}` was refused: {reason}", deed.act))
            }
            Reply::Redraw | Reply::Changed(Ok(())) => {}
        }
    }
    Ok(())
}

/// Replays steps `0..=upto` on `model`, which is at the tour's start.
pub fn replay(
    model: &mut dyn AnyWidget,
    steps: &[Step],
    upto: usize,
) -> Result<(), (usize, String)> {
    for (i, step) in steps.iter().enumerate().take(upto + 1) {
        arrive(model, step).map_err(|e| (i, e))?;
    }
    Ok(())
}

/// Marks the elements a step highlights (`highlights`, see [`Step::highlights`]) in a
/// stage's markup: `data-hl` after the attributes that name them.
pub fn mark(html: &mut String, highlights: &[String]) {
    for attrs in highlights {
        let mut from = 0;
        while let Some(at) = html[from..].find(attrs.as_str()) {
            let end = from + at + attrs.len();
            html.insert_str(end, " data-hl");
            from = end;
        }
    }
}

/// The stage as the server draws it now (static), with what `step` highlights marked.
#[cfg(not(feature = "hydrate"))]
fn drawn(model: &dyn AnyWidget, step: &Step) -> String {
    let mut stage = String::new();
    model.stage(model.timeline().now() as f64, false, &mut stage);
    mark(&mut stage, &step.highlights);
    stage
}

/// Checks a tour on the server: replays it step by step on `model` (at the tour's
/// start), and at each step checks that what it highlights is drawn and what it expects
/// is what the simulation shows. Returns the stage at each step, highlights marked (the
/// snapshots a reader without JavaScript sees), and the problems, with the index of
/// their step; a step that cannot be reached ends both.
#[cfg(not(feature = "hydrate"))]
pub fn check(model: &mut dyn AnyWidget, steps: &[Step]) -> (Vec<String>, Vec<(usize, String)>) {
    let (mut shots, mut problems) = (Vec::new(), Vec::new());
    for (i, step) in steps.iter().enumerate() {
        if let Err(e) = arrive(model, step) {
            problems.push((i, e));
            return (shots, problems);
        }
        let stage = drawn(model, step);
        for attrs in &step.highlights {
            if !stage.contains(attrs.as_str()) {
                problems.push((
                    i,
                    format!("`highlight=` names nothing drawn here ({})", attrs.trim()),
                ));
            }
        }
        let mut facts = model.facts();
        let holds = model.timeline().invariants_hold();
        facts.push((
            "invariants".into(),
            if holds { "hold" } else { "broken" }.into(),
        ));
        for (fact, wanted) in &step.expect {
            match facts.iter().find(|(name, _)| name == fact) {
                Some((_, shown)) if shown == wanted => {}
                Some((_, shown)) => problems.push((
                    i,
                    format!(
                        "expects {fact} {wanted}, but at step {} ({} ms) the simulation shows {fact} {shown}",
                        model.timeline().current_step(),
                        model.timeline().now()
                    ),
                )),
                None => {
                    let names: Vec<&str> = facts.iter().map(|(n, _)| n.as_str()).collect();
                    problems.push((
                        i,
                        format!(
                            "unknown fact `{fact}`; the {} widget states {}",
                            model.kind(),
                            names.join(", ")
                        ),
                    ));
                }
            }
        }
        shots.push(stage);
    }
    (shots, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_step() {
        let step = Step::parse(
            "time=1500 do=crash:n3 do=prevote::true highlight=link:n1-n3 expect=leader:n2",
        )
        .unwrap();
        assert_eq!(step.target, Target::Time(1500));
        assert_eq!(
            step.deeds[0],
            Deed {
                act: "crash".into(),
                arg: "2".into(),
                value: String::new()
            }
        );
        assert_eq!(
            step.deeds[1],
            Deed {
                act: "prevote".into(),
                arg: String::new(),
                value: "true".into()
            }
        );
        assert_eq!(
            step.highlights,
            vec![" data-act=\"link\" data-arg=\"0-2\"".to_string()]
        );
        assert_eq!(step.expect, vec![("leader".to_string(), "n2".to_string())]);
        assert_eq!(Step::parse("").unwrap().target, Target::Here);
    }

    #[test]
    fn refuses_what_does_not_read() {
        for (words, says) in [
            ("time=soon", "whole number"),
            ("time=1 step=2", "one `time=`"),
            ("colour=red", "unknown word `colour=`"),
            ("expect=leader", "expect=FACT:VALUE"),
            ("later", "key=value"),
        ] {
            let e = Step::parse(words).unwrap_err();
            assert!(e.contains(says), "{words}: {e}");
        }
        assert_eq!(parse("time=1\nbad").unwrap_err().0, 1);
    }

    #[test]
    fn names_read_as_indices() {
        assert_eq!(indices("n3"), "2");
        assert_eq!(indices("p1-p10"), "0-9");
        assert_eq!(indices("lamport"), "lamport");
        assert_eq!(indices("7"), "7");
        assert_eq!(indices("n0"), "n0");
    }

    #[test]
    fn marks_every_named_element() {
        let step = Step::parse("highlight=node:n2").unwrap();
        let mut html =
            "<g data-act=\"node\" data-arg=\"1\"></g><g data-act=\"node\" data-arg=\"10\"></g>"
                .to_string();
        mark(&mut html, &step.highlights);
        assert_eq!(html, "<g data-act=\"node\" data-arg=\"1\" data-hl></g><g data-act=\"node\" data-arg=\"10\"></g>");
    }
}
