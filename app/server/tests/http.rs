//! The router in-process (`tower::ServiceExt::oneshot`): headers, encodings, 304, HEAD,
//! redirects, 404, 405, assets and the base path.

mod common;

use axum::http::{header, StatusCode};
use common::{app, body, get, request, send};

/// A page with widgets (needs WASM) and one without, from the real content (not overviews).
fn pages(store: &server::store::Store) -> (String, String) {
    let inner = |p: &&docs::Page| !p.url.ends_with('/');
    let with = store
        .site
        .pages()
        .iter()
        .filter(inner)
        .find(|p| p.has_widgets());
    let without = store
        .site
        .pages()
        .iter()
        .filter(inner)
        .find(|p| !p.has_widgets());
    (
        with.expect("the content has a page with widgets")
            .url
            .clone(),
        without
            .expect("the content has a page without widgets")
            .url
            .clone(),
    )
}

#[tokio::test]
async fn pages_carry_security_and_cache_headers() {
    let (store, router) = app("headers", &[]);
    let (with_wasm, without_wasm) = pages(&store);
    for path in ["/", with_wasm.as_str(), without_wasm.as_str()] {
        let response = send(&router, get(path, &[])).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let h = response.headers();
        assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(h[header::CACHE_CONTROL], "no-cache");
        assert_eq!(h[header::VARY], "Accept-Encoding");
        assert!(h[header::ETAG].to_str().unwrap().starts_with('"'));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(
            h[header::REFERRER_POLICY],
            "strict-origin-when-cross-origin"
        );
        assert!(h.contains_key("permissions-policy"));
        assert_eq!(h["cross-origin-opener-policy"], "same-origin");
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let widgets = store
            .site
            .pages()
            .iter()
            .any(|p| p.url == path && p.has_widgets());
        assert_eq!(
            csp.contains("'wasm-unsafe-eval'"),
            widgets,
            "WASM only where widgets are: {path}: {csp}"
        );
    }
}

