//! The API ledger: every remote call `Module.fun/arity` in a ```elixir block must be
//! accounted for in its skill folder's `api-ledger.yaml` (a library call checked at a
//! named source, a standard-library module, or a placeholder for the reader's own
//! module), or be defined by a `defmodule` in some block. Calls are found with Elixir's
//! own parser (`Code.string_to_quoted`), run by the `elixir` executable. Entries that
//! no block uses any more fail too, so the ledger stays honest.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;
use support::{
    block_index, block_of, content_dir, elixir_available, elixir_blocks, run_elixir, shown, Block,
};

/// The ledger's file name inside each skill folder.
const LEDGER: &str = "api-ledger.yaml";

/// Prints, per block file `NNNN.exs`: `DEF f Module`, `FUN f Module name arity` and
/// `CALL f line Module.fun/arity`, or `FAIL f message` when the block does not parse.
/// Pipes add the piped argument, `&M.f/n` captures count as calls, aliases are
/// resolved, and the `Kernel.to_string/1` calls the parser inserts for string
/// interpolation are left out (Elixir 1.14 marks them only by their `::binary` type).
const EXTRACT_SCRIPT: &str = r##"
defmodule Ledger.Extract do
  def run(f, code) do
    case Code.string_to_quoted(code) do
      {:ok, ast} -> emit(f, ast)
      {:error, {meta, message, token}} ->
        IO.puts("FAIL #{f} line #{meta[:line]}: #{inspect(message)} #{inspect(token)}")
    end
  end

  defp emit(f, ast) do
    {_, aliases} = Macro.prewalk(ast, %{}, &collect_alias/2)
    {_, modules} = Macro.prewalk(ast, [], &collect_module/2)
    for {module, functions} <- modules do
      IO.puts("DEF #{f} #{module}")
      for {name, arity} <- functions, do: IO.puts("FUN #{f} #{module} #{name} #{arity}")
    end
    {_, calls} = Macro.prewalk(ast, [], &collect_call(&1, &2, aliases))
    for {line, call} <- Enum.reverse(calls), do: IO.puts("CALL #{f} #{line} #{call}")
  end

  defp collect_alias({:alias, _, [{:__aliases__, _, parts} | opts]} = node, acc) do
    as =
      case opts do
        [[as: {:__aliases__, _, [name]}]] -> name
        _ -> List.last(parts)
      end

    {node, Map.put(acc, as, parts)}
  end

  defp collect_alias(node, acc), do: {node, acc}

  defp collect_module({:defmodule, _, [{:__aliases__, _, parts}, body]} = node, acc) do
    {_, functions} = Macro.prewalk(body, [], &collect_function/2)
    {node, [{Enum.join(parts, "."), functions} | acc]}
  end

  defp collect_module(node, acc), do: {node, acc}

  defp collect_function({kind, _, [head | _]} = node, acc)
       when kind in [:def, :defp, :defmacro, :defmacrop] do
    call = with {:when, _, [inner | _]} <- head, do: inner

    case call do
      {name, _, args} when is_atom(name) ->
        args = if is_list(args), do: args, else: []
        defaults = Enum.count(args, &match?({:\\, _, _}, &1))
        arities = (length(args) - defaults)..length(args)
        {node, Enum.map(arities, &{name, &1}) ++ acc}

      _ ->
        {node, acc}
    end
  end

  defp collect_function(node, acc), do: {node, acc}

  # String interpolation: the parser wraps each value in Kernel.to_string/1.
  defp collect_call(
         {:"::", meta, [{{:., _, [Kernel, :to_string]}, _, [value]}, {:binary, _, _} = type]},
         acc,
         _aliases
       ) do
    {{:"::", meta, [value, type]}, acc}
  end

  defp collect_call({:|>, meta, [left, {call, call_meta, args}]}, acc, _aliases)
       when is_list(args) do
    {{:|>, meta, [left, {call, call_meta, [:piped | args]}]}, acc}
  end

  defp collect_call({:&, _, [{:/, _, [{{:., meta, [module, fun]}, _, []}, arity]}]}, acc, aliases)
       when is_atom(fun) and is_integer(arity) do
    {:captured, record(acc, module, fun, arity, meta, aliases)}
  end

  defp collect_call({{:., meta, [module, fun]}, _, args} = node, acc, aliases)
       when is_atom(fun) and is_list(args) do
    {node, record(acc, module, fun, length(args), meta, aliases)}
  end

  defp collect_call(node, acc, _aliases), do: {node, acc}

  defp record(acc, module, fun, arity, meta, aliases) do
    case module_name(module, aliases) do
      nil -> acc
      name -> [{meta[:line], "#{name}.#{fun}/#{arity}"} | acc]
    end
  end

  defp module_name({:__aliases__, _, [first | rest]}, aliases) when is_atom(first),
    do: Enum.join(Map.get(aliases, first, [first]) ++ rest, ".")

  defp module_name(module, _aliases) when is_atom(module), do: inspect(module)
  defp module_name(_expression, _aliases), do: nil
