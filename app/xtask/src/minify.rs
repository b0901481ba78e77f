//! Minifying the site's JavaScript modules with esbuild (release builds only).

use crate::node_tools;
use crate::Result;
use std::io::Write;
use std::process::{Command, Stdio};

/// How a script is loaded, which decides what the minifier may rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// An ES module: its top-level names are its own.
    Module,
    /// A classic script: its top-level names are globals and stay.
    Classic,
}

/// `source` (named `name` in messages), minified by esbuild. Without esbuild the source
/// is returned as it is, with a note.
pub fn minify_js(name: &str, source: &[u8], kind: Script) -> Result<Vec<u8>> {
    let Some(esbuild) = node_tools::tool("esbuild") else {
        println!("xtask: esbuild (from npm) not found; shipping {name} unminified");
        return Ok(source.to_vec());
    };
    let mut esbuild = Command::new(&esbuild);
    esbuild.args(["--minify", "--loader=js", "--log-level=error"]);
    if kind == Script::Module {
        esbuild.arg("--format=esm");
    }
    let mut child = esbuild
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting esbuild: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("esbuild has no stdin")?;
    let input = source.to_vec();
    // Written from a thread, so that a full output pipe cannot stall the write.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("running esbuild on {name}: {e}"))?;
    writer
        .join()
        .map_err(|_| format!("writing {name} to esbuild failed"))?
        .map_err(|e| format!("writing {name} to esbuild: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "esbuild could not minify {name}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(output.stdout)
}
