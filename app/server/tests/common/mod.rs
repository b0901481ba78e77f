//! Shared test helpers: a tiny built-site fixture (no WASM build needed), the store and
//! router over the repository's real content, and a raw HTTP/1.1 client for socket tests.
#![allow(dead_code)] // each test binary uses a different subset of these helpers

use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use server::app::App;
use server::config::Config;
use server::store::Store;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

/// A file one level above the fixture's site directory: no request may ever return it.
pub const SECRET: &str = "TOP-SECRET-MARKER-7f3a";

/// The repository's content directory.
pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

/// Writes a minimal built site (`pkg/manifest.json`, dummy hashed assets, a favicon) into a
/// fresh directory named `name` and returns the site directory.
pub fn fixture_site(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fixture-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    let site = root.join("site");
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(root.join("secret.txt"), SECRET).unwrap();
    let files = [
        (
            "site.css",
            "site.0123456789abcdef.css",
            "body { color: black; }\n",
        ),
        ("boot.js", "boot.0123456789abcdef.js", "export {};\n"),
        (
            "site.js",
            "site.0123456789abcdef.js",
            "export default function init() {}\n",
        ),
        ("site.wasm", "site.0123456789abcdef.wasm", "\0asm\x01\0\0\0"),
        ("enhance.js", "enhance.0123456789abcdef.js", "// enhance\n"),
    ];
    let mut manifest = Vec::new();
    for (logical, hashed, text) in files {
        std::fs::write(pkg.join(hashed), text).unwrap();
        manifest.push(format!("\"{logical}\": \"{hashed}\""));
    }
    // Precompressed siblings, as `cargo xtask build` writes them.
    let css = files[0].2.as_bytes();
    let mut br = Vec::new();
    brotli::BrotliCompress(&mut &css[..], &mut br, &Default::default()).unwrap();
    std::fs::write(pkg.join(format!("{}.br", files[0].1)), br).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, css).unwrap();
    std::fs::write(pkg.join(format!("{}.gz", files[0].1)), gz.finish().unwrap()).unwrap();
    std::fs::write(
        pkg.join("manifest.json"),
        format!("{{{}}}", manifest.join(",")),
    )
    .unwrap();
    std::fs::write(
        site.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    site
}

/// The configuration for serving the fixture site and the real content.
pub fn config(site: &Path, extra: &[&str]) -> Config {
    let mut args = vec![
        "server".to_owned(),
        "--site-dir".to_owned(),
        site.display().to_string(),
        "--content-dir".to_owned(),
        content_dir().display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    Config::from_args(args).unwrap_or_else(|(message, _)| panic!("{message}"))
}

/// The store and router for `name`'s fixture, with `extra` flags (e.g. a base path).
pub fn app(name: &str, extra: &[&str]) -> (Arc<Store>, impl App) {
    let site = fixture_site(name);
    let config = config(&site, extra);
    let store = Arc::new(Store::load(&config).unwrap());
    let router = server::app::router(store.clone(), &site, &config.base_path, config.hsts);
    (store, router)
}

/// Sends one request through the router in-process.
pub async fn send(router: &impl App, request: Request<Body>) -> Response<Body> {
    router.clone().oneshot(request).await.unwrap()
}

/// `GET path` with the given headers.
pub fn get(path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    request("GET", path, headers)
}

/// A request with any method; HTTP/1.1 with `Host: localhost` unless `headers` name a
/// Host.
pub fn request(method: &str, path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        builder = builder.header("host", "localhost");
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

/// Serves `router` on an ephemeral loopback port, on a runtime thread of its own, with a
/// header-read timeout of `header_timeout`.
pub fn start(router: impl App, header_timeout: Duration) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            server::serve::serve(
                listener,
                router,
                std::future::pending(),
                Duration::from_secs(1),
                header_timeout,
            )
            .await;
        });
    });
    address
}

/// The whole body of a response.
pub async fn body(response: Response<Body>) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}

/// A response read off a socket: status (0 when the server closed without answering) and
/// the raw bytes.
pub struct RawResponse {
    /// The status code, or 0 if none was received.
    pub status: u16,
    /// Everything the server sent.
    pub bytes: Vec<u8>,
}

impl RawResponse {
    /// The response as (lossy) text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// Writes `raw` to a new connection and reads until the server closes it (or 5 s pass).
pub fn raw_request(address: SocketAddr, raw: &[u8]) -> RawResponse {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // The server may answer (and close) before it has read everything we send.
    let _ = stream.write_all(raw);
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    let status = std::str::from_utf8(bytes.get(9..12).unwrap_or_default())
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    RawResponse { status, bytes }
}

/// `GET target` over a socket with `Connection: close`.
pub fn raw_get(address: SocketAddr, target: &str) -> RawResponse {
    raw_request(
        address,
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}
