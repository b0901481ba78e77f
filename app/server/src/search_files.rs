//! The instant search's files (see `docs::search::Shards`): the manifest at
//! `{base}/search-index.json`, revalidated like a page, and below
//! `{base}/search-index/<version>/` the shards (`s/<hex>.json`) and the section
//! fragments (`d/<n>.json`). `<version>` is a hash of all of them, so a changed index
//! gets new URLs and the files can be cached for a year without revalidation.
//!
//! The shards are compressed when the index is built (on a thread of its own, just after
//! startup; see `Store::search`). The fragments are not kept:
//! their text is in the search index already, so one is made and compressed when asked
//! for (about 1.5 KB, well under a millisecond); at 400 pages keeping them would hold
//! about 15 MB of text a second and third time (identity, brotli, gzip).

use crate::body::{prepare_all, PreparedBody};
use crate::negotiate::{choose_encoding, if_none_match_matches, Encoding};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use docs::Site;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Files whose URL changes with their content: cached as the /pkg assets are (`public`
/// added nothing for a response without `Authorization`, and REDbot warned about it).
use crate::assets::IMMUTABLE;
const JSON: &str = "application/json";

/// The shards, prepared, and the version they are served under.
pub struct SearchFiles {
    /// Hash of every shard and fragment.
    pub version: String,
    /// `s/<hex>.json` -> body.
    shards: HashMap<String, PreparedBody>,
}

impl SearchFiles {
    /// The shards of `site`'s index, and its manifest for files under `{base_path}`.
    pub fn new(site: &Site, base_path: &str) -> (SearchFiles, String) {
        let shards = site.search_shards();
        let index = site.search_index();
        let mut hash = Sha256::new();
        for (path, json) in &shards.files {
            hash.update(path.as_bytes());
            hash.update(json.as_bytes());
        }
        for json in (0..index.len()).filter_map(|i| index.fragment(i)) {
            hash.update(json.as_bytes());
        }
        let version: String = hash.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let manifest = shards.manifest(&format!("{base_path}/search-index/{version}/"));
        let bodies = shards
            .files
            .iter()
            .map(|(_, json)| (Bytes::from(json.clone()), JSON))
            .collect();
        let prepared = shards
            .files
            .into_iter()
            .map(|(path, _)| path)
            .zip(prepare_all(bodies))
            .collect();
        let files = SearchFiles {
            version,
            shards: prepared,
        };
        (files, manifest)
    }

    /// The shards, by path relative to the version directory (for the static export).
    pub fn shards(&self) -> impl Iterator<Item = (&String, &PreparedBody)> {
        self.shards.iter()
    }

    /// The body of `{version}/{kind}/{file}`, if it exists.
    pub fn body(&self, site: &Site, version: &str, kind: &str, file: &str) -> Option<PreparedBody> {
        if version != self.version {
            return None;
        }
        match kind {
            "s" => self.shards.get(&format!("s/{file}")).cloned(),
            "d" => {
                let n: usize = file.strip_suffix(".json")?.parse().ok()?;
                let json = site.search_index().fragment(n)?;
                Some(PreparedBody::new(json, JSON))
            }
            _ => None,
        }
    }
}

/// The response for `body`: the encoding the request prefers (when it is smaller), 304
/// for a matching `If-None-Match`, cached for a year.
pub fn respond(body: &PreparedBody, request: &HeaderMap) -> Response {
    let (bytes, etag, coding) = match choose_encoding(request) {
        Encoding::Brotli if body.brotli.len() < body.identity.len() => {
            (&body.brotli, &body.etags.brotli, Some("br"))
        }
        Encoding::Gzip if body.gzip.len() < body.identity.len() => {
            (&body.gzip, &body.etags.gzip, Some("gzip"))
        }
        _ => (&body.identity, &body.etags.identity, None),
    };
    let not_modified = if_none_match_matches(request, etag);
    let mut response = Response::new(if not_modified {
        Body::empty()
    } else {
        Body::from(bytes.clone())
    });
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    headers.insert(header::ETAG, etag.clone());
    if not_modified {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        return response;
    }
    headers.insert(header::CONTENT_TYPE, body.content_type.clone());
    if let Some(coding) = coding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    response
}
