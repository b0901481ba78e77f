//! Shared by the tests that check ```elixir blocks: finding the blocks in `content/` and
//! running one `elixir` process over all of them (Debian's `elixir` package).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// An elixir block: file, line of its opening fence, and code.
pub struct Block {
    pub file: PathBuf,
    pub line: usize,
    pub code: String,
}

/// The real `content/` directory, or `None` (with a message) when it is missing.
pub fn content_dir() -> Option<PathBuf> {
    let dir = repo_root().join("content");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("SKIPPED: no content directory at {}", dir.display());
        None
    }
}

fn repo_root() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// `path` relative to the repository, as messages name files.
pub fn shown(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Every ```elixir block under `dir`, in file order.
pub fn elixir_blocks(dir: &Path) -> Vec<Block> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut blocks = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let mut current: Option<(usize, String, String)> = None;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            match &mut current {
                None => {
                    if let Some(info) = trimmed.strip_prefix("```") {
                        let lang = info.split_whitespace().next().unwrap_or("");
                        let indent = line.len() - trimmed.len();
                        let code = if lang == "elixir" {
                            String::new()
                        } else {
                            "-".into()
                        };
                        current = Some((i + 1, " ".repeat(indent), code));
                    }
                }
                Some((start, indent, code)) => {
                    if trimmed.starts_with("```") {
                        if code.as_str() != "-" {
                            blocks.push(Block {
                                file: file.clone(),
                                line: *start,
                                code: std::mem::take(code),
                            });
                        }
                        current = None;
                    } else if code.as_str() != "-" {
                        code.push_str(line.strip_prefix(indent.as_str()).unwrap_or(line));
                        code.push('\n');
                    }
                }
            }
        }
    }
    blocks
}

/// Whether the test can run: `elixir` is installed, or the test is skipped on purpose
/// (`SKIP_ELIXIR=1`, returns false). Without either it panics with instructions.
pub fn elixir_available() -> bool {
    if Command::new("elixir").arg("--version").output().is_ok() {
        return true;
    }
    if std::env::var("SKIP_ELIXIR").as_deref() == Ok("1") {
        println!("SKIPPED: elixir is not installed and SKIP_ELIXIR=1");
        return false;
    }
    panic!(
        "`elixir` is not installed: install Debian's package (`apt-get install -y elixir`) \
         or set SKIP_ELIXIR=1 to skip this test"
    );
}

/// Runs `script` once with a directory argument holding every block as `NNNN.exs`
/// (NNNN is the block's index), and returns its standard output.
pub fn run_elixir(blocks: &[Block], script: &str, tag: &str) -> String {
    // Unique per call: tests in one binary run in parallel.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let tmp = std::env::temp_dir().join(format!("docs-{tag}-{}-{run}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap_or_else(|e| panic!("{}: {e}", tmp.display()));
    for (i, block) in blocks.iter().enumerate() {
        std::fs::write(tmp.join(format!("{i:04}.exs")), &block.code)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let output = Command::new("elixir")
        .arg("-e")
        .arg(script)
        .arg(&tmp)
        .output()
        .unwrap_or_else(|e| panic!("cannot run elixir: {e}"));
    std::fs::remove_dir_all(&tmp).ok();
    assert!(
        output.status.success(),
        "elixir failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The index of the block a `NNNN.exs` file name refers to.
pub fn block_index(file_name: &str) -> usize {
    file_name
        .trim_end_matches(".exs")
        .parse()
        .unwrap_or_else(|_| panic!("unexpected block file name {file_name:?}"))
}

/// The block a `NNNN.exs` file name refers to.
pub fn block_of<'a>(blocks: &'a [Block], file_name: &str) -> &'a Block {
    &blocks[block_index(file_name)]
}
