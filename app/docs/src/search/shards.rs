//! The index as files the browser fetches a few at a time (what Pagefind does), for
//! the instant search box and the static export.
//!
//! # Layout
//! - The manifest (`search-index.json`, revalidated): the number of sections, the
//!   ranking constants, where the other files are (`root`, a directory named by a hash
//!   of their contents, so they can be cached for ever), the shard keys that exist and
//!   each skill's range of section numbers (for the skill filter).
//! - A shard per word prefix, `s/<hex of the UTF-8 of the prefix>.json`: the prefix is
//!   a content word's first two characters (the whole word if shorter). It holds every
//!   content word with that prefix, each mapped to its stem, and those stems' postings:
//!   `{"w": {"linearizable": 0, ...}, "t": [["lineariz", [doc delta, score, ...]], ...]}`,
//!   where doc numbers are deltas from the previous posting's and the score is the
//!   section's field score (see `mod.rs`) times 10, rounded.
//! - A fragment per section, `d/<section number>.json`:
//!   `[page title, heading, url, text]`, fetched only for the results shown.
//!
//! # Why the browser gets words, not a stemmer
//! The stems come from the Snowball stemmer in Rust. Shipping it to the browser means
//! WASM or a second implementation that must agree with it; instead each shard maps the
//! content's own words to their stems, made by the one stemmer. A query word that
//! occurs in the content thus finds exactly the stem the server would use, and its
//! inflections with it (`linearizable` -> `lineariz` <- `linearizability`); a word
//! being typed matches the words it prefixes. What the browser cannot do is stem a word
//! that appears nowhere in the content: it then matches as a prefix only (the server
//! stems it; both find nothing the content does not say).

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::ops::Bound;

use super::{SearchIndex, PHRASE_BOOST, PREFIX_WEIGHT};

/// The files of the sharded index, without the manifest (which names where they are).
#[derive(Debug, Clone)]
pub struct Shards {
    /// The shards: (path relative to the root, JSON text). The fragments are made one
    /// at a time by [`SearchIndex::fragment`], so a server need not hold them twice.
    pub files: Vec<(String, String)>,
    keys: Vec<String>,
    sections: usize,
    skills: Vec<(String, usize, usize)>,
}

impl Shards {
    /// The manifest, for files served below `root` (a URL ending in `/`).
    pub fn manifest(&self, root: &str) -> String {
        let skills: Vec<Value> = self
            .skills
            .iter()
            .map(|(name, first, end)| json!([name, first, end]))
            .collect();
        json!({
            "v": 2,
            "n": self.sections,
            "prefix": tenths(PREFIX_WEIGHT),
            "phrase": tenths(PHRASE_BOOST),
            "root": root,
            "shards": self.keys,
            "skills": skills,
        })
        .to_string()
    }
}

/// `x` as written in the source (`0.7`, not the `f32`'s `0.699999988…`).
fn tenths(x: f32) -> f64 {
    (f64::from(x) * 10.0).round() / 10.0
}

/// The shard key of a lower-cased word: its first two characters.
pub(crate) fn shard_key(word: &str) -> &str {
    match word.char_indices().nth(2) {
        Some((end, _)) => &word[..end],
        None => word,
    }
}

