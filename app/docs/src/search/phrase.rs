//! Whether a text holds the query's words in order, as a phrase.

use std::collections::HashSet;

use super::tokenize;

/// Whether `text` has consecutive words whose stems are in `sets[0]`, `sets[1]`, ...
/// in that order. The joined form of a hyphenated word (`prevot` after `pre`, `vote`)
/// is skipped, so it does not break the sequence.
pub(crate) fn contains(text: &str, sets: &[HashSet<&str>]) -> bool {
    if sets.is_empty() {
        return false;
    }
    let mut stems: Vec<String> = Vec::new();
    let mut last: Option<(usize, usize)> = None;
    for t in tokenize::tokens(text) {
        let joined = last.is_some_and(|(s, e)| t.start <= s && t.end == e && t.start != s);
        if !joined {
            last = Some((t.start, t.end));
            stems.push(t.term);
        }
    }
    stems.windows(sets.len()).any(|window| {
        window
            .iter()
            .zip(sets)
            .all(|(stem, set)| set.contains(stem.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets<'a>(stems: &[&'a str]) -> Vec<HashSet<&'a str>> {
        stems.iter().map(|s| HashSet::from([*s])).collect()
    }

    #[test]
    fn finds_words_in_order_only() {
        let text = "Log replication in Raft uses a pre-vote round";
        assert!(contains(text, &sets(&["log", "replic"])));
        assert!(!contains(text, &sets(&["replic", "log"])));
        // Stop words are not words of the phrase: "replication in Raft" is "replic raft".
        assert!(contains(text, &sets(&["replic", "raft"])));
        assert!(contains(text, &sets(&["pre", "vote", "round"])));
    }
}
