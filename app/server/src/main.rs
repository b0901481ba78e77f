//! The `server` binary: serve (default), `export --out DIR`, or `healthcheck`.

use server::config::{Command, Config, LogFormat};
use server::live_reload::{self, LiveStore};
use server::serve::{Stopped, HEADER_READ_TIMEOUT};
use server::{app, export, healthcheck, store, workers};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

fn main() -> ExitCode {
    let started = Instant::now();
    let config = match Config::from_args(std::env::args_os()) {
        Ok(config) => config,
        Err((message, code)) => {
            if code == 0 {
                print!("{message}");
            } else {
                eprint!("{message}");
            }
            return ExitCode::from(u8::try_from(code).unwrap_or(2));
        }
    };
    let outcome = match &config.command {
        Some(Command::Healthcheck) => healthcheck::check(config.address, config.port),
        Some(Command::Export { out }) => store::Store::load(&config)
            .and_then(|store| export::write(&store, &config.site_dir, out))
            .map(|count| println!("exported {count} files to {}", out.display())),
        Some(Command::Serve) | None => run_server(&config, started),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_server(config: &Config, started: Instant) -> Result<(), String> {
    init_logging(config.log_format);
    let address = config.socket_addr();
    // Bound before the content loads: a request that arrives meanwhile waits, not refused.
    let listeners = workers::bind(address, workers::worker_count())
        .map_err(|e| format!("cannot listen on {address} (--address/--port): {e}"))?;
    let address = listeners[0].local_addr().unwrap_or(address);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting the async runtime: {e}"))?;
    runtime.block_on(async {
        let store = store::Store::load(config)?;
        let pages = store.pages.len();
        let state = Arc::new(LiveStore::new(Arc::new(store)));
        if config.watch && !config.address.is_loopback() {
            tracing::warn!(
                "--watch on {}, not a loopback address: anyone who can reach it can hold live-reload connections",
                config.address
            );
        }
        if config.watch {
            live_reload::watch_content(state.clone(), config.clone());
        }
        let router = app::router_with(
            state,
            &config.site_dir,
            &config.base_path,
            config.hsts,
            config.watch,
        );
        tracing::info!(
            "serving {pages} pages on http://{address}{}/ with {} workers (ready in {} ms)",
            config.base_path,
            listeners.len(),
            started.elapsed().as_millis()
        );
        match workers::serve_all(
            listeners,
            router,
            shutdown_signal(),
            config.shutdown_grace,
            HEADER_READ_TIMEOUT,
        )
        .await?
        {
            Stopped::Drained => tracing::info!("stopped"),
            Stopped::GraceExpired => {
                tracing::warn!("grace period over; closed the remaining connections; stopped")
            }
        }
        Ok(())
    })
}

/// Logs go to standard output, in colour only on a terminal and without `NO_COLOR`.
fn init_logging(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

/// Resolves on SIGTERM or SIGINT.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