#[tokio::test]
async fn hsts_only_when_configured() {
    let (_, router) = app("hsts", &["--hsts"]);
    let response = send(&router, get("/", &[])).await;
    assert!(response.headers()[header::STRICT_TRANSPORT_SECURITY]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
}

#[tokio::test]
async fn every_response_has_security_headers() {
    let (_, router) = app("every", &[]);
    for (method, path) in [
        ("GET", "/no-such-page"),
        ("POST", "/"),
        ("GET", "/pkg/site.0123456789abcdef.css"),
        ("GET", "/pkg/missing.js"),
        ("GET", "/sitemap.xml"),
        ("GET", "/healthz"),
        ("GET", "/Consensus"),
    ] {
        let response = send(&router, request(method, path, &[])).await;
        let h = response.headers();
        assert_eq!(
            h[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{method} {path}"
        );
        assert!(
            h.contains_key(header::CONTENT_SECURITY_POLICY),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn content_negotiation_serves_precompressed_bytes() {
    let (_, router) = app("encodings", &[]);
    let identity = body(send(&router, get("/", &[])).await).await;
    let br = send(
        &router,
        get("/", &[("accept-encoding", "gzip, deflate, br")]),
    )
    .await;
    assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &body(br).await[..], &mut decoded).unwrap();
    assert_eq!(decoded, identity);
    let gz = send(&router, get("/", &[("accept-encoding", "gzip")])).await;
    assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
    let refused = send(
        &router,
        get("/", &[("accept-encoding", "br;q=0, gzip;q=0")]),
    )
    .await;
    assert!(!refused.headers().contains_key(header::CONTENT_ENCODING));
}

#[tokio::test]
async fn if_none_match_answers_304_per_encoding() {
    let (_, router) = app("etag", &[]);
    let first = send(&router, get("/", &[("accept-encoding", "br")])).await;
    let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
    let again = send(
        &router,
        get("/", &[("accept-encoding", "br"), ("if-none-match", &etag)]),
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG], etag.as_str());
    assert!(body(again).await.is_empty());
    // The gzip representation has its own tag.
    let other = send(
        &router,
        get(
            "/",
            &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
        ),
    )
    .await;
    assert_eq!(other.status(), StatusCode::OK);
}

#[tokio::test]
async fn head_works_wherever_get_does() {
    let (store, router) = app("head", &[]);
    let (page, _) = pages(&store);
    for path in [
        "/",
        page.as_str(),
        "/search?q=raft",
        "/search-index.json",
        "/sitemap.xml",
        "/robots.txt",
        "/favicon.svg",
        "/pkg/site.0123456789abcdef.css",
        "/healthz",
        "/readyz",
        "/no-such-page",
    ] {
        // Only the head of the GET response: a search's body holds its place among the
        // searches in flight until it is sent.
        let get_response = send(&router, get(path, &[])).await.map(|_| ());
        let head_response = send(&router, request("HEAD", path, &[])).await;
        assert_eq!(head_response.status(), get_response.status(), "{path}");
        assert_eq!(
            head_response.headers().get(header::CONTENT_TYPE),
            get_response.headers().get(header::CONTENT_TYPE),
            "{path}"
        );
        assert!(
            body(head_response).await.is_empty(),
            "HEAD {path} has a body"
        );
    }
}

#[tokio::test]
async fn other_spellings_redirect_once_to_the_canonical_url() {
    let (store, router) = app("redirects", &[]);
    let (page, _) = pages(&store);
    let upper = page.to_uppercase();
    let cases = [
        (format!("{page}/"), page.clone()),
        (upper.clone(), page.clone()),
        (format!("{upper}/"), page.clone()),
        (format!("{page}.html"), page.clone()),
        ("/index.html".to_owned(), "/".to_owned()),
    ];
    for (from, to) in cases {
        let response = send(&router, get(&from, &[])).await;
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT, "{from}");
        assert_eq!(response.headers()[header::LOCATION], to.as_str(), "{from}");
        let target = send(&router, get(&to, &[])).await;
        assert_eq!(target.status(), StatusCode::OK, "{from} -> {to}");
    }
}

#[tokio::test]
async fn unknown_paths_get_the_404_page() {
    let (_, router) = app("not-found", &[]);
    for path in [
        "/no-such-page",
        "/consensus/extra",
        "/%00",
        "/%FF%FE",
        "/pkg/nope.js",
    ] {
        let response = send(&router, get(path, &[])).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let html = body(send(&router, get("/no-such-page", &[])).await).await;
    assert!(String::from_utf8_lossy(&html).contains("<html"));
}

#[tokio::test]
async fn only_get_and_head_are_allowed() {
    let (_, router) = app("methods", &[]);
    for method in [
        "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND",
    ] {
        for path in ["/", "/search", "/sitemap.xml"] {
            let response = send(&router, request(method, path, &[])).await;
            assert_eq!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            let allow = response.headers()[header::ALLOW].to_str().unwrap();
            assert!(allow.contains("GET") && allow.contains("HEAD"), "{allow}");
        }
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_precompressed() {
    let (_, router) = app("assets", &[]);
    let path = "/pkg/site.0123456789abcdef.css";
    let response = send(&router, get(path, &[("accept-encoding", "br")])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "max-age=31536000, immutable"
    );
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/css");
    let wasm = send(&router, get("/pkg/site.0123456789abcdef.wasm", &[])).await;
    assert_eq!(wasm.headers()[header::CONTENT_TYPE], "application/wasm");
}

#[tokio::test]
async fn search_and_machine_readable_files() {
    let (_, router) = app("search", &[]);
    let results = send(&router, get("/search?q=raft", &[])).await;
    assert_eq!(results.status(), StatusCode::OK);
    assert_eq!(results.headers()[header::CACHE_CONTROL], "no-store");
    let text = String::from_utf8(body(results).await).unwrap();
    assert!(text.to_lowercase().contains("raft"));
    // Oversized, odd and malformed queries still get an answer, never a crash. (A URI over
    // 64 KiB cannot even be built; on a socket it gets 414, see bad_input.rs.)
    let long = format!("/search?q={}", "a".repeat(60 * 1024));
    assert_eq!(
        send(&router, get(&long, &[])).await.status(),
        StatusCode::OK
    );
    for odd in [
        "/search?q=%FF%FE%00",
        "/search?q=%",
        "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "/search?x=1",
    ] {
        let response = send(&router, get(odd, &[])).await;
        assert!(
            response.status() == StatusCode::OK || response.status() == StatusCode::BAD_REQUEST,
            "{odd}: {}",
            response.status()
        );
        let page = String::from_utf8_lossy(&body(response).await).into_owned();
        assert!(!page.contains("<script>alert"), "{odd} is echoed unescaped");
    }
    let index = send(&router, get("/search-index.json", &[])).await;
    assert_eq!(index.headers()[header::CONTENT_TYPE], "application/json");
    let sitemap = send(&router, get("/sitemap.xml", &[])).await;
    assert_eq!(sitemap.headers()[header::CONTENT_TYPE], "application/xml");
    let robots = String::from_utf8(body(send(&router, get("/robots.txt", &[])).await).await);
    assert!(robots.unwrap().contains("User-agent: *"));
}

#[tokio::test]
async fn a_garbage_share_link_still_serves_the_page() {
    // Widget state travels in the URL fragment, which browsers never send; a garbage query
    // parameter is ignored by the server (the widget reports a bad link in the browser).
    let (store, router) = app("share", &[]);
    let (page, _) = pages(&store);
    let url = format!("{page}?w-raft-1=v1.%%%garbage%00&s=\u{1F4A5}");
    let url = url.replace('\u{1F4A5}', "%F0%9F%92%A5");
    assert_eq!(send(&router, get(&url, &[])).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn health_and_readiness() {
    let (store, router) = app("health", &[]);
    assert_eq!(
        send(&router, get("/healthz", &[])).await.status(),
        StatusCode::OK
    );
    let ready = body(send(&router, get("/readyz", &[])).await).await;
    assert_eq!(
        String::from_utf8(ready).unwrap(),
        format!("ok: {} pages", store.pages.len())
    );
}

#[tokio::test]
async fn everything_lives_under_the_base_path() {
    let (store, router) = app("base-path", &["--base-path", "/guide/"]);
    let (page, _) = pages(&store);
    assert!(page.starts_with("/guide/"), "{page}");
    for path in [
        "/guide/",
        page.as_str(),
        "/guide/search?q=raft",
        "/guide/sitemap.xml",
        "/guide/favicon.svg",
        "/guide/pkg/site.0123456789abcdef.css",
        "/healthz",
    ] {
        let response = send(&router, get(path, &[])).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let bare = send(&router, get("/guide", &[])).await;
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(bare.headers()[header::LOCATION], "/guide/");
    for outside in ["/", "/favicon.svg", "/pkg/site.0123456789abcdef.css"] {
        let response = send(&router, get(outside, &[])).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{outside}");
    }
    let html = String::from_utf8(body(send(&router, get("/guide/", &[])).await).await).unwrap();
    assert!(html.contains("/guide/pkg/site.0123456789abcdef.css"));
}

/// Pages are rendered on first request, highlighted, and kept: start-up renders none,
/// the first request renders one (with its Elixir highlighted, as the docs engine's
/// deferred highlighting promises), a second answers it from the cache with the same
/// ETag, and a 304 works either way.
#[tokio::test]
async fn pages_are_rendered_on_first_request_and_kept() {
    let (store, router) = app("lazy-pages", &[]);
    assert_eq!(store.pages.cached_len_and_bytes(), (0, 0));
    let path = store
        .site
        .pages()
        .iter()
        .find(|p| std::fs::read_to_string(&p.source).is_ok_and(|text| text.contains("```elixir")))
        .expect("a page with Elixir")
        .url
        .clone();
    let first = send(&router, get(&path, &[])).await;
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()[header::ETAG].clone();
    let html = String::from_utf8(body(first).await).unwrap();
    assert!(html.contains("<span class=\"hl-"), "highlighted");
    assert!(!html.contains("fieldguide-code"), "no placeholder left");
    let (cached, bytes) = store.pages.cached_len_and_bytes();
    assert_eq!(cached, 1);
    assert!(bytes > html.len(), "every encoding counted: {bytes}");
    let again = send(&router, get(&path, &[])).await;
    assert_eq!(again.headers()[header::ETAG], etag);
    assert_eq!(body(again).await, html.as_bytes());
    let etag = etag.to_str().unwrap();
    let revalidated = send(&router, get(&path, &[("if-none-match", etag)])).await;
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(store.pages.cached_len_and_bytes().0, 1);
}
