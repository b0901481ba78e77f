//! `cargo xtask test`: every test suite, installing what it needs first.
//!
//! Order: formatting, lints, unit and integration tests, the release build, browser
//! end-to-end tests against the release server (optimized WASM), REDbot's HTTP lint of
//! every kind of response, the static-export test, and the Docker smoke test. The first
//! failure stops the run.

use crate::command::{on_path, run, succeeds};
use crate::site::{build, Profile};
use crate::{workspace_root, Result};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Debian packages the tests use, with the command that shows each is present.
const SYSTEM_PACKAGES: &[(&str, &str)] = &[
    ("chromium", "/usr/bin/chromium"),
    ("elixir", "/usr/bin/elixir"),
    ("nginx", "/usr/sbin/nginx"),
];

/// Port of the server the browser tests talk to.
const E2E_PORT: u16 = 3471;
/// Port of the server REDbot lints.
const LINT_PORT: u16 = 3472;
/// REDbot, the HTTP linter, from PyPI (pinned: its notes change between versions).
const REDBOT: &str = "redbot==2.7.1";

/// Runs every test suite in order, stopping at the first failure.
pub fn run_all(with_docker: bool) -> Result {
    let started = Instant::now();
    install_system_packages()?;
    let root = workspace_root();
    run(Command::new("cargo")
        .current_dir(&root)
        .args(["fmt", "--all", "--check"]))?;
    run(Command::new("cargo").current_dir(&root).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    clippy_hydrate()?;
    run(Command::new("cargo")
        .current_dir(&root)
        .args(["test", "--workspace"]))?;
    let built = build(Profile::Release)?;
    // Each kind of widget page's weight against its budget, in every CI log, and a gate
    // (see the script): this build always has npm's wasm-opt and esbuild.
    run(Command::new("bash")
        .arg(root.join("scripts/size-report"))
        .arg(&built.site_dir)
        .env("SIZE_GATE", "1"))?;
    install_node_packages()?;
    browser_tests(&built.server, &built.site_dir)?;
    http_lint(&built.server, &built.site_dir)?;
    run_script_if_present("scripts/test-static-export")?;
    if with_docker {
        run_script_if_present("scripts/docker-smoke")?;
    } else {
        println!("xtask: Docker smoke test skipped (--no-docker)");
    }
    println!(
        "xtask: every test passed in {} s",
        started.elapsed().as_secs()
    );
    Ok(())
}

/// Lints the browser build too: the `hydrate` feature for `wasm32-unknown-unknown` (the
/// DOM layer and every `cfg(feature = "hydrate")` branch, which the workspace lint above
/// never compiles).
fn clippy_hydrate() -> Result {
    let toolchain = crate::toolchain::Toolchain::detect()?;
    let mut cargo = toolchain.cargo();
    cargo.current_dir(workspace_root()).args([
        "clippy",
        "--package",
        "site",
        "--lib",
        "--no-default-features",
        "--features",
        "hydrate",
    ]);
    toolchain.configure_wasm_build(&mut cargo, false);
    run(cargo.args(["--", "-D", "warnings"]))
}

fn install_system_packages() -> Result {
    let missing: Vec<&str> = SYSTEM_PACKAGES
        .iter()
        .filter(|(_, path)| !Path::new(path).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !on_path("apt-get") {
        return Err(format!(
            "the tests need {} (Debian packages); install them first",
            missing.join(", ")
        ));
    }
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn install_node_packages() -> Result {
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(workspace_root().join("end2end")))
}

/// Starts the release server and runs every `end2end/tests/*.test.mjs` against it. The
/// tests that need a server of their own (a library of several skills) start this same
/// binary over this site from `E2E_SERVER` and `E2E_SITE_DIR`.
fn browser_tests(server: &Path, site_dir: &Path) -> Result {
    let root = workspace_root();
    let _server = RunningServer::start(server, site_dir, &root.join("content"), E2E_PORT)?;
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .arg("tests/")
        .current_dir(root.join("end2end"))
        .env("E2E_BASE_URL", format!("http://127.0.0.1:{E2E_PORT}"))
        .env("E2E_SERVER", server)
        .env("E2E_SITE_DIR", site_dir))
}

/// Installs REDbot into `target/redbot-venv` (once) and runs `scripts/redbot-lint` against
/// the release server: any "bad" or "warning" note not in `scripts/redbot-accepted` fails.
fn http_lint(server: &Path, site_dir: &Path) -> Result {
    let root = workspace_root();
    let venv = root.join("target/redbot-venv");
    let python = venv.join("bin/python");
    if !succeeds(Command::new(&python).args(["-c", "import redbot"])) {
        if !succeeds(Command::new("python3").args(["-m", "ensurepip", "--version"])) {
            run(Command::new("apt-get").args(["update", "-qq"]))?;
            run(Command::new("apt-get")
                .args([
                    "install",
                    "-y",
                    "-qq",
                    "--no-install-recommends",
                    "python3-venv",
                ])
                .env("DEBIAN_FRONTEND", "noninteractive"))?;
        }
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run(Command::new(venv.join("bin/pip")).args(["install", "--quiet", REDBOT]))?;
    }
    let _server = RunningServer::start(server, site_dir, &root.join("content"), LINT_PORT)?;
    run(Command::new(&python)
        .arg(root.join("scripts/redbot-lint"))
        .arg(format!("http://127.0.0.1:{LINT_PORT}"))
        .arg(site_dir))
}

fn run_script_if_present(relative: &str) -> Result {
    let script = workspace_root().join(relative);
    if script.exists() {
        run(Command::new("bash")
            .arg(&script)
            .current_dir(workspace_root()))
    } else {
        println!("xtask: {relative} does not exist yet; skipped");
        Ok(())
    }
}

/// A server process that is stopped when this value is dropped.
struct RunningServer(Child);

impl RunningServer {
    /// Starts the server and waits (at most 20 s) until `/readyz` answers 200.
    fn start(
        binary: &Path,
        site_dir: &Path,
        content_dir: &Path,
        port: u16,
    ) -> Result<RunningServer> {
        let child = Command::new(binary)
            .arg("--site-dir")
            .arg(site_dir)
            .arg("--content-dir")
            .arg(content_dir)
            .args(["--port", &port.to_string()])
            .env("RUST_LOG", "warn")
            .spawn()
            .map_err(|e| format!("starting {}: {e}", binary.display()))?;
        let server = RunningServer(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if http_status(port, "/readyz") == Some(200) {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "the server on port {port} did not become ready within 20 s"
        ))
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The status code of `GET path` on the loopback port, if anything answers.
fn http_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}
