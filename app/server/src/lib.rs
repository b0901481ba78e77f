//! The field guide's web server: loads and checks the content, renders each page once on
//! its first request (kept in a bounded cache), and serves the bytes from memory behind
//! tower-http's layers. Also writes the same bytes to disk
//! as a static export, and checks a running server's health (for Docker's HEALTHCHECK).

pub mod app;
pub mod assets;
pub mod body;
pub mod cargo_leptos;
pub mod config;
pub mod export;
pub mod healthcheck;
pub mod host;
pub mod live_reload;
pub mod markdown;
pub mod negotiate;
pub mod prepared;
pub mod prepared_cache;
pub mod routes;
pub mod search;
pub mod search_files;
pub mod security;
pub mod serve;
pub mod site_dir;
pub mod store;
pub mod workers;
