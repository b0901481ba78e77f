// Markup validity: the Nu Html Checker over every page, the search page and the 404 page.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { BASE } from "./browser.mjs";

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
