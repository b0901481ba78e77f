// Shared helpers for the browser tests: Debian's Chromium driven by playwright-core.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Base URL of the server under test (started by `cargo xtask test`). */
export const BASE = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";

/** Where screenshots go (test artifacts, not committed). */
export const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Launches Chromium once per test file. */
export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: FLAGS });
}

/**
 * Opens a page that records console errors, page errors and every network request.
 * `errors` must be empty at the end of each test. A finished request is added to
 * `requests` once its sizes are known, a moment after the page may already use it: await
 * `settled()` before counting them (a loaded machine once showed no module yet for a
 * widget that had hydrated).
 */
export async function open(browser, path, { colorScheme = "light", viewport = { width: 1280, height: 900 }, javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ colorScheme, viewport, javaScriptEnabled, reducedMotion: "reduce" });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(`console: ${msg.text()}`); });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  const pending = new Set();
  page.on("requestfinished", (request) => {
    const recorded = (async () => {
      // A test that closes its context while a response is still being read would
      // otherwise leave a rejected promise behind, which fails the whole file.
      const response = await request.response().catch(() => null);
      const sizes = await request.sizes().catch(() => ({ responseBodySize: 0 }));
      requests.push({ url: request.url(), type: request.resourceType(), status: response?.status(), bytes: sizes.responseBodySize });
    })();
    pending.add(recorded);
    recorded.finally(() => pending.delete(recorded));
  });
  const settled = async () => {
    await page.waitForLoadState("networkidle");
    while (pending.size) await Promise.allSettled([...pending]);
  };
  const response = await page.goto(BASE + path, { waitUntil: "networkidle" });
  return { context, page, errors, requests, response, settled };
}

/**
 * Scrolls the page's first island into view (the WASM loads when an island nears the
 * viewport), clicks its first button once it works, and waits until the island changed.
 */
export async function clickFirstIsland(page) {
  const island = page.locator("leptos-island").first();
  await island.waitFor();
  await island.scrollIntoViewIfNeeded();
  const before = await island.innerHTML();
  await island.locator("button").first().click();
  await page.waitForFunction((html) => document.querySelector("leptos-island").innerHTML !== html, before);
}

/** Runs axe-core on the current document and returns its violations. */
export async function axeViolations(page) {
  await page.evaluate(axeSource); // evaluated through the DevTools protocol, so the page's CSP stays on
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * Starts the release server that `cargo xtask test` names (E2E_SERVER, with the site in
 * E2E_SITE_DIR) over the content folder `content`, on `port`, and resolves once `/`
 * answers, failing after `seconds`. Kill the returned process when done.
 */
export async function startServer(content, port, seconds) {
  const binary = process.env.E2E_SERVER;
  const site = process.env.E2E_SITE_DIR;
  assert.ok(binary && site, "E2E_SERVER and E2E_SITE_DIR name the release server and its site (cargo xtask test sets them)");
  const server = spawn(binary, ["--site-dir", site, "--content-dir", content, "--port", String(port)], { stdio: "ignore" });
  for (let i = 0; ; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
    if (up) return server;
    if (i >= seconds * 10) {
      server.kill();
      assert.fail(`the server on ${content} did not answer within ${seconds} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
