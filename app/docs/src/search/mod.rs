//! Full-text search over page sections.
//!
//! # Why a hand-made index and not tantivy
//! The whole site is a few hundred pages, a few thousand h2/h3 sections: a query scans
//! a handful of posting lists. tantivy would add a large dependency tree (compile time
//! on a 2-core machine), a directory or mmap-based store, and cannot be queried from
//! the static export without shipping it as WASM. This index is a sorted term map with
//! per-section term frequencies in three fields; it is written as prefix shards
//! (`shards.rs`) that `assets/search.js` queries with the same formula.
//!
//! # Analysis
//! `tokenize.rs`: words lower-cased, stop words dropped, Snowball English stems.
//!
//! # Ranking
//! Each section (the text under an h2/h3, or a page's intro) is a document with three
//! fields: the page title, the section heading and the body. Per query term, a
//! section scores the term's IDF times its *field score*: the body frequency,
//! length-normalised (b = 0.75) and saturated as in BM25 (k1 = 1.2, at most 2.2), plus
//! a flat bonus when the term is in the heading (2.5) or the page title (1.5). The
//! heading bonus exceeds anything the body alone can score, so a section that is
//! *about* a term (its heading names it) ranks above one that only mentions it, however
//! often. The field score depends on the section only, so the shards carry it
//! precomputed. The sum over terms is scaled by the fraction of query terms the
//! section matched; a query word that is not a known stem is tried as a prefix of the
//! content's words (search-as-you-type) at 70 % weight. Last, among the best
//! [`PHRASE_RERANK`] sections, those holding the query's words in order, as a phrase,
//! are boosted by [`PHRASE_BOOST`].

mod phrase;
mod shards;
mod snippet;
mod tokenize;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub use shards::Shards;

/// Longest query (in bytes) that is looked at; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 256;
/// Most distinct terms used from a query.
pub const MAX_QUERY_TERMS: usize = 10;
/// Most vocabulary terms a prefix may expand to.
const MAX_PREFIX_EXPANSION: usize = 20;

pub(crate) const K1: f32 = 1.2;
pub(crate) const B: f32 = 0.75;
/// Added to the field score when the term is in the section's heading: more than the
/// body can reach (k1 + 1).
pub(crate) const HEADING_BONUS: f32 = 2.5;
/// Added when the term is in the page title.
pub(crate) const TITLE_BONUS: f32 = 1.5;
pub(crate) const PREFIX_WEIGHT: f32 = 0.7;
/// Score factor of a section that holds the query's words as a phrase.
pub(crate) const PHRASE_BOOST: f32 = 1.5;
/// How many of the best sections are checked for the phrase.
pub(crate) const PHRASE_RERANK: usize = 50;

/// One searchable section, as handed to [`SearchIndex::build`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionDoc {
    /// Index of the page in the site.
    pub page: usize,
    /// Index of the page's skill in the site.
    pub skill: usize,
    /// The page's title.
    pub page_title: String,
    /// URL of the section (with `#anchor`, or the page URL for the intro).
    pub url: String,
    /// Section heading (empty for the intro).
    pub heading: String,
    /// Plain text of the section.
    pub text: String,
}

/// A ranked search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The page's title.
    pub page_title: String,
    /// The section heading (empty for a page's intro).
    pub heading: String,
    /// Where to go: page URL with the heading anchor.
    pub url: String,
    /// An excerpt, HTML-escaped, with matches wrapped in `<mark>`.
    pub snippet_html: String,
    /// The score (higher is better).
    pub score: f32,
    /// The section's number: its fragment is `d/<section>.json` (see [`Shards`]).
    pub section: usize,
}

/// Frequencies of one term in one section, per field (title, heading, body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Posting {
    pub doc: u32,
    pub tf: [u16; 3],
}

