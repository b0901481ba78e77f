//! Chooses how to compile for `wasm32-unknown-unknown`.
//!
//! The normal route is rustup's toolchain with its wasm32 target. Where rustup is missing
//! or cannot download the target (a bounded wait, never a hang), the fallback is Debian's
//! `rustc-web` toolchain, building std from source with `-Zbuild-std` and linking with
//! `wasm-ld-19`.
//!
//! The release WASM is smallest with std rebuilt under the `immediate-abort` panic
//! strategy: no panic messages, no formatting machinery behind them (about a fifth of
//! the module). That needs std's source (rustup's `rust-src` component, or Debian's
//! `rust-web-src`) and `RUSTC_BOOTSTRAP=1`, the switch the Debian route already relies
//! on; without the source, rustup's prebuilt std is used and the module is larger.

use crate::command::{on_path, output, run, succeeds};
use crate::Result;
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Flags for the release WASM when std is rebuilt: a panic is a trap, with no message.
const IMMEDIATE_ABORT: &str = "-Zunstable-options -Cpanic=immediate-abort";
/// Rebuild std (and the panic runtime the strategy needs) from source.
const BUILD_STD: &str = "-Zbuild-std=std,panic_abort";
const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_CARGO: &str = "/usr/bin/cargo";
const DEBIAN_LINKER: &str = "/usr/bin/wasm-ld-19";
const DEBIAN_PACKAGES: &[&str] = &["rustc-web", "cargo-web", "rust-web-src", "lld-19"];
/// Seconds we allow rustup to download the wasm32 standard library.
const RUSTUP_TIMEOUT_SECS: &str = "90";

/// A way to build both the server and the WASM.
#[derive(Debug, Clone)]
pub enum Toolchain {
    /// rustup's toolchain with the wasm32 target installed; `std_source` when its
    /// `rust-src` component is installed too.
    Rustup {
        /// Whether std can be rebuilt for the release WASM.
        std_source: bool,
    },
    /// Debian's rustc-web with std built from source for wasm32.
    Debian,
}

impl Toolchain {
    /// Detects (and if needed installs) a toolchain able to build the WASM.
    ///
    /// `XTASK_TOOLCHAIN=debian` forces the fallback route (used by its test).
    pub fn detect() -> Result<Toolchain> {
        if std::env::var("XTASK_TOOLCHAIN").as_deref() == Ok("debian") {
            return debian_toolchain();
        }
        if on_path("rustup") && rustup_has_wasm_target() {
            return Ok(Toolchain::Rustup {
                std_source: rustup_has_std_source(),
            });
        }
        println!("xtask: rustup's wasm32 target is not available; using Debian's rustc-web");
        debian_toolchain()
    }

    /// A `cargo` command for this toolchain, with the environment it needs.
    ///
    /// For the Debian route, `RUSTC_BOOTSTRAP` is set for every build (host and WASM)
    /// so that switching between them does not rebuild every dependency.
    pub fn cargo(&self) -> Command {
        match self {
            Toolchain::Rustup { .. } => {
                Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            }
            Toolchain::Debian => {
                let mut cargo = Command::new(DEBIAN_CARGO);
                cargo
                    .env("RUSTC", DEBIAN_RUSTC)
                    .env("RUSTC_BOOTSTRAP", "1")
                    .env_remove("RUSTUP_TOOLCHAIN")
                    .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", DEBIAN_LINKER);
                cargo
            }
        }
    }

    /// Adds the target, and for a `release` build the std rebuild, to a WASM `cargo build`.
    pub fn configure_wasm_build(&self, cargo: &mut Command, release: bool) {
        cargo.args(["--target", WASM_TARGET]);
        let rebuild_std = match self {
            Toolchain::Rustup { std_source } => release && *std_source,
            Toolchain::Debian => true,
        };
        if rebuild_std {
            cargo.arg(BUILD_STD).env("RUSTC_BOOTSTRAP", "1");
        }
        if rebuild_std && release {
            cargo.env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                IMMEDIATE_ABORT,
            );
        }
    }

    /// The target triple of the WASM build.
    pub fn wasm_target(&self) -> &'static str {
        WASM_TARGET
    }
}

fn rustup_has_wasm_target() -> bool {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return true;
    }
    println!(
        "xtask: installing the {WASM_TARGET} target with rustup (at most {RUSTUP_TIMEOUT_SECS} s)"
    );
    succeeds(Command::new("timeout").args([
        RUSTUP_TIMEOUT_SECS,
        "rustup",
        "target",
        "add",
        WASM_TARGET,
    ]))
}

/// Whether rustup's `rust-src` component is installed, installing it if it can (bounded).
fn rustup_has_std_source() -> bool {
    let installed = output(Command::new("rustup").args(["component", "list", "--installed"]))
        .unwrap_or_default();
    if installed.lines().any(|l| l.trim().starts_with("rust-src")) {
        return true;
    }
    println!("xtask: installing rustup's rust-src component (at most {RUSTUP_TIMEOUT_SECS} s)");
    let added = succeeds(Command::new("timeout").args([
        RUSTUP_TIMEOUT_SECS,
        "rustup",
        "component",
        "add",
        "rust-src",
    ]));
    if !added {
        println!("xtask: no rust-src; the release WASM keeps its panic messages (larger)");
    }
    added
}

fn debian_toolchain() -> Result<Toolchain> {
    let installed = std::path::Path::new(DEBIAN_LINKER).exists()
        && output(Command::new(DEBIAN_RUSTC).arg("--version")).is_some()
        && has_std_source();
    if !installed {
        install_debian_packages()?;
    }
    Ok(Toolchain::Debian)
}

fn has_std_source() -> bool {
    output(Command::new(DEBIAN_RUSTC).args(["--print", "sysroot"]))
        .map(|sysroot| {
            std::path::Path::new(sysroot.trim())
                .join("lib/rustlib/src/rust/library")
                .exists()
        })
        .unwrap_or(false)
}

fn install_debian_packages() -> Result {
    if !on_path("apt-get") {
        return Err("no wasm32 toolchain: install rustup (https://rustup.rs) and run `rustup target add wasm32-unknown-unknown`".into());
    }
    println!(
        "xtask: installing {} from Debian",
        DEBIAN_PACKAGES.join(" ")
    );
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(DEBIAN_PACKAGES)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
