//! The `server` binary's command line: `--help` is recorded in docs/server-help.txt (for the
//! README), and invalid settings fail at startup with a message that names them.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the server binary with no FIELDGUIDE_* variables from the test's environment.
fn server(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("FIELDGUIDE_") || name == "LEPTOS_SITE_ROOT" {
            command.env_remove(name);
        }
    }
    command.args(args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `docs/server-help.txt` is the output of `server --help`. Regenerate with
/// `UPDATE_SERVER_HELP=1 cargo test -p server --test cli`.
#[test]
fn server_help_txt_is_up_to_date() {
    let output = server(&["--help"]);
    assert!(output.status.success());
    let expected = String::from_utf8(output.stdout).unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/server-help.txt");
    if std::env::var_os("UPDATE_SERVER_HELP").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} is out of date; run with UPDATE_SERVER_HELP=1 to regenerate",
        path.display()
    );
}

#[test]
fn invalid_flags_name_the_setting_and_its_variable() {
    let cases: [(&[&str], &str, &str); 5] = [
        (&["--port", "70000"], "--port", "FIELDGUIDE_PORT"),
        (
            &["--address", "localhost:3000"],
            "--address",
            "FIELDGUIDE_ADDRESS",
        ),
        (
            &["--base-path", "guide"],
            "--base-path",
            "FIELDGUIDE_BASE_PATH",
        ),
        (
            &["--site-url", "example.org"],
            "--site-url",
            "FIELDGUIDE_SITE_URL",
        ),
        (
            &["--log-format", "xml"],
            "--log-format",
            "FIELDGUIDE_LOG_FORMAT",
        ),
    ];
    for (args, flag, variable) in cases {
        let output = server(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(message.contains(flag), "{args:?}: {message}");
        assert!(message.contains(variable), "{args:?}: {message}");
    }
}

#[test]
fn invalid_environment_variables_are_named() {
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("FIELDGUIDE_SHUTDOWN_GRACE", "soon")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("FIELDGUIDE_SHUTDOWN_GRACE"), "{message}");
    assert!(message.contains("soon"), "{message}");
}

#[test]
fn missing_directories_are_named() {
    let site = common::fixture_site("cli");
    let content = common::content_dir();
    let output = server(&[
        "--site-dir",
        site.to_str().unwrap(),
        "--content-dir",
        "/nonexistent/content",
        "--port",
        "0",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("--content-dir"),
        "{}",
        stderr(&output)
    );
    let output = server(&[
        "--site-dir",
        "/nonexistent/site",
        "--content-dir",
        content.to_str().unwrap(),
        "--port",
        "0",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("--site-dir"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn healthcheck_fails_when_nothing_listens() {
    // Port 1 on loopback: nothing of ours listens there.
    let output = server(&["--port", "1", "healthcheck"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("/healthz"), "{}", stderr(&output));
}

#[test]
fn watch_from_the_environment_is_refused_on_a_public_address() {
    let site = common::fixture_site("cli-watch");
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("FIELDGUIDE_WATCH", "true")
        .args(["--address", "0.0.0.0", "--port", "0", "--site-dir"])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("FIELDGUIDE_WATCH"), "{message}");
    assert!(message.contains("0.0.0.0"), "{message}");
    assert!(message.contains("loopback"), "{message}");
}

/// Starts the binary on an ephemeral port with INFO logs on a pipe, answers one request,
/// and returns what it logged.
fn log_of_one_request(format: &str) -> String {
    use std::io::{BufRead, BufReader};
    let site = common::fixture_site(&format!("cli-logs-{format}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("RUST_LOG", "info")
        .env_remove("NO_COLOR")
        .args(["--port", "0", "--log-format", format, "--site-dir"])
        .arg(&site)
        .arg("--content-dir")
        .arg(common::content_dir())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut log = String::new();
    let mut address = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        log.push_str(&line);
        log.push('\n');
        if let Some(rest) = line.split("http://").nth(1) {
            address = rest.split('/').next().map(str::to_owned);
            break;
        }
    }
    let address: std::net::SocketAddr = address
        .expect("the server logs its address")
        .parse()
        .unwrap();
    assert_eq!(common::raw_get(address, "/healthz").status, 200);
    for line in lines.by_ref() {
        let line = line.unwrap();
        log.push_str(&line);
        log.push('\n');
        if line.contains("finished processing request") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    log
}

#[test]
fn logs_on_a_pipe_have_no_colour_and_name_the_client() {
    for format in ["text", "json"] {
        let log = log_of_one_request(format);
        assert!(
            !log.contains('\x1b'),
            "ANSI escape codes in a {format} log on a pipe:\n{log}"
        );
        let request = log
            .lines()
            .find(|line| line.contains("finished processing request"))
            .unwrap_or_else(|| panic!("no request line in:\n{log}"));
        assert!(request.contains("127.0.0.1:"), "no peer address: {request}");
        assert!(request.contains("peer"), "no peer field: {request}");
    }
}
