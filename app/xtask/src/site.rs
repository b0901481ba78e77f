//! Building the site directory and serving it.

use crate::assets::{content_hash, copy_tree, read, write, write_hashed};
use crate::command::run;
use crate::minify::{minify_js, Script};
use crate::modules::{self, Kinds};
use crate::toolchain::Toolchain;
use crate::{wasm, workspace_root, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Which Cargo profiles to build with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// Optimized server, size-optimized WASM (`wasm-release`), wasm-opt when available.
    Release,
    /// Debug builds: faster to compile, much larger WASM.
    Dev,
}

/// What `build` produced.
pub struct BuiltSite {
    /// The server executable.
    pub server: PathBuf,
    /// The site root (`LEPTOS_SITE_ROOT`), holding `pkg/` and the public files.
    pub site_dir: PathBuf,
}

/// The package whose library becomes the WASM, and the file stem of its outputs.
const WASM_PACKAGE: &str = "site";

/// Builds the server and the WASM and lays out `target/site`.
pub fn build(profile: Profile) -> Result<BuiltSite> {
    let toolchain = Toolchain::detect()?;
    let target_dir = target_dir();
    let server = build_server(&toolchain, profile, &target_dir)?;
    let modules = build_modules(&toolchain, profile, &target_dir)?;
    let site_dir = target_dir.join("site");
    lay_out_site(&site_dir, &modules, profile, &target_dir)?;
    println!("xtask: site ready in {}", site_dir.display());
    Ok(BuiltSite { server, site_dir })
}

/// Builds only the WASM and lays out `target/site` (no server): quick size checks.
pub fn build_front_end(profile: Profile) -> Result {
    let toolchain = Toolchain::detect()?;
    let target_dir = target_dir();
    let modules = build_modules(&toolchain, profile, &target_dir)?;
    let site_dir = target_dir.join("site");
    lay_out_site(&site_dir, &modules, profile, &target_dir)?;
    println!("xtask: front end ready in {}", site_dir.display());
    Ok(())
}

/// Builds, then runs the server in the foreground with `extra_args`.
pub fn serve(profile: Profile, extra_args: Vec<String>) -> Result {
    let built = build(profile)?;
    let root = workspace_root();
    run(Command::new(&built.server)
        .arg("--site-dir")
        .arg(&built.site_dir)
        .arg("--content-dir")
        .arg(root.join("content"))
        .args(extra_args))
}

/// `CARGO_TARGET_DIR` if set, else the workspace's `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

fn build_server(toolchain: &Toolchain, profile: Profile, target_dir: &Path) -> Result<PathBuf> {
    let mut cargo = toolchain.cargo();
    cargo
        .current_dir(workspace_root())
        .args(["build", "--package", "server", "--bin", "server"]);
    if profile == Profile::Release {
        cargo.arg("--release");
    }
    run(&mut cargo)?;
    let dir = if profile == Profile::Release {
        "release"
    } else {
        "debug"
    };
    Ok(target_dir.join(dir).join("server"))
}

/// A compiled browser module, before wasm-bindgen.
struct Module {
    kinds: Kinds,
    wasm: PathBuf,
}

/// The modules [`modules::release_modules`] lists for the content in `content/`, or
/// for dev builds only the one with every widget, to keep rebuilds quick.
fn build_modules(
    toolchain: &Toolchain,
    profile: Profile,
    target_dir: &Path,
) -> Result<Vec<Module>> {
    let all = match profile {
        Profile::Release => modules::release_modules(&workspace_root().join("content"))?,
        Profile::Dev => vec![Kinds(Default::default())],
    };
    let kept = target_dir.join("xtask-modules");
    std::fs::create_dir_all(&kept).map_err(|e| format!("creating {}: {e}", kept.display()))?;
    let mut modules = Vec::new();
    for kinds in all {
        let built = build_wasm(toolchain, profile, target_dir, &kinds.features())?;
        // Cargo writes every variant to the same path: keep each one apart.
        let wasm = kept.join(format!("{}.wasm", kinds.stem(WASM_PACKAGE)));
        std::fs::copy(&built, &wasm)
            .map_err(|e| format!("copying {} to {}: {e}", built.display(), wasm.display()))?;
        modules.push(Module { kinds, wasm });
    }
    Ok(modules)
}

fn build_wasm(
    toolchain: &Toolchain,
    profile: Profile,
    target_dir: &Path,
    features: &str,
) -> Result<PathBuf> {
    let (cargo_profile, dir) = match profile {
        Profile::Release => ("wasm-release", "wasm-release"),
        Profile::Dev => ("dev", "debug"),
    };
    let mut cargo = toolchain.cargo();
    cargo
        .current_dir(workspace_root())
        .args([
            "build",
            "--package",
            WASM_PACKAGE,
            "--lib",
            "--no-default-features",
            "--features",
            features,
        ])
        .args(["--profile", cargo_profile]);
    toolchain.configure_wasm_build(&mut cargo, profile == Profile::Release);
    run(&mut cargo)?;
    Ok(target_dir
        .join(toolchain.wasm_target())
        .join(dir)
        .join(format!("{WASM_PACKAGE}.wasm")))
}

