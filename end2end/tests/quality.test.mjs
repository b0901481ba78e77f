// Markup validity (Nu Html Checker) and Lighthouse scores for every docs page.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { BASE, ARTIFACTS } from "./browser.mjs";

const require = createRequire(import.meta.url);
let paths;
before(async () => {
  const sitemap = await (await fetch(`${BASE}/sitemap.xml`)).text();
  paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
});

test("the Nu Html Checker reports no errors on any page", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vnu-"));
  const files = [];
  for (const path of [...paths, "/search?q=raft", "/no-such-page"]) {
    const html = await (await fetch(BASE + path)).text();
    const file = join(dir, `${files.length}.html`);
    writeFileSync(file, html);
    files.push(file);
  }
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  let report = "";
  try {
    execFileSync("java", ["-jar", jar, "--errors-only", "--format", "gnu", ...files], { stdio: "pipe" });
  } catch (error) {
    report = error.stderr.toString() + error.stdout.toString();
  }
  assert.equal(report, "", report);
});

const LIGHTHOUSE_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
].join(" ");

test("Lighthouse (mobile): 100 accessibility, best practices and SEO, at least 95 performance", { timeout: 600_000 }, () => {
  const cli = require.resolve("lighthouse/cli/index.js");
  const scores = {};
  for (const path of paths) {
    const out = execFileSync(process.execPath, [cli, BASE + path, "--quiet", "--output=json", `--chrome-flags=${LIGHTHOUSE_FLAGS}`,
      "--only-categories=performance,accessibility,best-practices,seo"], { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" }, maxBuffer: 64 << 20 });
    const result = JSON.parse(out.toString());
    scores[path] = Object.fromEntries(Object.entries(result.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
  }
  writeFileSync(`${ARTIFACTS}lighthouse.json`, JSON.stringify(scores, null, 2));
  console.log(JSON.stringify(scores, null, 2));
  for (const [path, s] of Object.entries(scores)) {
    assert.equal(s.accessibility, 100, `${path} accessibility`);
    assert.equal(s["best-practices"], 100, `${path} best practices`);
    assert.equal(s.seo, 100, `${path} SEO`);
    assert.ok(s.performance >= 95, `${path} performance ${s.performance}`);
  }
});
