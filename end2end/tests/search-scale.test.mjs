// Instant search at 400 pages (issue #19), in a real browser: 50 copies of the shipped
// skill, generated here and served by the release server. Opening a page fetches
// nothing of the search; a query, typed into the box on a cold cache, fetches at most
// 60 KB brotli in all (script, manifest, shards and the fragments of the results shown).
// The bytes are each fetched URL asked for again with `Accept-Encoding: br`, since
// Chromium offers brotli only over HTTPS and this server is plain HTTP.
// The release server and site come from `cargo xtask test` (E2E_SERVER, E2E_SITE_DIR).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, startServer } from "./browser.mjs";

const PORT = 3481;
const LIBRARY = `http://127.0.0.1:${PORT}`;
const COPIES = 50;
const BUDGET = 60_000;
const QUERIES = ["linearizable", "raft log replication", "split brain"];
const root = new URL("../../", import.meta.url).pathname;
let browser, server, content;

before(async () => {
  content = mkdtempSync(join(tmpdir(), "search-scale-"));
  const skill = join(root, "content/distributed-systems");
  // Each copy is a skill of its own name, as scripts/bench-scale makes them.
  for (let k = 0; k < COPIES; k++) {
    const dir = join(content, k === 0 ? "distributed-systems" : `skill-${k}`);
    cpSync(skill, dir, { recursive: true });
    if (k > 0) {
      const front = join(dir, "SKILL.md");
      writeFileSync(front, readFileSync(front, "utf8").replace(/^name: distributed-systems$/m, `name: distributed-systems-${k}`));
    }
  }
  server = await startServer(content, PORT, 30);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (content) rmSync(content, { recursive: true, force: true });
});

/** The bytes of `url` on the wire when brotli is accepted. */
function brotliBytes(url) {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": "br" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => { bytes += chunk.length; });
      res.on("end", () => resolve({ bytes, encoding: res.headers["content-encoding"] ?? "identity", status: res.statusCode }));
    }).on("error", reject);
  });
}

test("at 400 pages a page fetches no search until the box is used, and a query at most 60 KB brotli", async () => {
  const pages = (await (await fetch(`${LIBRARY}/sitemap.xml`)).text()).match(/<loc>/g).length;
  assert.ok(pages >= 400, `${pages} addresses in the sitemap`);
  const report = [];
  for (const query of QUERIES) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const urls = [];
    page.on("requestfinished", (r) => urls.push(r.url()));
    await page.goto(`${LIBRARY}/skill-17/consensus`, { waitUntil: "networkidle" });
    const atLoad = urls.length;
    assert.deepEqual(urls.filter((u) => /search/.test(u)), [], "opening a page fetches nothing of the search");
    await page.focus("#search-input");
    await page.keyboard.type(query);
    const results = page.locator("#search-instant a");
    await results.first().waitFor();
    await page.waitForLoadState("networkidle");
    const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.length > 0 && hrefs.length <= 8, `${query}: ${hrefs.length} results shown`);
    const fetched = urls.slice(atLoad);
    assert.ok(fetched.length > 0, `${query}: the box fetched its index`);
    let total = 0;
    for (const url of fetched) {
      const { bytes, encoding, status } = await brotliBytes(url);
      assert.equal(status, 200, url);
      assert.ok(bytes < 1024 || encoding === "br", `${url} is sent brotli (${encoding}, ${bytes} B)`);
      total += bytes;
    }
    report.push(`"${query}": ${total} B brotli in ${fetched.length} files, ${hrefs.length} results`);
    assert.ok(total <= BUDGET, `${query}: ${total} bytes > ${BUDGET}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
  console.log(`search bytes per query at ${pages} addresses: ${report.join("; ")}`);
});
