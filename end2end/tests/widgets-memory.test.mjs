// A shared link cannot take a reader's tab down: every Raft preset with 7 nodes and the
// two heaviest runs a link can ask for, each opened at the widget's last step in a fresh
// browser, keep the page's renderer under 200 MB at its peak (VmHWM). The heaviest stops
// recording at the simulation's memory budget and says so in the widget.
// The links are end2end/fixtures/memory-links.txt, checked against the scenarios they
// name by app/sim/tests/raft_rules.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, BASE } from "./browser.mjs";
import { widget, hydrated, position } from "./widget-helpers.mjs";

const PAGE = "/consensus";
const BUDGET_MB = 200;
const LINKS = readFileSync(new URL("../fixtures/memory-links.txt", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => line.split(" "));

/** Peak resident memory (VmHWM) of each of the browser's renderer processes, in MB. */
async function rendererPeaksMb(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
  await cdp.detach();
  return processInfo
    .filter((p) => p.type === "renderer")
    .map((p) => {
      const status = readFileSync(`/proc/${p.id}/status`, "utf8");
      return Number(status.match(/VmHWM:\s+(\d+) kB/)[1]) / 1024;
    });
}

test("every preset and the heaviest links stay under 200 MB in the tab", async () => {
  const report = [];
  for (const [name, link] of LINKS) {
    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      const started = Date.now();
      await page.goto(`${BASE}${PAGE}#w-raft-1=${link}`, { waitUntil: "networkidle" });
      const w = widget(page, "raft");
      await hydrated(w);
      const at = await position(w);
      const seconds = (Date.now() - started) / 1000;
      if (name === "heavy-load") {
        // Recording stopped at the budget: the widget stops there, says why, and play
        // pauses at once instead of spinning.
        assert.equal(at.step, 30720, `${name}: ${at.text}`);
        assert.match(await w.locator(".widget-notice").innerText(), /Recording stopped: the timeline stops at step 30720 because recording more would take over 96 MB/);
        await w.locator(".widget-play").click();
        await page.waitForFunction(() => document.querySelector(".widget-play")?.getAttribute("aria-pressed") === "false");
        assert.equal((await position(w)).step, 30720, "play cannot pass the stop");
      } else {
        assert.equal(at.step, 50000, `${name}: ${at.text}`);
        assert.equal(await w.locator(".widget-notice").count(), 0, `${name}: no notice`);
      }
      const peak = Math.max(...(await rendererPeaksMb(browser)));
      report.push(`${name} ${peak.toFixed(0)} MB (opened in ${seconds.toFixed(1)} s)`);
      assert.ok(peak <= BUDGET_MB, `${name}: renderer peak ${peak.toFixed(0)} MB over ${BUDGET_MB} MB`);
      assert.deepEqual(errors, [], name);
    } finally {
      await browser.close();
    }
  }
  console.log(`renderer peak memory at the widget's last step: ${report.join("; ")}`);
});
