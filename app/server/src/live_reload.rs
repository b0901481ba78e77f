//! Live reload for authors (`--watch`): when a file in the content directory changes, the
//! whole store is rebuilt and swapped in, and open pages are told to refresh over
//! Server-Sent Events. Without `--watch` the store never changes and none of this runs.

use crate::config::Config;
use crate::routes::AppState;
use crate::search::SearchPages;
use crate::store::Store;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt};
use std::convert::Infallible;
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};
use tokio::sync::{watch, Semaphore};

/// How often the content directory is checked for changes.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Bounds on the live-reload event streams: how many may be open at once (one per open
/// tab) and how long each stays open before the server ends it; the browser's
/// `EventSource` then reconnects by itself.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    /// Streams open at once; more are answered 503.
    pub max_open: usize,
    /// Longest a stream stays open.
    pub lifetime: Duration,
}

impl Default for StreamLimits {
    fn default() -> StreamLimits {
        StreamLimits {
            max_open: 32,
            lifetime: Duration::from_secs(300),
        }
    }
}

/// The script dev-mode pages load: refresh when the server says the content changed.
const CLIENT_SCRIPT: &str =
    "new EventSource(new URL(\"./__live-reload\", import.meta.url)).onmessage = () => location.reload();\n";

/// The store currently served, a counter of how often it was replaced, the search pages
/// rendered from it, and the open live-reload streams.
pub struct LiveStore {
    current: RwLock<Arc<Store>>,
    generation: watch::Sender<u64>,
    /// Search results pages rendered from the current store.
    pub searches: SearchPages,
    streams: Arc<Semaphore>,
    stream_lifetime: Duration,
}

impl LiveStore {
    /// Wraps the store loaded at startup.
    pub fn new(store: Arc<Store>) -> LiveStore {
        LiveStore::with_limits(store, StreamLimits::default())
    }

    /// Like [`LiveStore::new`], with other bounds on the live-reload streams. The search
    /// files are built on a thread of their own from now on.
    pub fn with_limits(store: Arc<Store>, limits: StreamLimits) -> LiveStore {
        Store::build_search_in_background(&store);
        LiveStore {
            current: RwLock::new(store),
            generation: watch::Sender::new(0),
            searches: SearchPages::default(),
            streams: Arc::new(Semaphore::new(limits.max_open)),
            stream_lifetime: limits.lifetime,
        }
    }

    /// The store to answer the current request from.
    pub fn current(&self) -> Arc<Store> {
        match self.current.read() {
            Ok(store) => store.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Serves `store` from now on and notifies open pages.
    pub fn replace(&self, store: Store) {
        let store = Arc::new(store);
        Store::build_search_in_background(&store);
        match self.current.write() {
            Ok(mut current) => *current = store,
            Err(poisoned) => *poisoned.into_inner() = store,
        }
        self.searches.clear();
        self.generation.send_modify(|generation| *generation += 1);
    }
}

/// Starts a background thread that reloads the store whenever a file under the content
/// directory is added, removed or modified. A content error is logged (with file and
/// line) and the previous pages stay served.
pub fn watch_content(state: AppState, config: Config) {
    // Taken before this returns (and so before the server says it is serving), so that an
    // edit made as soon as it does is a change, not part of the first fingerprint.
    let mut seen = fingerprint(&config.content_dir);
    std::thread::spawn(move || loop {
        std::thread::sleep(POLL_INTERVAL);
        let now = fingerprint(&config.content_dir);
        if now == seen {
            continue;
        }
        seen = now;
        match Store::load(&config) {
            Ok(store) => {
                state.replace(store);
                tracing::info!("content changed: pages re-rendered");
            }
            Err(message) => tracing::error!("content changed but does not load: {message}"),
        }
    });
}

/// Every file under `dir` with its size and modification time, sorted.
fn fingerprint(dir: &Path) -> Vec<(std::path::PathBuf, u64, Option<SystemTime>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                files.push((entry.path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    files.sort();
    files
}

/// `GET /__live-reload`: an event each time the content is re-rendered, until the
/// stream's lifetime is over; 503 when too many streams are open.
pub async fn events(State(live): State<AppState>) -> Response {
    let Ok(permit) = live.streams.clone().try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "10")],
            "too many live-reload connections",
        )
            .into_response();
    };
    let mut updates = live.generation.subscribe();
    updates.mark_unchanged();
    let stream = stream::unfold((updates, permit), |(mut updates, permit)| async move {
        updates.changed().await.ok()?;
        Some((
            Ok::<_, Infallible>(Event::default().data("reload")),
            (updates, permit),
        ))
    })
    .take_until(tokio::time::sleep(live.stream_lifetime));
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// `GET /__live-reload.js`: the client side of live reload.
pub async fn client_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        CLIENT_SCRIPT,
    )
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprint_changes_when_a_file_is_added_or_edited() {
        let dir = std::env::temp_dir().join(format!("live-reload-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("skill")).unwrap();
        let page = dir.join("skill/SKILL.md");
        std::fs::write(&page, "one").unwrap();
        let first = fingerprint(&dir);
        assert_eq!(first, fingerprint(&dir), "nothing changed");
        std::fs::write(&page, "one two").unwrap();
        let edited = fingerprint(&dir);
        assert_ne!(first, edited, "an edit that changes the size is seen");
        std::fs::write(dir.join("skill/new.md"), "x").unwrap();
        assert_ne!(edited, fingerprint(&dir), "a new page is seen");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
