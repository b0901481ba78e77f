//! Server configuration from flags and environment variables.

use clap::{Parser, Subcommand, ValueEnum};
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Serves the distributed-systems field guide.
///
/// Every setting can also come from the environment variable shown with it; a flag wins
/// over its variable.
#[derive(Parser, Debug, Clone)]
#[command(version, about, long_about = None)]
pub struct Config {
    /// What to do instead of serving (the default).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Address to listen on.
    #[arg(
        global = true,
        long,
        env = "FIELDGUIDE_ADDRESS",
        default_value = "127.0.0.1"
    )]
    pub address: IpAddr,
    /// Port to listen on.
    #[arg(global = true, long, env = "FIELDGUIDE_PORT", default_value_t = 3000)]
    pub port: u16,
    /// Directory of skill folders (each with a SKILL.md).
    #[arg(
        global = true,
        long,
        env = "FIELDGUIDE_CONTENT_DIR",
        default_value = "content"
    )]
    pub content_dir: PathBuf,
    /// Built site directory with pkg/ (written by `cargo xtask build`).
    #[arg(
        global = true,
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site"
    )]
    pub site_dir: PathBuf,
    /// Path prefix when served below the root of a domain, e.g. /guide.
    #[arg(global = true, long, env = "FIELDGUIDE_BASE_PATH", default_value = "", value_parser = parse_base_path)]
    pub base_path: String,
    /// Public URL of the site, for canonical links and the sitemap (e.g. https://example.org/guide).
    #[arg(global = true, long, env = "FIELDGUIDE_SITE_URL", value_parser = parse_site_url)]
    pub site_url: Option<String>,
    /// Repository URL for "Edit this page" links, e.g. https://github.com/org/repo/edit/main/content.
    #[arg(global = true, long, env = "FIELDGUIDE_EDIT_URL", value_parser = parse_site_url)]
    pub edit_url: Option<String>,
    /// Site name shown in the header and titles.
    #[arg(
        global = true,
        long,
        env = "FIELDGUIDE_SITE_NAME",
        default_value = "Distributed Systems Field Guide"
    )]
    pub site_name: String,
    /// Log format.
    #[arg(global = true, long, env = "FIELDGUIDE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Seconds to let in-flight requests finish after SIGTERM or SIGINT.
    #[arg(global = true, long, env = "FIELDGUIDE_SHUTDOWN_GRACE", default_value = "10", value_parser = parse_seconds)]
    pub shutdown_grace: Duration,
    /// Send Strict-Transport-Security (only when TLS terminates in front of the server).
    #[arg(global = true, long, env = "FIELDGUIDE_HSTS", default_value_t = false)]
    pub hsts: bool,
    /// Development mode for authors: re-render when a file in the content directory
    /// changes and refresh open pages. From the environment only on a loopback address.
    #[arg(long, env = "FIELDGUIDE_WATCH", default_value_t = false)]
    pub watch: bool,
}

/// Other things the binary can do.
#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve the site (what happens without a command).
    Serve,
    /// Exit with status 0 if the server on --address/--port answers /healthz with 200
    /// (for Docker's HEALTHCHECK; 0.0.0.0 is checked on 127.0.0.1).
    Healthcheck,
    /// Write the whole site as static files for a static host or CDN, then exit.
    Export {
        /// Directory to write; it must be empty or not exist yet.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
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

impl Config {
    /// Parses the command line and the environment. `Err` carries the complete message
    /// for standard error (naming the flag and its environment variable) and the exit code;
    /// `--help` and `--version` come back as `Err` too, with exit code 0.
    pub fn from_args<I, T>(args: I) -> Result<Config, (String, i32)>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::{CommandFactory, FromArgMatches};
        let rendered = |e: clap::Error| {
            let mut message = e.render().to_string();
            if let Some(note) = env_note(&e) {
                message.push_str(&note);
            }
            (message, e.exit_code())
        };
        let matches = Config::command()
            .try_get_matches_from(args)
            .map_err(rendered)?;
        let config = Config::from_arg_matches(&matches).map_err(rendered)?;
        let watch_from_env =
            matches.value_source("watch") == Some(clap::parser::ValueSource::EnvVariable);
        if config.watch && watch_from_env && !config.address.is_loopback() {
            return Err((
                format!(
                    "error: FIELDGUIDE_WATCH turns on --watch (live reload for authors: \
                     re-renders on every content change and keeps a connection open per \
                     page), but --address {} is not a loopback address. Unset \
                     FIELDGUIDE_WATCH, listen on 127.0.0.1, or pass --watch on the command \
                     line if this is meant.\n",
                    config.address
                ),
                2,
            ));
        }
        Ok(config)
    }
}

/// For an invalid value, names the environment variable that can also set the flag.
fn env_note(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    use clap::CommandFactory;
    let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let long = arg.split_whitespace().next()?.strip_prefix("--")?;
    let command = Config::command();
    let env = command
        .get_arguments()
        .find(|a| a.get_long() == Some(long))?
        .get_env()?
        .to_string_lossy()
        .into_owned();
    let current = std::env::var_os(&env)
        .map(|v| format!(", currently set to {:?}", v.to_string_lossy()))
        .unwrap_or_default();
    Some(format!(
        "note: --{long} can also come from the environment variable {env}{current}\n"
    ))
}
