//! Server-rendered search pages, kept off the page path. Each normalised query is
//! rendered and compressed once into a bounded LRU cache (a hit is then answered like
//! any page); a miss is rendered on tokio's blocking pool, not on a worker. At most half
//! the cores' worth of searches are in flight at once, hits included, so that however
//! many connections search, the workers go on serving pages; a search that cannot start
//! within [`MAX_QUEUE_WAIT`] is shed with 503.

use crate::body::PreparedBody;
use crate::prepared::{Policy, Prepared};
use crate::prepared_cache::PreparedCache;
use crate::store::Store;
use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};
use site::layout::render_search_page;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Longest search query we look at, in characters; longer queries are cut here.
pub const MAX_QUERY_CHARS: usize = 256;
/// Rendered pages kept, at most.
pub const MAX_CACHED_PAGES: usize = 4096;
/// Bytes of rendered pages kept, at most, counting every encoding (a results page is 10
/// to 30 KB before compression).
pub const MAX_CACHED_BYTES: usize = 32 * 1024 * 1024;
/// Longest a search waits for its turn before it is answered 503.
pub const MAX_QUEUE_WAIT: Duration = Duration::from_secs(2);

/// Why a search page could not be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Too many searches were waiting.
    Busy,
    /// `skill` names no skill of the site.
    UnknownSkill,
}

/// The cache of rendered search pages and the limit on searches in flight.
pub struct SearchPages {
    cache: PreparedCache,
    in_flight: Arc<Semaphore>,
}

/// A search page to send, and the permit to hold until it is sent.
pub struct Answer {
    /// The page.
    pub page: Arc<Prepared>,
    /// Released when dropped.
    pub permit: OwnedSemaphorePermit,
}

impl Default for SearchPages {
    /// Renders on half the cores at most (at least one): the others are the workers'.
    fn default() -> SearchPages {
        SearchPages::new(std::thread::available_parallelism().map_or(1, |n| n.get() / 2))
    }
}

impl SearchPages {
    /// An empty cache that answers at most `concurrent` searches at once, hits and misses
    /// alike: a hit holds its place only while its response is written, a miss also while
    /// it is rendered. Everything beyond waits without using the CPU, so that however many
    /// connections search, the workers' time goes to pages first.
    pub fn new(concurrent: usize) -> SearchPages {
        SearchPages {
            cache: PreparedCache::new(MAX_CACHED_PAGES, MAX_CACHED_BYTES),
            in_flight: Arc::new(Semaphore::new(concurrent.max(1))),
        }
    }

    /// The results page for `query` (normalised first) from `store`, among the pages of
    /// the skill named `skill` (`""` for all), with the permit that counts it among the
    /// searches in flight until its response is sent.
    pub async fn page(
        &self,
        store: &Arc<Store>,
        query: &str,
        skill: &str,
    ) -> Result<Answer, Refused> {
        let query = normalise(query);
        if !skill.is_empty() && !store.site.skills().iter().any(|s| s.name == skill) {
            return Err(Refused::UnknownSkill);
        }
        // Just after startup the index is still being built: wait for it before taking a
        // place among the searches in flight, so that waiting is not counted as searching.
        if !Store::search_built(store).await {
            return Err(Refused::Busy);
        }
        // A newline cannot be in a normalised query: the key is unambiguous.
        let key = format!("{skill}\n{query}");
        let permit = tokio::time::timeout(MAX_QUEUE_WAIT, self.in_flight.clone().acquire_owned())
            .await
            .map_err(|_| Refused::Busy)?
            .map_err(|_| Refused::Busy)?;
        if let Some(page) = self.cached(&key) {
            return Ok(Answer { page, permit });
        }
        let store = store.clone();
        let skill = skill.to_owned();
        let page = tokio::task::spawn_blocking(move || {
            let hits = if skill.is_empty() {
                store.site.search(&query, 20)
            } else {
                store
                    .site
                    .search_skill(&query, &skill, 20)
                    .unwrap_or_default()
            };
            let html = render_search_page(&store.info, &store.site, &query, &skill, &hits);
            let policy = Policy {
                cache_control: "no-store",
                csp: store.csp.without_wasm,
                // Added by the layer when configured, as on every response built here.
                hsts: false,
                found: true,
            };
            Arc::new(Prepared::new(
                PreparedBody::new(html, "text/html; charset=utf-8"),
                policy,
            ))
        })
        .await
        .map_err(|_| Refused::Busy)?;
        self.insert(key, page.clone());
        Ok(Answer { page, permit })
    }

    /// Forgets every page (the content changed).
    pub fn clear(&self) {
        self.cache.clear();
    }

    fn cached(&self, query: &str) -> Option<Arc<Prepared>> {
        self.cache.get(query)
    }

    fn insert(&self, query: String, page: Arc<Prepared>) {
        self.cache.insert(query, page);
    }

    /// Pages in the cache (for tests and reports).
    pub fn len(&self) -> usize {
        self.cache.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A response body that keeps `held` (a permit) until the body is sent or dropped.
pub struct Holding<T> {
    body: Body,
    _held: T,
}

impl<T> Holding<T> {
    /// `body`, holding `held`.
    pub fn new(body: Body, held: T) -> Holding<T> {
        Holding { body, _held: held }
    }
}

impl<T: Unpin> http_body::Body for Holding<T> {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
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
