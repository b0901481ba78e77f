//! The field guide's web server: loads the content, renders every page once, and
//! serves the bytes from memory behind tower-http's layers.

mod app;
mod body;
mod config;
mod negotiate;
mod routes;
mod security;
mod store;

use clap::Parser;
use config::{Config, LogFormat};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let started = Instant::now();
    let config = Config::parse();
    init_logging(config.log_format);
    let store = match store::Store::load(&config) {
        Ok(store) => Arc::new(store),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let address = config.socket_addr();
    let listener = match TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {address} (--address/--port): {e}");
            return ExitCode::FAILURE;
        }
    };
    let pages = store.pages.len();
    let router = app::router(store, &config.site_dir, &config.base_path, config.hsts);
    println!(
        "serving {pages} pages on http://{address}{}/ (ready in {} ms)",
        config.base_path,
        started.elapsed().as_millis()
    );
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(());
    });
    let grace = config.shutdown_grace;
    let drained = async move {
        let mut stop_rx = stop_rx;
        let _ = stop_rx.changed().await;
        tracing::info!(
            "shutting down; waiting up to {} s for requests in flight",
            grace.as_secs()
        );
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        result = server => if let Err(e) = result {
            eprintln!("error: server failed: {e}");
            return ExitCode::FAILURE;
        },
        () = drained => tracing::warn!("grace period over; closing remaining connections"),
    }
    tracing::info!("stopped");
    ExitCode::SUCCESS
}

fn init_logging(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
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
