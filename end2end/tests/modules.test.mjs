// Per-widget WebAssembly: every page of the guide loads the module made for exactly its
// kinds of widget, within its budget (brotli bytes as received, WASM + JS), and its
// widgets come to life with it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Page, the module it must load, its budget (issue #14; scripts/size-report has them all).
const PAGES = [
  ["/", "site-escalation", 50_000],
  ["/escalation-ladder", "site-escalation", 50_000],
  ["/cap-tradeoffs", "site-partition-compare_tour", 120_000],
  ["/failure-modes", "site-fencing_netsplit_raft_tour", 150_000],
  ["/clustering", "site-netsplit_overlay", 150_000],
  ["/consensus", "site-clocks_crdt_raft_tour", 150_000],
];

for (const [path, stem, budget] of PAGES) {
  test(`${path} loads ${stem} alone, within ${budget} bytes, and every widget on it works`, async () => {
    const { page, errors, requests, context, settled } = await open(browser, path);
    const figures = page.locator("figure.widget[data-widget]");
    const count = await figures.count();
    assert.ok(count > 0, "the page has widgets");
    // Bring each widget into reach and wait until it has hydrated: a simulation's Play
    // button is enabled (the server draws it disabled), the escalation guide is ready.
    for (let i = 0; i < count; i++) {
      const figure = figures.nth(i);
      await figure.scrollIntoViewIfNeeded();
      await figure.locator(".widget-play:not([disabled]), .esc[data-ready]").first().waitFor();
    }
    await settled();
    const pkg = requests.filter((r) => /\/pkg\/(site|boot|enhance)[^/]*\.(wasm|js)$/.test(r.url));
    const wasm = pkg.filter((r) => r.url.endsWith(".wasm")).map((r) => r.url.split("/").pop());
    assert.equal(wasm.length, 1, `one module: ${wasm}`);
    assert.match(wasm[0], new RegExp(`^${stem}\\.[0-9a-f]{16}\\.wasm$`));
    const glue = pkg.filter((r) => /\/site[^/]*\.js$/.test(r.url)).map((r) => r.url.split("/").pop());
    assert.deepEqual(glue.map((g) => g.split(".")[0]), [stem], "its own glue");
    const bytes = pkg.reduce((sum, r) => sum + r.bytes, 0);
    assert.ok(bytes > 20_000 && bytes <= budget, `${path}: ${bytes} bytes of WASM + JS (budget ${budget}): ${pkg.map((r) => `${r.url.split("/").pop()} ${r.bytes}`).join(", ")}`);
    console.log(`${path}: ${stem}, ${bytes} bytes`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
