// The fencing widget in a real browser: the paused client's stale write lands with
// tokens off and is rejected with tokens on (the widget's own "Fencing tokens" switch);
// the reader's pause length; the labelled lease bar; messages clear of the boxes' text;
// time travel, sharing, hostile links, accessibility and screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ARTIFACTS, BASE } from "./browser.mjs";
import { widget, hydrated, position, scrubTo, scrubToEnd, snapshot, shareLink, axeViolationsIn, unstickHeader } from "./widget-helpers.mjs";

const PAGE = "/failure-modes";
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("tokens off: the stale write lands and the badge goes red; tokens on: storage rejects it", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "fencing");
  await hydrated(w);
  const tokens = w.getByRole("checkbox", { name: /Fencing tokens/ });
  assert.equal(await tokens.isChecked(), false, "the page places the widget with tokens=off");
  assert.equal(await w.getByLabel(/Break it/).count(), 0, "one switch for tokens, not two");
  assert.match(await w.locator("[data-region=tools] legend").innerText(), /the run restarts/);
  const start = await snapshot(w);
  await w.getByRole("button", { name: "Step forward" }).click();
  assert.notDeepEqual(await snapshot(w), start, "a step changes the state");
  await scrubToEnd(w, 2);
  // The stale write that got through is the failure, in words, never a tick.
  const stale = w.locator(".fence-writes li.write-stale");
  assert.match(await stale.innerText(), /client 1 \(n2\) writes with token 1: accepted from an expired lease: storage is corrupted/);
  assert.doesNotMatch(await w.locator(".fence-writes").innerText(), /[✓✗⏸]/);
  assert.match(await w.locator(".badge-bad").innerText(), /✗\s*Storage never accepts a token lower than one it has accepted/);

  await tokens.check();
  assert.equal((await position(w)).step, 0, "switching tokens restarts the run");
  assert.ok(await tokens.isChecked());
  await scrubToEnd(w, 2);
  assert.match(await w.locator(".fence-writes").innerText(), /client 1 \(n2\) writes with token 1: rejected: its token is stale/);
  assert.match(await w.locator(".fence-writes").innerText(), /client 2 \(n3\) writes with token 2: accepted/);
  assert.equal(await w.locator(".fence-writes li.write-stale").count(), 0);
  assert.equal(await w.locator(".badge-bad").count(), 0);
  assert.equal(await w.locator(".badge-ok").count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("fencing: scrubbing back is exact and a shared link reproduces the step", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "fencing");
  await hydrated(w);
  await scrubTo(w, 6);
  const at6 = await snapshot(w);
  await scrubToEnd(w);
  assert.notDeepEqual(await snapshot(w), at6);
  await scrubTo(w, 6);
  assert.deepEqual(await snapshot(w), at6);
  const link = await shareLink(w);
  assert.match(link, /#w-fencing-1=v1\./);
  const other = await context.newPage();
  await other.goto(link, { waitUntil: "networkidle" });
  const w2 = widget(other, "fencing");
  await hydrated(w2);
  assert.deepEqual(await snapshot(w2), at6);
  await other.close();

  const bad = await context.newPage();
  await bad.goto(`${BASE}${PAGE}#w-fencing-1=v1.AQ_broken`, { waitUntil: "networkidle" });
  const wb = widget(bad, "fencing");
  await hydrated(wb);
  assert.match(await wb.locator(".widget-notice").innerText(), /could not be read/);
  assert.equal((await position(wb)).step, 0);
  await bad.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test("fencing: no axe violations; screenshots in light, dark and at 360 px", async () => {
  for (const [name, options] of [
    ["light", { colorScheme: "light" }],
    ["dark", { colorScheme: "dark" }],
    ["360", { colorScheme: "light", viewport: { width: 360, height: 800 } }],
  ]) {
    const { page, errors, context } = await open(browser, PAGE, options);
    const w = widget(page, "fencing");
    await hydrated(w);
    await scrubToEnd(w);
    await unstickHeader(page);
    await w.scrollIntoViewIfNeeded();
    await w.screenshot({ path: `${ARTIFACTS}widget-fencing-${name}.png` });
    assert.deepEqual(await axeViolationsIn(page, 'figure[data-widget="fencing"]'), [], `axe (${name})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("fencing: play stops on the step where the stale write breaks the invariant, and says so", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "fencing");
  await hydrated(w);
  // Fastest speed, then play: the run must not carry on past the broken invariant.
  await w.locator(".widget-speed input").evaluate((el) => {
    el.value = el.max;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await w.locator(".widget-play").click();
  const notice = w.locator(".widget-notice");
  await notice.waitFor({ timeout: 20_000 });
  const [, step] = (await notice.innerText()).match(/Paused at step (\d+): an invariant broke here/) ?? [];
  assert.ok(step, await notice.innerText());
  assert.equal(await w.locator(".widget-play").getAttribute("aria-pressed"), "false", "paused");
  assert.match(await w.locator(".badge-bad").innerText(), new RegExp(`step ${step}\\b`), "the badge names the same step");
  assert.equal((await position(w)).step, Number(step), "the timeline shows that step");
  assert.deepEqual(errors, []);
  await context.close();
});

test("fencing: the reader picks the pause; at 600 ms the late write lands first and fencing cannot tell", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "fencing");
  await hydrated(w);
  await w.getByRole("checkbox", { name: /Fencing tokens/ }).check();
  const pause = w.getByLabel("Client 1's GC pause");
  assert.equal(await pause.inputValue(), "1100");
  await scrubTo(w, 20);
  await pause.selectOption("600");
  assert.equal((await position(w)).step, 0, "choosing a pause restarts the run");
  assert.ok(await w.getByRole("checkbox", { name: /Fencing tokens/ }).isChecked(), "and keeps the tokens switch");
  await scrubToEnd(w, 2);
  const writes = await w.locator(".fence-writes").innerText();
  assert.match(writes, /client 1 \(n2\) writes with token 1: accepted from an expired lease: no newer token had reached storage, so fencing could not tell/);
  assert.doesNotMatch(writes, /corrupted/, "storage never took a token older than one it had accepted");
  assert.equal(await w.locator(".badge-bad").count(), 0);
  await pause.selectOption("200");
  await scrubToEnd(w, 2);
  assert.equal(await w.locator(".fence-writes li.write-stale").count(), 0, "a pause within the lease is harmless");
  assert.deepEqual(errors, []);
  await context.close();
});

test("fencing: the lease bar says what is left, and messages never cover a box's text, at 1280 and at 360 px", async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
    const { page, errors, context } = await open(browser, PAGE, { viewport });
    const w = widget(page, "fencing");
    await hydrated(w);
    // One drawing shows, the one that fits: its text is 11 px or more (the wide one at
    // 360 px had 7.5 px text).
    const drawing = w.locator("svg.fence-stage:visible");
    assert.equal(await drawing.count(), 1, `${viewport.width} px: one drawing shows`);
    const small = await drawing.evaluate((svg) => {
      const scale = svg.getScreenCTM().a;
      return [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim())
        .map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale }))
        .filter((t) => t.px < 11);
    });
    assert.deepEqual(small, [], `${viewport.width} px: every text in the drawing is 11 px or more`);
    const label = drawing.locator(".lease-label");
    assert.equal(await label.textContent(), "lease: none");
    const seen = new Set();
    let messages = 0;
    for (let step = 1; step <= 40; step++) {
      await scrubTo(w, step);
      const text = await label.textContent();
      seen.add(text.replace(/\d+ ms left/, "N ms left"));
      // Every message circle against every line of text in the boxes, in screen pixels,
      // and every line of text against its box.
      const overlaps = await drawing.evaluate((svg) => {
        const texts = [...svg.querySelectorAll(".fence-node")].flatMap((g) => {
          const box = g.querySelector(".fence-box").getBoundingClientRect();
          return [...g.querySelectorAll("text")].map((t) => ({ text: t.textContent, rect: t.getBoundingClientRect(), box }));
        });
        const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const inside = (a, b) => a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;
        const circles = [...svg.querySelectorAll(".msg circle")].map((c) => c.getBoundingClientRect());
        return {
          count: circles.length,
          over: circles.filter((c) => texts.some((t) => hit(c, t.rect))).length,
          outside: texts.filter((t) => t.text && !inside(t.rect, t.box)).map((t) => t.text),
        };
      });
      messages += overlaps.count;
      assert.equal(overlaps.over, 0, `${viewport.width} px, step ${step}: a message covers a box's text`);
      assert.deepEqual(overlaps.outside, [], `${viewport.width} px, step ${step}: text runs out of its box`);
    }
    assert.ok(messages > 0, "some messages were in flight");
    assert.ok(seen.has("lease: N ms left"), [...seen].join(" | "));
    await scrubToEnd(w);
    assert.equal(await label.textContent(), "lease: expired");
    assert.deepEqual(errors, []);
    await context.close();
  }
});
