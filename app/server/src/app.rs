//! The router and its tower-http layers.

use crate::routes::{self, AppState};
use crate::security::static_headers;
use axum::error_handling::HandleErrorLayer;
use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::get;
use axum::{BoxError, Router};
use std::path::Path;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Requests handled at once before new ones are shed with 503.
const MAX_CONCURRENT_REQUESTS: usize = 1024;
/// Longest time a request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// We accept no request bodies of note (GET and HEAD only).
const MAX_BODY_BYTES: usize = 16 * 1024;

/// Builds the whole application for `state`, with assets from `site_dir/pkg`.
pub fn router(state: AppState, site_dir: &Path, base_path: &str, hsts: bool) -> Router {
    let assets = ServeDir::new(site_dir.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let assets =
        Router::new()
            .nest_service("/pkg", assets)
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ));
    let site = Router::new()
        .route("/search", get(routes::search))
        .route("/search-index.json", get(routes::search_index))
        .route("/sitemap.xml", get(routes::sitemap))
        .route("/robots.txt", get(routes::robots))
        .merge(assets)
        .fallback(routes::page);
    let site = if base_path.is_empty() {
        site
    } else {
        Router::new().nest(base_path, site).fallback(routes::page)
    };
    let mut app = Router::new()
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .merge(site)
        .with_state(state);
    for (name, value) in static_headers(hsts) {
        app = app.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    app.layer(
        ServiceBuilder::new()
            .layer(CatchPanicLayer::new())
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                    .on_response(
                        DefaultOnResponse::new()
                            .level(Level::INFO)
                            .latency_unit(tower_http::LatencyUnit::Micros),
                    ),
            )
            .layer(HandleErrorLayer::new(overloaded))
            .load_shed()
            .concurrency_limit(MAX_CONCURRENT_REQUESTS)
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                REQUEST_TIMEOUT,
            )),
    )
    .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
}

async fn overloaded(_: BoxError) -> (StatusCode, &'static str) {
    (StatusCode::SERVICE_UNAVAILABLE, "server busy, try again")
}
