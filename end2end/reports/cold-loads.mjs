// Cold page loads: opens a widget page in a fresh browser each time (so the WASM is
// compiled without a code cache) and prints DOMContentLoaded and the time the first
// widget turns interactive, both from navigation start. With two base URLs the loads
// alternate between them, to compare two builds under the same machine load. A report,
// not a test. Usage (with the servers running):
//   node reports/cold-loads.mjs http://127.0.0.1:3000 [http://127.0.0.1:3001] [loads=5]
import { launch } from "../tests/browser.mjs";

const args = process.argv.slice(2);
const loads = Number(args.find((a) => a.startsWith("loads="))?.slice(6) ?? 5);
const bases = args.filter((a) => !a.startsWith("loads="));
if (bases.length === 0) {
  console.error("usage: node reports/cold-loads.mjs BASE_URL [BASE_URL] [loads=N]");
  process.exit(2);
}

async function coldLoad(base) {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector(".widget-nojs.widget-hidden")) {
          window.__interactiveAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["class"] });
    });
    const page = await context.newPage();
    await page.goto(base + "/consensus", { waitUntil: "load" });
    await page.waitForFunction(() => window.__interactiveAt);
    return await page.evaluate(() => ({
      contentLoaded: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
      interactive: window.__interactiveAt,
    }));
  } finally {
    await browser.close();
  }
}

const results = new Map(bases.map((base) => [base, []]));
for (let i = 0; i < loads; i++) {
  for (const base of bases) results.get(base).push(await coldLoad(base));
}
const range = (values) => `${Math.min(...values).toFixed(0)} to ${Math.max(...values).toFixed(0)} ms`;
for (const [base, runs] of results) {
  console.log(`${base}: ${runs.length} cold loads, DOMContentLoaded ${range(runs.map((r) => r.contentLoaded))}, interactive ${range(runs.map((r) => r.interactive))}`);
}
