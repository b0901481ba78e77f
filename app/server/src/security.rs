//! Security headers sent with every response.

use axum::http::{header, HeaderName, HeaderValue};
use base64::Engine;
use sha2::{Digest, Sha256};
use site::layout::THEME_SCRIPT;

/// The two Content-Security-Policies: pages with islands may compile WebAssembly.
#[derive(Clone, Copy, Debug)]
pub struct ContentSecurityPolicy {
    /// For pages with widgets: adds `'wasm-unsafe-eval'`.
    pub with_wasm: &'static str,
    /// For every other response.
    pub without_wasm: &'static str,
}

impl ContentSecurityPolicy {
    /// Builds both policies; the only inline script is allowed by its hash.
    pub fn compute() -> ContentSecurityPolicy {
        let hash = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(THEME_SCRIPT.as_bytes()));
        let policy = |wasm: &str| -> &'static str {
            Box::leak(
                format!(
                    "default-src 'self'; script-src 'self' 'sha256-{hash}'{wasm}; style-src 'self'; img-src 'self' data:; \
                     connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
                )
                .into_boxed_str(),
            )
        };
        ContentSecurityPolicy {
            with_wasm: policy(" 'wasm-unsafe-eval'"),
            without_wasm: policy(""),
        }
    }
}

/// Headers every response carries (CSP is set per response).
pub fn static_headers(hsts: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), interest-cohort=()",
            ),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ];
    if hsts {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ));
    }
    headers
}
