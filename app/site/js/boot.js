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
  // One island per task, nearest to the viewport first, so the page never stalls on
  // all of them at once (a shared widget comes first: it is the one being looked at).
  const middle = innerHeight / 2;
  const distance = (el) => {
    if (location.hash.includes(`${el.querySelector("[data-widget]")?.dataset.widget}-`)) return -1;
    const box = el.getBoundingClientRect();
    return Math.abs(box.top + box.height / 2 - middle);
  };
  const order = [...islands].sort((a, b) => distance(a) - distance(b));
  for (const el of order) {
    const hydrateIsland = glue[el.dataset.component];
    if (hydrateIsland) {
      hydrateIsland(el);
    } else {
      console.error(`no WASM export for island ${el.dataset.component}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
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
