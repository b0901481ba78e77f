//! Measures brotli and gzip levels on the site's real responses (every page, the 404 page,
//! the search index): total compressed size and single-core time per level. This is how
//! the levels in `body.rs` were chosen.
//!
//! `cargo run --release -p server --example compression-levels -- --site-dir target/site`
//! (takes the server's flags; needs a built site for the asset manifest).

use server::config::Config;
use server::store::Store;
use std::io::Write;
use std::time::Instant;

fn main() {
    let config = Config::from_args(std::env::args_os()).unwrap_or_else(|(message, code)| {
        eprint!("{message}");
        std::process::exit(code)
    });
    let store = Store::load(&config).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let pages: Vec<_> = store
        .pages
        .urls()
        .filter_map(|url| store.render_page(url))
        .collect();
    let mut bodies: Vec<&[u8]> = pages.iter().map(|p| &p.body().identity[..]).collect();
    bodies.push(&store.not_found.body().identity);
    bodies.push(&store.search().manifest.body().identity);
    let total: usize = bodies.iter().map(|b| b.len()).sum();
    println!("{} bodies, {total} bytes uncompressed", bodies.len());
    for quality in [4, 5, 6, 7, 8, 9, 11] {
        let started = Instant::now();
        let size: usize = bodies
            .iter()
            .map(|body| {
                let params = brotli::enc::BrotliEncoderParams {
                    quality,
                    lgwin: 22,
                    ..Default::default()
                };
                let mut out = Vec::new();
                brotli::BrotliCompress(&mut &body[..], &mut out, &params).unwrap();
                out.len()
            })
            .sum();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        println!("brotli q{quality:<2} {ms:8.1} ms  {size:8} bytes");
    }
    for level in [1, 6, 9] {
        let started = Instant::now();
        let size: usize = bodies
            .iter()
            .map(|body| {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
                encoder.write_all(body).unwrap();
                encoder.finish().unwrap().len()
            })
            .sum();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        println!("gzip {level:<5} {ms:8.1} ms  {size:8} bytes");
    }
}
