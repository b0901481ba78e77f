//! Turning text into index terms. `assets/search.js` mirrors these rules exactly.
//!
//! Words are runs of letters and digits, lowercased. Words joined by `-` also give
//! the joined form (`pre-vote` gives `pre`, `vote` and `prevote`), so `PreVote` and
//! `pre-vote` meet. A light plural stemmer (`sses`→`ss`, `ies`→`y`, trailing `s`)
//! and a short stop list complete it.

/// Words that carry no meaning for ranking.
const STOP: [&str; 20] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "in", "is", "it", "of", "on", "or",
    "that", "the", "this", "to", "with",
];

/// Longest term kept (longer runs are noise such as hashes).
const MAX_TERM: usize = 40;

/// A term and the byte range of the word it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub term: String,
    pub start: usize,
    pub end: usize,
}

/// The index terms of `text`, in order, with byte ranges.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut compound: Vec<(usize, usize)> = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut prev_end = 0;
    let flush_compound = |compound: &mut Vec<(usize, usize)>, out: &mut Vec<Token>| {
        if compound.len() > 1 {
            let start = compound[0].0;
            let end = compound[compound.len() - 1].1;
            let joined: String = compound.iter().map(|&(s, e)| &text[s..e]).collect();
            push_term(out, &joined, start, end);
        }
        compound.clear();
    };
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphanumeric() {
            if word_start.is_none() {
                // A word directly after `-` continues a compound.
                let joined = !compound.is_empty() && prev_end + 1 == i && text[prev_end..i] == *"-";
                if !joined {
                    flush_compound(&mut compound, &mut out);
                }
                word_start = Some(i);
            }
        } else if let Some(start) = word_start.take() {
            push_term(&mut out, &text[start..i], start, i);
            compound.push((start, i));
            prev_end = i;
            if c != '-' {
                flush_compound(&mut compound, &mut out);
            }
        } else if !compound.is_empty() && i != prev_end {
            flush_compound(&mut compound, &mut out);
        }
    }
    out
}

fn push_term(out: &mut Vec<Token>, word: &str, start: usize, end: usize) {
    if let Some(term) = normalize(word) {
        out.push(Token { term, start, end });
    }
}

/// Lowercases and stems a word; `None` for stop words and overlong words.
pub(crate) fn normalize(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    if lower.chars().count() > MAX_TERM || STOP.contains(&lower.as_str()) {
        return None;
    }
    Some(stem(lower))
}

fn stem(mut w: String) -> String {
    let n = w.chars().count();
    if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if n > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if n > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.pop();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        tokens(s).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn words_and_compounds() {
        assert_eq!(
            terms("Pre-Vote and PreVote"),
            ["pre", "vote", "prevote", "prevote"]
        );
        assert_eq!(terms("fencing tokens"), ["fencing", "token"]);
        assert_eq!(
            terms("processes, queries; consensus"),
            ["process", "query", "consensus"]
        );
        assert_eq!(terms("a - b"), ["b"]);
        assert_eq!(terms("Node.connect/1"), ["node", "connect", "1"]);
        assert_eq!(terms("x-y-z"), ["x", "y", "z", "xyz"]);
    }

    #[test]
    fn ranges_point_at_words() {
        let t = tokens("the PACELC theorem");
        assert_eq!(t[0].term, "pacelc");
        assert_eq!((t[0].start, t[0].end), (4, 10));
    }
}
