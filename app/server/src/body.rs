//! Response bodies prepared once: identity, brotli and gzip variants plus a strong ETag.

use axum::body::Bytes;
use axum::http::HeaderValue;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Brotli quality 6: about 2% larger than quality 9 on this site's responses and several
/// times faster, which keeps startup short (`examples/compression-levels.rs` measures it).
const BROTLI_QUALITY: i32 = 6;
/// Brotli window (log2 bytes): larger than any page, so the whole body is one window.
const BROTLI_WINDOW: i32 = 22;
/// Gzip level 6 (zlib's default): within 1% of level 9 here. Browsers take brotli; gzip
/// is for older clients and tools.
const GZIP_LEVEL: u32 = 6;

/// One response body in every encoding we serve, computed at startup.
#[derive(Clone, Debug)]
pub struct PreparedBody {
    /// The uncompressed bytes.
    pub identity: Bytes,
    /// Brotli-compressed bytes.
    pub brotli: Bytes,
    /// Gzip-compressed bytes.
    pub gzip: Bytes,
    /// Strong ETags (quoted, ready to send) of the identity, brotli and gzip bytes: a hash
    /// of the uncompressed bytes with a suffix per encoding.
    pub etags: Etags,
    /// The Content-Type header value.
    pub content_type: HeaderValue,
}

impl PreparedBody {
    /// Compresses `bytes` once with brotli and gzip (unless the format is compressed
    /// already, see [`is_compressed_format`]).
    pub fn new(bytes: impl Into<Bytes>, content_type: &'static str) -> PreparedBody {
        let identity: Bytes = bytes.into();
        if is_compressed_format(content_type) {
            return PreparedBody::from_parts(
                identity.clone(),
                identity.clone(),
                identity,
                content_type,
            );
        }
        let brotli = compress(Codec::Brotli, &identity).into();
        let gzip = compress(Codec::Gzip, &identity).into();
        PreparedBody::from_parts(identity, brotli, gzip, content_type)
    }

    /// The body with its ETags but not compressed: its brotli and gzip bytes are the
    /// identity bytes until [`PreparedBody::compress`].
    pub fn uncompressed_from(bytes: impl Into<Bytes>, content_type: &'static str) -> PreparedBody {
        let identity: Bytes = bytes.into();
        PreparedBody::from_parts(identity.clone(), identity.clone(), identity, content_type)
    }

    /// This body with its identity bytes in every encoding (and its ETags unchanged).
    pub fn uncompressed(&self) -> PreparedBody {
        PreparedBody {
            brotli: self.identity.clone(),
            gzip: self.identity.clone(),
            ..self.clone()
        }
    }

    /// This body compressed with brotli and gzip (unless its format is compressed
    /// already); the ETags stay, as they hash the identity bytes.
    pub fn compress(&self) -> PreparedBody {
        let compressed = self.content_type.to_str().is_ok_and(is_compressed_format);
        if compressed {
            return self.uncompressed();
        }
        PreparedBody {
            brotli: compress(Codec::Brotli, &self.identity).into(),
            gzip: compress(Codec::Gzip, &self.identity).into(),
            ..self.clone()
        }
    }

    fn from_parts(
        identity: Bytes,
        brotli: Bytes,
        gzip: Bytes,
        content_type: &'static str,
    ) -> PreparedBody {
        let hash = Sha256::digest(&identity);
        let hex: String = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
        let tag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{hex}{suffix}\"")).expect("hex is a valid header")
        };
        PreparedBody {
            etags: Etags {
                identity: tag(""),
                brotli: tag("-br"),
                gzip: tag("-gz"),
            },
            identity,
            brotli,
            gzip,
            content_type: HeaderValue::from_static(content_type),
        }
    }
}

/// The ETag header value of each encoding, computed once.
#[derive(Clone, Debug)]
pub struct Etags {
    /// For the uncompressed bytes.
    pub identity: HeaderValue,
    /// For the brotli bytes.
    pub brotli: HeaderValue,
    /// For the gzip bytes.
    pub gzip: HeaderValue,
}

