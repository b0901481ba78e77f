// The partition comparison in a real browser: one control bar drives Raft and an
// OR-Set through the same partition; Raft's minority refuses writes, the OR-Set takes
// them and converges after the heal. Skipped when no page places the widget.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ARTIFACTS, BASE } from "./browser.mjs";
import { widget, hydrated, position, scrubTo, scrubToEnd, snapshot, shareLink, axeViolationsIn, unstickHeader, findWidgetPage } from "./widget-helpers.mjs";

let browser;
let PAGE;
before(async () => {
  browser = await launch();
  PAGE = await findWidgetPage(BASE, "partition-compare");
});
after(async () => { await browser?.close(); });

async function scrubToTime(w, ms) {
  // The timeline is in steps; walk it until the clock passes `ms`.
  for (let guard = 0; guard < 40; guard++) {
    const { step, total, time } = await position(w);
    if (time >= ms) return;
    await scrubTo(w, Math.min(total, step + 25));
  }
}

test("Raft refuses minority writes while the OR-Set accepts them and converges after the heal", async (t) => {
  if (!PAGE) return t.skip("no page places a partition-compare widget");
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "partition-compare");
  await hydrated(w);
  assert.equal(await w.locator("svg.compare-stage").count(), 2, "two sides");
  await scrubToTime(w, 1_200);
  const during = await w.locator(".compare-verdicts").innerText();
  assert.match(during, /[1-9]\d* writes? refused for lack of a leader/);
  // Every write is counted: committed, refused, or in doubt (lost across the cut).
  assert.match(during, /\d+ writes? committed, \d+ writes? refused for lack of a leader, \d+ writes? in doubt/);
  assert.doesNotMatch(during, /\b1 writes\b/, "one write is singular");
  assert.match(during, /diverged/);
  assert.ok((await w.locator("svg.compare-stage .link-cut").count()) > 0, "the partition is drawn on both sides");
  await scrubToTime(w, 2_600);
  assert.match(await w.locator(".compare-verdicts").innerText(), /✓ converged/);
  const at = await snapshot(w);
  const { step } = await position(w);
  await scrubTo(w, 40);
  await scrubTo(w, step);
  assert.deepEqual(await snapshot(w), at, "scrubbing back and forth is exact");

  const link = await shareLink(w);
  const other = await context.newPage();
  await other.goto(link, { waitUntil: "networkidle" });
  const w2 = widget(other, "partition-compare");
  await hydrated(w2);
  assert.deepEqual(await snapshot(w2), at, "the shared link reproduces both sides");
  await other.close();

  assert.match(await w.locator(".widget-break").innerText(), /restarts the run/);
  await w.getByLabel(/Break it/).check();
  await scrubToTime(w, 2_000);
  await w.locator(".badge-bad").first().waitFor();
  assert.match(await w.locator(".badge-bad").first().innerText(), /Raft: Leader Completeness/);

  const bad = await context.newPage();
  await bad.goto(`${BASE}${PAGE}#w-partition-compare-1=v1.x~v1.y`, { waitUntil: "networkidle" });
  const wb = widget(bad, "partition-compare");
  await hydrated(wb);
  assert.match(await wb.locator(".widget-notice").innerText(), /could not be read/);
  await bad.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test("leader in the minority: the stale leader's write is accepted, never committed, and lost at the heal", async (t) => {
  if (!PAGE) return t.skip("no page places a partition-compare widget");
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "partition-compare");
  await hydrated(w);
  const scenario = w.locator('select[data-act="preset"]');
  assert.deepEqual(await scenario.locator("option").allTextContents(), ["leader-in-majority", "leader-in-minority"]);
  await scenario.selectOption("leader-in-minority");
  assert.equal((await position(w)).step, 0);
  const raft = w.locator("svg.compare-stage").first();
  await scrubToTime(w, 450);
  assert.match(await raft.getAttribute("aria-label"), /n1 leader t1 log 3 ✓2/, "n1 appended b and cannot commit it");
  await scrubToTime(w, 1_200);
  const label = await raft.getAttribute("aria-label");
  assert.doesNotMatch(label, /n1 leader/, "CheckQuorum stepped n1 down");
  assert.match(label, /leader t2/, "the majority elected a leader of term 2");
  assert.match(await w.locator(".compare-verdicts").innerText(), /1 write in doubt/);
  await scrubToTime(w, 2_000);
  const verdicts = await w.locator(".compare-verdicts").innerText();
  assert.match(verdicts, /2 writes committed, 1 write refused for lack of a leader, 1 write lost \(accepted by a leader that could not commit them, then overwritten\), 0 writes in doubt/);
  assert.match(verdicts, /✓ converged/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the reader's writes are named like the preset's: the next free letter", async (t) => {
  if (!PAGE) return t.skip("no page places a partition-compare widget");
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "partition-compare");
  await hydrated(w);
  await scrubToTime(w, 100);
  await w.getByRole("button", { name: "Write at n1" }).click();
  await w.getByRole("button", { name: "Write at n5" }).click();
  await scrubToTime(w, 2_600);
  const orSet = await w.locator("svg.compare-stage").nth(1).getAttribute("aria-label");
  assert.match(orSet, /n1 replica \{a, ?b, ?c, ?d, ?e, ?f\}/, orSet);
  assert.doesNotMatch(orSet, /x\d/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("partition-compare: no axe violations; screenshots in light, dark and at 360 px", async (t) => {
  if (!PAGE) return t.skip("no page places a partition-compare widget");
  for (const [name, options] of [
    ["light", { colorScheme: "light" }],
    ["dark", { colorScheme: "dark" }],
    ["360", { colorScheme: "light", viewport: { width: 360, height: 800 } }],
  ]) {
    const { page, errors, context } = await open(browser, PAGE, options);
    const w = widget(page, "partition-compare");
    await hydrated(w);
    await scrubToTime(w, 1_200);
    await unstickHeader(page);
    await w.scrollIntoViewIfNeeded();
    await w.screenshot({ path: `${ARTIFACTS}widget-compare-${name}.png` });
    assert.deepEqual(await axeViolationsIn(page, 'figure[data-widget="partition-compare"]'), [], `axe (${name})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
