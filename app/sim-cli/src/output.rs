//! Parses a scenario file, runs it and writes one of the three output forms.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sim::{
    Action, InvariantStatus, MemoryLimitReached, Protocol, Scenario, Sim, Time, Timed, TraceEvent,
    Trigger,
};
use std::io::Write;

/// Version of the JSON forms described in `SCHEMA.md`; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Which form to print.
pub enum Format {
    /// The trace in words and the invariants (today's default).
    Text,
    /// One JSON document.
    Json,
    /// JSON lines: header, one line per step, summary.
    States,
}

/// Where the run ends and the report is made.
pub struct Stop {
    /// Run this many steps instead of until `until_ms`.
    pub until_step: Option<u64>,
    /// Then travel to this step and report there.
    pub seek: Option<u64>,
    /// Memory budget in bytes.
    pub max_memory: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File<C, A> {
    protocol: String,
    #[serde(default)]
    seed: u64,
    until_ms: Option<Time>,
    #[serde(default)]
    config: Option<C>,
    #[serde(default = "Vec::new")]
    actions: Vec<TimedAction<A>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimedAction<A> {
    at_ms: Time,
    action: Action<A>,
}

#[derive(Deserialize)]
struct Header {
    protocol: String,
}

#[derive(Serialize)]
struct Line {
    step: u64,
    time_ms: Time,
    text: String,
}

#[derive(Serialize)]
struct Output<V> {
    protocol: &'static str,
    seed: u64,
    steps: u64,
    time_ms: Time,
    invariants: Vec<InvariantStatus>,
    trace: Vec<Line>,
    #[serde(rename = "final")]
    final_view: V,
}

/// One line of `--states` output.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum StateLine<'a, P: Protocol>
where
    P::View: Serialize,
{
    Header {
        schema_version: u32,
        protocol: &'static str,
        seed: u64,
        invariants: &'static [&'static str],
    },
    #[serde(bound(
        serialize = "P::Msg: Serialize, P::Timer: Serialize, P::Action: Serialize, P::Note: Serialize, P::View: Serialize"
    ))]
    Step {
        step: u64,
        time_ms: Time,
        events: &'a [TraceEvent<P>],
        state: P::View,
    },
    End {
        steps: u64,
        time_ms: Time,
        invariants: Vec<InvariantStatus>,
        memory_limit_reached: Option<MemoryLimitReached>,
    },
}

fn write_line<T: Serialize>(out: &mut dyn Write, value: &T) -> Result<(), String> {
    let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
    writeln!(out, "{text}").map_err(|e| e.to_string())
}

fn step_line<'a, P: Protocol>(sim: &'a Sim<P>) -> StateLine<'a, P>
where
    P::View: Serialize,
{
    StateLine::Step {
        step: sim.current_step(),
        time_ms: sim.now(),
        events: sim.events_at(sim.current_step()),
        state: sim.view(),
    }
}

/// True once the run has reached where `stop` (or the file's `until_ms`) ends it.
fn reached<P: Protocol>(sim: &Sim<P>, until_step: Option<u64>, until_ms: Time) -> bool {
    match until_step {
        Some(n) => sim.current_step() >= n,
        None => sim.next_time().is_none_or(|t| t > until_ms),
    }
}

