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

// Headers every response carries (the CSP is set per response; HSTS when configured).

/// `X-Content-Type-Options`: no MIME sniffing.
pub const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
/// `Referrer-Policy`.
pub const REFERRER_POLICY: HeaderValue =
    HeaderValue::from_static("strict-origin-when-cross-origin");
/// The `Permissions-Policy` header's name.
pub const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");
/// `Permissions-Policy`: no powerful features.
pub const PERMISSIONS: HeaderValue =
    HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()");
/// The `Cross-Origin-Opener-Policy` header's name.
pub const OPENER_POLICY: HeaderName = HeaderName::from_static("cross-origin-opener-policy");
/// `Cross-Origin-Opener-Policy`.
pub const SAME_ORIGIN: HeaderValue = HeaderValue::from_static("same-origin");
/// `X-Frame-Options` (with CSP's `frame-ancestors 'none'`, for older browsers).
pub const DENY: HeaderValue = HeaderValue::from_static("DENY");
/// `Strict-Transport-Security`, sent with `--hsts` (TLS terminated by a proxy).
pub const HSTS: HeaderValue = HeaderValue::from_static("max-age=63072000; includeSubDomains");

/// Every security header of a response whose policy is `csp`, as the layers in
/// [`crate::app`] add them and [`crate::prepared`] builds them in.
pub fn headers(csp: &'static str, hsts: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, NOSNIFF),
        (header::REFERRER_POLICY, REFERRER_POLICY),
        (PERMISSIONS_POLICY, PERMISSIONS),
        (OPENER_POLICY, SAME_ORIGIN),
        (header::X_FRAME_OPTIONS, DENY),
    ];
    if hsts {
        headers.push((header::STRICT_TRANSPORT_SECURITY, HSTS));
    }
    headers
}
