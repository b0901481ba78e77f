// Loads the WebAssembly once and hydrates every island on the page, as soon as the first
// island comes within reach of the viewport (a reader who never scrolls to a widget never
// downloads it). A shared widget link (#w-…) loads it right away.
// GLUE and WASM are replaced by the URLs of the hashed files (`cargo xtask build`), or by
// the server for a site built by cargo-leptos.
const islands = document.querySelectorAll("leptos-island");
let started = false;

async function hydrateAll() {
  if (started) return;
  started = true;
  performance.mark("islands-load-start");
  const wasm = fetch(new URL("./WASM", import.meta.url));
  const glue = await import("./GLUE");
  await glue.default({ module_or_path: wasm });
  glue.hydrate();
  for (const el of islands) {
    const hydrateIsland = glue[el.dataset.component];
    if (hydrateIsland) {
      hydrateIsland(el);
    } else {
      console.error(`no WASM export for island ${el.dataset.component}`);
    }
  }
}

if (location.hash.includes("w-") || !("IntersectionObserver" in window)) {
  hydrateAll();
} else {
  const near = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      near.disconnect();
      hydrateAll();
    }
  }, { rootMargin: "1200px 0px" });
  islands.forEach((el) => near.observe(el));
}