end

[dir] = System.argv()
for f <- dir |> File.ls!() |> Enum.sort() do
  Ledger.Extract.run(f, File.read!(Path.join(dir, f)))
end
"##;

/// `Module.fun/arity`, as written in the ledger and printed by the extractor.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
struct Call {
    module: String,
    function: String,
    arity: usize,
}

impl FromStr for Call {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let invalid = || format!("{s:?} is not `Module.fun/arity`");
        let (name, arity) = s.rsplit_once('/').ok_or_else(invalid)?;
        let (module, function) = name.rsplit_once('.').ok_or_else(invalid)?;
        let arity = arity.parse().map_err(|_| invalid())?;
        if module.is_empty() || function.is_empty() {
            return Err(invalid());
        }
        Ok(Call {
            module: module.to_owned(),
            function: function.to_owned(),
            arity,
        })
    }
}

impl TryFrom<String> for Call {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}/{}", self.module, self.function, self.arity)
    }
}

/// A non-empty string: an entry without its source or version is not a check.
// The text fields are read only to check that they are present and not empty.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(try_from = "String")]
struct Text(String);

impl TryFrom<String> for Text {
    type Error = &'static str;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        if s.trim().is_empty() {
            Err("must not be empty")
        } else {
            Ok(Text(s))
        }
    }
}

#[allow(dead_code)] // see `Text`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckedCall {
    call: Call,
    library: Text,
    version: Text,
    source: Text,
    checked: Text,
}

#[allow(dead_code)] // see `Text`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StandardModule {
    module: String,
    library: Text,
    version: Text,
    source: Text,
}

#[allow(dead_code)] // see `Text`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Placeholder {
    module: String,
    note: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ledger {
    calls: Vec<CheckedCall>,
    standard_library: Vec<StandardModule>,
    placeholders: Vec<Placeholder>,
}

impl Ledger {
    fn load(path: &Path) -> Result<Ledger, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "{}: {e} (every skill folder with elixir blocks needs one; see docs/authoring.md)",
                shown(path)
            )
        })?;
        serde_yaml_ng::from_str(&text).map_err(|e| format!("{}: {e}", shown(path)))
    }
}

/// What the extractor found in every block.
#[derive(Default)]
struct Extracted {
    /// Module -> functions (name, arity) defined in some block.
    defined: BTreeMap<String, BTreeSet<(String, usize)>>,
    /// (block index, line inside the block, call).
    calls: Vec<(usize, usize, Call)>,
    parse_failures: Vec<String>,
}

fn extract(blocks: &[Block]) -> Extracted {
    let stdout = run_elixir(blocks, EXTRACT_SCRIPT, "api-ledger");
    let mut found = Extracted::default();
    for line in stdout.lines() {
        let fields: Vec<&str> = line.splitn(5, ' ').collect();
        match fields.as_slice() {
            ["DEF", _, module] => {
                found.defined.entry((*module).to_owned()).or_default();
            }
            ["FUN", _, module, name, arity] => {
                let arity = arity
                    .parse()
                    .unwrap_or_else(|_| panic!("bad line {line:?}"));
                found
                    .defined
                    .entry((*module).to_owned())
                    .or_default()
                    .insert(((*name).to_owned(), arity));
            }
            ["CALL", file, at, call] => {
                let at = at.parse().unwrap_or_else(|_| panic!("bad line {line:?}"));
                let call = call.parse().unwrap_or_else(|e| panic!("{e}"));
                found.calls.push((block_index(file), at, call));
            }
            ["FAIL", file, rest @ ..] => {
                let b = block_of(blocks, file);
                let message = rest.join(" ");
                found.parse_failures.push(format!(
                    "{}:{}: does not parse: {message}",
                    shown(&b.file),
                    b.line
                ));
            }
            _ => panic!("unexpected extractor output {line:?}"),
        }
    }
    found
}

