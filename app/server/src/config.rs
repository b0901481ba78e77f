//! Server configuration from flags and environment variables.

use clap::{Parser, ValueEnum};
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Serves the distributed-systems field guide.
#[derive(Parser, Debug, Clone)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "FIELDGUIDE_ADDRESS", default_value = "127.0.0.1")]
    pub address: IpAddr,
    /// Port to listen on.
    #[arg(long, env = "FIELDGUIDE_PORT", default_value_t = 3000)]
    pub port: u16,
    /// Directory of skill folders (each with a SKILL.md).
    #[arg(long, env = "FIELDGUIDE_CONTENT_DIR", default_value = "content")]
    pub content_dir: PathBuf,
    /// Built site directory with pkg/ (written by `cargo xtask build`).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_dir: PathBuf,
    /// Path prefix when served below the root of a domain, e.g. /guide.
    #[arg(long, env = "FIELDGUIDE_BASE_PATH", default_value = "", value_parser = parse_base_path)]
    pub base_path: String,
    /// Public URL of the site, for canonical links and the sitemap (e.g. https://example.org/guide).
    #[arg(long, env = "FIELDGUIDE_SITE_URL", value_parser = parse_site_url)]
    pub site_url: Option<String>,
    /// Repository URL for "Edit this page" links, e.g. https://github.com/org/repo/edit/main/content.
    #[arg(long, env = "FIELDGUIDE_EDIT_URL", value_parser = parse_site_url)]
    pub edit_url: Option<String>,
    /// Site name shown in the header and titles.
    #[arg(
        long,
        env = "FIELDGUIDE_SITE_NAME",
        default_value = "Distributed Systems Field Guide"
    )]
    pub site_name: String,
    /// Log format.
    #[arg(long, env = "FIELDGUIDE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Seconds to let in-flight requests finish after SIGTERM or SIGINT.
    #[arg(long, env = "FIELDGUIDE_SHUTDOWN_GRACE", default_value = "10", value_parser = parse_seconds)]
    pub shutdown_grace: Duration,
    /// Send Strict-Transport-Security (only when TLS terminates in front of the server).
    #[arg(long, env = "FIELDGUIDE_HSTS", default_value_t = false)]
    pub hsts: bool,
}

/// How request logs are written.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

impl Config {
    /// The address to bind.
    pub fn socket_addr(&self) -> std::net::SocketAddr {
        (self.address, self.port).into()
    }
}

fn parse_base_path(value: &str) -> Result<String, String> {
    let trimmed = value.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let valid = trimmed.starts_with('/')
        && trimmed[1..].split('/').all(|part| {
            !part.is_empty()
                && part != ".."
                && part != "."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        });
    if valid {
        Ok(trimmed.to_owned())
    } else {
        Err(format!(
            "base path must look like /guide (letters, digits, - _ .), got {value:?}"
        ))
    }
}

fn parse_site_url(value: &str) -> Result<String, String> {
    let ok = (value.starts_with("https://") || value.starts_with("http://"))
        && !value.contains(char::is_whitespace)
        && !value.contains('"');
    if ok {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        Err(format!("expected an http(s) URL, got {value:?}"))
    }
}

fn parse_seconds(value: &str) -> Result<Duration, String> {
    value
        .parse::<u64>()
        .map(Duration::from_secs)
        .map_err(|_| format!("expected whole seconds, got {value:?}"))
}
