//! Every ```elixir block in `content/` must parse: each is checked with
//! `Code.string_to_quoted!` by the `elixir` executable (Debian's `elixir` package).
//! Without `elixir` the test fails with instructions, unless `SKIP_ELIXIR=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// An elixir block: file, line of its opening fence, and code.
struct Block {
    file: PathBuf,
    line: usize,
    code: String,
}

fn elixir_blocks(dir: &Path) -> Vec<Block> {
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

#[test]
fn every_elixir_block_in_content_parses() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    if !dir.is_dir() {
        println!("SKIPPED: no content directory at {}", dir.display());
        return;
    }
    let blocks = elixir_blocks(&dir);
    if Command::new("elixir").arg("--version").output().is_err() {
        if std::env::var("SKIP_ELIXIR").as_deref() == Ok("1") {
            println!("SKIPPED: elixir is not installed and SKIP_ELIXIR=1");
            return;
        }
        panic!(
            "`elixir` is not installed: install Debian's package (`apt-get install -y elixir`) \
             or set SKIP_ELIXIR=1 to skip this test"
        );
    }
    // One elixir process checks every block: blocks are passed as files in a temp dir.
    let tmp = std::env::temp_dir().join(format!("docs-elixir-blocks-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap_or_else(|e| panic!("{}: {e}", tmp.display()));
    for (i, block) in blocks.iter().enumerate() {
        std::fs::write(tmp.join(format!("{i:04}.exs")), &block.code)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let script = r#"
      [dir] = System.argv()
      dir |> File.ls!() |> Enum.sort() |> Enum.each(fn f ->
        code = File.read!(Path.join(dir, f))
        try do
          Code.string_to_quoted!(code)
        rescue
          e -> IO.puts("FAIL #{f} #{Exception.message(e) |> String.replace("\n", " ")}")
        end
      end)
    "#;
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
    let stdout = String::from_utf8_lossy(&output.stdout);
    let failures: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("FAIL "))
        .map(|l| {
            let (name, message) = l.split_once(' ').unwrap_or((l, ""));
            let index: usize = name.trim_end_matches(".exs").parse().unwrap_or(0);
            let b = &blocks[index.min(blocks.len().saturating_sub(1))];
            format!("{}:{}: {message}", b.file.display(), b.line)
        })
        .collect();
    println!("checked {} elixir blocks", blocks.len());
    assert!(
        failures.is_empty(),
        "elixir blocks that do not parse:\n{}",
        failures.join("\n")
    );
}
