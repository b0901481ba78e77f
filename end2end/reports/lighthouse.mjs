// Lighthouse report (mobile preset) for every docs page: prints the scores and writes
// them to artifacts/lighthouse.json. A report, not a test: Lighthouse's timings on a
// shared machine vary from run to run. Usage (with a server running):
//   E2E_BASE_URL=http://127.0.0.1:3000 node reports/lighthouse.mjs
import { execFileSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const BASE = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";
const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
].join(" ");

const sitemap = await (await fetch(`${BASE}/sitemap.xml`)).text();
const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
const cli = require.resolve("lighthouse/cli/index.js");
const scores = {};
for (const path of paths) {
  const out = execFileSync(process.execPath, [cli, BASE + path, "--quiet", "--output=json", `--chrome-flags=${FLAGS}`,
    "--only-categories=performance,accessibility,best-practices,seo"],
    { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" }, maxBuffer: 64 << 20 });
  const result = JSON.parse(out.toString());
  scores[path] = Object.fromEntries(Object.entries(result.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
  console.log(path, JSON.stringify(scores[path]));
}
mkdirSync(ARTIFACTS, { recursive: true });
writeFileSync(`${ARTIFACTS}lighthouse.json`, JSON.stringify(scores, null, 2));
