// Helpers shared by the widget browser tests: waiting for hydration, reading and driving
// one widget through its real controls.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core violations inside the elements matching `selector` (other widgets excluded). */
export async function axeViolationsIn(page, selector) {
  await page.evaluate(axeSource);
  // label-content-name-mismatch is experimental in axe and off by default; a reader's
  // review found it on the clocks' events, so the widgets are held to it.
  const options = { resultTypes: ["violations"], rules: { "label-content-name-mismatch": { enabled: true } } };
  const result = await page.evaluate(async ([sel, opts]) => window.axe.run({ include: [[sel]] }, opts), [selector, options]);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * Waits (at most `seconds`) until the one-minute load average is no more than the cores,
 * and says whether it got there: a frame-time budget is asserted on a quiet machine and
 * only reported on one busy with other builds. In a CI run the browser tests follow the
 * builds, whose load takes a minute or two to decay.
 */
export async function quietMachine(seconds = 150) {
  const cores = availableParallelism();
  for (let waited = 0; loadavg()[0] > cores && waited < seconds; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  const load = loadavg()[0];
  return { quiet: load <= cores, load, cores };
}

/** The `index`-th widget of `kind` on the page (a Playwright locator). */
export function widget(page, kind, index = 0) {
  return page.locator(`figure.widget[data-widget="${kind}"]`).nth(index);
}

/**
 * Scrolls the widget into view (the WASM loads when an island nears the viewport) and
 * waits until it has hydrated: its no-JS note is hidden and its controls work.
 */
export async function hydrated(w) {
  await w.scrollIntoViewIfNeeded();
  await w.locator(".widget-nojs.widget-hidden").waitFor({ state: "attached" });
  await w.locator(".widget-play:not([disabled])").waitFor();
  // A tour's widget (tours.test.mjs tests tours) that follows its tour: leave the tour
  // and start the run again, as a reader who plays freely would, so the test starts from
  // the directive's run. (Opened from a shared link, it starts off the tour already.)
  const tour = w.locator("xpath=ancestor::section[contains(concat(' ', @class, ' '), ' tour ')]");
  if (await tour.count()) {
    await tour.locator(".tour-leave:not([disabled])").waitFor();
    const leave = tour.locator(".tour-leave");
    if ((await leave.getAttribute("value")) === "leave") {
      await leave.click();
      await w.locator("[data-act=reset]").click();
    }
  }
}

/** The readout "step S · t = X ms" as numbers, with the recorded steps (the scrubber's end). */
export async function position(w) {
  const text = await w.locator(".widget-position").innerText();
  const [, step, time] = text.match(/step (\d+) · t = (\d+) ms/) ?? [];
  const total = await w.locator(".widget-scrubber input").getAttribute("max");
  return { step: Number(step), total: Number(total), time: Number(time), text };
}

/** Moves the timeline scrubber to `step` (as a reader dragging it would). */
export async function scrubTo(w, step) {
  await w.locator(".widget-scrubber input").evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, step);
}

/** Scrubs to the end of the recorded timeline `times` times (each extends it). */
export async function scrubToEnd(w, times = 1) {
  for (let i = 0; i < times; i++) {
    const { total } = await position(w);
    await scrubTo(w, total);
  }
}

/** Everything the widget shows about its state: drawing labels, logs, badges, position. */
export async function snapshot(w) {
  return w.evaluate((el) => ({
    stage: [...el.querySelectorAll("svg.stage")].map((s) => s.getAttribute("aria-label")).join("\n"),
    tables: [...el.querySelectorAll("table, .fence-writes, .compare-verdicts")].map((t) => t.innerText).join("\n"),
    badges: [...el.querySelectorAll(".badge")].map((b) => b.className + ":" + b.innerText).join("\n"),
    position: el.querySelector(".widget-position")?.innerText,
  }));
}

/** Clicks Share and returns the link it made. */
export async function shareLink(w) {
  await w.getByRole("button", { name: "Share this run" }).click();
  const input = w.locator(".widget-share-link input");
  await input.waitFor();
  return input.inputValue();
}

/** Un-sticks the site header so element screenshots are not covered by it. */
export async function unstickHeader(page) {
  await page.evaluate(() => document.querySelectorAll(".site-header").forEach((h) => { h.style.position = "static"; }));
}

/** The first page (path) of the site whose HTML places a widget of `kind`, or null. */
export async function findWidgetPage(base, kind) {
  const home = await (await fetch(base + "/")).text();
  const paths = ["/", ...new Set([...home.matchAll(/href="(\/[^"#?]*)"/g)].map((m) => m[1]).filter((p) => !p.startsWith("/pkg/") && !/\.[a-z]+$/.test(p)))];
  for (const path of paths) {
    const html = await (await fetch(base + path)).text();
    if (html.includes(`data-widget="${kind}"`)) return path;
  }
  return null;
}
