//! Every ```elixir block in `content/` must parse: each is checked with
//! `Code.string_to_quoted!` by the `elixir` executable (Debian's `elixir` package).
//! Without `elixir` the test fails with instructions, unless `SKIP_ELIXIR=1`.

mod support;

use support::{block_of, content_dir, elixir_available, elixir_blocks, run_elixir, shown};

const PARSE_SCRIPT: &str = r#"
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

#[test]
fn every_elixir_block_in_content_parses() {
    let Some(dir) = content_dir() else { return };
    let blocks = elixir_blocks(&dir);
    if !elixir_available() {
        return;
    }
    let stdout = run_elixir(&blocks, PARSE_SCRIPT, "elixir-blocks");
    let failures: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("FAIL "))
        .map(|l| {
            let (name, message) = l.split_once(' ').unwrap_or((l, ""));
            let b = block_of(&blocks, name);
            format!("{}:{}: {message}", shown(&b.file), b.line)
        })
        .collect();
    println!("checked {} elixir blocks", blocks.len());
    assert!(
        failures.is_empty(),
        "elixir blocks that do not parse:\n{}",
        failures.join("\n")
    );
}
