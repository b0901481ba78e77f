//! From the compiled WASM library to browser-ready JS glue and an optimized module.

use crate::command::run;
use crate::node_tools;
use crate::{workspace_root, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use wasm_bindgen_cli_support::Bindgen;

/// The glue script and module written by wasm-bindgen.
pub struct BindgenOutput {
    /// The ES module that loads the WASM (`<name>.js`).
    pub glue: PathBuf,
    /// The WebAssembly module (`<name>_bg.wasm`).
    pub wasm: PathBuf,
}

/// Runs wasm-bindgen (the library behind the CLI) for the web target into `out_dir`.
pub fn bindgen(input: &Path, out_dir: &Path, name: &str) -> Result<BindgenOutput> {
    check_bindgen_version()?;
    std::fs::create_dir_all(out_dir).map_err(|e| format!("creating {}: {e}", out_dir.display()))?;
    Bindgen::new()
        .input_path(input)
        .out_name(name)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e}"))?
        .typescript(false)
        .generate(out_dir)
        .map_err(|e| format!("wasm-bindgen on {}: {e:#}", input.display()))?;
    Ok(BindgenOutput {
        glue: out_dir.join(format!("{name}.js")),
        wasm: out_dir.join(format!("{name}_bg.wasm")),
    })
}

/// Runs of `wasm-opt -Oz`: the second finds about 0.6 KB (brotli) that the first one's
/// changes opened up; a third finds nothing more (`docs/benchmarks.md`).
const OPTIMIZE_PASSES: usize = 2;

/// What [`optimize`] runs, for the key under which its output is reused (`site.rs`): a
/// change here must redo every module (a `-g` left in an earlier output once made each
/// module 15 KB larger until it was rebuilt).
pub fn optimize_settings() -> String {
    format!("-Oz x{OPTIMIZE_PASSES} {}", WASM_FEATURES.join(" "))
}

/// Shrinks `wasm` in place with binaryen's `wasm-opt -Oz`, when it is available.
pub fn optimize(wasm: &Path) -> Result {
    let Some(wasm_opt) = node_tools::tool("wasm-opt") else {
        println!("xtask: wasm-opt (binaryen from npm) not found; shipping the unoptimized WASM");
        return Ok(());
    };
    for _ in 0..OPTIMIZE_PASSES {
        run(Command::new(&wasm_opt)
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg(wasm)
            .arg("-o")
            .arg(wasm))?;
    }
    Ok(())
}

/// The WASM features rustc enables by default for wasm32-unknown-unknown.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// wasm-bindgen's CLI support must match the `wasm-bindgen` crate exactly.
fn check_bindgen_version() -> Result {
    let lock_path = workspace_root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|e| format!("reading {}: {e}", lock_path.display()))?;
    let locked = lock
        .split("[[package]]")
        .find(|block| block.contains("\nname = \"wasm-bindgen\"\n"))
        .and_then(|block| block.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .ok_or("Cargo.lock has no wasm-bindgen package")?;
    if locked == BINDGEN_VERSION {
        Ok(())
    } else {
        Err(format!(
            "Cargo.lock has wasm-bindgen {locked} but xtask uses wasm-bindgen-cli-support {BINDGEN_VERSION}; pin both to the same version"
        ))
    }
}

/// The version of wasm-bindgen-cli-support this tool is built with (pinned in its Cargo.toml).
const BINDGEN_VERSION: &str = "0.2.130";
