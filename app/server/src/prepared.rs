//! Responses served from memory, prepared once (at startup, or compressed on first use):
//! for each encoding the body and its complete header block (Content-Type, Content-Encoding, Vary, ETag,
//! Cache-Control, the CSP and the other security headers), so that answering costs an
//! encoding choice, an ETag comparison and a clone of a ready header map. The layers
//! that add security headers to every other response find them present.

use crate::body::PreparedBody;
use crate::negotiate::{choose_encoding, if_none_match_matches, Encoding};
use crate::security;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use std::sync::OnceLock;

/// How a prepared body is served.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Its `Cache-Control`.
    pub cache_control: &'static str,
    /// Its `Content-Security-Policy`.
    pub csp: &'static str,
    /// Whether `Strict-Transport-Security` is sent (`--hsts`).
    pub hsts: bool,
    /// Whether it is served with 200 (and so has an ETag and answers `If-None-Match`);
    /// false for the 404 page.
    pub found: bool,
}

/// One body with everything needed to answer a request for it.
pub struct Prepared {
    /// The uncompressed body with its ETags (brotli and gzip equal to it until
    /// compressed).
    uncompressed: PreparedBody,
    identity: Variant,
    /// Compressed at startup ([`Prepared::new`]) or on the first request that takes
    /// brotli or gzip ([`Prepared::lazy`]).
    compressed: OnceLock<Compressed>,
    policy: Policy,
}

struct Compressed {
    body: PreparedBody,
    brotli: Variant,
    gzip: Variant,
}

struct Variant {
    bytes: Bytes,
    etag: HeaderValue,
    /// For 200 (or 404).
    full: HeaderMap,
    /// For 304: only what RFC 9110 §15.4.5 asks a 304 to repeat, and the security headers.
    not_modified: HeaderMap,
}

impl Variant {
    fn new(
        bytes: &Bytes,
        etag: &HeaderValue,
        content_type: &HeaderValue,
        coding: Option<&'static str>,
        policy: Policy,
    ) -> Variant {
        let mut common = HeaderMap::new();
        for (name, value) in security::headers(policy.csp, policy.hsts) {
            common.insert(name, value);
        }
        common.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        common.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(policy.cache_control),
        );
        if policy.found {
            common.insert(header::ETAG, etag.clone());
        }
        let mut full = common.clone();
        full.insert(header::CONTENT_TYPE, content_type.clone());
        if let Some(coding) = coding {
            full.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        Variant {
            bytes: bytes.clone(),
            etag: etag.clone(),
            full,
            not_modified: common,
        }
    }
}

impl Compressed {
    fn new(body: PreparedBody, policy: Policy) -> Compressed {
        // A body too small to gain from compression (robots.txt) is sent as it is.
        let variant = |bytes: &Bytes, etag, coding| {
            if bytes.len() < body.identity.len() {
                Variant::new(bytes, etag, &body.content_type, Some(coding), policy)
            } else {
                let etag = &body.etags.identity;
                Variant::new(&body.identity, etag, &body.content_type, None, policy)
            }
        };
        Compressed {
            brotli: variant(&body.brotli, &body.etags.brotli, "br"),
            gzip: variant(&body.gzip, &body.etags.gzip, "gzip"),
            body,
        }
    }
}

impl Prepared {
    /// Builds the header blocks of `body` (compressed already) under `policy`.
    pub fn new(body: PreparedBody, policy: Policy) -> Prepared {
        let prepared = Prepared::lazy(body.uncompressed(), policy);
        let _ = prepared.compressed.set(Compressed::new(body, policy));
        prepared
    }

    /// Like [`Prepared::new`] for a body not compressed yet: it is compressed on the first
    /// request that asks for brotli or gzip (a few milliseconds for a large page), so
    /// that start-up does not compress what may never be asked for.
    pub fn lazy(uncompressed: PreparedBody, policy: Policy) -> Prepared {
        let identity = Variant::new(
            &uncompressed.identity,
            &uncompressed.etags.identity,
            &uncompressed.content_type,
            None,
            policy,
        );
        Prepared {
            uncompressed,
            identity,
            compressed: OnceLock::new(),
            policy,
        }
    }