/// Formats whose bytes are compressed already (a `.zip` of deflated files): compressing
/// them again gains nothing, so they are served and exported as they are. Every other
/// body is compressed.
pub fn is_compressed_format(content_type: &str) -> bool {
    content_type == "application/zip"
}

/// Prepares many bodies at once, spreading the compression work (largest first) over
/// every available core. The result is in the order of `bodies`.
pub fn prepare_all(bodies: Vec<(Bytes, &'static str)>) -> Vec<PreparedBody> {
    let mut jobs: Vec<(usize, Codec)> = (0..bodies.len())
        .filter(|&i| !is_compressed_format(bodies[i].1))
        .flat_map(|i| [(i, Codec::Brotli), (i, Codec::Gzip)])
        .collect();
    // Brotli is the slower codec; big bodies first keeps the cores evenly busy to the end.
    jobs.sort_by_key(|&(i, codec)| std::cmp::Reverse((codec == Codec::Brotli, bodies[i].0.len())));
    let results: Vec<Mutex<Option<Vec<u8>>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(jobs.len()) {
            scope.spawn(|| loop {
                let job = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(i, codec)) = jobs.get(job) else {
                    break;
                };
                let out = compress(codec, &bodies[i].0);
                *results[job].lock().unwrap_or_else(|e| e.into_inner()) = Some(out);
            });
        }
    });
    // A body that is not compressed keeps its own bytes for every encoding.
    let mut brotli: Vec<Bytes> = bodies.iter().map(|(bytes, _)| bytes.clone()).collect();
    let mut gzip = brotli.clone();
    for (&(i, codec), result) in jobs.iter().zip(results) {
        let out = result
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .unwrap_or_default()
            .into();
        match codec {
            Codec::Brotli => brotli[i] = out,
            Codec::Gzip => gzip[i] = out,
        }
    }
    bodies
        .into_iter()
        .zip(brotli.into_iter().zip(gzip))
        .map(|((identity, content_type), (br, gz))| {
            PreparedBody::from_parts(identity, br, gz, content_type)
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Codec {
    Brotli,
    Gzip,
}

fn compress(codec: Codec, bytes: &[u8]) -> Vec<u8> {
    match codec {
        Codec::Brotli => brotli_compress(bytes),
        Codec::Gzip => gzip_compress(bytes),
    }
}

fn brotli_compress(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .expect("compressing into memory cannot fail");
    out
}

fn gzip_compress(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(GZIP_LEVEL),
    );
    encoder
        .write_all(bytes)
        .expect("compressing into memory cannot fail");
    encoder
        .finish()
        .expect("compressing into memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn every_encoding_decodes_to_the_original() {
        let text = "consensus needs a quorum. ".repeat(500);
        let bodies = vec![
            (Bytes::from(text.clone()), "text/plain"),
            (Bytes::from_static(b""), "text/plain"),
        ];
        let prepared = prepare_all(bodies);
        assert_eq!(prepared.len(), 2);
        let body = &prepared[0];
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &body.brotli[..], &mut unbrotli).unwrap();
        let mut ungzip = Vec::new();
        flate2::read::GzDecoder::new(&body.gzip[..])
            .read_to_end(&mut ungzip)
            .unwrap();
        assert_eq!(unbrotli, text.as_bytes());
        assert_eq!(ungzip, text.as_bytes());
        assert!(body.brotli.len() < text.len() / 10);
        let again = PreparedBody::new(text, "text/plain");
        assert_eq!(body.etags.brotli, again.etags.brotli);
        assert_ne!(body.etags.brotli, body.etags.gzip);
        assert!(prepared[1].identity.is_empty());
    }

    #[test]
    fn compressed_formats_are_kept_as_they_are() {
        let zip = Bytes::from("PK\u{3}\u{4}".repeat(100));
        let prepared = prepare_all(vec![(zip.clone(), "application/zip")]);
        assert_eq!(prepared[0].brotli, zip);
        assert_eq!(prepared[0].gzip, zip);
        let text = PreparedBody::new("PK\u{3}\u{4}".repeat(100), "text/plain");
        assert!(text.brotli.len() < text.identity.len() / 10);
    }
}
