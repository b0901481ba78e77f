//! Running external programs with clear errors.

use crate::Result;
use std::process::Command;

/// Runs `command`, inheriting the terminal, and fails with its description if it fails.
pub fn run(command: &mut Command) -> Result {
    let description = describe(command);
    println!("xtask> {description}");
    let status = command
        .status()
        .map_err(|e| format!("could not start `{description}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{description}` failed with {status}"))
    }
}

/// Runs `command` quietly and returns whether it succeeded (false if it cannot start).
pub fn succeeds(command: &mut Command) -> bool {
    command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `command` and returns its standard output, if it ran and succeeded.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(std::process::Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether an executable called `name` is on PATH.
pub fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
}

fn describe(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}