fn lay_out_site(
    site_dir: &Path,
    modules: &[Module],
    profile: Profile,
    target_dir: &Path,
) -> Result {
    let pkg = site_dir.join("pkg");
    if site_dir.exists() {
        std::fs::remove_dir_all(site_dir)
            .map_err(|e| format!("cleaning {}: {e}", site_dir.display()))?;
    }
    std::fs::create_dir_all(&pkg).map_err(|e| format!("creating {}: {e}", pkg.display()))?;

    // Release builds ship minified JavaScript.
    let script = |name: &str, source: Vec<u8>, kind: Script| match profile {
        Profile::Release => minify_js(name, &source, kind),
        Profile::Dev => Ok(source),
    };
    let mut manifest = BTreeMap::new();
    let bindgen_dir = target_dir.join("xtask-bindgen");
    let mut every_widget = None;
    let mut bundles = Vec::new();
    for module in modules {
        let stem = module.kinds.stem(WASM_PACKAGE);
        let generated = bind_and_optimize(&module.wasm, &bindgen_dir.join(&stem), &stem, profile)?;
        let wasm_name = write_hashed(
            &pkg,
            &format!("{stem}.wasm"),
            &read(&generated.wasm)?,
            &mut manifest,
        )?;
        let glue = script(
            &format!("{stem}.js"),
            read(&generated.glue)?,
            Script::Module,
        )?;
        let glue_name = write_hashed(&pkg, &format!("{stem}.js"), &glue, &mut manifest)?;
        if module.kinds.0.is_empty() {
            every_widget = Some((glue_name, wasm_name));
        } else {
            let key = module.kinds.key();
            bundles.push(format!("\"{key}\":[\"./{glue_name}\",\"./{wasm_name}\"]"));
        }
    }
    let (glue_name, wasm_name) = every_widget.ok_or("no module with every widget was built")?;
    let boot = include_str!("../../site/js/boot.js")
        .replace("./GLUE", &format!("./{glue_name}"))
        .replace("./WASM", &format!("./{wasm_name}"))
        .replace("/*BUNDLES*/{}", &format!("{{{}}}", bundles.join(",")));
    let boot = script("boot.js", boot.into_bytes(), Script::Module)?;
    write_hashed(&pkg, "boot.js", &boot, &mut manifest)?;
    write_hashed(&pkg, "site.css", &stylesheet()?, &mut manifest)?;
    let root = workspace_root();
    let search_source = read(&root.join("app/docs/assets/search.js"))?;
    let search = script("search.js", search_source, Script::Classic)?;
    let search_name = write_hashed(&pkg, "search.js", &search, &mut manifest)?;
    let enhance = String::from_utf8_lossy(&read(&root.join("app/site/js/enhance.js"))?)
        .replace("./SEARCH_JS", &format!("./{search_name}"));
    let enhance = script("enhance.js", enhance.into_bytes(), Script::Module)?;
    write_hashed(&pkg, "enhance.js", &enhance, &mut manifest)?;
    write(
        &pkg.join("manifest.json"),
        manifest_json(&manifest).as_bytes(),
    )?;

    copy_tree(&root.join("public"), site_dir)
}

/// wasm-bindgen and, for release builds, wasm-opt on `input`, or their earlier output
/// when `input` has not changed since: with nine modules they take minutes, and a
/// `./serve` after a content change would otherwise redo them all.
fn bind_and_optimize(
    input: &Path,
    out_dir: &Path,
    stem: &str,
    profile: Profile,
) -> Result<wasm::BindgenOutput> {
    let stamp = out_dir.join("input.stamp");
    let optimizer = crate::node_tools::tool("wasm-opt").is_some();
    let key = format!(
        "{profile:?} wasm-opt:{optimizer} {} {}\n",
        wasm::optimize_settings(),
        content_hash(&read(input)?)
    );
    let reused = wasm::BindgenOutput {
        glue: out_dir.join(format!("{stem}.js")),
        wasm: out_dir.join(format!("{stem}_bg.wasm")),
    };
    let unchanged = std::fs::read_to_string(&stamp).is_ok_and(|old| old == key);
    if unchanged && reused.glue.is_file() && reused.wasm.is_file() {
        return Ok(reused);
    }
    let _ = std::fs::remove_file(&stamp);
    let generated = wasm::bindgen(input, out_dir, stem)?;
    if profile == Profile::Release {
        wasm::optimize(&generated.wasm)?;
    }
    write(&stamp, key.as_bytes())?;
    Ok(generated)
}

/// The stylesheet: `style/main.css`, the same `style-file` cargo-leptos builds from.
fn stylesheet() -> Result<Vec<u8>> {
    read(&workspace_root().join("style/main.css"))
}

/// `{"logical name": "hashed file name", ...}`; names are plain ASCII file names.
fn manifest_json(manifest: &BTreeMap<String, String>) -> String {
    let entries: Vec<String> = manifest
        .iter()
        .map(|(k, v)| format!("  \"{k}\": \"{v}\""))
        .collect();
    format!("{{\n{}\n}}\n", entries.join(",\n"))
}
