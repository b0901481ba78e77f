// The static export (`cargo xtask export`) served by nginx under a base path: pages load,
// the widget hydrates, search works from the prebuilt index (no server answers /search),
// and unknown paths get the exported 404 page. Run by scripts/test-static-export, which
// sets E2E_BASE_URL to the export's base URL (e.g. http://127.0.0.1:PORT/guide).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, clickFirstIsland, BASE } from "./browser.mjs";

const STATIC = process.env.E2E_STATIC_EXPORT === "1";
const basePath = new URL(BASE).pathname.replace(/\/$/, "");

let browser;
before(async () => { if (STATIC) browser = await launch(); });
after(async () => { await browser?.close(); });

test("the overview and a docs page load from static files", { skip: !STATIC && "needs scripts/test-static-export" }, async () => {
  for (const path of ["/", "/production-checklist"]) {
    const { page, errors, response, context } = await open(browser, path);
    assert.equal(response.status(), 200, path);
    assert.match(await page.title(), /Distributed|Checklist/i, path);
    assert.equal(await page.locator("main h1").count(), 1, path);
    // Every link to a stylesheet or script points below the base path.
    const assets = await page.$$eval("link[rel=stylesheet], script[src]", (els) => els.map((e) => e.getAttribute("href") ?? e.getAttribute("src")));
    for (const asset of assets) assert.ok(asset.startsWith(`${basePath}/pkg/`), `${path}: ${asset}`);
    assert.deepEqual(errors, [], path);
    await context.close();
  }
});

test("a widget hydrates from the exported WASM", { skip: !STATIC && "needs scripts/test-static-export" }, async () => {
  const { page, errors, requests, context, settled } = await open(browser, "/consensus");
  await clickFirstIsland(page);
  await settled();
  const wasm = requests.filter((r) => r.url.endsWith(".wasm"));
  assert.equal(wasm.length, 1, "the WASM is fetched once");
  assert.equal(wasm[0].status, 200);
  assert.deepEqual(errors, []);
  await context.close();
});

test("instant search uses the prebuilt index", { skip: !STATIC && "needs scripts/test-static-export" }, async () => {
  const { page, errors, context, requests } = await open(browser, "/production-checklist");
  await page.fill("#search-input", "fencing");
  const first = page.locator("#search-instant a").first();
  await first.waitFor();
  assert.ok((await first.getAttribute("href")).startsWith(`${basePath}/`));
  const shards = requests.filter((r) => /\/search-index\/[0-9a-f]+\/s\/[0-9a-f]+\.json$/.test(new URL(r.url).pathname));
  assert.equal(shards.length, 1, "one shard, from the exported files");
  assert.equal(shards[0].status, 200);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the search form's target shows results for ?q= without a server", { skip: !STATIC && "needs scripts/test-static-export" }, async () => {
  const { page, errors, response, context } = await open(browser, "/search?q=quorum");
  assert.equal(response.status(), 200);
  await page.locator("#search-instant a").first().waitFor();
  assert.equal(await page.inputValue("#search-input"), "quorum");
  assert.deepEqual(errors, []);
  await context.close();
});

test("unknown paths get the exported 404 page with status 404", { skip: !STATIC && "needs scripts/test-static-export" }, async () => {
  const { page, errors, response, context } = await open(browser, "/no/such/page");
  assert.equal(response.status(), 404);
  assert.match(await page.locator("main h1").innerText(), /not found/i);
  assert.deepEqual(errors.filter((e) => !e.includes("status of 404")), []);
  await context.close();
});
