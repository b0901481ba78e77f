//! Front-end tools from npm, pinned in `end2end/package-lock.json`: binaryen's
//! `wasm-opt` (Debian's binaryen 108 breaks the module) and `esbuild`. Both are optional:
//! without npm the site still builds, only larger.

use crate::command::{on_path, run};
use crate::workspace_root;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Once;

/// The npm-installed executable `name`, installing the pinned packages with `npm ci` the
/// first time one is missing (if npm is available; tried once per build, not once per
/// tool, so a build without the npm registry does not wait on it again and again).
pub fn tool(name: &str) -> Option<PathBuf> {
    static INSTALL_TRIED: Once = Once::new();
    let path = workspace_root()
        .join("end2end/node_modules/.bin")
        .join(name);
    if !path.is_file() && on_path("npm") {
        INSTALL_TRIED.call_once(|| {
            let dir = workspace_root().join("end2end");
            if let Err(e) = run(Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir))
            {
                println!("xtask: could not install the front-end tools from npm ({e})");
            }
        });
    }
    path.is_file().then_some(path)
}
