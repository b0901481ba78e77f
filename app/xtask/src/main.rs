//! `cargo xtask`: the project's build tool (no cargo-leptos needed).
//!
//! Commands:
//! - `build [--dev]`: release (or dev) build of the server and the WASM, laid out in
//!   `target/site` the way Leptos expects.
//! - `front-end [--dev]`: only the WASM and `target/site` (no server), for size checks.
//! - `serve [--dev] [-- <server args>]`: build, then run the server.
//! - `test [--no-docker]`: every test: formatting, lints, unit and integration tests, the
//!   release build, browser end-to-end tests, the static export and the Docker smoke test
//!   (`--no-docker` skips the last one).
//! - `export --out DIR`: the whole site as static files.

mod assets;
mod command;
mod export;
mod minify;
mod modules;
mod node_tools;
mod site;
mod tests;
mod toolchain;
mod wasm;

use std::path::PathBuf;
use std::process::ExitCode;

/// Result type of every step: an error is a message for the person at the terminal.
pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (the parent of `app/xtask`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("xtask lives two levels below the workspace root")
        .to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("build") => site::build(profile_from(&args)).map(|_| ()),
        Some("front-end") => site::build_front_end(profile_from(&args)),
        Some("export") => export::run_export(&args[1..]),
        Some("serve") => site::serve(profile_from(&args), server_args(&args)),
        Some("test") => tests::run_all(!args.iter().any(|a| a == "--no-docker")),
        _ => Err(USAGE.to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str =
    "usage: cargo xtask <build [--dev] | front-end [--dev] | serve [--dev] [-- server args] | test [--no-docker] | export --out DIR>";

/// `--dev` selects a fast debug build; the default is the optimized release build.
fn profile_from(args: &[String]) -> site::Profile {
    if args.iter().any(|a| a == "--dev") {
        site::Profile::Dev
    } else {
        site::Profile::Release
    }
}

/// Everything after `--` goes to the server binary unchanged.
fn server_args(args: &[String]) -> Vec<String> {
    args.iter()
        .skip_while(|a| *a != "--")
        .skip(1)
        .cloned()
        .collect()
}
