// Long tasks (over 50 ms) while the consensus page loads and its five widgets hydrate:
// prints each task's start and duration for a few loads. `#w-none` makes the loader
// fetch the WASM at once instead of waiting for a widget to near the viewport. A report,
// not a test. Usage (with a server running):
//   E2E_BASE_URL=http://127.0.0.1:3000 node reports/hydration-long-tasks.mjs
import { launch, BASE } from "../tests/browser.mjs";

const LOADS = 3;
const browser = await launch();
for (let i = 0; i < LOADS; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: "longtask", buffered: true });
  });
  const page = await context.newPage();
  await page.goto(`${BASE}/consensus#w-none`, { waitUntil: "load" });
  await page.waitForFunction(() => document.querySelectorAll(".widget-nojs.widget-hidden").length >= 5);
  await page.waitForTimeout(500);
  const tasks = await page.evaluate(() => window.__longTasks);
  console.log(`load ${i + 1}: ${tasks.map(([start, ms]) => `${ms} ms at ${start} ms`).join(", ") || "no long tasks"}`);
  await context.close();
}
await browser.close();
