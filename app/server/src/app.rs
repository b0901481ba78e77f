//! The router and its tower-http layers.

use crate::live_reload::{self, LiveStore};
use crate::routes::{self, AppState};
use crate::security::{
    DENY, HSTS, NOSNIFF, OPENER_POLICY, PERMISSIONS, PERMISSIONS_POLICY, REFERRER_POLICY,
    SAME_ORIGIN,
};
use crate::store::Store;
use crate::{assets, host};
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::{BoxError, Router};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tower::Service;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::validate_request::ValidateRequestHeaderLayer;
use tracing::Level;

/// Longest time a search or a file read may take before it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// We accept no request bodies of note (GET and HEAD only); larger ones get 413.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The whole application: the router inside the tower-http layers. Cloned for every
/// request, so every part of it is cheap to clone.
pub trait App:
    Service<Request<Body>, Response = Response, Error = Infallible, Future: Send + 'static>
    + Clone
    + Send
    + Sync
    + 'static
{
}

impl<S> App for S where
    S: Service<Request<Body>, Response = Response, Error = Infallible, Future: Send + 'static>
        + Clone
        + Send
        + Sync
        + 'static
{
}

/// The names below the base path that the server answers itself (its routes, and the
/// files of the static export that are not pages), which no content may take: see
/// `docs::SiteOptions::reserved`. `/healthz` and `/readyz` are outside the base path, so
/// they are taken only when there is none.
pub fn reserved_names(base_path: &str) -> Vec<String> {
    let mut names = vec![
        "search",
        "search-index.json",
        "search-index",
        "sitemap.xml",
        "robots.txt",
        "llms.txt",
        "llms-full.txt",
        "pkg",
        "404",
        "__live-reload",
        "__live-reload.js",
    ];
    if base_path.is_empty() {
        names.extend(["healthz", "readyz"]);
    }
    names.into_iter().map(str::to_owned).collect()
}

/// Builds the whole application for `state`, with assets from `site_dir/pkg`. Every route
/// except /healthz and /readyz lives under `base_path` (`""` or like `/guide`).
pub fn router(store: Arc<Store>, site_dir: &Path, base_path: &str, hsts: bool) -> impl App {
    router_with(
        Arc::new(LiveStore::new(store)),
        site_dir,
        base_path,
        hsts,
        false,
    )
}

/// Like [`router`], for a store that may be replaced; with `live_reload` it also serves
/// the live-reload script and event stream (`--watch`).
///
/// The layers wrap the router once, not each route (`Router::layer` would): a request
/// then clones and passes through one stack. Pages, feeds and public files are answered
/// from memory at once, so only the routes that do work per request, /search (rendering)
/// and /pkg (disk), have a timeout; connections are bounded where they are accepted
/// ([`crate::serve`]). Without INFO logging there is no tracing layer at all.
pub fn router_with(
    state: AppState,
    site_dir: &Path,
    base_path: &str,
    hsts: bool,
    live_reload: bool,
) -> impl App {
    let default_csp = HeaderValue::from_static(state.current().csp.without_wasm);
    let timeout =
        || TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT);
    let router = Router::new()
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route(
            &format!("{base_path}/search"),
            get(routes::search).layer(timeout()),
        )
        .route(
            &format!("{base_path}/search-index.json"),
            get(routes::search_index),
        )
        .route(
            &format!("{base_path}/search-index/{{version}}/{{kind}}/{{file}}"),
            get(routes::search_file),
        )
        .route(&format!("{base_path}/sitemap.xml"), get(routes::sitemap))
        .route(&format!("{base_path}/robots.txt"), get(routes::robots))
        .merge(assets::router(&site_dir.join("pkg"), base_path).layer(timeout()))
        .merge(live_reload_routes(base_path, live_reload))
        .fallback(routes::page)
        .with_state(state);
    let if_not_present = SetResponseHeaderLayer::if_not_present;
    let tracing = tracing::enabled!(Level::INFO).then(|| {
        let trace = TraceLayer::new_for_http()
            .make_span_with(request_span)
            .on_response(
                DefaultOnResponse::new()
                    .level(Level::INFO)
                    .latency_unit(tower_http::LatencyUnit::Micros),
            );
        // The same response type with tracing as without.
        ServiceBuilder::new()
            .map_response(into_axum_response)
            .layer(trace)
    });
    ServiceBuilder::new()
        .map_response(into_axum_response)
        // Outermost, so that the responses of the layers below (400, 413, 500, 503) get
        // the security headers too; a handler may have set its own CSP already.
        .layer(if_not_present(header::CONTENT_SECURITY_POLICY, default_csp))
        .layer(if_not_present(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF))
        .layer(if_not_present(header::REFERRER_POLICY, REFERRER_POLICY))
        .layer(if_not_present(PERMISSIONS_POLICY, PERMISSIONS))
        .layer(if_not_present(OPENER_POLICY, SAME_ORIGIN))
        .layer(if_not_present(header::X_FRAME_OPTIONS, DENY))
        .option_layer(hsts.then(|| if_not_present(header::STRICT_TRANSPORT_SECURITY, HSTS)))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::new())
        .option_layer(tracing)
        .layer(ValidateRequestHeaderLayer::custom(host::validate))
        .service(router)
}

/// A response of the layers (each wraps the body in a type of its own) as axum's.
fn into_axum_response<B>(response: Response<B>) -> Response
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    response.map(Body::new)
}

/// The live-reload endpoints, when enabled.
fn live_reload_routes(base_path: &str, enabled: bool) -> Router<AppState> {
    if !enabled {
        return Router::new();
    }
    Router::new()
        .route(
            &format!("{base_path}/__live-reload"),
            get(live_reload::events),
        )
        .route(
            &format!("{base_path}/__live-reload.js"),
            get(live_reload::client_script),
        )
}

/// The span of one request: the client's address (when served on a socket), method and
/// path (not the query, which may be large or private).
fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    tracing::info_span!(
        "request",
        peer = peer.map(tracing::field::display),
        method = %request.method(),
        path = %request.uri().path(),
    )
}