/// Lower-case hex of the key's UTF-8, a file name safe everywhere.
fn hex(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

impl SearchIndex {
    /// The shards and fragments; `skills` names each skill by its index in the site.
    pub fn shards(&self, skills: &[String]) -> Shards {
        let mut by_key: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for (word, stem) in &self.words {
            by_key
                .entry(shard_key(word))
                .or_default()
                .push((word, stem));
        }
        let mut files = Vec::new();
        let mut keys = Vec::new();
        for (key, words) in by_key {
            let mut stems: Vec<&str> = words.iter().map(|(_, s)| *s).collect();
            stems.sort_unstable();
            stems.dedup();
            let w: serde_json::Map<String, Value> = words
                .iter()
                .map(|(word, stem)| {
                    let i = stems.binary_search(stem).unwrap_or_default();
                    ((*word).to_owned(), json!(i))
                })
                .collect();
            let t: Vec<Value> = stems
                .iter()
                .map(|stem| json!([stem, self.encode_postings(stem)]))
                .collect();
            keys.push(hex(key));
            files.push((
                format!("s/{}.json", hex(key)),
                json!({"w": w, "t": t}).to_string(),
            ));
        }
        Shards {
            files,
            keys,
            sections: self.docs.len(),
            skills: self.skill_ranges(skills),
        }
    }

    /// The shards the browser fetches for `query`: `s/<hex>.json` for each query word's
    /// key that has a shard, without repeats.
    pub fn shard_paths(&self, query: &str) -> Vec<String> {
        let mut paths: Vec<String> = Vec::new();
        for word in super::query_words(query) {
            let key = shard_key(&word);
            let exists = self
                .words
                .range::<str, _>((Bound::Included(key), Bound::Unbounded))
                .next()
                .is_some_and(|(w, _)| shard_key(w) == key);
            let path = format!("s/{}.json", hex(key));
            if exists && !paths.contains(&path) {
                paths.push(path);
            }
        }
        paths
    }

    /// The fragment of section `i` (served as `d/<i>.json`), if there is one.
    pub fn fragment(&self, i: usize) -> Option<String> {
        let d = self.docs.get(i)?;
        Some(json!([d.page_title, d.heading, d.url, d.text]).to_string())
    }

    /// Doc deltas and field scores (times 10), interleaved.
    fn encode_postings(&self, stem: &str) -> Vec<u32> {
        let mut previous = 0;
        let mut flat = Vec::new();
        for p in self.terms.get(stem).into_iter().flatten() {
            flat.push(p.doc - previous);
            flat.push((self.field_score(p) * 10.0).round() as u32);
            previous = p.doc;
        }
        flat
    }

    /// Each skill's first section and the one after its last (sections are in site
    /// order, a skill's together).
    fn skill_ranges(&self, skills: &[String]) -> Vec<(String, usize, usize)> {
        skills
            .iter()
            .enumerate()
            .filter_map(|(k, name)| {
                let first = self.docs.iter().position(|d| d.skill == k)?;
                let end = first
                    + self.docs[first..]
                        .iter()
                        .take_while(|d| d.skill == k)
                        .count();
                Some((name.clone(), first, end))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SectionDoc;

    #[test]
    fn keys_are_the_first_two_characters() {
        assert_eq!(shard_key("raft"), "ra");
        assert_eq!(shard_key("é"), "é");
        assert_eq!(shard_key("élan"), "él");
        assert_eq!(hex("ra"), "7261");
    }

    #[test]
    fn a_shard_maps_words_to_stems_and_holds_their_postings() {
        let doc = |skill: usize, text: &str| SectionDoc {
            page: skill,
            skill,
            page_title: "T".into(),
            url: format!("/p{skill}"),
            heading: String::new(),
            text: text.into(),
        };
        let index = SearchIndex::build(vec![
            doc(0, "linearizable reads"),
            doc(1, "linearizability"),
        ]);
        let shards = index.shards(&["one".into(), "two".into()]);
        let (_, li) = shards
            .files
            .iter()
            .find(|(path, _)| path == &format!("s/{}.json", hex("li")))
            .expect("shard li");
        let shard: Value = serde_json::from_str(li).unwrap();
        assert_eq!(shard["w"]["linearizable"], 0);
        assert_eq!(shard["w"]["linearizability"], 0);
        assert_eq!(shard["t"][0][0], "lineariz");
        assert_eq!(shard["t"][0][1].as_array().unwrap().len(), 4);
        let manifest: Value = serde_json::from_str(&shards.manifest("/s/x/")).unwrap();
        assert_eq!(manifest["skills"], json!([["one", 0, 1], ["two", 1, 2]]));
        assert!(index.fragment(1).unwrap().contains("linearizability"));
        // Two words of one shard fetch it once; a word no content word starts like, none.
        assert_eq!(
            index.shard_paths("Linearizable linearizability reads zebra"),
            [
                format!("s/{}.json", hex("li")),
                format!("s/{}.json", hex("re"))
            ]
        );
        assert_eq!(index.fragment(2), None);
    }
}
