//! Chooses how to compile for `wasm32-unknown-unknown`.
//!
//! The normal route is rustup's toolchain with its prebuilt wasm32 standard library.
//! Where rustup is missing or cannot download the target (a bounded wait, never a hang),
//! the fallback is Debian's `rustc-web` toolchain, building std from source with
//! `-Zbuild-std` and linking with `wasm-ld-19`.

use crate::command::{on_path, output, run, succeeds};
use crate::Result;
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_CARGO: &str = "/usr/bin/cargo";
const DEBIAN_LINKER: &str = "/usr/bin/wasm-ld-19";
const DEBIAN_PACKAGES: &[&str] = &["rustc-web", "cargo-web", "rust-web-src", "lld-19"];
/// Seconds we allow rustup to download the wasm32 standard library.
const RUSTUP_TIMEOUT_SECS: &str = "90";

/// A way to build both the server and the WASM.
#[derive(Debug, Clone)]
pub enum Toolchain {
    /// rustup's toolchain with the wasm32 target installed.
    Rustup,
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
            return Ok(Toolchain::Rustup);
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
            Toolchain::Rustup => {
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

    /// Extra `cargo build` arguments for the WASM build.
    pub fn wasm_build_args(&self) -> Vec<&'static str> {
        match self {
            Toolchain::Rustup => vec!["--target", WASM_TARGET],
            Toolchain::Debian => vec!["--target", WASM_TARGET, "-Zbuild-std=std,panic_abort"],
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
