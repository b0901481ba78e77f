//! Startup cost: loading and rendering all of `content/` (syntax set included, since
//! each iteration after the first reuses the process-wide syntax set; the first-load
//! cost is printed separately).

use std::path::PathBuf;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use docs::{Site, SiteOptions};

#[path = "../tests/widgets/mod.rs"]
mod widgets;

fn content_dir() -> PathBuf {
    std::env::var_os("DOCS_CONTENT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content"))
}

fn options() -> SiteOptions {
    SiteOptions {
        widgets: std::sync::Arc::new(widgets::FixtureWidgets),
        ..SiteOptions::default()
    }
}

fn load(c: &mut Criterion) {
    let dir = content_dir();
    let start = Instant::now();
    match Site::load(&dir, options()) {
        Ok(site) => println!(
            "cold start (syntax set + {} pages, with git log): {:.1} ms",
            site.pages().len(),
            start.elapsed().as_secs_f64() * 1000.0
        ),
        Err(e) => {
            eprintln!("cannot load {}: {e}", dir.display());
            return;
        }
    }
    c.bench_function("load_and_render_content", |b| {
        b.iter(|| {
            Site::load(&dir, options())
                .map(|s| s.pages().len())
                .unwrap_or(0)
        })
    });
    let site = Site::load(&dir, options()).ok();
    c.bench_function("search_fencing_token", |b| {
        b.iter(|| site.as_ref().map(|s| s.search("fencing token", 10).len()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = load
}
criterion_main!(benches);
