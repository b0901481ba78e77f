//! Server-rendered search pages, kept off the page path: each normalised query is rendered
//! once into a bounded LRU cache, and a miss is rendered on tokio's blocking pool behind
//! a semaphore, so that however many searches arrive, at most half the cores render them
//! and the workers go on serving pages. A search that cannot start within
//! [`MAX_QUEUE_WAIT`] is shed with 503.

use crate::store::Store;
use axum::body::Bytes;
use lru::LruCache;
use site::layout::render_search_page;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Longest search query we look at, in characters; longer queries are cut here.
pub const MAX_QUERY_CHARS: usize = 256;
/// Rendered pages kept, at most.
pub const MAX_CACHED_PAGES: usize = 4096;
/// Bytes of rendered pages kept, at most (a results page is 10 to 30 KB).
pub const MAX_CACHED_BYTES: usize = 32 * 1024 * 1024;
/// Longest a search waits for its turn before it is answered 503.
pub const MAX_QUEUE_WAIT: Duration = Duration::from_secs(2);

/// Why a search page could not be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Too many searches were waiting.
    Busy,
}

/// The cache of rendered search pages and the limit on rendering them.
pub struct SearchPages {
    cache: Mutex<Cache>,
    rendering: Arc<Semaphore>,
}

struct Cache {
    pages: LruCache<String, Bytes>,
    bytes: usize,
}

impl Default for SearchPages {
    /// Renders on half the cores at most (at least one): the others are the workers'.
    fn default() -> SearchPages {
        SearchPages::new(std::thread::available_parallelism().map_or(1, |n| n.get() / 2))
    }
}

impl SearchPages {
    /// An empty cache that renders at most `concurrent` misses at once.
    pub fn new(concurrent: usize) -> SearchPages {
        SearchPages {
            cache: Mutex::new(Cache {
                pages: LruCache::new(NonZeroUsize::new(MAX_CACHED_PAGES).expect("non-zero")),
                bytes: 0,
            }),
            rendering: Arc::new(Semaphore::new(concurrent.max(1))),
        }
    }

    /// The results page for `query` (normalised first) from `store`.
    pub async fn page(&self, store: &Arc<Store>, query: &str) -> Result<Bytes, Refused> {
        let query = normalise(query);
        if let Some(page) = self.cached(&query) {
            return Ok(page);
        }
        let permit = tokio::time::timeout(MAX_QUEUE_WAIT, self.rendering.clone().acquire_owned())
            .await
            .map_err(|_| Refused::Busy)?
            .map_err(|_| Refused::Busy)?;
        // Another request may have rendered it while this one waited.
        if let Some(page) = self.cached(&query) {
            return Ok(page);
        }
        let store = store.clone();
        let key = query.clone();
        let page = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let hits = store.site.search(&key, 20);
            Bytes::from(render_search_page(&store.info, &store.site, &key, &hits))
        })
        .await
        .map_err(|_| Refused::Busy)?;
        self.insert(query, page.clone());
        Ok(page)
    }

    /// Forgets every page (the content changed).
    pub fn clear(&self) {
        let mut cache = self.lock();
        cache.pages.clear();
        cache.bytes = 0;
    }

    fn cached(&self, query: &str) -> Option<Bytes> {
        self.lock().pages.get(query).cloned()
    }

    fn insert(&self, query: String, page: Bytes) {
        let mut cache = self.lock();
        cache.bytes += page.len();
        if let Some((_, old)) = cache.pages.push(query, page) {
            cache.bytes -= old.len();
        }
        while cache.bytes > MAX_CACHED_BYTES {
            match cache.pages.pop_lru() {
                Some((_, old)) => cache.bytes -= old.len(),
                None => break,
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Pages in the cache (for tests and reports).
    pub fn len(&self) -> usize {
        self.lock().pages.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The cache key and the text rendered: at most [`MAX_QUERY_CHARS`] characters, with
/// runs of white space as one space and none at the ends.
pub fn normalise(query: &str) -> String {
    let cut: String = query.chars().take(MAX_QUERY_CHARS).collect();
    cut.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn queries_differing_in_white_space_share_a_key() {
        assert_eq!(
            normalise("  raft   log\treplication \n"),
            "raft log replication"
        );
        assert_eq!(normalise(&"a".repeat(1000)).len(), 256);
        assert_eq!(normalise(""), "");
    }
}
