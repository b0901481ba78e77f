//! HTTP semantics by the RFCs, one test per finding of the hostile-request probe: caching
//! and `Vary` on /pkg, the long-name 500, Accept-Encoding by RFC 9110 §12.5.3, the Host
//! header by RFC 9112 §3.2, Range by RFC 9110 §14.2, search kept off the page path, links
//! out of the site in the export, and the bounds of live reload.

mod common;

use axum::http::{header, StatusCode};
use common::{app, body, get, raw_request, request, send};
use server::live_reload::{LiveStore, StreamLimits};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CSS: &str = "/pkg/site.0123456789abcdef.css";
const IMMUTABLE: &str = "max-age=31536000, immutable";

fn content_encoding(response: &axum::http::Response<axum::body::Body>) -> &str {
    response
        .headers()
        .get(header::CONTENT_ENCODING)
        .map_or("identity", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn every_pkg_response_varies_on_accept_encoding() {
    let (_, router) = app("pkg-vary", &[]);
    for accept in [None, Some("br"), Some("gzip"), Some("identity")] {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("accept-encoding", a)).into_iter().collect();
        for path in [CSS, "/pkg/site.0123456789abcdef.wasm"] {
            let response = send(&router, get(path, &headers)).await;
            assert_eq!(response.status(), StatusCode::OK, "{path} {accept:?}");
            let vary: Vec<_> = response.headers().get_all(header::VARY).iter().collect();
            assert!(
                vary.iter()
                    .any(|v| v.to_str().unwrap().eq_ignore_ascii_case("accept-encoding")),
                "{path} with Accept-Encoding {accept:?}: Vary is {vary:?}"
            );
        }
    }
}

#[tokio::test]
async fn only_found_pkg_files_are_cached_for_a_year() {
    let (_, router) = app("pkg-cache", &[]);
    let found = send(&router, get(CSS, &[])).await;
    assert_eq!(found.headers()[header::CACHE_CONTROL], IMMUTABLE);
    let long_name = format!("/pkg/{}.js", "a".repeat(300));
    for (method, path, status) in [
        (
            "GET",
            "/pkg/missing.0123456789abcdef.js",
            StatusCode::NOT_FOUND,
        ),
        ("GET", long_name.as_str(), StatusCode::NOT_FOUND),
        ("POST", CSS, StatusCode::METHOD_NOT_ALLOWED),
        ("DELETE", CSS, StatusCode::METHOD_NOT_ALLOWED),
    ] {
        let response = send(&router, request(method, path, &[])).await;
        assert_eq!(response.status(), status, "{method} {path}");
        let cache = response.headers()[header::CACHE_CONTROL].to_str().unwrap();
        assert!(
            !cache.contains("immutable") && !cache.contains("31536000"),
            "{method} {path} ({status}) is cached as {cache:?}"
        );
    }
}

#[tokio::test]
async fn a_pkg_name_too_long_for_the_file_system_is_404_not_500() {
    let (_, router) = app("pkg-long", &[]);
    for length in [255, 256, 300, 1000, 4096] {
        let path = format!("/pkg/{}", "a".repeat(length));
        let response = send(&router, get(&path, &[])).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "a name of {length} bytes"
        );
    }
}

/// (Accept-Encoding, the coding a page gets, the coding /pkg's CSS gets).
const NEGOTIATION: &[(&str, &str, &str)] = &[
    // An explicit refusal beats `*`.
    ("*, br;q=0", "gzip", "gzip"),
    ("*;q=0.5, br;q=0", "gzip", "gzip"),
    // The highest q wins, wherever it stands.
    ("gzip;q=1, br;q=0.5", "gzip", "gzip"),
    ("br;q=0.5, gzip;q=0.8", "gzip", "gzip"),
    ("gzip;q=0.5, br;q=0.8", "br", "br"),
    ("identity, br;q=0.5", "identity", "identity"),
    // Parameter names and codings are case-insensitive.
    ("br;Q=0", "identity", "identity"),
    ("br;Q=0, gzip", "gzip", "gzip"),
    ("BR", "br", "br"),
    ("x-gzip", "gzip", "gzip"),
    // Invalid q-values do not accept anything.
    ("br;q=-1", "identity", "identity"),
    ("br;q=NaN", "identity", "identity"),
    ("br;q=2", "identity", "identity"),
    ("br;q=1.5", "identity", "identity"),
    ("br;q=0.0001", "identity", "identity"),
    ("br;q=inf, gzip", "gzip", "gzip"),
    // A tie goes to the smaller coding; `*` alone means anything.
    ("gzip, br", "br", "br"),
    ("*", "br", "br"),
    ("*;q=0", "identity", "identity"),
    ("", "identity", "identity"),
];

