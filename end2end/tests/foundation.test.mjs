// The foundation: a rendered overview page, a hydrated island, no WASM where no island is.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, axeViolations, clickFirstIsland, ARTIFACTS } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the overview renders the guide's SKILL.md as a real page", async () => {
  const { page, errors, context } = await open(browser, "/");
  assert.match(await page.title(), /Distributed/i);
  assert.equal(await page.locator("main h1").count(), 1);
  assert.ok((await page.locator("main table").count()) >= 1, "the quick reference table is rendered");
  assert.ok((await page.locator("main h2").count()) >= 3, "sections are rendered as headings");
  assert.match(await page.locator("main").innerText(), /escalat/i);
  assert.deepEqual(errors, []);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("a page without islands fetches no WASM and only a little JavaScript", async () => {
  const { page, errors, requests, context } = await open(browser, "/production-checklist");
  await page.locator("#search-input").count();
  const wasm = requests.filter((r) => r.url.endsWith(".wasm"));
  assert.deepEqual(wasm, [], "no .wasm on a page without widgets");
  const scripts = requests.filter((r) => r.type === "script");
  const scriptBytes = scripts.reduce((sum, r) => sum + r.bytes, 0);
  assert.ok(scriptBytes < 1600, `scripts on a page without islands: ${scriptBytes} bytes (${scripts.map((s) => s.url).join(", ")})`);
  assert.ok(!scripts.some((s) => /site\.[0-9a-f]+\.js$/.test(s.url)), "the WASM glue is not loaded");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a page with a widget hydrates its island and reacts to a click", async () => {
  const { page, errors, requests, context, settled } = await open(browser, "/consensus");
  await clickFirstIsland(page);
  await settled();
  assert.equal(requests.filter((r) => r.url.endsWith(".wasm")).length, 1, "the WASM is fetched exactly once");
  await page.screenshot({ path: `${ARTIFACTS}consensus.png`, fullPage: false });
  assert.deepEqual(errors, []);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("the WASM loads only when a widget nears the viewport, then once for the page", async () => {
  const { page, errors, requests, context, settled } = await open(browser, "/cap-tradeoffs", { viewport: { width: 360, height: 640 } });
  await page.waitForLoadState("networkidle");
  const island = page.locator("leptos-island").first();
  const distance = await island.evaluate((el) => el.getBoundingClientRect().top - window.innerHeight);
  assert.ok(distance > 1500, `the first widget should start far below the fold for this test (${distance} px)`);
  assert.equal(requests.filter((r) => r.url.endsWith(".wasm")).length, 0, "no WASM before the reader nears a widget");
  await island.scrollIntoViewIfNeeded();
  await island.locator(".widget-play:not([disabled])").waitFor();
  await settled();
  assert.equal(requests.filter((r) => r.url.endsWith(".wasm")).length, 1, "the WASM is fetched once");
  assert.deepEqual(errors, []);
  await context.close();
});

test("unknown paths answer the 404 page with status 404", async () => {
  const { response, page, errors, context } = await open(browser, "/no/such/page");
  assert.equal(response.status(), 404);
  assert.match(await page.locator("main h1").innerText(), /not found/i);
  // Chromium logs the document's own 404 status as a console error; nothing else may fail.
  assert.deepEqual(errors.filter((e) => !e.includes("status of 404")), []);
  await context.close();
});
