//! Leptos views of the field guide.
//!
//! With the `ssr` feature this crate lays pages out on the server; with the `hydrate`
//! feature it is compiled to WebAssembly and only its `#[island]` components come alive
//! in the browser. Everything outside an island is plain HTML that ships no code.

pub mod islands;

#[cfg(feature = "ssr")]
pub mod layout;

/// Browser entry point, called once by `boot.js` after the WASM module is instantiated.
///
/// It prepares the reactive runtime (and in debug builds installs a panic hook that
/// logs the message: the release build aborts on a panic without formatting one, see
/// `app/xtask/src/toolchain.rs`); `boot.js` then calls each island's own hydration
/// export for every `<leptos-island>` on the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
