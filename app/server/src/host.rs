//! The Host header check that hyper leaves to the application (RFC 9112 §3.2): a server
//! must answer 400 to an HTTP/1.1 request without Host, to any request with more than
//! one, and to one whose value is not a valid `uri-host [ ":" port ]`.

use axum::body::Body;
use axum::http::uri::Authority;
use axum::http::{header, Request, Response, StatusCode, Version};
use axum::response::IntoResponse;

/// For tower-http's `ValidateRequestHeaderLayer::custom`.
#[allow(
    clippy::result_large_err,
    reason = "the signature of tower-http's `ValidateRequest`"
)]
pub fn validate<B>(request: &mut Request<B>) -> Result<(), Response<Body>> {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let problem = match (hosts.next(), hosts.next()) {
        (None, _) if request.version() >= Version::HTTP_11 => {
            "an HTTP/1.1 request needs a Host header"
        }
        (None, _) => return Ok(()),
        (Some(_), Some(_)) => "more than one Host header",
        (Some(host), None) if !valid_host(host.as_bytes()) => "an invalid Host header",
        (Some(_), None) => return Ok(()),
    };
    Err((StatusCode::BAD_REQUEST, problem).into_response())
}

/// `uri-host [ ":" port ]`, or empty (for a target URI without an authority). `Authority`
/// also takes user information, which a Host header may not carry, and any port text.
fn valid_host(value: &[u8]) -> bool {
    if value.is_empty() {
        return true;
    }
    let port_is_digits = |authority: Authority| {
        let text = authority.as_str();
        let port = if text.ends_with(']') {
            None
        } else {
            text.rsplit_once(':').map(|(_, port)| port)
        };
        port.is_none_or(|port| port.bytes().all(|b| b.is_ascii_digit()))
    };
    !value.contains(&b'@') && Authority::try_from(value).is_ok_and(port_is_digits)
}

#[cfg(test)]
mod tests {
    use super::valid_host;

    #[test]
    fn host_values() {
        for good in ["localhost", "127.0.0.1:3000", "[::1]:80", "example.org", ""] {
            assert!(valid_host(good.as_bytes()), "{good}");
        }
        for bad in ["user@example.org", "a b", "example.org/path", "host:port"] {
            assert!(!valid_host(bad.as_bytes()), "{bad}");
        }
    }
}
