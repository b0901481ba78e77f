//! Serving on one socket per worker thread: every worker shares the port, requests are
//! answered whichever worker accepts them, and shutdown stops them all.

mod common;

use common::raw_get;
use std::net::TcpStream;
use std::time::Duration;
use tokio::sync::oneshot;

#[test]
fn every_worker_socket_shares_the_port_picked_for_the_first() {
    let listeners = server::workers::bind("127.0.0.1:0".parse().unwrap(), 3).unwrap();
    assert_eq!(listeners.len(), 3);
    let port = listeners[0].local_addr().unwrap().port();
    assert_ne!(port, 0);
    for listener in &listeners {
        assert_eq!(listener.local_addr().unwrap().port(), port);
    }
}

#[test]
fn a_port_in_use_by_another_socket_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap();
    assert!(server::workers::bind(address, 2).is_err());
}

#[test]
fn workers_answer_requests_and_all_stop_on_shutdown() {
    let (_, router) = common::app("workers", &[]);
    let listeners = server::workers::bind("127.0.0.1:0".parse().unwrap(), 2).unwrap();
    let address = listeners[0].local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let serving = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(server::workers::serve_all(
            listeners,
            router,
            async move {
                let _ = stopped.await;
            },
            Duration::from_secs(2),
            Duration::from_secs(1),
        ))
    });
    // Each request on its own connection, so the kernel spreads them over both sockets.
    for _ in 0..40 {
        assert_eq!(raw_get(address, "/").status, 200);
    }
    stop.send(()).unwrap();
    let outcome = serving.join().unwrap().unwrap();
    assert_eq!(outcome, server::serve::Stopped::Drained);
    assert!(
        TcpStream::connect_timeout(&address, Duration::from_millis(500)).is_err(),
        "a worker still accepts connections after shutdown"
    );
}
