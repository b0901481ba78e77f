//! Turning text into index terms.
//!
//! Words are runs of letters and digits, lowercased. Words joined by `-` also give
//! the joined form (`pre-vote` gives `pre`, `vote` and `prevote`), so `PreVote` and
//! `pre-vote` meet. Each word is reduced to its stem by the Snowball English stemmer
//! (`rust-stemmers`, the crate tantivy uses), so `linearizable` and `linearizability`
//! are one term, `lineariz`; a short stop list drops words that carry no meaning.
//!
//! `assets/search.js` splits words by the same rules but does not stem: the index
//! ships, per shard, each lower-cased word of the content with its stem, and the
//! browser looks the query's words up there (see `shards.rs`).

use std::collections::HashMap;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Words that carry no meaning for ranking.
const STOP: [&str; 20] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "in", "is", "it", "of", "on", "or",
    "that", "the", "this", "to", "with",
];

/// Longest term kept (longer runs are noise such as hashes).
const MAX_TERM: usize = 40;

/// A term, the word it came from (lower-cased) and that word's byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub term: String,
    pub word: String,
    pub start: usize,
    pub end: usize,
}

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Stems already computed, by lower-cased word: building the index stems each distinct
/// word once rather than at every occurrence. At 400 pages (`scripts/bench-scale`'s
/// content, load average 8) the Snowball stemmer was a quarter of a 1.65 s load and index
/// build in `perf`; with this cache the two took 1.2 s.
#[derive(Debug, Default)]
pub(crate) struct Stems(HashMap<String, String>);

impl Stems {
    fn stem(&mut self, word: &str) -> String {
        if let Some(stem) = self.0.get(word) {
            return stem.clone();
        }
        let stemmed = stem(word);
        self.0.insert(word.to_owned(), stemmed.clone());
        stemmed
    }
}

/// The index terms of `text`, in order, with byte ranges.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    tokens_with(text, &mut Stems::default())
}

/// [`tokens`], reusing and adding to `stems`.
pub(crate) fn tokens_with(text: &str, stems: &mut Stems) -> Vec<Token> {
    let mut out = Vec::new();
    let mut compound: Vec<(usize, usize)> = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut prev_end = 0;
    let flush_compound =
        |compound: &mut Vec<(usize, usize)>, out: &mut Vec<Token>, stems: &mut Stems| {
            if compound.len() > 1 {
                let start = compound[0].0;
                let end = compound[compound.len() - 1].1;
                let joined: String = compound.iter().map(|&(s, e)| &text[s..e]).collect();
                push_term(out, stems, &joined, start, end);
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
                    flush_compound(&mut compound, &mut out, stems);
                }
                word_start = Some(i);
            }
        } else if let Some(start) = word_start.take() {
            push_term(&mut out, stems, &text[start..i], start, i);
            compound.push((start, i));
            prev_end = i;
            if c != '-' {
                flush_compound(&mut compound, &mut out, stems);
            }
        } else if !compound.is_empty() && i != prev_end {
            flush_compound(&mut compound, &mut out, stems);
        }
    }
    out
}

fn push_term(out: &mut Vec<Token>, stems: &mut Stems, word: &str, start: usize, end: usize) {
    if let Some(word) = lower(word) {
        let term = stems.stem(&word);
        out.push(Token {
            term,
            word,
            start,
            end,
        });
    }
}

/// The lower-cased word; `None` for stop words and overlong words.
pub(crate) fn lower(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    if lower.chars().count() > MAX_TERM || STOP.contains(&lower.as_str()) {
        return None;
    }
    Some(lower)
}

/// The Snowball English stem of a lower-cased word.
pub(crate) fn stem(word: &str) -> String {
    STEMMER.stem(word).into_owned()
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
            ["pre", "vote", "prevot", "prevot"]
        );
        assert_eq!(terms("fencing tokens"), ["fenc", "token"]);
        assert_eq!(
            terms("processes, queries; consensus"),
            ["process", "queri", "consensus"]
        );
        assert_eq!(terms("a - b"), ["b"]);
        assert_eq!(terms("Node.connect/1"), ["node", "connect", "1"]);
        assert_eq!(terms("x-y-z"), ["x", "y", "z", "xyz"]);
    }

    #[test]
    fn inflected_forms_share_a_stem() {
        for group in [
            &["linearizable", "linearizability", "Linearizable"][..],
            &["replication", "replicated", "replicate", "replicates"],
            &["election", "elections"],
            &["partition", "partitions", "partitioned", "partitioning"],
        ] {
            let stems: Vec<String> = group.iter().flat_map(|w| terms(w)).collect();
            assert!(
                stems.windows(2).all(|w| w[0] == w[1]),
                "{group:?}: {stems:?}"
            );
        }
        assert_ne!(terms("lease"), terms("leader"));
        let t = &tokens("Linearizable reads")[0];
        assert_eq!(
            (t.word.as_str(), t.term.as_str()),
            ("linearizable", "lineariz")
        );
    }

    #[test]
    fn ranges_point_at_words() {
        let t = tokens("the PACELC theorem");
        assert_eq!(t[0].term, "pacelc");
        assert_eq!(t[0].word, "pacelc");
        assert_eq!((t[0].start, t[0].end), (4, 10));
    }
}
