//! A bounded LRU cache of prepared responses by key, limited in entries and in bytes
//! (every encoding counted): the search pages and the rendered pages both use it.

use crate::prepared::Prepared;
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};

/// Responses kept in least-recently-used order, within `max_bytes`.
pub struct PreparedCache {
    inner: Mutex<Inner>,
    max_bytes: usize,
}

struct Inner {
    entries: LruCache<String, Arc<Prepared>>,
    bytes: usize,
}

impl PreparedCache {
    /// An empty cache of at most `max_entries` responses and `max_bytes` bytes.
    pub fn new(max_entries: usize, max_bytes: usize) -> PreparedCache {
        PreparedCache {
            inner: Mutex::new(Inner {
                entries: LruCache::new(NonZeroUsize::new(max_entries.max(1)).expect("non-zero")),
                bytes: 0,
            }),
            max_bytes,
        }
    }

    /// The response kept under `key`, marked as the most recently used.
    pub fn get(&self, key: &str) -> Option<Arc<Prepared>> {
        self.lock().entries.get(key).cloned()
    }

    /// Keeps `value` under `key`, dropping the least recently used beyond the bounds (a
    /// response larger than the whole budget is not kept).
    pub fn insert(&self, key: String, value: Arc<Prepared>) {
        let size = |prepared: &Prepared| {
            let body = prepared.body();
            body.identity.len() + body.brotli.len() + body.gzip.len()
        };
        let mut inner = self.lock();
        inner.bytes += size(&value);
        if let Some((_, old)) = inner.entries.push(key, value) {
            inner.bytes -= size(&old);
        }
        while inner.bytes > self.max_bytes {
            match inner.entries.pop_lru() {
                Some((_, old)) => inner.bytes -= size(&old),
                None => break,
            }
        }
    }

    /// Forgets everything.
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.entries.clear();
        inner.bytes = 0;
    }

    /// Responses kept.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes kept, every encoding counted.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
