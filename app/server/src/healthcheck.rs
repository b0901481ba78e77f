//! `server healthcheck`: asks a running server for `/healthz`, so that a container image
//! without curl or a shell can still have a HEALTHCHECK.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

/// How long the whole check may take.
const TIMEOUT: Duration = Duration::from_secs(3);

/// Sends `GET /healthz` to the server listening on `address:port` and succeeds on `200`.
/// An unspecified listen address (0.0.0.0 or ::) is checked on loopback.
pub fn check(address: IpAddr, port: u16) -> Result<(), String> {
    let ip = match address {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let target = SocketAddr::new(ip, port);
    let fail = |e: std::io::Error| format!("http://{target}/healthz: {e}");
    let mut stream = TcpStream::connect_timeout(&target, TIMEOUT).map_err(fail)?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(fail)?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(fail)?;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .map_err(fail)?;
    let mut head = [0u8; 64];
    let mut filled = 0;
    while filled < head.len() {
        match stream.read(&mut head[filled..]).map_err(fail)? {
            0 => break,
            n => filled += n,
        }
    }
    let status_line = String::from_utf8_lossy(&head[..filled]);
    let status_line = status_line.lines().next().unwrap_or("");
    if status_line.starts_with("HTTP/1.1 200 ") {
        Ok(())
    } else {
        Err(format!("http://{target}/healthz answered {status_line:?}"))
    }
}