    fn compressed(&self) -> &Compressed {
        self.compressed
            .get_or_init(|| Compressed::new(self.uncompressed.compress(), self.policy))
    }

    /// The bytes in every encoding (the static export writes these); compresses them if
    /// that was not done yet.
    pub fn body(&self) -> &PreparedBody {
        &self.compressed().body
    }

    /// The response to a request with `request` headers: the encoding it prefers, or 304
    /// when its `If-None-Match` names that encoding's ETag. Status 200, or 404 for a body
    /// prepared as not found.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let variant = match choose_encoding(request) {
            Encoding::Brotli => &self.compressed().brotli,
            Encoding::Gzip => &self.compressed().gzip,
            Encoding::Identity => &self.identity,
        };
        let (status, headers, body) = if !self.policy.found {
            (
                StatusCode::NOT_FOUND,
                &variant.full,
                Body::from(variant.bytes.clone()),
            )
        } else if if_none_match_matches(request, &variant.etag) {
            (
                StatusCode::NOT_MODIFIED,
                &variant.not_modified,
                Body::empty(),
            )
        } else {
            (
                StatusCode::OK,
                &variant.full,
                Body::from(variant.bytes.clone()),
            )
        };
        let mut response = Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = headers.clone();
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(found: bool) -> Policy {
        Policy {
            cache_control: "no-cache",
            csp: "default-src 'self'",
            hsts: false,
            found,
        }
    }

    fn accept(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn answers_304_for_a_matching_etag_and_404_without_one() {
        let text = "hello, quorum. ".repeat(50);
        let prepared = Prepared::new(PreparedBody::new(text, "text/plain"), policy(true));
        let first = prepared.respond(&accept("br"));
        assert_eq!(first.headers()[header::CONTENT_ENCODING], "br");
        let mut again = accept("br");
        again.insert(header::IF_NONE_MATCH, first.headers()[header::ETAG].clone());
        let not_modified = prepared.respond(&again);
        assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
        assert!(!not_modified
            .headers()
            .contains_key(header::CONTENT_ENCODING));
        assert_eq!(not_modified.headers()[header::VARY], "Accept-Encoding");
        let mut other = accept("gzip");
        other.insert(header::IF_NONE_MATCH, first.headers()[header::ETAG].clone());
        assert_eq!(prepared.respond(&other).status(), StatusCode::OK);

        // Too small to gain from compression: sent as it is.
        let tiny = Prepared::new(PreparedBody::new("hi", "text/plain"), policy(true));
        let response = tiny.respond(&accept("br"));
        assert!(!response.headers().contains_key(header::CONTENT_ENCODING));
        assert_eq!(response.headers()[header::VARY], "Accept-Encoding");

        let missing = Prepared::new(PreparedBody::new("gone", "text/html"), policy(false));
        let response = missing.respond(&again);
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(!response.headers().contains_key(header::ETAG));
        assert_eq!(
            response.headers()[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff"
        );
    }

    #[test]
    fn a_lazy_body_compresses_on_first_use_and_answers_as_an_eager_one() {
        let text = "hello, quorum. ".repeat(50);
        let eager = Prepared::new(PreparedBody::new(text.clone(), "text/plain"), policy(true));
        let lazy = Prepared::lazy(
            PreparedBody::uncompressed_from(text, "text/plain"),
            policy(true),
        );
        let plain = lazy.respond(&HeaderMap::new());
        assert!(
            lazy.compressed.get().is_none(),
            "identity needs no compression"
        );
        assert_eq!(
            plain.headers()[header::ETAG],
            eager.respond(&HeaderMap::new()).headers()[header::ETAG]
        );
        for coding in ["br", "gzip"] {
            let (a, b) = (
                lazy.respond(&accept(coding)),
                eager.respond(&accept(coding)),
            );
            assert_eq!(a.headers(), b.headers(), "{coding}");
        }
        assert_eq!(lazy.body().brotli, eager.body().brotli);
    }
}
