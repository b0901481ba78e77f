//! The instant search's files: the manifest is revalidated like a page; shards and
//! fragments live under a directory named by the index's hash, are cached for a year,
//! answer `If-None-Match` with 304, and any other name is a 404.

mod common;

use axum::http::{header, StatusCode};
use common::{app, body, get, send};

#[tokio::test]
async fn manifest_shards_and_fragments() {
    let (store, router) = app("instant-search", &[]);
    let response = send(&router, get("/search-index.json", &[])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let manifest: serde_json::Value = serde_json::from_slice(&body(response).await).unwrap();
    let root = manifest["root"].as_str().unwrap().to_owned();
    assert_eq!(
        root,
        format!("/search-index/{}/", store.search().files.version)
    );
    // "ra", as the browser names it: the hex of its UTF-8.
    assert!(manifest["shards"]
        .as_array()
        .unwrap()
        .contains(&"7261".into()));

    let shard = format!("{root}s/7261.json");
    let first = send(&router, get(&shard, &[("accept-encoding", "br")])).await;
    assert_eq!(first.status(), StatusCode::OK);
    let headers = first.headers().clone();
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "max-age=31536000, immutable"
    );
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    let again = send(
        &router,
        get(
            &shard,
            &[("accept-encoding", "br"), ("if-none-match", etag.as_str())],
        ),
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(body(again).await.is_empty());

    let plain = send(&router, get(&shard, &[])).await;
    let shard: serde_json::Value = serde_json::from_slice(&body(plain).await).unwrap();
    let raft = shard["w"]["raft"].as_u64().unwrap() as usize;
    assert_eq!(shard["t"][raft][0], "raft");

    let fragment = send(&router, get(&format!("{root}d/0.json"), &[])).await;
    assert_eq!(fragment.status(), StatusCode::OK);
    let fragment: serde_json::Value = serde_json::from_slice(&body(fragment).await).unwrap();
    assert_eq!(fragment.as_array().unwrap().len(), 4);

    let sections = store.site.search_index().len();
    for missing in [
        "/search-index/0000000000000000/s/7261.json".to_owned(),
        format!("{root}s/ffff.json"),
        format!("{root}d/{sections}.json"),
        format!("{root}d/-1.json"),
        format!("{root}d/x.json"),
        format!("{root}x/0.json"),
        format!("{root}s/..%2F..%2Fetc.json"),
    ] {
        let response = send(&router, get(&missing, &[])).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
    }
}
