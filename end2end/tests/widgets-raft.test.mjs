// The Raft widget in a real browser: hydration, stepping, an election, link cuts,
// exact time travel, sharing, "break it", hostile links, accessibility, screenshots,
// and a performance report (frame time of a 7-node run, time to interactive).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ARTIFACTS, BASE } from "./browser.mjs";
import { widget, hydrated, position, scrubTo, scrubToEnd, snapshot, shareLink, axeViolationsIn, unstickHeader } from "./widget-helpers.mjs";

const PAGE = "/consensus";
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function leaders(w) {
  return w.locator("svg.raft-stage .shape-leader").count();
}

test("the Raft widget hydrates and stepping changes its state", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  const before = await snapshot(w);
  assert.equal((await position(w)).step, 0);
  const emptyLog = () => w.locator(".widget-log").evaluate((el) => getComputedStyle(el, "::before").content);
  assert.match(await emptyLog(), /No events yet/, "an empty log says so");
  for (let i = 0; i < 3; i++) await w.getByRole("button", { name: "Step forward" }).click();
  assert.equal((await position(w)).step, 3);
  await w.getByRole("button", { name: "Step back" }).click();
  assert.equal((await position(w)).step, 2);
  await w.locator(".widget-stage").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal((await position(w)).step, 3, "the right arrow steps");
  await scrubTo(w, 60);
  assert.notDeepEqual(await snapshot(w), before, "60 steps in, the cluster looks different");
  assert.ok((await w.locator(".widget-log li").count()) > 0, "the event log follows the steps");
  assert.equal(await emptyLog(), "none", "the note goes once there are events");
  await page.keyboard.press("Space");
  await page.waitForFunction(() => document.querySelector(".widget-play")?.getAttribute("aria-pressed") === "true");
  await page.keyboard.press("Space");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the default scenario elects exactly one leader, and cutting links changes the outcome", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  await scrubToEnd(w, 2);
  const { time } = await position(w);
  assert.ok(time > 400, `the run reached ${time} ms`);
  assert.equal(await leaders(w), 1, "exactly one leader");
  assert.match(await w.locator(".raft-terms").innerText(), /^Term over time: 1 since t = \d+ ms$/, "one election, one rise of the term");
  const quiet = await w.locator(".widget-log li").allInnerTexts();
  assert.ok(quiet.some((line) => /heartbeat events folded \(steps? \d+/.test(line)), `a steady leader's heartbeats are folded: ${quiet.join(" | ")}`);
  const leaderBefore = await w.locator("svg.raft-stage g.raft-node:has(.shape-leader) .node-name").textContent();
  const untouched = await snapshot(w);

  await w.getByRole("button", { name: "Isolate the leader" }).click();
  assert.match(await w.locator(".raft-cuts").innerText(), new RegExp(`${leaderBefore} →`));
  assert.ok((await w.locator("svg.raft-stage .link-cut").count()) > 0, "cut links are drawn");
  await scrubToEnd(w, 2);
  const names = await w.locator("svg.raft-stage g.raft-node:has(.shape-leader) .node-name").allTextContents();
  assert.ok(names.some((n) => n !== leaderBefore), `a new leader was elected on the majority side (${names})`);
  assert.notDeepEqual(await snapshot(w), untouched);

  await w.getByRole("button", { name: "Heal all" }).click();
  await w.locator(".raft-panel select").first().selectOption("0");
  await w.locator(".raft-panel select").nth(1).selectOption("1");
  await w.getByRole("button", { name: "Cut both ways" }).click();
  assert.match(await w.locator(".raft-cuts").innerText(), /n1 → n2, n2 → n1/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("timers and messages are painted on the stage's canvas, in the theme's colours", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  // The painted pixels, summed up: how many are opaque (the shapes; the canvas is
  // transparent elsewhere) and a checksum of all of them.
  const read = () => w.locator("canvas.raft-motion").evaluate((c) => {
    const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let opaque = 0;
    let sum = 0;
    for (let i = 0; i < data.length; i++) {
      if (i % 4 === 3 && data[i] > 0) opaque++;
      sum = (sum * 31 + data[i]) >>> 0;
    }
    return { opaque, sum, width: c.width, shown: c.clientWidth };
  });
  const atStart = await read();
  assert.ok(atStart.opaque > 0, "the election timers are painted at step 0");
  assert.ok(atStart.width >= atStart.shown, "the canvas has a pixel per screen pixel");
  await scrubTo(w, 30);
  const light = await read();
  assert.notEqual(light.sum, atStart.sum, "a later step paints timers and messages afresh");
  // Messages carry their kind as text (RV, PV, AE, HB, ✓, ✗, C: paint.rs's Tag), never
  // colour alone; the legend says what each means.
  const tags = await w.locator("canvas.raft-motion").evaluate((c) => {
    const ops = c.shapes;
    const found = [];
    for (let i = 2; i < ops.length; i += ops[i] === 0 ? 6 : 5) if (ops[i] === 3) found.push(ops[i + 3]);
    return found;
  });
  assert.ok(tags.length > 0 && tags.every((t) => Number.isInteger(t) && t >= 0 && t <= 6), `messages in flight are tagged: ${tags}`);
  const legend = await w.locator(".raft-legend").innerText();
  for (const word of ["RV RequestVote", "HB heartbeat", "ring: election timer", "leader"]) assert.ok(legend.includes(word), `the legend explains ${word}: ${legend}`);
  // A change of theme repaints the (paused) canvas in the new colours.
  await page.evaluate(() => { document.documentElement.dataset.theme = "dark"; });
  let dark = light;
  for (let i = 0; i < 40 && dark.sum === light.sum; i++) {
    await page.waitForTimeout(25); // the repaint follows the attribute change's observer
    dark = await read();
  }
  assert.notEqual(dark.sum, light.sum, "the canvas is repainted in the dark theme's colours");
  assert.equal(dark.opaque, light.opaque, "with the same shapes");
  assert.deepEqual(errors, []);
  await context.close();
});

test("redraws keep the reader's controls and add only new event log lines", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  await scrubTo(w, 40);
  // Mark elements; a redraw that rebuilt them would lose the marks.
  await w.evaluate((el) => {
    el.querySelector(".raft-panel select").__kept = true;
    el.querySelector("svg.raft-stage g.raft-node").__kept = true;
    el.querySelectorAll(".widget-log li").forEach((li) => { li.__kept = true; });
  });
  const logBefore = await w.locator(".widget-log li").allInnerTexts();
  await w.locator(".raft-panel select").first().selectOption("2");
  await w.getByRole("button", { name: "Step forward" }).click();
  const after = await w.evaluate((el) => ({
    select: el.querySelector(".raft-panel select").__kept === true,
    node: el.querySelector("svg.raft-stage g.raft-node").__kept === true,
    kept: [...el.querySelectorAll(".widget-log li")].map((li) => li.__kept === true),
  }));
  assert.ok(after.select, "the link select was updated in place");
  assert.ok(after.node, "the node drawing was updated in place");
  const added = after.kept.indexOf(true);
  assert.ok(added > 0, "the step's lines were added on top");
  assert.ok(after.kept.slice(added).every(Boolean), "the older lines stayed as they were");
  const logAfter = await w.locator(".widget-log li").allInnerTexts();
  // A fold of heartbeats that grew (or formed) replaces the lines it took in.
  const replaced = logBefore.indexOf(logAfter[added]);
  assert.ok(replaced === 0 || (replaced <= 2 && /heartbeat events folded/.test(logAfter[0])), `replaced ${replaced}: ${logAfter[0]}`);
  assert.deepEqual(logAfter.slice(added), logBefore.slice(replaced, replaced + logAfter.length - added));
  assert.equal(await w.locator(".raft-panel select").first().inputValue(), "2");
  assert.deepEqual(errors, []);
  await context.close();
});

test("scrubbing back restores an earlier state exactly", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  await scrubTo(w, 150);
  const at150 = await snapshot(w);
  await scrubToEnd(w, 3);
  assert.notDeepEqual(await snapshot(w), at150);
  await scrubTo(w, 150);
  assert.deepEqual(await snapshot(w), at150);
  assert.deepEqual(errors, []);
  await context.close();
});