fn run<P: Protocol>(
    text: &str,
    format: Format,
    stop: &Stop,
    out: &mut dyn Write,
) -> Result<Option<MemoryLimitReached>, String>
where
    P::Config: DeserializeOwned + Default,
    P::Action: DeserializeOwned + Serialize,
    P::Msg: Serialize,
    P::Timer: Serialize,
    P::Note: Serialize,
    P::View: Serialize,
{
    let file: File<P::Config, P::Action> = toml::from_str(text).map_err(|e| e.to_string())?;
    debug_assert_eq!(file.protocol, P::NAME);
    let until_ms = match (file.until_ms, stop.until_step) {
        (Some(ms), _) => ms,
        (None, Some(_)) => Time::MAX,
        (None, None) => return Err("until_ms: missing (or pass --until-step)".into()),
    };
    let scenario = Scenario {
        seed: file.seed,
        config: file.config.unwrap_or_default(),
        actions: file
            .actions
            .into_iter()
            .map(|a| Timed {
                trigger: Trigger::AtTime(a.at_ms),
                action: a.action,
            })
            .collect(),
        step: 0,
    };
    let mut sim = Sim::<P>::with_memory_limit(scenario, stop.max_memory)
        .map_err(|e| format!("scenario: {e}"))?;
    let states = matches!(format, Format::States);
    if states {
        let header: StateLine<P> = StateLine::Header {
            schema_version: SCHEMA_VERSION,
            protocol: P::NAME,
            seed: file.seed,
            invariants: P::INVARIANTS,
        };
        write_line(out, &header)?;
        if stop.seek.is_none() {
            write_line(out, &step_line(&sim))?;
        }
    }
    while !reached(&sim, stop.until_step, until_ms) && sim.step() {
        if states && stop.seek.is_none() {
            write_line(out, &step_line(&sim))?;
        }
    }
    if let Some(target) = stop.seek {
        if target > sim.recorded_steps() {
            return Err(format!(
                "--seek {target}: the run recorded only {} steps",
                sim.recorded_steps()
            ));
        }
        sim.seek(target);
        if states {
            write_line(out, &step_line(&sim))?;
        }
    }
    let limit = sim.memory_limit_reached();
    match format {
        Format::States => {
            let end: StateLine<P> = StateLine::End {
                steps: sim.current_step(),
                time_ms: sim.now(),
                invariants: sim.invariants(),
                memory_limit_reached: limit,
            };
            write_line(out, &end)?;
        }
        Format::Text => {
            let mut lines: Vec<String> = trace_lines(&sim).into_iter().map(|l| l.text).collect();
            for inv in sim.invariants() {
                lines.push(match inv.violated_at {
                    Some(step) => format!("{}: VIOLATED at step {step}", inv.name),
                    None => format!("{}: ok", inv.name),
                });
            }
            writeln!(out, "{}", lines.join("\n")).map_err(|e| e.to_string())?;
        }
        Format::Json => {
            let output = Output {
                protocol: P::NAME,
                seed: sim.scenario().seed,
                steps: sim.current_step(),
                time_ms: sim.now(),
                invariants: sim.invariants(),
                trace: trace_lines(&sim),
                final_view: sim.view(),
            };
            let text = serde_json::to_string_pretty(&output).map_err(|e| e.to_string())?;
            writeln!(out, "{text}").map_err(|e| e.to_string())?;
        }
    }
    Ok(limit)
}

fn trace_lines<P: Protocol>(sim: &Sim<P>) -> Vec<Line> {
    sim.trace()
        .iter()
        .take_while(|e| e.step <= sim.current_step())
        .map(|e| Line {
            step: e.step,
            time_ms: e.time,
            text: e.describe(),
        })
        .collect()
}

/// Runs the scenario `text` and writes the report; returns the memory stop, if any.
pub fn run_file(
    text: &str,
    format: Format,
    stop: &Stop,
    out: &mut dyn Write,
) -> Result<Option<MemoryLimitReached>, String> {
    let header: Header = toml::from_str::<toml::Table>(text)
        .map_err(|e| e.to_string())
        .and_then(|table| {
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| e.to_string())
        })?;
    match header.protocol.as_str() {
        "raft" => run::<sim::raft::Raft>(text, format, stop, out),
        "crdt" => run::<sim::crdt::Crdt>(text, format, stop, out),
        "clocks" => run::<sim::clocks::Clocks>(text, format, stop, out),
        "fencing" => run::<sim::fencing::Fencing>(text, format, stop, out),
        "cluster" => run::<sim::cluster::Cluster>(text, format, stop, out),
        "overlay" => run::<sim::overlay::Overlay>(text, format, stop, out),
        other => Err(format!(
            "protocol: unknown protocol {other:?} (expected raft, crdt, clocks, fencing, cluster or overlay)"
        )),
    }
}
