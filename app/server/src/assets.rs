//! `/pkg/*`: the hashed build outputs, served from disk by tower-http's `ServeDir` with
//! their precompressed siblings, and the HTTP semantics `ServeDir` leaves to its caller:
//! which errors are a missing file, which Range headers to ignore, and caching that
//! depends on the status.

use crate::negotiate::explicit_accept_encoding;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use axum::Router;
use http_range_header::{EndPosition, StartPosition};
use std::convert::Infallible;
use std::io::ErrorKind;
use std::path::Path;
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// `Cache-Control` of a file found under /pkg: the name carries a content hash. (No
/// `public`: it only matters for requests with credentials, and there are none.)
pub const IMMUTABLE: &str = "max-age=31536000, immutable";
/// `Cache-Control` of every other /pkg answer (404, 405, 500...): a file missing from one
/// replica during a rolling deploy must not stay missing in caches.
pub const NOT_STORED: &str = "no-store";

/// The router serving `dir` at `{base_path}/pkg`.
pub fn router<S: Clone + Send + Sync + 'static>(dir: &Path, base_path: &str) -> Router<S> {
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let service = tower::service_fn(move |request: Request<Body>| {
        let mut files = files.clone();
        async move {
            let response = match files.try_call(prepare(request)).await {
                Ok(response) => response.map(Body::new),
                Err(error) => error_response(&error),
            };
            Ok::<_, Infallible>(response)
        }
    });
    let service = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            cache_control,
        ))
        // Every file may have precompressed siblings, so every answer depends on the
        // request's Accept-Encoding.
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("Accept-Encoding"),
        ))
        .service(service);
    Router::new().nest_service(&format!("{base_path}/pkg"), service)
}

fn cache_control(response: &Response<Body>) -> Option<HeaderValue> {
    let status = response.status();
    let found = status.is_success() || status == StatusCode::NOT_MODIFIED;
    Some(HeaderValue::from_static(if found {
        IMMUTABLE
    } else {
        NOT_STORED
    }))
}

/// The request as `ServeDir` should see it: our encoding choice spelled out, and no Range
/// header unless it is one it answers correctly.
fn prepare(mut request: Request<Body>) -> Request<Body> {
    let accept = explicit_accept_encoding(request.headers());
    request
        .headers_mut()
        .insert(header::ACCEPT_ENCODING, accept);
    if !range_to_honour(&request) {
        request.headers_mut().remove(header::RANGE);
    }
    request
}

/// Whether `ServeDir` should act on the request's Range header. RFC 9110 §14.2: a server
/// must ignore Range on methods other than GET and with a unit it does not know, and may
/// ignore an invalid one (§14.1.1: bad syntax, or a last position before the first);
/// `ServeDir` would answer 416 to all of these, and to several ranges (it has no
/// multipart responses), which may be ignored too. With If-Range, which `ServeDir` does
/// not evaluate, ignoring the Range is the safe answer. What is left, one valid byte
/// range, `ServeDir` answers with 206, or 416 when it starts beyond the file.
fn range_to_honour(request: &Request<Body>) -> bool {
    let Some(range) = request.headers().get(header::RANGE) else {
        return false;
    };
    let one_valid_range = range
        .to_str()
        .ok()
        .and_then(|range| http_range_header::parse_range_header(range).ok())
        .is_some_and(|parsed| match parsed.ranges.as_slice() {
            [range] => match (range.start, range.end) {
                (StartPosition::Index(first), EndPosition::Index(last)) => first <= last,
                _ => true,
            },
            _ => false,
        });
    request.method() == Method::GET
        && !request.headers().contains_key(header::IF_RANGE)
        && one_valid_range
}

/// `ServeDir` turns not-found and permission errors into 404 itself and everything else
/// into 500; a name too long for the file system (`ENAMETOOLONG`, from 256 bytes on Linux)
/// or a path through a file is a missing file too.
fn error_response(error: &std::io::Error) -> Response<Body> {
    let status = match error.kind() {
        ErrorKind::InvalidFilename | ErrorKind::NotADirectory => StatusCode::NOT_FOUND,
        _ => {
            tracing::error!("reading a file under /pkg: {error}");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    Response::builder()
        .status(status)
        .body(Body::empty())
        .unwrap_or_default()
}
