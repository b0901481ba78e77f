//! Server-side syntax highlighting with syntect, emitting CSS classes (no inline
//! styles, so themes switch with CSS and a strict CSP holds).
//!
//! The syntax set is two-face's extended set (it has Elixir, TOML, ...), deserialised
//! once on first use; syntect compiles each grammar's regexes lazily, so only the
//! languages that appear in the content cost anything.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::escape::push_escaped;

/// Prefix of every highlighting class (`hl-keyword`, ...), to avoid clashes with the
/// site's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Starts loading the syntax set on a background thread so the first render does not
/// wait for it. Calling it is optional.
pub fn warm_up() {
    std::thread::spawn(|| {
        syntaxes();
    });
}

/// Maps an info-string language to the syntect syntax name; `None` means plain text.
fn syntax_name(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "elixir" | "ex" | "exs" | "iex" => "Elixir",
        "erlang" | "erl" => "Erlang",
        "rust" | "rs" => "Rust",
        "bash" | "shell" | "sh" | "zsh" | "console" => "Bourne Again Shell (bash)",
        "toml" => "TOML",
        "yaml" | "yml" => "YAML",
        "json" => "JSON",
        "javascript" | "js" => "JavaScript",
        _ => return None,
    })
}

fn find(lang: &str) -> Option<&'static SyntaxReference> {
    let name = syntax_name(lang)?;
    syntaxes().find_syntax_by_name(name)
}

/// Appends `<pre class="code" data-lang="…"><code>…</code></pre>` for `code` to `out`.
/// Unknown languages (and `text`) are escaped plain text; highlighting never fails.
pub fn push_code_block(out: &mut String, lang: &str, code: &str) {
    let lang = lang.trim().to_ascii_lowercase();
    out.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        push_escaped(out, &lang);
        out.push('"');
    }
    out.push_str("><code>");
    match find(&lang).and_then(|syntax| highlighted(syntax, code)) {
        Some(html) => out.push_str(&html),
        None => push_escaped(out, code),
    }
    out.push_str("</code></pre>");
}

/// A code block whose highlighting waits until its page is rendered (see
/// [`SiteOptions::defer_highlighting`](crate::SiteOptions)): its language and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeferredCode {
    pub lang: String,
    pub code: String,
}

/// Whether `lang` is highlighted at all (without loading the syntax set): other blocks
/// are escaped text and cost nothing to render at once.
pub(crate) fn is_highlighted(lang: &str) -> bool {
    syntax_name(&lang.trim().to_ascii_lowercase()).is_some()
}

/// What stands in a page's HTML for its `n`th deferred code block.
pub(crate) fn placeholder(n: usize) -> String {
    format!("<!--fieldguide-code:{n}-->")
}

/// `html` with every placeholder replaced by its code block from `blocks`, highlighted.
pub(crate) fn fill_placeholders(html: &str, blocks: &[DeferredCode]) -> String {
    const OPEN: &str = "<!--fieldguide-code:";
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let block = after.split_once("-->").and_then(|(n, tail)| {
            let block = blocks.get(n.parse::<usize>().ok()?)?;
            Some((block, tail))
        });
        match block {
            Some((block, tail)) => {
                push_code_block(&mut out, &block.lang, &block.code);
                rest = tail;
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn highlighted(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let set = syntaxes();
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_language_is_found() {
        for lang in [
            "elixir",
            "erlang",
            "rust",
            "bash",
            "shell",
            "sh",
            "toml",
            "yaml",
            "json",
            "javascript",
        ] {
            assert!(find(lang).is_some(), "{lang}");
        }
    }

    #[test]
    fn elixir_gets_classes_and_unknown_is_plain() {
        let mut out = String::new();
        push_code_block(
            &mut out,
            "elixir",
            "defmodule A do\n  def x, do: :ok\nend\n",
        );
        assert!(
            out.starts_with("<pre class=\"code\" data-lang=\"elixir\"><code><span class=\"hl-"),
            "{out}"
        );
        let mut plain = String::new();
        push_code_block(&mut plain, "cobol<x>", "a < b\n");
        assert_eq!(
            plain,
            "<pre class=\"code\" data-lang=\"cobol&lt;x&gt;\"><code>a &lt; b\n</code></pre>"
        );
    }

    #[test]
    fn placeholders_are_filled_with_the_highlighted_block() {
        let blocks = vec![DeferredCode {
            lang: "elixir".into(),
            code: "def x, do: :ok\n".into(),
        }];
        let html = format!("<p>a</p>\n{}\n<p>b</p>", placeholder(0));
        let mut expected = String::from("<p>a</p>\n");
        push_code_block(&mut expected, "elixir", "def x, do: :ok\n");
        expected.push_str("\n<p>b</p>");
        assert_eq!(fill_placeholders(&html, &blocks), expected);
        // An index out of range (an author's own comment) is left as it is.
        let other = "<!--fieldguide-code:7--> <!--fieldguide-code:x";
        assert_eq!(fill_placeholders(other, &blocks), other);
    }
}