/// Checks every call against the definitions and the ledgers; returns the problems.
fn audit(blocks: &[Block], found: &Extracted, ledgers: &BTreeMap<PathBuf, Ledger>) -> Vec<String> {
    let mut problems = found.parse_failures.clone();
    let mut used: BTreeSet<(PathBuf, String)> = BTreeSet::new();
    for (index, at, call) in &found.calls {
        let block = &blocks[*index];
        let location = format!("{}:{}", shown(&block.file), block.line + at);
        if let Some(functions) = found.defined.get(&call.module) {
            if !functions.contains(&(call.function.clone(), call.arity)) {
                problems.push(format!(
                    "{location}: `{call}` calls a module an elixir block defines, but no block defines `{}/{}` in it",
                    call.function, call.arity
                ));
            }
            continue;
        }
        let ledger_path = ledger_path(block);
        let Some(ledger) = ledgers.get(&ledger_path) else {
            continue; // reported once when loading
        };
        let key = if ledger.calls.iter().any(|c| &c.call == call) {
            call.to_string()
        } else if ledger
            .standard_library
            .iter()
            .any(|m| m.module == call.module)
            || ledger.placeholders.iter().any(|m| m.module == call.module)
        {
            call.module.clone()
        } else {
            problems.push(format!(
                "{location}: `{call}` is not in the API ledger {}: check its arity, argument order and return shape in the library's source or docs, then add it with the version and the file or page you checked (see docs/authoring.md)",
                shown(&ledger_path)
            ));
            continue;
        };
        used.insert((ledger_path, key));
    }
    for (path, ledger) in ledgers {
        let listed = ledger
            .calls
            .iter()
            .map(|c| c.call.to_string())
            .chain(ledger.standard_library.iter().map(|m| m.module.clone()))
            .chain(ledger.placeholders.iter().map(|m| m.module.clone()));
        for key in listed {
            if !used.contains(&(path.clone(), key.clone())) {
                problems.push(format!(
                    "{}: `{key}` is listed but no elixir block in this folder uses it; remove the entry",
                    shown(path)
                ));
            }
        }
    }
    problems
}

fn ledger_path(block: &Block) -> PathBuf {
    block
        .file
        .parent()
        .map(|dir| dir.join(LEDGER))
        .unwrap_or_else(|| PathBuf::from(LEDGER))
}

/// Loads the ledger of every folder that has elixir blocks; load errors are problems.
fn load_ledgers(blocks: &[Block]) -> (BTreeMap<PathBuf, Ledger>, Vec<String>) {
    let mut ledgers = BTreeMap::new();
    let mut problems = Vec::new();
    let paths: BTreeSet<PathBuf> = blocks.iter().map(ledger_path).collect();
    for path in paths {
        match Ledger::load(&path) {
            Ok(ledger) => {
                ledgers.insert(path, ledger);
            }
            Err(e) => problems.push(e),
        }
    }
    (ledgers, problems)
}

fn check(blocks: &[Block]) -> Vec<String> {
    let (ledgers, mut problems) = load_ledgers(blocks);
    let found = extract(blocks);
    problems.extend(audit(blocks, &found, &ledgers));
    problems
}

#[test]
fn every_remote_call_in_content_is_in_the_api_ledger() {
    let Some(dir) = content_dir() else { return };
    let blocks = elixir_blocks(&dir);
    if !elixir_available() {
        return;
    }
    let problems = check(&blocks);
    assert!(
        problems.is_empty(),
        "API ledger check failed:\n{}",
        problems.join("\n")
    );
}

/// The check itself: a page with an unlisted call, a call to a function its module
/// does not define, and a ledger with an unused entry must each be reported.
#[test]
fn the_ledger_check_reports_unlisted_calls_undefined_functions_and_unused_entries() {
    if !elixir_available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("docs-api-ledger-fixture-{}", std::process::id()));
    let skill = dir.join("skill");
    std::fs::create_dir_all(&skill).unwrap_or_else(|e| panic!("{e}"));
    let page = "# Page\n\n```elixir\ndefmodule Demo do\n  def run(x), do: Map.get(x, :a)\nend\n\nDemo.run(%{})\nDemo.walk(1)\n:ra.local_query(id, {Demo, :run, []})\n\"#{Demo.run(%{})}\" |> Known.call()\n```\n";
    std::fs::write(skill.join("page.md"), page).unwrap_or_else(|e| panic!("{e}"));
    let ledger = "calls:\n  - call: \"Known.call/1\"\n    library: known\n    version: \"1.0\"\n    source: lib/known.ex\n    checked: call(x) returns x\n  - call: \"Gone.away/0\"\n    library: gone\n    version: \"1.0\"\n    source: lib/gone.ex\n    checked: away() returns :ok\nstandard_library:\n  - module: Map\n    library: Elixir\n    version: \"1.14\"\n    source: hexdocs\nplaceholders: []\n";
    std::fs::write(skill.join(LEDGER), ledger).unwrap_or_else(|e| panic!("{e}"));
    let blocks = elixir_blocks(&dir);
    let problems = check(&blocks);
    std::fs::remove_dir_all(&dir).ok();
    let page_path = skill.join("page.md").display().to_string();
    let expected = [
        format!("{page_path}:9: `Demo.walk/1` calls a module an elixir block defines, but no block defines `walk/1`"),
        format!("{page_path}:10: `:ra.local_query/2` is not in the API ledger"),
        format!("{}: `Gone.away/0` is listed but no elixir block", skill.join(LEDGER).display()),
    ];
    for e in &expected {
        assert!(
            problems.iter().any(|p| p.starts_with(e.as_str())),
            "expected a problem starting with {e:?}, got:\n{}",
            problems.join("\n")
        );
    }
    assert_eq!(problems.len(), expected.len(), "{}", problems.join("\n"));
}
