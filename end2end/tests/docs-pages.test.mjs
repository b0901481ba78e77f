// Every documentation page: no console errors, no axe violations in light and dark
// theme, keyboard reachability with a visible focus ring, and no horizontal scroll at 360 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, axeViolations, BASE, ARTIFACTS } from "./browser.mjs";

let browser;
let paths;
before(async () => {
  browser = await launch();
  const sitemap = await (await fetch(`${BASE}/sitemap.xml`)).text();
  paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
});
after(async () => { await browser?.close(); });

test("the sitemap lists the overview and the seven reference pages", () => {
  assert.equal(paths.length, 8, paths.join(", "));
});

for (const colorScheme of ["light", "dark"]) {
  test(`every page is clean in the ${colorScheme} theme`, async () => {
    for (const path of paths) {
      const { page, errors, context, response } = await open(browser, path, { colorScheme });
      assert.equal(response.status(), 200, path);
      assert.deepEqual(errors, [], path);
      assert.deepEqual(await axeViolations(page), [], `${path} (${colorScheme})`);
      await context.close();
    }
  });
}

test("the theme toggle switches theme, persists, and does not flash on the next page", async () => {
  const { page, context } = await open(browser, "/", { colorScheme: "light" });
  await page.click("#theme-toggle");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  await page.goto(`${BASE}/consensus`, { waitUntil: "commit" });
  await page.waitForSelector("body");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark", "set before the body renders");
  await context.close();
});

test("keyboard alone reaches search, navigation, table of contents and theme toggle, with a visible focus ring", async () => {
  // A page without widgets, so the walk reaches the table of contents after the article
  // (clustering.md has two widgets since they came alive there, their controls took the
  // walk's 150 steps).
  const { page, context } = await open(browser, "/production-checklist");
  const reached = new Set();
  for (let i = 0; i < 150 && reached.size < 4; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return {
        id: el.id,
        inNav: !!el.closest(".sidebar"),
        inToc: !!el.closest(".toc"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (info.id === "search-input") reached.add("search");
    if (info.id === "theme-toggle") reached.add("theme");
    if (info.inNav) reached.add("nav");
    if (info.inToc) reached.add("toc");
    assert.ok(info.outline || info.id === "search-input", `focus ring visible on element ${i} (${JSON.stringify(info)})`);
  }
  assert.deepEqual([...reached].sort(), ["nav", "search", "theme", "toc"]);
  await context.close();
});

test("the mobile layout has no horizontal scroll and the menu opens without JavaScript", async () => {
  for (const path of paths) {
    const { page, context } = await open(browser, path, { viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 360px`);
    if (path === paths[0]) {
      assert.equal(await page.locator(".sidebar-body").isVisible(), false);
      await page.click(".nav-toggle");
      assert.equal(await page.locator(".sidebar-body").isVisible(), true);
      await page.screenshot({ path: `${ARTIFACTS}mobile-nav.png` });
    }
    await context.close();
  }
});

for (const colorScheme of ["light", "dark"]) {
  test(`search results, highlights included, are clean in the ${colorScheme} theme`, async () => {
    const { page, errors, context } = await open(browser, "/search?q=fencing%20token", { colorScheme });
    assert.ok((await page.locator(".search-results mark").count()) > 0);
    assert.deepEqual(errors, []);
    assert.deepEqual(await axeViolations(page), [], `search (${colorScheme})`);
    await context.close();
  });
}

test("search works without JavaScript and ranks the right page first", async () => {
  const expectations = {
    "fencing token": "/failure-modes", "libcluster gossip": "/clustering", "PACELC": "/cap-tradeoffs", "pre-vote": "/consensus",
    // Stemmed: both forms find the section that defines the term first.
    "linearizable": "/cap-tradeoffs#what-cap-actually-says", "linearizability": "/cap-tradeoffs#what-cap-actually-says",
  };
  for (const [query, expected] of Object.entries(expectations)) {
    const { page, context, errors } = await open(browser, `/search?q=${encodeURIComponent(query)}`, { javaScriptEnabled: false });
    const first = await page.locator(".search-results li a").first().getAttribute("href");
    assert.ok(first.startsWith(expected), `${query}: first result ${first}`);
    if (query === "fencing token") {
      assert.ok((await page.locator(".search-results mark").count()) > 0, "matches are highlighted");
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("instant search shows results as you type, fetching nothing at page open and then only a query's shards", async () => {
  const { page, context, errors, requests } = await open(browser, "/");
  const searchFiles = () => requests.map((r) => new URL(r.url).pathname).filter((p) => /search-index|\/pkg\/search\./.test(p));
  assert.deepEqual(searchFiles(), [], "opening the page fetches nothing for search");
  await page.fill("#search-input", "fencing");
  await page.locator("#search-instant a").first().waitFor();
  assert.match(await page.locator("#search-instant a").first().getAttribute("href"), /#/);
  await page.waitForLoadState("networkidle");
  const fetched = searchFiles();
  assert.ok(fetched.some((p) => p.endsWith("/search-index.json")), "the manifest");
  const shards = fetched.filter((p) => /\/s\/[0-9a-f]+\.json$/.test(p)).map((p) => p.split("/").pop());
  assert.deepEqual(shards, ["6665.json"], "only the shard of the words starting with \"fe\"");
  const fragments = fetched.filter((p) => /\/d\/\d+\.json$/.test(p));
  assert.equal(fragments.length, await page.locator("#search-instant a").count(), "a fragment per result shown");
  assert.deepEqual(errors, []);
  await context.close();
});