/// An inverted index over sections.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub(crate) docs: Vec<SectionDoc>,
    /// Body length in terms, per section.
    pub(crate) body_len: Vec<u32>,
    pub(crate) avg_body_len: f32,
    /// Stem -> postings, docs ascending.
    pub(crate) terms: BTreeMap<String, Vec<Posting>>,
    /// Every lower-cased word of the content -> its stem.
    pub(crate) words: BTreeMap<String, String>,
}

/// What one query term may match: stems, each with its weight.
type Alternatives = Vec<(String, f32)>;

impl SearchIndex {
    /// Indexes the sections.
    pub fn build(docs: Vec<SectionDoc>) -> SearchIndex {
        // Gathered in hash maps, sorted once at the end: inserting every occurrence into
        // the B-trees compared strings all the way down (`memcmp` was 14% of the time):
        // at 400 pages (load average 8) 0.93 to 0.98 s before, 0.72 to 0.79 s after.
        let mut terms: HashMap<String, Vec<Posting>> = HashMap::new();
        let mut words: HashMap<String, String> = HashMap::new();
        let mut body_len = Vec::with_capacity(docs.len());
        let mut stems = tokenize::Stems::default();
        for (i, doc) in docs.iter().enumerate() {
            let mut counts: HashMap<String, [u16; 3]> = HashMap::new();
            for (field, text) in [&doc.page_title, &doc.heading, &doc.text]
                .iter()
                .enumerate()
            {
                let toks = tokenize::tokens_with(text, &mut stems);
                if field == 2 {
                    body_len.push(toks.len() as u32);
                }
                for t in toks {
                    words.entry(t.word).or_insert_with(|| t.term.clone());
                    let tf = counts.entry(t.term).or_default();
                    tf[field] = tf[field].saturating_add(1);
                }
            }
            for (term, tf) in counts {
                terms
                    .entry(term)
                    .or_default()
                    .push(Posting { doc: i as u32, tf });
            }
        }
        for postings in terms.values_mut() {
            postings.sort_by_key(|p| p.doc);
        }
        let terms: BTreeMap<String, Vec<Posting>> = terms.into_iter().collect();
        let words: BTreeMap<String, String> = words.into_iter().collect();
        let avg_body_len = if body_len.is_empty() {
            1.0
        } else {
            (body_len.iter().map(|&l| l as f32).sum::<f32>() / body_len.len() as f32).max(1.0)
        };
        SearchIndex {
            docs,
            body_len,
            avg_body_len,
            terms,
            words,
        }
    }

    /// The indexed sections, in order.
    pub fn sections(&self) -> &[SectionDoc] {
        &self.docs
    }

