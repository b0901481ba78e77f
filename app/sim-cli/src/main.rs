//! `sim-cli run scenario.toml [--json]`: runs a scenario file and prints the trace and the
//! final state.
//!
//! Scenario file (TOML):
//!
//! ```toml
//! protocol = "raft"          # raft | crdt | clocks | fencing
//! seed = 7
//! until_ms = 3000            # run until this virtual time
//! [config]                   # the protocol's config; omitted fields take defaults
//! nodes = 5
//! pre_vote = true
//! [[actions]]
//! at_ms = 500
//! action = { Crash = { node = 2 } }
//! [[actions]]
//! at_ms = 600
//! action = { Protocol = { ClientRequest = { node = 0 } } }
//! ```
//!
//! JSON output schema: `{ "protocol": str, "seed": u64, "steps": u64, "time_ms": u64,
//! "invariants": [{ "name": str, "violated_at": u64|null, "detail": str|null }],
//! "trace": [{ "step": u64, "time_ms": u64, "text": str }], "final": <protocol view> }`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sim::{Action, Protocol, Scenario, Sim, Time, Timed, Trigger};
use std::process::ExitCode;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File<C, A> {
    protocol: String,
    #[serde(default)]
    seed: u64,
    until_ms: Time,
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
    invariants: Vec<sim::InvariantStatus>,
    trace: Vec<Line>,
    #[serde(rename = "final")]
    final_view: V,
}

fn run<P: Protocol>(text: &str, json: bool) -> Result<String, String>
where
    P::Config: DeserializeOwned + Default,
    P::Action: DeserializeOwned,
    P::View: Serialize,
{
    let file: File<P::Config, P::Action> = toml::from_str(text).map_err(|e| e.to_string())?;
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
    debug_assert_eq!(file.protocol, P::NAME);
    let mut sim = Sim::<P>::new(scenario).map_err(|e| format!("scenario: {e}"))?;
    sim.run_until(file.until_ms);
    let trace: Vec<Line> = sim
        .trace()
        .iter()
        .take_while(|e| e.step <= sim.current_step())
        .map(|e| Line {
            step: e.step,
            time_ms: e.time,
            text: e.describe(),
        })
        .collect();
    if !json {
        let mut out: Vec<String> = trace.into_iter().map(|l| l.text).collect();
        for inv in sim.invariants() {
            out.push(match inv.violated_at {
                Some(step) => format!("{}: VIOLATED at step {step}", inv.name),
                None => format!("{}: ok", inv.name),
            });
        }
        return Ok(out.join("\n"));
    }
    let output = Output {
        protocol: P::NAME,
        seed: sim.scenario().seed,
        steps: sim.current_step(),
        time_ms: sim.now(),
        invariants: sim.invariants(),
        trace,
        final_view: sim.view(),
    };
    serde_json::to_string_pretty(&output).map_err(|e| e.to_string())
}

fn run_file(text: &str, json: bool) -> Result<String, String> {
    let header: Header = toml::from_str::<toml::Table>(text)
        .map_err(|e| e.to_string())
        .and_then(|table| {
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| e.to_string())
        })?;
    match header.protocol.as_str() {
        "raft" => run::<sim::raft::Raft>(text, json),
        "crdt" => run::<sim::crdt::Crdt>(text, json),
        "clocks" => run::<sim::clocks::Clocks>(text, json),
        "fencing" => run::<sim::fencing::Fencing>(text, json),
        other => Err(format!(
            "protocol: unknown protocol {other:?} (expected raft, crdt, clocks or fencing)"
        )),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let rest: Vec<&String> = args.iter().filter(|a| *a != "--json").collect();
    let [cmd, path] = rest.as_slice() else {
        eprintln!("usage: sim-cli run <scenario.toml> [--json]");
        return ExitCode::from(2);
    };
    if cmd.as_str() != "run" {
        eprintln!("unknown command {cmd:?}; usage: sim-cli run <scenario.toml> [--json]");
        return ExitCode::from(2);
    }
    let result = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {path}: {e}"))
        .and_then(|text| run_file(&text, json).map_err(|e| format!("{path}: {e}")));
    match result {
        Ok(out) => {
            use std::io::Write;
            // A closed pipe (e.g. `| head`) is not an error worth a panic.
            let _ = writeln!(std::io::stdout(), "{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
