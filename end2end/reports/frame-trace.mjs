// Where the Raft widget's frames go: plays a 7-node run for 3 s with a Chromium trace
// running, groups the main thread's work by animation frame (script, style, layout,
// pre-paint, paint, ...), and prints the costliest frames, the median one and the
// percentiles. A report, not a test. Usage (with a server running):
//   E2E_BASE_URL=http://127.0.0.1:3000 node reports/frame-trace.mjs
// For experiments, FRAME_TRACE_CSS (a stylesheet) and FRAME_TRACE_SCRIPT (a script run
// in the page) are applied once the widget is live, with the page's CSP bypassed, e.g.
// FRAME_TRACE_CSS='article.doc > * { content-visibility: auto }'.
import { launch, BASE } from "../tests/browser.mjs";
import { widget, hydrated, scrubTo } from "../tests/widget-helpers.mjs";

const PHASES = ["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "HitTest", "ParseHTML"];

const { FRAME_TRACE_CSS: css, FRAME_TRACE_SCRIPT: script } = process.env;
const browser = await launch();
const context = await browser.newContext({
  reducedMotion: "no-preference",
  viewport: { width: 1280, height: 900 },
  bypassCSP: Boolean(css || script),
});
const page = await context.newPage();
await page.goto(BASE + "/consensus", { waitUntil: "load" });
const w = widget(page, "raft");
await hydrated(w);
if (css) await page.addStyleTag({ content: css });
if (script) await page.evaluate(script);
await w.locator(".raft-size").selectOption("7");
await scrubTo(w, 400);
await w.getByLabel("Speed").evaluate((el) => { el.value = "-3"; el.dispatchEvent(new Event("input", { bubbles: true })); });
await w.locator(".widget-play").click();

const cdp = await context.newCDPSession(page);
await cdp.send("Tracing.start", { categories: "devtools.timeline", transferMode: "ReturnAsStream" });
await page.waitForTimeout(3000);
const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
await cdp.send("Tracing.end");
const { stream } = await complete;
let text = "";
for (;;) {
  const chunk = await cdp.send("IO.read", { handle: stream });
  text += chunk.data;
  if (chunk.eof) break;
}
await browser.close();

const parsed = JSON.parse(text);
const events = (parsed.traceEvents ?? parsed)
  .filter((e) => e.ph === "X" && e.dur && (e.name === "FireAnimationFrame" || PHASES.includes(e.name)))
  .sort((a, b) => a.ts - b.ts);
const frames = [];
for (const e of events) {
  if (e.name === "FireAnimationFrame") {
    // Several callbacks in one frame: the frame's rendering phases follow the last one.
    const last = frames[frames.length - 1];
    if (last && Object.keys(last.phases).length === 0) last.script += e.dur / 1000;
    else frames.push({ script: e.dur / 1000, phases: {} });
  }
  else if (frames.length > 0) {
    const phases = frames[frames.length - 1].phases;
    phases[e.name] = (phases[e.name] ?? 0) + e.dur / 1000;
  }
}
// ParseHTML happens inside the script (innerHTML, insertAdjacentHTML): not added again.
for (const f of frames) {
  f.total = f.script + Object.entries(f.phases).filter(([k]) => k !== "ParseHTML").reduce((a, [, v]) => a + v, 0);
}
const show = (f) => `${f.total.toFixed(2)} ms: script ${f.script.toFixed(2)}, ` +
  Object.entries(f.phases).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ");
frames.sort((a, b) => b.total - a.total);
console.log(`${frames.length} frames of main-thread work (ParseHTML is part of script)`);
console.log("costliest:");
for (const f of frames.slice(0, 8)) console.log("  " + show(f));
console.log("median:\n  " + show(frames[Math.floor(frames.length / 2)]));
const totals = frames.map((f) => f.total).sort((a, b) => a - b);
const at = (p) => totals[Math.min(totals.length - 1, Math.floor(p * totals.length))].toFixed(2);
console.log(`main-thread work per frame: median ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms`);
