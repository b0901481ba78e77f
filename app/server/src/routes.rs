//! Request handlers. Every handler answers from memory; none can panic on input.

use crate::live_reload::LiveStore;
use crate::search::{Holding, Refused};
use crate::search_files;
use crate::store::Store;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::sync::Arc;

/// Shared state of every handler: the current store (replaced when content changes in
/// `--watch` mode).
pub type AppState = Arc<LiveStore>;

/// Pages, public files, Markdown sources and downloads, redirects to canonical URLs, and
/// the 404 page.
/// Takes the whole request rather than the method, URI and header extractors, which
/// would copy the headers for every request.
pub async fn page(State(live): State<AppState>, request: Request) -> Response {
    let store = live.current();
    let (method, headers) = (request.method(), request.headers());
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let path = request.uri().path();
    if let Some(page) = store.pages.cached(path) {
        return page.respond(headers);
    }
    if store.pages.contains(path) {
        // Highlighting, rendering and compressing a page takes tens of milliseconds: on
        // the blocking pool, not on this worker.
        let (rendering, owned) = (store.clone(), path.to_owned());
        return match tokio::task::spawn_blocking(move || rendering.page(&owned)).await {
            Ok(Some(page)) => page.respond(headers),
            Ok(None) | Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
    }
    if let Some(file) = store.public_files.get(path) {
        return file.respond(headers);
    }
    if let Some(source) = store.sources.get(path) {
        return source.respond(headers);
    }
    if let Some(canonical) = canonical_path(&store, path) {
        return Redirect::permanent(&canonical).into_response();
    }
    store.not_found.respond(headers)
}

/// The one canonical URL of a page reached by another spelling: `/consensus/`,
/// `/Consensus`, `/consensus.html` -> `/consensus`; `/guide`, `/guide/index.html` -> `/guide/`.
fn canonical_path(store: &Store, path: &str) -> Option<String> {
    let without_file = path
        .strip_suffix("index.html")
        .or_else(|| path.strip_suffix(".html"))
        .unwrap_or(path);
    let candidates = [
        path.trim_end_matches('/').to_owned(),
        format!("{path}/"),
        without_file.to_owned(),
    ];
    candidates.iter().find_map(|candidate| {
        if store.pages.contains(candidate.as_str()) {
            Some(candidate.clone())
        } else {
            store
                .lowercase_paths
                .get(candidate.to_lowercase().as_str())
                .cloned()
        }
    })
}

/// Query string of `/search`.
#[derive(Deserialize)]
pub struct SearchQuery {
    /// The words to look for.
    #[serde(default)]
    q: String,
    /// The skill to search in (`""`: all).
    #[serde(default)]
    skill: String,
}

/// Server-rendered search results (works without JavaScript).
pub async fn search(
    State(live): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Response {
    let store = live.current();
    let Ok(Query(SearchQuery { q, skill })) = query else {
        return (StatusCode::BAD_REQUEST, "malformed query string").into_response();
    };
    let answer = match live.searches.page(&store, &q, &skill).await {
        Ok(answer) => answer,
        Err(Refused::UnknownSkill) => {
            return (
                StatusCode::BAD_REQUEST,
                [(header::CACHE_CONTROL, "no-store")],
                format!("no skill is named {skill:?}"),
            )
                .into_response()
        }
        Err(Refused::Busy) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [
                    (header::RETRY_AFTER, "1"),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                "search is busy, try again",
            )
                .into_response()
        }
    };
    // The permit is released when the body has been sent (or dropped).
    answer
        .page
        .respond(&headers)
        .map(|body| Body::new(Holding::new(body, answer.permit)))
}

/// `/sitemap.xml`
pub async fn sitemap(State(live): State<AppState>, headers: HeaderMap) -> Response {
    let store = live.current();
    store.sitemap.respond(&headers)
}

/// `/robots.txt`
pub async fn robots(State(live): State<AppState>, headers: HeaderMap) -> Response {
    let store = live.current();
    store.robots.respond(&headers)
}

/// A shard or fragment of the instant search (see [`crate::search_files`]); 404 for
/// any other name, or an old version's.
pub async fn search_file(
    State(live): State<AppState>,
    Path((version, kind, file)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let store = live.current();
    if !Store::search_built(&store).await {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    match store
        .search()
        .files
        .body(&store.site, &version, &kind, &file)
    {
        Some(body) => search_files::respond(&body, &headers),
        None => store.not_found.respond(&headers),
    }
}

/// `/search-index.json`, the instant search's manifest.
pub async fn search_index(State(live): State<AppState>, headers: HeaderMap) -> Response {
    let store = live.current();
    if !Store::search_built(&store).await {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    store.search().manifest.respond(&headers)
}

/// Liveness: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the content is loaded and rendered.
pub async fn readyz(State(live): State<AppState>) -> Response {
    let store = live.current();
    if store.pages.is_empty() {
        (StatusCode::SERVICE_UNAVAILABLE, "no pages loaded").into_response()
    } else {
        format!("ok: {} pages", store.pages.len()).into_response()
    }
}
