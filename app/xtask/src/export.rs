//! `cargo xtask export --out DIR [--base-path /guide] [--site-url URL] [--dev]`: builds the
//! site, then has the server binary write every response it would serve as static files
//! (see `server export --help`), for a static host or CDN.

use crate::command::run;
use crate::site::{build, Profile};
use crate::{workspace_root, Result};
use std::process::Command;

/// Server flags this command passes through, each followed by a value.
const PASSED_FLAGS: &[&str] = &["--base-path", "--site-url", "--site-name", "--edit-url"];

/// Parses `args` (after `export`), builds, and writes the export.
pub fn run_export(args: &[String]) -> Result {
    let mut out = None;
    let mut passed = Vec::new();
    let mut profile = Profile::Release;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--dev" => profile = Profile::Dev,
            "--out" => out = Some(value(&mut rest, arg)?),
            flag if PASSED_FLAGS.contains(&flag) => {
                passed.push(flag.to_owned());
                passed.push(value(&mut rest, arg)?);
            }
            other => return Err(format!("export: unknown argument {other:?}\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("export: --out DIR is required\n{USAGE}"))?;
    let built = build(profile)?;
    run(Command::new(&built.server)
        .arg("--site-dir")
        .arg(&built.site_dir)
        .arg("--content-dir")
        .arg(workspace_root().join("content"))
        .args(&passed)
        .args(["export", "--out", &out]))
}

const USAGE: &str =
    "usage: cargo xtask export --out DIR [--base-path /guide] [--site-url URL] [--site-name NAME] [--edit-url URL] [--dev]";

fn value<'a>(rest: &mut impl Iterator<Item = &'a String>, flag: &str) -> Result<String> {
    rest.next()
        .cloned()
        .ok_or_else(|| format!("export: {flag} needs a value\n{USAGE}"))
}
