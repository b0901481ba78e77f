//! `sim-cli run scenario.toml [--json | --states] [--until-step N] [--seek N] [--max-memory B]`:
//! runs a scenario file and prints the trace and the final state, or (`--states`) every
//! state as JSON lines for an outside checker; see `SCHEMA.md` for both JSON forms.
//!
//! Scenario file (TOML):
//!
//! ```toml
//! protocol = "raft"          # raft | crdt | clocks | fencing | cluster | overlay
//! seed = 7
//! until_ms = 3000            # run until this virtual time (or pass --until-step)
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

mod output;

use clap::{Parser, Subcommand};
use output::{Format, Stop};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "sim-cli", about = "Runs a simulation scenario file", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario file and print its trace and final state.
    Run {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Print one JSON document: trace in words, invariants, final state.
        #[arg(long, conflicts_with = "states")]
        json: bool,
        /// Print JSON lines: a header, every step's events (messages with ids and
        /// contents) and every node's state after it, and a summary.
        #[arg(long)]
        states: bool,
        /// Run exactly this many steps instead of until the file's `until_ms`.
        #[arg(long, value_name = "N")]
        until_step: Option<u64>,
        /// After the run, travel in time to step N and report there.
        #[arg(long, value_name = "N")]
        seek: Option<u64>,
        /// Stop recording when the run would hold more than this many bytes (default
        /// 96000000, the browser's budget).
        #[arg(long, value_name = "BYTES")]
        max_memory: Option<usize>,
    },
}

fn main() -> ExitCode {
    let Command::Run {
        scenario,
        json,
        states,
        until_step,
        seek,
        max_memory,
    } = Cli::parse().command;
    let format = match (json, states) {
        (_, true) => Format::States,
        (true, false) => Format::Json,
        (false, false) => Format::Text,
    };
    let stop = Stop {
        until_step,
        seek,
        max_memory: max_memory.unwrap_or(sim::sim::DEFAULT_MEMORY_LIMIT),
    };
    let path = scenario.display();
    let text = match std::fs::read_to_string(&scenario) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = output::run_file(&text, format, &stop, &mut out);
    // A closed pipe (e.g. `| head`) is not an error worth a panic.
    let _ = out.flush();
    match result {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(limit)) => {
            eprintln!("error: {path}: {limit}");
            ExitCode::from(3)
        }
        Err(e) => {
            eprintln!("error: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