test("playing past the first 600 recorded steps, the timeline's readout and range never jump", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  assert.equal((await position(w)).total, 600, "a new run records 600 steps ahead");
  await w.locator("[data-act=speed]").evaluate((el) => { el.value = "10"; el.dispatchEvent(new Event("input", { bubbles: true })); });
  await w.locator(".widget-play").click();
  // The readout and the scrubber's range, read at once (play updates both together).
  const read = () => w.evaluate((el) => {
    const text = el.querySelector(".widget-position").innerText;
    const [, step, time] = text.match(/step (\d+) · t = (\d+) ms/) ?? [];
    return { text, step: Number(step), time: Number(time), total: Number(el.querySelector(".widget-scrubber input").max) };
  });
  const seen = [];
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const p = await read();
    seen.push(p);
    if (p.step > 700) break;
    await page.waitForTimeout(100);
  }
  await w.locator(".widget-play").click();
  await page.waitForFunction(() => document.querySelector(".widget-play")?.getAttribute("aria-pressed") === "false");
  const paused = await read();
  await page.waitForTimeout(600);
  seen.push(paused, await read());
  assert.ok(paused.step > 700, `play went past the recording (step ${paused.step})`);
  for (const [i, p] of seen.entries()) {
    assert.match(p.text, /^step \d+ · t = \d+ ms$/, "the readout names no total");
    assert.ok(p.total === Math.max(600, p.step), `the range is the recording so far: ${p.text}, range ${p.total}`);
    if (i > 0) {
      const q = seen[i - 1];
      assert.ok(p.step >= q.step && p.time >= q.time && p.total >= q.total, `${q.text} (range ${q.total}) then ${p.text} (range ${p.total})`);
    }
  }
  assert.deepEqual(seen.at(-1), paused, "nothing moves after the pause");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a shared link reproduces the run at the same step, and a broken link says so", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  await scrubTo(w, 120);
  await w.getByRole("button", { name: "Client request" }).count(); // no node selected yet
  await page.locator("svg.raft-stage g.raft-node").nth(1).click();
  await w.locator(".stage-menu").getByRole("button", { name: "Force timeout" }).click();
  await scrubTo(w, 200);
  const state = await snapshot(w);
  const link = await shareLink(w);
  assert.match(link, /#w-raft-1=v1\./);
  const other = await context.newPage();
  await other.goto(link, { waitUntil: "networkidle" });
  const w2 = widget(other, "raft");
  await hydrated(w2);
  assert.deepEqual(await snapshot(w2), state, "the shared link shows the same state");
  assert.equal(await w2.locator(".widget-notice").count(), 0);
  await other.close();

  for (const bad of ["v1.garbage", "v1.AAAAAAAA", "%3Cscript%3Ealert(1)%3C/script%3E", "v1." + "A".repeat(5000)]) {
    const p = await context.newPage();
    const pageErrors = [];
    p.on("pageerror", (e) => pageErrors.push(e.message));
    await p.goto(`${BASE}${PAGE}#w-raft-1=${bad}`, { waitUntil: "networkidle" });
    const wb = widget(p, "raft");
    await hydrated(wb);
    await wb.locator(".widget-notice").waitFor();
    assert.match(await wb.locator(".widget-notice").innerText(), /could not be read.*default scenario/s);
    assert.equal((await position(wb)).step, 0, "fell back to the default scenario");
    assert.deepEqual(pageErrors, []);
    await p.close();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("a node or a link clicked in the drawing opens its menu right under the drawing", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  await scrubTo(w, 60);
  const menu = w.locator(".stage-menu");
  assert.equal(await menu.count(), 0, "no menu before a click");
  await w.locator("svg.raft-stage g.raft-node").nth(2).click();
  assert.match(await menu.innerText(), /^n3:/);
  assert.match(await menu.getAttribute("aria-label"), /^n3, (follower|candidate|pre-vote|leader)$/);
  const drawing = await w.locator(".raft-drawing").boundingBox();
  const box = await menu.boundingBox();
  const gap = box.y - (drawing.y + drawing.height);
  assert.ok(gap >= 0 && gap < 16, `the menu sits right under the drawing (${gap.toFixed(1)} px below it)`);
  await menu.getByRole("button", { name: "Crash n3" }).click();
  await menu.getByRole("button", { name: "Restart n3" }).waitFor();
  assert.match(await w.locator("svg.raft-stage").getAttribute("aria-label"), /n3 crashed/);
  const log = await w.locator(".widget-log li").allInnerTexts();
  assert.ok(log.some((line) => /reader: crash n3/.test(line)), log.join("\n"));

  // The link n1–n2 (the first hit line), cut the way its menu says.
  await w.locator("svg.raft-stage .link-hit").first().click();
  assert.match(await menu.innerText(), /^n1–n2, up:/);
  assert.equal(await w.locator("svg.raft-stage .link-picked").count(), 1, "the picked link is drawn thicker");
  await menu.getByRole("button", { name: "Cut n2 → n1" }).click();
  assert.match(await w.locator(".raft-cuts").innerText(), /^Cut links: n2 → n1$/);
  assert.match(await menu.innerText(), /^n1–n2, cut the other way:/);
  await menu.getByRole("button", { name: "Close this menu" }).click();
  assert.equal(await menu.count(), 0, "closed");
  assert.deepEqual(errors, []);
  await context.close();
});

test("at 1280 x 900 the 7-node stage, its badges and its controls fit on one screen, a node's menu open", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  await w.locator(".raft-size").selectOption("7");
  await w.locator("svg.raft-stage g.raft-node").first().click();
  await w.locator(".stage-menu").waitFor();
  await w.evaluate((el) => el.scrollIntoView({ block: "start" }));
  const box = (selector) => w.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
  const [figure, stage, badges, controls] = await Promise.all(["", ".widget-stage", ".widget-badges", ".widget-controls"].map((s) => s ? box(s) : w.evaluate((el) => ({ top: el.getBoundingClientRect().top }))));
  const tall = controls.bottom - figure.top;
  console.log(`# one screen: 7-node Raft, title to controls ${tall.toFixed(0)} px (budget 860)`);
  assert.ok(tall <= 860, `the widget's title, stage, badges and controls take ${tall.toFixed(0)} px`);
  for (const [name, b] of Object.entries({ stage, badges, controls })) {
    assert.ok(b.top >= 0 && b.bottom <= 900, `${name} is in the viewport (${b.top.toFixed(0)} to ${b.bottom.toFixed(0)})`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("the drawing reads at any width: node text of 11 px or more at 360 px, links at 3:1 in both themes, one-way cuts with arrows", async () => {
  for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 900 }]) {
    const { page, errors, context } = await open(browser, PAGE, { viewport });
    const w = widget(page, "raft");
    await hydrated(w);
    await scrubTo(w, 60);
    const sizes = await w.locator("svg.raft-stage").first().evaluate((svg) => {
      const scale = svg.getScreenCTM().a;
      return [...svg.querySelectorAll("text")].filter((t) => getComputedStyle(t).display !== "none")
        .map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale }));
    });
    const small = sizes.filter((s) => s.px < 11);
    assert.deepEqual(small, [], `at ${viewport.width} px every text in the drawing is 11 px or more`);
    assert.ok(sizes.some((s) => /^term \d+$/.test(s.text)), "the node's term is still shown");

    for (const theme of ["light", "dark"]) {
      await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
      const ratio = await w.locator("svg.raft-stage line.link").first().evaluate((line) => {
        const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
        let el = line.closest("figure");
        while (el && getComputedStyle(el).backgroundColor.match(/rgba\(.*, 0\)|transparent/)) el = el.parentElement;
        const [a, b] = [lum(rgb(getComputedStyle(line).stroke)), lum(rgb(getComputedStyle(el ?? document.body).backgroundColor))];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      });
      assert.ok(ratio >= 3, `${theme}: links at ${ratio.toFixed(2)}:1 against the background`);
    }

    await w.getByRole("button", { name: /^One-way: nobody reaches n3$/ }).click();
    const marks = await w.locator("svg.raft-stage .cut-mark").count();
    assert.equal(marks, 4, "every link into n3 is cut");
    assert.equal(await w.locator("svg.raft-stage .cut-arrow").count(), marks, "each cut has its arrow");
    // Each arrow points at n3: its tip is the point nearest to n3.
    const pointsAtVictim = await w.locator("svg.raft-stage").first().evaluate((svg) => {
      const n3 = svg.querySelectorAll("g.raft-node")[2].transform.baseVal[0].matrix;
      return [...svg.querySelectorAll(".cut-arrow")].every((arrow) => {
        const pts = arrow.getAttribute("d").match(/-?\d+(\.\d+)?,-?\d+(\.\d+)?/g).map((p) => p.split(",").map(Number));
        const d = pts.map(([x, y]) => Math.hypot(x - n3.e, y - n3.f));
        return d[0] < d[1] && d[0] < d[2];
      });
    });
    assert.ok(pointsAtVictim, "the arrows point the way messages no longer go: into n3");
    if (viewport.width === 360) await w.screenshot({ path: `${ARTIFACTS}/raft-one-way-360.png` });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("the logs line up by index, each entry with its term and command", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  for (let i = 0; i < 3; i++) {
    await scrubTo(w, 80 + 40 * i);
    await w.locator("svg.raft-stage g.raft-node:has(.shape-leader)").first().click();
    await w.locator(".stage-menu").getByRole("button", { name: /^Client request/ }).click();
  }
  await scrubTo(w, 260);
  const table = w.locator("table.raft-logs");
  const indices = await table.locator("thead .log-index").allInnerTexts();
  assert.ok(indices.length >= 4, `indices ${indices}`);
  assert.deepEqual(indices.map(Number), indices.map((_, k) => Number(indices[0]) + k), "one column per index, in order");
  const cmds = await table.locator(".entry-cmd").allInnerTexts();
  assert.ok(cmds.length > 0 && cmds.every((c) => /^(c\d+|nop)$/.test(c)), `commands: ${cmds}`);
  assert.ok(cmds.filter((c) => c !== "nop").length >= 3, "the three requests are in the logs");
  const lined = await table.evaluate((t) => {
    const ruler = [...t.querySelectorAll("thead .log-index")].map((e) => e.getBoundingClientRect().left);
    return [...t.querySelectorAll("tbody tr")].every((row) =>
      [...row.querySelectorAll(".entry")].every((e, k) => Math.abs(e.getBoundingClientRect().left - ruler[k]) < 1.5));
  });
  assert.ok(lined, "an entry sits under its index in every row");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a scenario shows the options it runs with on the switches", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  const preVote = w.getByRole("checkbox", { name: "PreVote" });
  await w.getByRole("checkbox", { name: "CheckQuorum" }).check();
  await w.locator("select[data-act=preset]").selectOption("lagging-follower");
  await w.locator("select[data-act=preset] option[value=lagging-follower]:checked").waitFor({ state: "attached" });
  assert.equal(await preVote.isChecked(), true, "lagging-follower runs with PreVote, and the switch says so");
  assert.equal(await w.getByRole("checkbox", { name: "CheckQuorum" }).isChecked(), false, "and without what the reader set before");
  await w.locator("select[data-act=preset]").selectOption("normal-election");
  assert.equal(await preVote.isChecked(), false);
  assert.equal(await w.getByRole("checkbox", { name: "Leader no-op" }).isChecked(), true, "the no-op switch is shown, on");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a twin plays beside the run: the same faults with PreVote and CheckQuorum the other way, one control bar", async () => {
  const { page, errors, context } = await open(browser, "/failure-modes");
  const tour = page.locator("section.tour").filter({ has: page.locator(".raft-twin") });
  await tour.scrollIntoViewIfNeeded();
  const w = tour.locator("figure.widget");
  await hydrated(w);
  await w.locator(".raft-twin svg.raft-stage").waitFor();
  const [main, twin] = [w.locator(".raft-main:not(.raft-twin)"), w.locator(".raft-twin")];
  const labels = await w.locator(".raft-run-label").allInnerTexts();
  assert.match(labels[0], /^PreVote and CheckQuorum off: term \d+/);
  assert.match(labels[1], /^PreVote and CheckQuorum on: term \d+/);
  const [a, b] = await Promise.all([main, twin].map((x) => x.boundingBox()));
  assert.ok(Math.abs(a.y - b.y) < 2 && b.x > a.x + a.width - 1, "side by side on a wide screen");
  const top = (x) => x.locator(".node-term").evaluateAll((ts) => Math.max(...ts.map((t) => Number(t.textContent.replace("term ", "")))));
  await scrubToEnd(w, 4);
  assert.ok((await position(w)).time >= 2500, "played on");
  assert.ok((await top(main)) >= 8, "without the extensions the term inflates");
  assert.equal(await top(twin), 1, "with them the term stays at 1");
  assert.equal(await twin.locator("g.raft-node:has(.shape-leader) .node-name").textContent(), "n1");
  assert.equal(await w.locator(".raft-terms").count(), 2, "a term line for each run");

  await main.locator("g.raft-node").first().click();
  await w.locator(".stage-menu").getByRole("button", { name: "Crash n1" }).click();
  assert.match(await twin.locator("svg").getAttribute("aria-label"), /n1 crashed/, "the reader's crash hits the twin too");
  assert.equal(await twin.locator("[data-act]").count(), 0, "the twin is looked at, not clicked");
  // Two drawings share the width: each is about 300 px at 1280 px, and their text (a
  // cut's ✕ too) stays at 11 px or more.
  const smallest = await w.locator(".raft-stage").evaluateAll((svgs) => Math.min(...svgs.flatMap((svg) =>
    [...svg.querySelectorAll("text")].filter((t) => getComputedStyle(t).display !== "none")
      .map((t) => parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a))));
  console.log(`# twin at 1280 px: smallest text in the two drawings ${smallest.toFixed(1)} px`);
  assert.ok(smallest >= 11, `the smallest text is ${smallest.toFixed(1)} px`);
  await w.screenshot({ path: `${ARTIFACTS}/raft-twin-1280.png` });
  assert.deepEqual(await axeViolationsIn(page, "section.tour"), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("break it turns a badge red at the step where safety is lost", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "raft");
  await hydrated(w);
  assert.equal(await w.locator(".badge-bad").count(), 0);
  await w.getByLabel(/Break it/).check();
  await scrubToEnd(w, 4);
  await w.locator(".badge-bad").first().waitFor();
  const text = await w.locator(".badge-bad").first().innerText();
  assert.match(text, /✗/);
  assert.match(text, /Leader Completeness|Election Safety|State Machine Safety|Log Matching/);
  // "Go to step N" on the red badge takes the run back to where safety was lost.
  const jump = w.locator(".badge-bad .badge-jump").first();
  const at = Number(await jump.getAttribute("value"));
  assert.ok(at > 0 && at <= (await position(w)).step, `the breaking step ${at} is not past the end`);
  await jump.click();
  await w.locator(".badge-bad").first().waitFor();
  assert.equal((await position(w)).step, at, "the badge's button went to the breaking step");
  await w.getByLabel(/Break it/).uncheck();
  assert.equal(await w.locator(".badge-bad").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("no axe violations, and screenshots in light, dark and at 360 px", async () => {
  for (const [name, options] of [
    ["light", { colorScheme: "light" }],
    ["dark", { colorScheme: "dark" }],
    ["360", { colorScheme: "light", viewport: { width: 360, height: 800 } }],
  ]) {
    const { page, errors, context } = await open(browser, PAGE, options);
    const w = widget(page, "raft");
    await hydrated(w);
    await scrubTo(w, 90);
    await page.locator("svg.raft-stage g.raft-node").first().click();
    await w.getByLabel(/Break it/).check();
    await scrubToEnd(w, 3);
    await unstickHeader(page);
    await w.scrollIntoViewIfNeeded();
    await w.screenshot({ path: `${ARTIFACTS}widget-raft-${name}.png` });
    assert.deepEqual(await axeViolationsIn(page, 'figure[data-widget="raft"]'), [], `axe (${name})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("no header covers a widget scrolled into view, at 360 px and at 1280 px", async () => {
  for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 900 }]) {
    const { page, errors, context } = await open(browser, PAGE, { viewport });
    const w = widget(page, "raft");
    await hydrated(w);
    await page.evaluate(() => window.scrollTo(0, 0));
    await w.locator(".widget-stage").focus(); // the keyboard's way in scrolls it into view
    const header = await page.locator(".site-header").boundingBox();
    const title = await w.locator(".widget-title").boundingBox();
    const stage = await w.locator(".widget-stage").boundingBox();
    const inView = (b) => b.y >= 0 && b.y < viewport.height;
    assert.ok(inView(stage), `${viewport.width} px: the stage is in view (${stage.y})`);
    assert.ok(header.y + header.height <= stage.y, `${viewport.width} px: the header (bottom ${header.y + header.height}) is above the stage (top ${stage.y})`);
    await w.evaluate((el) => el.scrollIntoView());
    const after = await page.locator(".site-header").boundingBox();
    const top = await w.locator(".widget-title").boundingBox();
    assert.ok(after.y + after.height <= top.y, `${viewport.width} px: scrolled into view, the title (top ${top.y}) is not under the header (bottom ${after.y + after.height}); before: ${title.y}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("without JavaScript the widget is a static drawing with a note", async () => {
  const { page, context } = await open(browser, PAGE, { javaScriptEnabled: false });
  // A widget outside a tour (a tour without JavaScript shows its snapshots instead:
  // tours.test.mjs).
  const w = page.locator("xpath=//figure[@data-widget='raft'][not(ancestor::section[contains(@class, 'tour')])]").first();
  assert.equal(await w.locator("svg.raft-stage g.raft-node").count(), 5);
  assert.match(await w.locator(".widget-nojs").innerText(), /Static view/);
  assert.ok(await w.locator(".widget-play").isDisabled());
  await w.screenshot({ path: `${ARTIFACTS}widget-raft-nojs.png` });
  await context.close();
});

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

test("performance report: frame time of a 7-node run and time to interactive", async () => {
  const context = await browser.newContext({ reducedMotion: "no-preference", viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector(".widget-nojs.widget-hidden")) {
        window.__interactiveAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["class"] });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(BASE + PAGE, { waitUntil: "load" });
  const w = widget(page, "raft");
  await hydrated(w);
  const tti = await page.evaluate(() => window.__interactiveAt);

  await w.locator(".raft-size").selectOption("7");
  await scrubTo(w, 400); // leader elected, heartbeats flowing
  // Frame time: from the start of the frame's first requestAnimationFrame callback (ours:
  // it is registered while the widget is idle, so it runs before the widget's) to the end
  // of the frame's rendering (a message posted from the callback runs after style, layout
  // and paint). The time from the frame's vsync timestamp is printed too: it adds the
  // wait before the main thread takes the frame up. Messages in flight are counted from
  // the shapes the widget hands to the canvas painter.
  await page.waitForTimeout(400); // the scrub's tween ends: the widget has no frame callback
  await page.evaluate(() => {
    const rec = (window.__frames = { on: false, work: [], fromVsync: [], inFlight: [], misordered: 0 });
    let messages = 0;
    let inFrame = false; // between our callback and the frame's end
    const paint = globalThis.fieldguidePaint;
    globalThis.fieldguidePaint = (canvas, ops) => {
      if (rec.on && rec.work.length < 300 && !inFrame) rec.misordered++; // the widget's callback ran first
      messages = 0;
      for (let i = 2; i < ops.length; i += ops[i] === 0 ? 6 : 5) if (ops[i] === 1 || ops[i] === 3) messages++; // a dot or a tagged pill
      paint(canvas, ops);
    };
    const channel = new MessageChannel();
    let start = 0;
    let vsync = 0;
    channel.port1.onmessage = () => {
      inFrame = false;
      if (!rec.on || rec.work.length >= 300) return;
      const end = performance.now();
      rec.work.push(end - start);
      rec.fromVsync.push(end - vsync);
      rec.inFlight.push(messages);
    };
    const tick = (ts) => {
      vsync = ts;
      start = performance.now();
      inFrame = true;
      channel.port2.postMessage(0);
      if (rec.work.length < 300) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await w.getByLabel("Speed").evaluate((el) => { el.value = "-3"; el.dispatchEvent(new Event("input", { bubbles: true })); });
  await w.locator(".widget-play").click();
  await page.evaluate(() => { window.__frames.on = true; });
  await page.waitForFunction(() => window.__frames.work.length >= 300, null, { timeout: 60_000 });
  const frames = await page.evaluate(() => window.__frames);
  await w.locator(".widget-play").click();
  const sorted = [...frames.work].sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  const p95 = percentile(sorted, 0.95);
  const fromVsync = [...frames.fromVsync].sort((a, b) => a - b);
  const withMessages = frames.inFlight.filter((n) => n > 0).length;
  const maxMessages = Math.max(...frames.inFlight);
  console.log(`# perf: 7-node Raft, ${sorted.length} frames (${withMessages} with messages in flight, up to ${maxMessages}): frame time median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (budget 4 ms), p99 ${percentile(sorted, 0.99).toFixed(2)} ms; from vsync: median ${percentile(fromVsync, 0.5).toFixed(2)} ms, p95 ${percentile(fromVsync, 0.95).toFixed(2)} ms`);
  console.log(`# perf: time to interactive ${tti.toFixed(0)} ms after navigation start (budget 500 ms)`);
  assert.ok(withMessages > 100, "messages were in flight during the measurement");
  assert.equal(frames.misordered, 0, "the test's callback ran first in every measured frame");
  // Timings are a report, not a pass/fail threshold: on a shared, loaded machine they
  // move by tens of percent between runs. The budgets (4 ms, 500 ms) are in the log line.
  assert.ok(Number.isFinite(p95) && Number.isFinite(tti), "frame time and time to interactive were measured");
  assert.deepEqual(errors, []);
  await context.close();
});