    /// Number of indexed sections.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The best `limit` sections for `query`, best first. Only the first
    /// [`MAX_QUERY_BYTES`] bytes and [`MAX_QUERY_TERMS`] distinct terms are used, so any
    /// input is cheap.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        self.search_in(query, None, limit)
    }

    /// [`SearchIndex::search`] among the sections of one skill (by its index in the
    /// site), or of all when `skill` is `None`.
    pub fn search_in(&self, query: &str, skill: Option<usize>, limit: usize) -> Vec<SearchHit> {
        let words = query_words(query);
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        let alternatives: Vec<Alternatives> = words.iter().map(|w| self.expand(w)).collect();
        let n = self.docs.len() as f32;
        let mut scores: HashMap<u32, (f32, usize)> = HashMap::new();
        for alts in &alternatives {
            let mut best: HashMap<u32, f32> = HashMap::new();
            for (stem, weight) in alts {
                let postings = &self.terms[stem];
                let df = postings.len() as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for p in postings {
                    if skill.is_some_and(|k| self.docs[p.doc as usize].skill != k) {
                        continue;
                    }
                    let s = weight * idf * self.field_score(p);
                    let b = best.entry(p.doc).or_insert(0.0);
                    *b = b.max(s);
                }
            }
            for (doc, s) in best {
                let e = scores.entry(doc).or_insert((0.0, 0));
                e.0 += s;
                e.1 += 1;
            }
        }
        let q = words.len() as f32;
        let mut ranked: Vec<(u32, f32)> = scores
            .into_iter()
            .map(|(doc, (s, m))| (doc, s * (m as f32 / q)))
            .collect();
        let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        ranked.sort_by(by_score);
        if words.len() > 1 {
            let sets: Vec<HashSet<&str>> = alternatives
                .iter()
                .map(|alts| alts.iter().map(|(s, _)| s.as_str()).collect())
                .collect();
            for (doc, score) in ranked.iter_mut().take(PHRASE_RERANK) {
                let d = &self.docs[*doc as usize];
                if phrase::contains(&d.heading, &sets) || phrase::contains(&d.text, &sets) {
                    *score *= PHRASE_BOOST;
                }
            }
            ranked.sort_by(by_score);
        }
        ranked.truncate(limit);
        let matched: Vec<String> = alternatives.into_iter().flatten().map(|(s, _)| s).collect();
        ranked
            .into_iter()
            .map(|(doc, score)| {
                let d = &self.docs[doc as usize];
                SearchHit {
                    page_title: d.page_title.clone(),
                    heading: d.heading.clone(),
                    url: d.url.clone(),
                    snippet_html: snippet::snippet(&d.text, &matched),
                    score,
                    section: doc as usize,
                }
            })
            .collect()
    }

    /// The stem of the word if it is indexed, else the stems of up to
    /// [`MAX_PREFIX_EXPANSION`] content words it prefixes, with their weights.
    fn expand(&self, word: &str) -> Alternatives {
        let stem = tokenize::stem(word);
        if self.terms.contains_key(&stem) {
            return vec![(stem, 1.0)];
        }
        if word.chars().count() < 2 {
            return Vec::new();
        }
        let mut out: Alternatives = Vec::new();
        let range = self
            .words
            .range::<str, _>((std::ops::Bound::Included(word), std::ops::Bound::Unbounded));
        for (_, stem) in range.take_while(|(w, _)| w.starts_with(word)) {
            if !out.iter().any(|(s, _)| s == stem) {
                out.push((stem.clone(), PREFIX_WEIGHT));
            }
            if out.len() == MAX_PREFIX_EXPANSION {
                break;
            }
        }
        out
    }

    /// The query-independent part of a section's score for a term: saturated body
    /// frequency plus the heading and title bonuses, rounded to tenths as the shards
    /// carry it, so that server and browser rank alike.
    pub(crate) fn field_score(&self, p: &Posting) -> f32 {
        let len = self.body_len.get(p.doc as usize).copied().unwrap_or(0) as f32;
        let body_norm = 1.0 - B + B * len / self.avg_body_len;
        let tf = f32::from(p.tf[2]) / body_norm;
        let body = tf * (K1 + 1.0) / (tf + K1);
        let bonus = |tf: u16, bonus: f32| if tf > 0 { bonus } else { 0.0 };
        let score = body + bonus(p.tf[1], HEADING_BONUS) + bonus(p.tf[0], TITLE_BONUS);
        (score * 10.0).round() / 10.0
    }
}

