//! Choosing a representation: content encoding and conditional requests.

use axum::http::{header, HeaderMap, HeaderValue};

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

impl Encoding {
    /// The coding's name in `Accept-Encoding` and `Content-Encoding`.
    pub fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
            Encoding::Identity => "identity",
        }
    }
}

/// Picks the encoding to send by RFC 9110 §12.5.3: the coding with the highest q-value
/// wins (brotli before gzip before identity on a tie); a coding the header does not name
/// takes the weight of `*`; `q=0`, said of a coding or of `*`, refuses it; parameter names
/// are case-insensitive; an element whose q-value is not a valid one (`q=2`, `q=-1`,
/// `q=NaN`, four decimals) is ignored. Without the header, or when every coding is
/// refused, identity.
///
/// Hand-written because the ecosystem has no public parser: tower-http's (used by its
/// `ServeDir` and `CompressionLayer`) is crate-private and does not read `*`
/// (tower-http 0.6.11, `src/content_encoding.rs`), `http` parses no header values, and
/// `headers` 0.4 has no `AcceptEncoding`.
pub fn choose_encoding(headers: &HeaderMap) -> Encoding {
    effective_weights(headers)
        .into_iter()
        .filter(|&(_, q)| q > 0)
        // `max_by_key` keeps the last of equal maxima: the preferred coding goes last.
        .rev()
        .max_by_key(|&(_, q)| q)
        .map_or(Encoding::Identity, |(encoding, _)| encoding)
}

/// The same choice written out for tower-http's `ServeDir`, which reads q-values but not
/// `*`: an `Accept-Encoding` value naming each of our codings with its effective weight.
/// `ServeDir` then picks as [`choose_encoding`] does, and falls back to the next coding
/// when a file has no precompressed sibling.
pub fn explicit_accept_encoding(headers: &HeaderMap) -> HeaderValue {
    let value: Vec<String> = effective_weights(headers)
        .into_iter()
        .map(|(encoding, q)| format!("{};q={}.{:03}", encoding.token(), q / 1000, q % 1000))
        .collect();
    HeaderValue::from_str(&value.join(", ")).expect("tokens and digits are a valid header")
}

/// The weight, in thousandths, of each encoding we serve, in our order of preference.
fn effective_weights(headers: &HeaderMap) -> [(Encoding, u16); 3] {
    let weights = Weights::of(headers);
    let weight = |coding: Option<u16>| coding.or(weights.any).unwrap_or(0);
    // Identity not named is acceptable, at the lowest weight.
    let identity = weights.identity.or(weights.any).unwrap_or(1);
    [
        (Encoding::Brotli, weight(weights.brotli)),
        (Encoding::Gzip, weight(weights.gzip)),
        (Encoding::Identity, identity),
    ]
}

/// The q-values (in thousandths) that an `Accept-Encoding` header gives the codings we
/// know; `None` for a coding it does not name.
#[derive(Default, Debug)]
struct Weights {
    brotli: Option<u16>,
    gzip: Option<u16>,
    identity: Option<u16>,
    any: Option<u16>,
}

impl Weights {
    fn of(headers: &HeaderMap) -> Weights {
        let mut weights = Weights::default();
        let elements = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','));
        for element in elements {
            let mut parts = element.split(';');
            let coding = parts.next().unwrap_or_default().trim();
            let Some(q) = element_weight(parts) else {
                continue;
            };
            let slot = if coding.eq_ignore_ascii_case("br") {
                &mut weights.brotli
            } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                // RFC 9110 §8.4.1.3: x-gzip is gzip.
                &mut weights.gzip
            } else if coding.eq_ignore_ascii_case("identity") {
                &mut weights.identity
            } else if coding == "*" {
                &mut weights.any
            } else {
                continue;
            };
            // A coding named twice: the higher weight counts.
            *slot = Some(slot.map_or(q, |old| old.max(q)));
        }
        weights
    }
}

/// The weight of one element from its parameters: 1000 without `q`, `None` when the
/// q-value is invalid.
fn element_weight<'a>(parameters: impl Iterator<Item = &'a str>) -> Option<u16> {
    let mut q = 1000;
    for parameter in parameters {
        let (name, value) = parameter.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("q") {
            q = parse_qvalue(value.trim())?;
        }
    }
    Some(q)
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` (RFC 9110 §12.4.2), in
/// thousandths.
fn parse_qvalue(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Whether `If-None-Match` names `etag` (weakly compared, RFC 9110 §13.1.2) or is `*`.
pub fn if_none_match_matches(request: &HeaderMap, etag: &HeaderValue) -> bool {
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
}
