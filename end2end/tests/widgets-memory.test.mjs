// A shared link cannot take a reader's tab down: every Raft preset with 7 nodes and the
// two heaviest runs a link can ask for, each opened at the widget's last step in a fresh
// browser. The page's renderer keeps its private memory (RssAnon: the WebAssembly heap,
// which never shrinks, the JS heap, the DOM) under 200 MB, and at most 120 MB above the
// same page opened without a link (the simulation's own budget is 96 MB). Its whole
// resident peak (VmHWM) is printed too; it also counts Chromium's shared code and fonts,
// about 140 MB in every renderer. The heaviest link stops recording at the simulation's
// memory budget and says so in the widget.
// The links are end2end/fixtures/memory-links.txt, checked against the scenarios they
// name by app/sim/tests/raft_rules.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, BASE } from "./browser.mjs";
import { widget, hydrated, position } from "./widget-helpers.mjs";

const PAGE = "/consensus";
const BUDGET_MB = 200;
const GROWTH_MB = 120;
const LINKS = readFileSync(new URL("../fixtures/memory-links.txt", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => line.split(" "));

/** The page's renderer (the one holding the most private memory): its private resident
 * memory now and its whole resident peak, in MB. */
async function pageRenderer(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
  await cdp.detach();
  const kb = (status, field) => Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))[1]) / 1024;
  return processInfo
    .filter((p) => p.type === "renderer")
    .map((p) => readFileSync(`/proc/${p.id}/status`, "utf8"))
    .map((status) => ({ private: kb(status, "RssAnon"), peak: kb(status, "VmHWM") }))
    .reduce((a, b) => (b.private > a.private ? b : a));
}

/** Opens the page with `link` (or none) in a fresh browser; its position and memory. */
async function measure(name, link) {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    const started = Date.now();
    await page.goto(`${BASE}${PAGE}${link ? `#w-raft-1=${link}` : ""}`, { waitUntil: "networkidle" });
    const w = widget(page, "raft");
    await hydrated(w);
    const at = await position(w);
    const seconds = (Date.now() - started) / 1000;
    if (name === "heavy-load") {
      // Recording stopped at the budget: the widget stops there, says why, and play
      // pauses at once instead of spinning.
      assert.equal(at.step, 30720, `${name}: ${at.text}`);
      assert.match(await w.locator(".widget-notice").innerText(), /Recording stopped: the timeline stops at step 30720 because recording more would take over 96\.0 MB/);
      await w.locator(".widget-play").click();
      await page.waitForFunction(() => document.querySelector(".widget-play")?.getAttribute("aria-pressed") === "false");
      assert.equal((await position(w)).step, 30720, "play cannot pass the stop");
    } else if (link) {
      assert.equal(at.step, 50000, `${name}: ${at.text}`);
      assert.equal(await w.locator(".widget-notice").count(), 0, `${name}: no notice`);
    }
    assert.deepEqual(errors, [], name);
    return { ...(await pageRenderer(browser)), seconds };
  } finally {
    await browser.close();
  }
}

test("every preset and the heaviest links stay within the tab's memory budget", async () => {
  const base = await measure("no link", "");
  const report = [`no link: ${base.private.toFixed(0)} MB private, ${base.peak.toFixed(0)} MB peak`];
  for (const [name, link] of LINKS) {
    const m = await measure(name, link);
    report.push(`${name}: ${m.private.toFixed(0)} MB private, ${m.peak.toFixed(0)} MB peak, opened in ${m.seconds.toFixed(1)} s`);
    assert.ok(m.private <= BUDGET_MB, `${name}: ${m.private.toFixed(0)} MB private, over ${BUDGET_MB} MB`);
    assert.ok(m.private - base.private <= GROWTH_MB, `${name}: ${(m.private - base.private).toFixed(0)} MB above the page without a link`);
  }
  console.log(`renderer memory at the widget's last step: ${report.join("; ")}`);
});
