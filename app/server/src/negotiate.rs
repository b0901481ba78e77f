//! Choosing a representation: content encoding and conditional requests.

use crate::body::PreparedBody;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

/// A content coding we can serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// `br`
    Brotli,
    /// `gzip`
    Gzip,
    /// No compression.
    Identity,
}

/// Picks the best encoding the client accepts (brotli, then gzip), honouring `q=0`.
pub fn choose_encoding(headers: &HeaderMap) -> Encoding {
    let Some(accept) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return Encoding::Identity;
    };
    let accepts = |name: &str| {
        accept.split(',').any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or("");
            let refused = parts
                .any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()) == Some(0.0));
            (coding.eq_ignore_ascii_case(name) || coding == "*") && !refused
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Builds the response for `body`: the chosen encoding, `Vary`, a strong ETag,
/// and `304 Not Modified` when `If-None-Match` already names it.
pub fn respond(
    request: &HeaderMap,
    status: StatusCode,
    body: &PreparedBody,
    cache_control: &'static str,
) -> Response {
    let (bytes, coding, etag) = match choose_encoding(request) {
        Encoding::Brotli => (&body.brotli, Some("br"), &body.etags.brotli),
        Encoding::Gzip => (&body.gzip, Some("gzip"), &body.etags.gzip),
        Encoding::Identity => (&body.identity, None, &body.etags.identity),
    };
    let not_modified = status == StatusCode::OK && if_none_match_matches(request, etag);
    let mut builder = Response::builder()
        .status(if not_modified {
            StatusCode::NOT_MODIFIED
        } else {
            status
        })
        .header(header::VARY, HeaderValue::from_static("Accept-Encoding"))
        .header(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        )
        .header(header::CONTENT_TYPE, body.content_type.clone());
    if status == StatusCode::OK {
        builder = builder.header(header::ETAG, etag.clone());
    }
    if let Some(coding) = coding {
        builder = builder.header(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    let body = if not_modified {
        Body::empty()
    } else {
        Body::from(bytes.clone())
    };
    builder.body(body).expect("static headers are valid")
}

fn if_none_match_matches(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let etag = etag.to_str().unwrap_or_default();
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        h
    }

    #[test]
    fn prefers_brotli_then_gzip() {
        assert_eq!(
            choose_encoding(&headers("gzip, deflate, br")),
            Encoding::Brotli
        );
        assert_eq!(choose_encoding(&headers("gzip")), Encoding::Gzip);
        assert_eq!(choose_encoding(&headers("br;q=0, gzip")), Encoding::Gzip);
        assert_eq!(choose_encoding(&headers("identity")), Encoding::Identity);
        assert_eq!(choose_encoding(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn answers_304_for_a_matching_etag() {
        let body = PreparedBody::new("hello", "text/plain");
        let first = respond(&headers("br"), StatusCode::OK, &body, "no-cache");
        let etag = first.headers()[header::ETAG].clone();
        let mut again = headers("br");
        again.insert(header::IF_NONE_MATCH, etag);
        assert_eq!(
            respond(&again, StatusCode::OK, &body, "no-cache").status(),
            StatusCode::NOT_MODIFIED
        );
        let mut other = headers("br");
        other.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"nope\""));
        assert_eq!(
            respond(&other, StatusCode::OK, &body, "no-cache").status(),
            StatusCode::OK
        );
    }
}
