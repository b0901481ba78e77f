//! Search result excerpts with highlighted matches.

use super::tokenize;
use crate::escape::push_escaped;

/// Characters of context before the first match.
const BEFORE: usize = 60;
/// Length of an excerpt in characters.
const LENGTH: usize = 200;

/// An HTML-escaped excerpt of `text` around the first word matching one of `terms`,
/// with every matching word in `<mark>`.
pub(crate) fn snippet(text: &str, terms: &[String]) -> String {
    let tokens = tokenize::tokens(text);
    let hits: Vec<(usize, usize)> = tokens
        .iter()
        .filter(|t| terms.contains(&t.term))
        .map(|t| (t.start, t.end))
        .collect();
    let first = hits.first().map_or(0, |h| h.0);
    let start = window_start(text, first);
    let end = char_end(text, start, LENGTH);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    for &(s, e) in hits.iter().filter(|&&(s, e)| s >= start && e <= end) {
        if s < pos {
            continue;
        }
        push_escaped(&mut out, &text[pos..s]);
        out.push_str("<mark>");
        push_escaped(&mut out, &text[s..e]);
        out.push_str("</mark>");
        pos = e;
    }
    push_escaped(&mut out, &text[pos..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// Start of the window: about [`BEFORE`] characters before `at`, at a word start.
fn window_start(text: &str, at: usize) -> usize {
    let mut start = at;
    for (count, (i, _)) in text[..at].char_indices().rev().enumerate() {
        start = i;
        if count >= BEFORE {
            break;
        }
    }
    if start == 0 {
        return 0;
    }
    match text[start..at].find(' ') {
        Some(space) => start + space + 1,
        None => start,
    }
}

/// Byte index `chars` characters after `start`, backed up to a word end.
fn char_end(text: &str, start: usize, chars: usize) -> usize {
    let Some((offset, _)) = text[start..].char_indices().nth(chars) else {
        return text.len();
    };
    let end = start + offset;
    match text[start..end].rfind(' ') {
        Some(space) if space > 0 => start + space,
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_escapes() {
        let s = snippet("a <b> fencing & tokens", &["fenc".into(), "token".into()]);
        assert_eq!(
            s,
            "a &lt;b&gt; <mark>fencing</mark> &amp; <mark>tokens</mark>"
        );
    }

    #[test]
    fn windows_long_text() {
        let text = format!("{} needle {}", "word ".repeat(100), "tail ".repeat(100));
        let s = snippet(&text, &[tokenize::stem("needle")]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>needle</mark>"));
        assert!(s.chars().count() < 260);
    }
}
