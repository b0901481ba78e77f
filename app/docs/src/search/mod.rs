//! Full-text search over page sections.
//!
//! # Why a hand-made index and not tantivy
//! The whole site is a few dozen pages, a few hundred h2/h3 sections: the index fits in
//! a few hundred kilobytes and a query scans a handful of posting lists. tantivy would
//! add a large dependency tree (compile time on a 2-core machine), a directory or
//! mmap-based store, and cannot be queried from the static export without shipping it
//! as WASM. This index is a sorted term map with per-section term frequencies in three
//! fields, ranked with BM25F; it serialises to a compact JSON that `assets/search.js`
//! queries with the same tokenizer and formula in about a hundred lines.
//!
//! # Ranking
//! Each section (the text under an h2/h3, or a page's intro) is a document with three
//! fields: the page title (weight 4), the section heading (weight 3) and the body
//! (weight 1, length-normalised with b = 0.75). Per query term the weighted frequency
//! goes through BM25's saturation (k1 = 1.2) times the term's IDF; the sum is scaled by
//! the fraction of query terms the section matched, so sections that contain every
//! term come first. When a query term matches nothing, it is tried as a prefix (for
//! search-as-you-type) at 70 % weight.

mod json;
mod snippet;
mod tokenize;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

/// Longest query (in bytes) that is looked at; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 256;
/// Most distinct terms used from a query.
pub const MAX_QUERY_TERMS: usize = 10;
/// Most vocabulary terms a prefix may expand to.
const MAX_PREFIX_EXPANSION: usize = 20;

pub(crate) const K1: f32 = 1.2;
pub(crate) const B: f32 = 0.75;
/// Field weights: page title, section heading, body.
pub(crate) const WEIGHTS: [f32; 3] = [4.0, 3.0, 1.0];
pub(crate) const PREFIX_WEIGHT: f32 = 0.7;

/// One searchable section, as handed to [`SearchIndex::build`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionDoc {
    /// Index of the page in the site.
    pub page: usize,
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
    pub(crate) terms: BTreeMap<String, Vec<Posting>>,
}

impl SearchIndex {
    /// Indexes the sections.
    pub fn build(docs: Vec<SectionDoc>) -> SearchIndex {
        let mut terms: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        let mut body_len = Vec::with_capacity(docs.len());
        for (i, doc) in docs.iter().enumerate() {
            let mut counts: HashMap<String, [u16; 3]> = HashMap::new();
            for (field, text) in [&doc.page_title, &doc.heading, &doc.text]
                .iter()
                .enumerate()
            {
                let toks = tokenize::tokens(text);
                if field == 2 {
                    body_len.push(toks.len() as u32);
                }
                for t in toks {
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
        }
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
        let terms = query_terms(query);
        if terms.is_empty() || limit == 0 {
            return Vec::new();
        }
        let n = self.docs.len() as f32;
        let mut scores: HashMap<u32, (f32, usize)> = HashMap::new();
        let mut matched_terms: Vec<String> = Vec::new();
        for term in &terms {
            let expansions = self.expand(term);
            let mut seen_docs: HashMap<u32, f32> = HashMap::new();
            for (t, weight) in expansions {
                let postings = &self.terms[t];
                matched_terms.push(t.clone());
                let df = postings.len() as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for p in postings {
                    let s = weight * idf * self.saturated(p);
                    let best = seen_docs.entry(p.doc).or_insert(0.0);
                    *best = best.max(s);
                }
            }
            for (doc, s) in seen_docs {
                let e = scores.entry(doc).or_insert((0.0, 0));
                e.0 += s;
                e.1 += 1;
            }
        }
        let q = terms.len() as f32;
        let mut ranked: Vec<(u32, f32)> = scores
            .into_iter()
            .map(|(doc, (s, m))| (doc, s * (m as f32 / q)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked
            .into_iter()
            .map(|(doc, score)| {
                let d = &self.docs[doc as usize];
                SearchHit {
                    page_title: d.page_title.clone(),
                    heading: d.heading.clone(),
                    url: d.url.clone(),
                    snippet_html: snippet::snippet(&d.text, &matched_terms),
                    score,
                }
            })
            .collect()
    }

    /// The term itself if indexed, else up to [`MAX_PREFIX_EXPANSION`] terms it
    /// prefixes, with their weights.
    fn expand<'s>(&'s self, term: &str) -> Vec<(&'s String, f32)> {
        if let Some((t, _)) = self.terms.get_key_value(term) {
            return vec![(t, 1.0)];
        }
        if term.chars().count() < 2 {
            return Vec::new();
        }
        self.terms
            .range::<str, _>((std::ops::Bound::Included(term), std::ops::Bound::Unbounded))
            .take_while(|(t, _)| t.starts_with(term))
            .take(MAX_PREFIX_EXPANSION)
            .map(|(t, _)| (t, PREFIX_WEIGHT))
            .collect()
    }

    /// BM25F: weighted, length-normalised frequency through the k1 saturation.
    fn saturated(&self, p: &Posting) -> f32 {
        let len = self.body_len.get(p.doc as usize).copied().unwrap_or(0) as f32;
        let body_norm = 1.0 - B + B * len / self.avg_body_len;
        let tf = WEIGHTS[0] * f32::from(p.tf[0])
            + WEIGHTS[1] * f32::from(p.tf[1])
            + WEIGHTS[2] * f32::from(p.tf[2]) / body_norm;
        tf * (K1 + 1.0) / (tf + K1)
    }
}

/// The distinct terms of a query, bounded in length and number.
fn query_terms(query: &str) -> Vec<String> {
    let mut end = query.len().min(MAX_QUERY_BYTES);
    while !query.is_char_boundary(end) {
        end -= 1;
    }
    let mut terms: Vec<String> = Vec::new();
    // A hyphenated query word is searched as its joined form only.
    let toks = tokenize::tokens(&query[..end]);
    for (i, t) in toks.iter().enumerate() {
        let covered = toks
            .iter()
            .skip(i + 1)
            .any(|c| c.start <= t.start && c.end >= t.end && (c.start, c.end) != (t.start, t.end));
        if !covered && !terms.contains(&t.term) {
            terms.push(t.term.clone());
        }
        if terms.len() == MAX_QUERY_TERMS {
            break;
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(page: usize, title: &str, heading: &str, text: &str) -> SectionDoc {
        SectionDoc {
            page,
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