#[tokio::test]
async fn encoding_follows_rfc_9110_section_12_5_3() {
    let (_, router) = app("negotiation", &[]);
    for &(accept, page, asset) in NEGOTIATION {
        let response = send(&router, get("/", &[("accept-encoding", accept)])).await;
        assert_eq!(
            content_encoding(&response),
            page,
            "page, Accept-Encoding: {accept:?}"
        );
        let response = send(&router, get(CSS, &[("accept-encoding", accept)])).await;
        assert_eq!(
            content_encoding(&response),
            asset,
            "/pkg, Accept-Encoding: {accept:?}"
        );
    }
}

#[test]
fn http_1_1_needs_exactly_one_valid_host() {
    let (_, router) = app("host", &[]);
    let address = common::start(router, Duration::from_secs(2));
    let status = |raw: &str| raw_request(address, raw.as_bytes()).status;
    assert_eq!(
        status("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
        400,
        "no Host"
    );
    assert_eq!(
        status("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"),
        400,
        "two Host headers"
    );
    assert_eq!(
        status("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n"),
        400,
        "two Host headers in HTTP/1.0"
    );
    assert_eq!(
        status("GET / HTTP/1.1\r\nHost: user@example.org\r\nConnection: close\r\n\r\n"),
        400,
        "user information in Host"
    );
    assert_eq!(
        status("GET / HTTP/1.0\r\n\r\n"),
        200,
        "HTTP/1.0 without Host"
    );
    assert_eq!(
        status("GET / HTTP/1.1\r\nHost: localhost:3000\r\nConnection: close\r\n\r\n"),
        200
    );
    let bad = raw_request(address, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n").text();
    assert!(
        bad.to_lowercase()
            .contains("x-content-type-options: nosniff"),
        "{bad}"
    );
}

#[tokio::test]
async fn pkg_ignores_ranges_it_should_not_answer_416() {
    let (_, router) = app("ranges", &[]);
    let full = body(send(&router, get(CSS, &[])).await).await;
    for range in [
        "items=0-5",
        "bytes=abc",
        "bytes=5-2",
        "bytes=0-1, 3-4",
        "bytes=",
        "bytes 0-5",
        "=0-5",
    ] {
        let response = send(&router, get(CSS, &[("range", range)])).await;
        assert_eq!(response.status(), StatusCode::OK, "Range: {range}");
        assert!(
            !response.headers().contains_key(header::CONTENT_RANGE),
            "Range: {range}"
        );
        assert_eq!(body(response).await, full, "Range: {range}");
    }
    // One valid range is honoured, and one past the end is still 416.
    let partial = send(&router, get(CSS, &[("range", "bytes=0-3")])).await;
    assert_eq!(partial.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(body(partial).await, full[..4]);
    let beyond = send(&router, get(CSS, &[("range", "bytes=100000-")])).await;
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    // With If-Range (not evaluated) or on HEAD, the Range is ignored.
    for (method, headers) in [
        ("GET", &[("range", "bytes=0-3"), ("if-range", "\"x\"")][..]),
        ("HEAD", &[("range", "bytes=0-3")][..]),
    ] {
        let response = send(&router, request(method, CSS, headers)).await;
        assert_eq!(response.status(), StatusCode::OK, "{method} {headers:?}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn searches_render_off_the_worker_and_are_cached_by_normalised_query() {
    let site = common::fixture_site("search-isolation");
    let store = Arc::new(server::store::Store::load(&common::config(&site, &[])).unwrap());
    let live = Arc::new(LiveStore::new(store));
    let router = server::app::router_with(live.clone(), &site, "", false, false);
    // Long queries of many prefixes: about the most work one search can be.
    let words = ["co", "re", "st", "pa", "lo", "ti", "me", "se"]
        .repeat(4)
        .join("+");
    let heavy: Vec<String> = (0..8).map(|i| format!("/search?q={words}+x{i}")).collect();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for path in heavy.clone() {
        let router = router.clone();
        tasks.spawn(async move {
            let response = send(&router, get(&path, &[])).await;
            assert_eq!(response.status(), StatusCode::OK);
            ("search", started.elapsed())
        });
    }
    // On this one thread, the page is first polled after every search has started.
    let page_router = router.clone();
    tasks.spawn(async move {
        let response = send(&page_router, get("/", &[])).await;
        assert_eq!(response.status(), StatusCode::OK);
        ("page", started.elapsed())
    });
    let done = tasks.join_all().await;
    let paged = done.iter().find(|(what, _)| *what == "page").unwrap().1;
    let last_search = done.iter().map(|(_, at)| *at).max().unwrap();
    assert!(
        paged < last_search,
        "the page waited for the searches: page after {paged:?}, last search after {last_search:?}"
    );
    assert_eq!(live.searches.len(), heavy.len());
    // The same query in other white space is the same cache entry.
    let spaced = body(send(&router, get("/search?q=%20raft%20%20%20log%09", &[])).await).await;
    let plain = body(send(&router, get("/search?q=raft+log", &[])).await).await;
    assert_eq!(spaced, plain);
    assert_eq!(live.searches.len(), heavy.len() + 1);
}

#[cfg(unix)]
#[test]
fn export_does_not_follow_links_out_of_the_site() {
    let site = common::fixture_site("export-links");
    let outside = site.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("passwd"), common::SECRET).unwrap();
    let config = common::config(&site, &[]);
    let store = server::store::Store::load(&config).unwrap();
    for (link, target) in [
        ("pkg/etc", outside.clone()),
        ("pkg/passwd", outside.join("passwd")),
    ] {
        let path = site.join(link);
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let out = site
            .parent()
            .unwrap()
            .join(format!("export-{}", link.replace('/', "-")));
        let _ = std::fs::remove_dir_all(&out);
        let error = server::export::write(&store, &site, &out).unwrap_err();
        assert!(
            error.contains("outside the site directory"),
            "{link}: {error}"
        );
        assert!(
            error.contains(link),
            "{link}: the error names the link: {error}"
        );
        assert!(
            !contains_secret(&out),
            "{link}: the export copied what it points to"
        );
        std::fs::remove_file(&path).unwrap();
    }
}

fn contains_secret(dir: &std::path::Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let path = entry.path();
        if path.is_dir() {
            contains_secret(&path)
        } else {
            std::fs::read(&path).is_ok_and(|b| String::from_utf8_lossy(&b).contains(common::SECRET))
        }
    })
}

#[tokio::test]
async fn live_reload_streams_are_bounded_in_number_and_time() {
    let site = common::fixture_site("live-reload");
    let config = common::config(&site, &["--watch"]);
    let store = Arc::new(server::store::Store::load(&config).unwrap());
    let limits = StreamLimits {
        max_open: 2,
        lifetime: Duration::from_millis(300),
    };
    let live = Arc::new(LiveStore::with_limits(store, limits));
    let router = server::app::router_with(live, &site, "", false, true);
    let first = send(&router, get("/__live-reload", &[])).await;
    let second = send(&router, get("/__live-reload", &[])).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(second.status(), StatusCode::OK);
    let third = send(&router, get("/__live-reload", &[])).await;
    assert_eq!(
        third.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "a third stream"
    );
    // Each stream ends by itself once its lifetime is over, and frees its place.
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        body(first).await;
        body(second).await;
    })
    .await;
    assert!(ended.is_ok(), "the streams were never closed");
    let again = send(&router, get("/__live-reload", &[])).await;
    assert_eq!(
        again.status(),
        StatusCode::OK,
        "a place freed by a closed stream"
    );
}
