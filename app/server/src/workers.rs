//! One single-threaded runtime per core, each accepting on its own socket.
//!
//! Every worker binds the same address with `SO_REUSEPORT`, so the kernel spreads new
//! connections over the workers and a connection stays on the thread that accepted it
//! (the model of nginx's worker processes). Compared with one work-stealing runtime, this
//! saves the cross-thread wake-ups that dominated the profile under load.

use crate::app::App;
use crate::serve::{serve, Stopped};
use socket2::{Domain, Protocol, Socket, Type};
use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;
use tokio::sync::{oneshot, watch};

/// Connections waiting to be accepted, per worker socket.
const BACKLOG: i32 = 1024;

/// Number of workers: one per CPU the process may use.
pub fn worker_count() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Binds `address` once per worker. With port 0 the first socket picks the port and the
/// others join it.
pub fn bind(address: SocketAddr, workers: usize) -> std::io::Result<Vec<TcpListener>> {
    let first = bind_one(address)?;
    let address = first.local_addr()?;
    let mut listeners = vec![first];
    for _ in 1..workers.max(1) {
        listeners.push(bind_one(address)?);
    }
    Ok(listeners)
}

fn bind_one(address: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = Socket::new(
        Domain::for_address(address),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    socket.set_reuse_address(true)?;
    #[cfg(unix)]
    socket.set_reuse_port(true)?;
    socket.bind(&address.into())?;
    socket.listen(BACKLOG)?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
}

/// Serves `app` on every listener: the first on the current (single-threaded) runtime,
/// each other one on a thread of its own. When `shutdown` resolves, every worker stops
/// accepting and drains within `grace`.
pub async fn serve_all(
    listeners: Vec<TcpListener>,
    app: impl App,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
    header_read_timeout: Duration,
) -> Result<Stopped, String> {
    let (stop, stopping) = watch::channel(false);
    let mut listeners = listeners.into_iter();
    let own = listeners
        .next()
        .ok_or_else(|| "no listening socket".to_owned())?;
    let mut others = Vec::new();
    for (index, listener) in listeners.enumerate() {
        let (done, finished) = oneshot::channel();
        let app = app.clone();
        let stopping = stopping.clone();
        std::thread::Builder::new()
            .name(format!("worker-{}", index + 1))
            .spawn(move || {
                let stopped = run_worker(listener, app, stopping, grace, header_read_timeout);
                let _ = done.send(stopped);
            })
            .map_err(|e| format!("starting a worker thread: {e}"))?;
        others.push(finished);
    }
    let own = tokio::net::TcpListener::from_std(own)
        .map_err(|e| format!("using the listening socket: {e}"))?;
    let signal = async move {
        shutdown.await;
        let _ = stop.send(true);
    };
    let mut outcome = serve(own, app, signal, grace, header_read_timeout).await;
    for finished in others {
        match finished.await {
            Ok(Ok(Stopped::Drained)) => {}
            Ok(Ok(Stopped::GraceExpired)) => outcome = Stopped::GraceExpired,
            Ok(Err(message)) => tracing::error!("a worker failed: {message}"),
            Err(_) => tracing::error!("a worker thread ended without reporting"),
        }
    }
    Ok(outcome)
}

/// One worker thread: its own runtime, serving until the stop flag is raised.
fn run_worker(
    listener: TcpListener,
    app: impl App,
    mut stopping: watch::Receiver<bool>,
    grace: Duration,
    header_read_timeout: Duration,
) -> Result<Stopped, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting a worker runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("using the listening socket: {e}"))?;
        let stop = async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        };
        Ok(serve(listener, app, stop, grace, header_read_timeout).await)
    })
}
