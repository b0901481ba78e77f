//! The index as compact JSON, for the static export and `assets/search.js`.
//!
//! Format (version 1):
//! ```json
//! {
//!   "v": 1,
//!   "k1": 1.2, "b": 0.75, "w": [4, 3, 1], "prefix": 0.7,
//!   "avg": 123.4,
//!   "titles": ["Consensus", ...],
//!   "docs": [[0, "/consensus#raft", "Raft", "plain text of the section", 57], ...],
//!   "terms": { "raft": [3, 0, 1, 4, 9, 1, 0, 2], ... }
//! }
//! ```
//! `titles` are page titles; each doc is `[title index, url, heading, text, body
//! length in terms]`; each term maps to a flat list of postings, four numbers each:
//! `doc, tf in title, tf in heading, tf in body`, docs ascending.

use serde::Serialize;
use serde_json::{json, Value};

use super::{SearchIndex, B, K1, PREFIX_WEIGHT, WEIGHTS};

impl SearchIndex {
    /// The index in the JSON format above.
    pub fn to_json(&self) -> String {
        let mut titles: Vec<&str> = Vec::new();
        let docs: Vec<Value> = self
            .docs
            .iter()
            .zip(&self.body_len)
            .map(|(d, len)| {
                let t = match titles.iter().position(|t| *t == d.page_title) {
                    Some(i) => i,
                    None => {
                        titles.push(&d.page_title);
                        titles.len() - 1
                    }
                };
                json!([t, d.url, d.heading, d.text, len])
            })
            .collect();
        let terms: serde_json::Map<String, Value> = self
            .terms
            .iter()
            .map(|(term, postings)| {
                let flat: Vec<u32> = postings
                    .iter()
                    .flat_map(|p| {
                        [
                            p.doc,
                            u32::from(p.tf[0]),
                            u32::from(p.tf[1]),
                            u32::from(p.tf[2]),
                        ]
                    })
                    .collect();
                (term.clone(), json!(flat))
            })
            .collect();
        #[derive(Serialize)]
        struct Out<'a> {
            v: u8,
            k1: f32,
            b: f32,
            w: [f32; 3],
            prefix: f32,
            avg: f32,
            titles: Vec<&'a str>,
            docs: Vec<Value>,
            terms: serde_json::Map<String, Value>,
        }
        serde_json::to_string(&Out {
            v: 1,
            k1: K1,
            b: B,
            w: WEIGHTS,
            prefix: PREFIX_WEIGHT,
            avg: self.avg_body_len,
            titles,
            docs,
            terms,
        })
        .unwrap_or_default()
    }
}
