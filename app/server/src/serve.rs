//! Accepting connections: hyper's HTTP/1.1 server with a header-read timeout (the slowloris defence that
//! `axum::serve` does not configure) and a graceful shutdown bounded by a grace period.

use crate::app::App;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Longest time a client may take to send a request's headers before it is disconnected
/// (the default for [`serve`]).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections one worker serves at once; while it has this many, it accepts no more and
/// new ones wait in the listen backlog (as nginx's `worker_connections`).
pub const MAX_CONNECTIONS: usize = 4096;

/// How serving ended after the shutdown signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Every connection finished its requests in flight and closed.
    Drained,
    /// The grace period ran out with connections still open; they are dropped.
    GraceExpired,
}

/// Serves `app` on `listener` until `shutdown` resolves; then stops accepting, lets
/// requests in flight finish, and waits at most `grace` for open connections to close.
/// A client that takes longer than `header_read_timeout` to send its headers is dropped.
/// Each request carries its client's address as [`ConnectInfo`].
pub async fn serve(
    listener: TcpListener,
    app: impl App,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
    header_read_timeout: Duration,
) -> Stopped {
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = GracefulShutdown::new();
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    tokio::pin!(shutdown);
    loop {
        let accepting = async {
            let permit = open.clone().acquire_owned().await;
            (permit, listener.accept().await)
        };
        let (permit, stream, peer) = tokio::select! {
            (permit, accepted) = accepting => match accepted {
                Ok((stream, peer)) => (permit, stream, peer),
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = app.clone().map_request(move |request: Request<Incoming>| {
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let service = TowerToHyperService::new(service);
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection ended with an error: {e}");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!(
        "shutting down; waiting up to {} s for requests in flight",
        grace.as_secs()
    );
    tokio::select! {
        () = graceful.shutdown() => Stopped::Drained,
        () = tokio::time::sleep(grace) => Stopped::GraceExpired,
    }
}