/// The distinct lower-cased words of a query, bounded in length and number.
fn query_words(query: &str) -> Vec<String> {
    let mut end = query.len().min(MAX_QUERY_BYTES);
    while !query.is_char_boundary(end) {
        end -= 1;
    }
    let mut words: Vec<String> = Vec::new();
    // A hyphenated query word is searched as its joined form only.
    let toks = tokenize::tokens(&query[..end]);
    for (i, t) in toks.iter().enumerate() {
        let covered = toks
            .iter()
            .skip(i + 1)
            .any(|c| c.start <= t.start && c.end >= t.end && (c.start, c.end) != (t.start, t.end));
        if !covered && !words.contains(&t.word) {
            words.push(t.word.clone());
        }
        if words.len() == MAX_QUERY_TERMS {
            break;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(page: usize, title: &str, heading: &str, text: &str) -> SectionDoc {
        SectionDoc {
            page,
            skill: page % 2,
            page_title: title.into(),
            url: format!("/p{page}#{}", crate::slug::slugify(heading)),
            heading: heading.into(),
            text: text.into(),
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::build(vec![
            doc(
                0,
                "Consensus",
                "Raft",
                "Leader election with terms and votes. Pre-vote avoids disruption.",
            ),
            doc(
                1,
                "Locks and leases",
                "Fencing tokens",
                "A fencing token is a number that grows with each lease.",
            ),
            doc(
                2,
                "Clustering",
                "libcluster",
                "libcluster strategies: Gossip uses UDP multicast; EPMD lists hosts.",
            ),
            doc(
                3,
                "Trade-offs",
                "CAP and PACELC",
                "PACELC says: else, latency versus consistency.",
            ),
            doc(
                4,
                "Tokens everywhere",
                "Intro",
                "token token token fencing is mentioned once",
            ),
        ])
    }

    #[test]
    fn ranks_the_right_section_first() {
        let idx = index();
        for (q, url) in [
            ("fencing token", "/p1"),
            ("libcluster gossip", "/p2"),
            ("PACELC", "/p3"),
            ("pre-vote", "/p0"),
            ("prevote", "/p0"),
        ] {
            let hits = idx.search(q, 5);
            assert!(hits[0].url.starts_with(url), "{q}: {hits:#?}");
        }
    }

    #[test]
    fn a_section_about_a_term_ranks_above_mentions() {
        let idx = SearchIndex::build(vec![
            doc(
                0,
                "Notes",
                "Misc",
                "linearizable linearizable linearizable reads",
            ),
            doc(1, "Models", "Linearizability", "One order for everything."),
            doc(2, "Notes", "Other", "linearizable once"),
        ]);
        for q in ["linearizable", "linearizability", "Linearizable"] {
            assert_eq!(idx.search(q, 5)[0].url, "/p1#linearizability", "{q}");
        }
    }

    #[test]
    fn an_exact_phrase_ranks_first() {
        let idx = SearchIndex::build(vec![
            doc(
                0,
                "A",
                "One",
                "the log is long; replication is slow and replication again",
            ),
            doc(1, "B", "Two", "log replication in short"),
        ]);
        assert_eq!(idx.search("log replication", 5)[0].url, "/p1#two");
        assert_eq!(idx.search("replication", 5)[0].url, "/p0#one");
    }

    #[test]
    fn the_skill_filter_keeps_one_skill() {
        let idx = index();
        let all = idx.search("token", 10);
        assert!(all.iter().any(|h| h.url.starts_with("/p1")));
        let even = idx.search_in("token", Some(0), 10);
        assert!(
            !even.is_empty() && even.iter().all(|h| h.url.starts_with("/p4")),
            "{even:?}"
        );
        assert!(idx.search_in("token", Some(7), 10).is_empty());
    }

    #[test]
    fn prefix_and_snippet() {
        let idx = index();
        let hits = idx.search("libclus", 5);
        assert_eq!(hits[0].url, "/p2#libcluster");
        assert!(
            hits[0].snippet_html.contains("<mark>libcluster</mark>"),
            "{}",
            hits[0].snippet_html
        );
    }

    #[test]
    fn hostile_queries_are_cheap_and_safe() {
        let idx = index();
        let huge = "<script>fencing ".repeat(7000);
        let start = std::time::Instant::now();
        let hits = idx.search(&huge, 10);
        assert!(start.elapsed().as_millis() < 200);
        assert!(hits.iter().all(|h| !h.snippet_html.contains("<script")));
        assert!(idx.search("", 10).is_empty());
        assert!(idx.search("éé \u{0} \u{10ffff}", 10).is_empty());
    }
}
