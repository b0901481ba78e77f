// Loads the WebAssembly once and hydrates every island on the page.
// Written by `cargo xtask build`: GLUE and WASM are replaced by the hashed file names.
import init, * as islands from "./GLUE";

await init({ module_or_path: new URL("./WASM", import.meta.url) });
islands.hydrate();
for (const el of document.querySelectorAll("leptos-island")) {
  const hydrateIsland = islands[el.dataset.component];
  if (hydrateIsland) {
    hydrateIsland(el);
  } else {
    console.error(`no WASM export for island ${el.dataset.component}`);
  }
}
