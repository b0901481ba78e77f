//! The instant search's budget: at 400 pages (the shipped skill's sections 50 times,
//! as 50 skills), one query downloads at most 60 KB brotli in total: the manifest, the
//! shards of its words and the fragments of the eight results shown. Built from the
//! index directly (no page rendering), so it runs in seconds.

mod common;

use docs::search::{SearchIndex, SectionDoc, Shards};
use docs::{Site, SiteOptions};
use server::body::PreparedBody;

const BUDGET: usize = 60 * 1024;
const COPIES: usize = 50;
const SHOWN: usize = 8;

fn brotli_len(json: String) -> usize {
    PreparedBody::new(json, "application/json").brotli.len()
}

/// The shipped skill's sections `copies` times, each copy a skill of its own.
fn copies(copies: usize) -> SearchIndex {
    let options = SiteOptions {
        widgets: std::sync::Arc::new(site::islands::registry::Registry),
        ..Default::default()
    };
    let site = Site::load(&common::content_dir(), options).unwrap();
    let one = site.search_index().sections();
    let pages = site.pages().len();
    let docs = (0..copies)
        .flat_map(|k| {
            one.iter().map(move |d| SectionDoc {
                page: d.page + k * pages,
                skill: k,
                page_title: d.page_title.clone(),
                url: format!("/skill-{k:02}{}", d.url),
                heading: d.heading.clone(),
                text: d.text.clone(),
            })
        })
        .collect();
    SearchIndex::build(docs)
}

/// Brotli bytes one query downloads.
fn query_bytes(index: &SearchIndex, shards: &Shards, query: &str) -> usize {
    let manifest = brotli_len(shards.manifest("/search-index/0123456789abcdef/"));
    let wanted = index.shard_paths(query);
    let shard_bytes: usize = shards
        .files
        .iter()
        .filter(|(path, _)| wanted.contains(path))
        .map(|(_, json)| brotli_len(json.clone()))
        .sum();
    let fragments: usize = index
        .search(query, SHOWN)
        .iter()
        .filter_map(|hit| index.fragment(hit.section))
        .map(brotli_len)
        .sum();
    manifest + shard_bytes + fragments
}

#[test]
fn one_query_at_400_pages_downloads_at_most_60_kb() {
    let index = copies(COPIES);
    let skills: Vec<String> = (0..COPIES).map(|k| format!("skill-{k:02}")).collect();
    let shards = index.shards(&skills);
    let mut report = Vec::new();
    for query in [
        "linearizable",
        "raft log replication",
        "consistency",
        "split brain partition",
        "c",
        "co",
        "fencing token lease",
    ] {
        let bytes = query_bytes(&index, &shards, query);
        report.push(format!("{query:?}: {bytes} bytes"));
        assert!(
            bytes <= BUDGET,
            "{query:?} downloads {bytes} bytes brotli, over the {BUDGET} budget\n{}",
            report.join("\n")
        );
    }
    println!("{}", report.join("\n"));
}
