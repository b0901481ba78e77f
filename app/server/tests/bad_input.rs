//! Hostile and malformed requests against the real HTTP stack on a socket: each gets a 4xx
//! (or the documented answer), nothing outside the site is ever served, and other clients
//! keep being served throughout.

mod common;

use common::{raw_get, raw_request, SECRET};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// Header-read timeout for these tests (the binary uses 10 s).
const HEADER_TIMEOUT: Duration = Duration::from_secs(1);

/// Starts the server for `name`'s fixture on an ephemeral loopback port.
fn start(name: &str) -> SocketAddr {
    let (_, router) = common::app(name, &[]);
    common::start(router, HEADER_TIMEOUT)
}

/// The server still answers an ordinary request.
fn assert_alive(address: SocketAddr) {
    let response = raw_get(address, "/");
    assert_eq!(response.status, 200, "the server stopped serving");
}

fn assert_4xx(response: &common::RawResponse, what: &str) {
    assert!(
        (400..500).contains(&response.status),
        "{what}: expected a 4xx, got {} ({:?})",
        response.status,
        response.text().lines().next()
    );
    let text = response.text();
    assert!(
        !text.contains(SECRET),
        "{what}: leaked a file outside the site"
    );
    assert!(!text.contains("root:x:0:0"), "{what}: leaked /etc/passwd");
}

#[test]
fn path_traversal_in_every_spelling_stays_inside_the_site() {
    let address = start("traversal");
    let targets = [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/pkg/../../secret.txt",
        "/pkg/../../../../../../etc/passwd",
        "/pkg/%2e%2e/%2e%2e/secret.txt",
        "/pkg/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/pkg/%252e%252e/%252e%252e/secret.txt",
        "/pkg/..%2f..%2fsecret.txt",
        "/pkg/..%5c..%5csecret.txt",
        "/pkg/..\\..\\secret.txt",
        "/pkg/.%2e/.%2e/secret.txt",
        "/pkg/....//....//secret.txt",
        "/pkg//etc/passwd",
        "/pkg/%2fetc%2fpasswd",
        "/pkg/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/pkg/C:%5cWindows%5cwin.ini",
        "http://localhost/../../etc/passwd",
        "http://localhost/pkg/../../secret.txt",
    ];
    for target in targets {
        assert_4xx(&raw_get(address, target), target);
    }
    // Raw bytes that are not valid in a request target.
    assert_4xx(
        &raw_request(
            address,
            b"GET /pkg/..\\..\\..\\etc\\passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        ),
        "backslashes",
    );
    assert_alive(address);
}

#[test]
fn nul_bytes_and_invalid_utf8_are_rejected() {
    let address = start("bytes");
    for target in [
        "/%00",
        "/pkg/%00",
        "/consensus%00.html",
        "/%FF%FE",
        "/pkg/%C3%28",
    ] {
        assert_4xx(&raw_get(address, target), target);
    }
    for raw in [
        &b"GET /\0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..],
        b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /search?q=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\nConnection: close\r\n\r\n",
        b"\xff\xfe\xfd\r\n\r\n",
    ] {
        assert_4xx(&raw_request(address, raw), &String::from_utf8_lossy(raw));
    }
    // Percent-encoded invalid UTF-8 in the query of a search is decoded lossily.
    let search = raw_get(address, "/search?q=%FF%FE%00");
    assert_eq!(search.status, 200);
    assert_alive(address);
}

#[test]
fn oversized_paths_headers_and_queries_get_4xx() {
    let address = start("sizes");
    let long_path = format!("/{}", "a".repeat(9 * 1024));
    assert_4xx(&raw_get(address, &long_path), "9 KB path");
    let huge_path = format!("/{}", "a".repeat(70 * 1024));
    assert_4xx(&raw_get(address, &huge_path), "70 KB path");
    let search = format!("/search?q={}", "a".repeat(100 * 1024));
    assert_4xx(&raw_get(address, &search), "100 KB search query");
    let big_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(1024 * 1024)
    );
    assert_4xx(&raw_request(address, big_header.as_bytes()), "1 MB header");
    let many: String = (0..500).map(|i| format!("X-H{i}: v\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\nHost: x\r\n{many}Connection: close\r\n\r\n");
    assert_4xx(&raw_request(address, many.as_bytes()), "500 headers");
    let body = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        64 * 1024,
        "x".repeat(64 * 1024)
    );
    assert_4xx(&raw_request(address, body.as_bytes()), "64 KB body");
    assert_alive(address);
}

#[test]
fn methods_other_than_get_and_head_are_refused() {
    let address = start("methods-socket");
    for method in [
        "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "CONNECT",
    ] {
        let target = if method == "CONNECT" {
            "localhost:3000"
        } else {
            "/"
        };
        let raw = format!("{method} {target} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assert_4xx(&raw_request(address, raw.as_bytes()), method);
    }
    assert_alive(address);
}

#[test]
fn a_slowloris_client_is_cut_off_while_others_are_served() {
    let address = start("slowloris");
    let mut slow = TcpStream::connect(address).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let started = Instant::now();
    let mut closed = false;
    while started.elapsed() < HEADER_TIMEOUT * 5 {
        // One more header line every 200 ms: never finishing the request.
        if slow.write_all(b"X-Slow: 1\r\n").is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 1024];
        match slow.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
        assert_alive(address);
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(closed, "the slow client was never disconnected");
    assert!(
        started.elapsed() < HEADER_TIMEOUT * 3,
        "cut off only after {:?}",
        started.elapsed()
    );
    assert_alive(address);
}

#[test]
fn many_bad_clients_at_once_do_not_stop_good_ones() {
    let address = start("mixed");
    let bad: Vec<_> = (0..16)
        .map(|i| {
            std::thread::spawn(move || {
                let target = match i % 4 {
                    0 => "/pkg/%2e%2e/%2e%2e/secret.txt".to_owned(),
                    1 => format!("/{}", "z".repeat(10_000)),
                    2 => "/search?q=%FF".to_owned(),
                    _ => "/no-such-page".to_owned(),
                };
                raw_get(address, &target).status
            })
        })
        .collect();
    for _ in 0..20 {
        assert_alive(address);
    }
    for handle in bad {
        let status = handle.join().unwrap();
        assert!((200..500).contains(&status), "status {status}");
    }
}
