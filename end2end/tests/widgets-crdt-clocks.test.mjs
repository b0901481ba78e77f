// The CRDT merges, vector clocks and escalation guide widgets, in headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, axeViolations, ARTIFACTS } from "./browser.mjs";
import { hydrated as offTour, hydrated as hydratedFreely } from "./widget-helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CRDT = 'figure[data-widget="crdt"]';
const CLOCKS = 'figure[data-widget="clocks"]';
const ESC = 'figure[data-widget="escalation"]';

/** Scrolls the shell widget in `fig` into view (the WASM loads near the viewport) and
 * waits until it has hydrated (its Step button is enabled). */
async function hydrated(fig) {
  await fig.scrollIntoViewIfNeeded();
  await fig.getByRole("button", { name: "Step forward" }).and(fig.locator(":enabled")).waitFor();
}

/** Moves the widget's timeline to `step` (or to its end with "max") through the scrubber. */
async function scrub(fig, step) {
  await fig.locator(".widget-scrubber input[type=range]").evaluate((el, to) => {
    el.value = to === "max" ? el.max : String(to);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, step);
}

/** Keeps the sticky page header from covering tall widgets in element screenshots. */
async function unstickHeader(page) {
  await page.evaluate(() => { const h = document.querySelector(".site-header"); if (h) h.style.position = "static"; });
}

async function position(fig) {
  return fig.locator(".widget-position").innerText();
}

test("CRDT: stepping changes state; concurrent add and remove converge with the add winning", async () => {
  const { page, errors, context } = await open(browser, "/consensus");
  const fig = page.locator(CRDT).first();
  await hydrated(fig);
  const cards = fig.locator(".crdt-replicas");
  const start = await cards.innerText();
  const startPos = await position(fig);
  await fig.getByRole("button", { name: "Step forward" }).click();
  await page.waitForFunction(([sel, pos]) => document.querySelector(sel + " .widget-position").innerText !== pos, [CRDT, startPos]);
  for (let i = 0; i < 3 && (await cards.innerText()) === start; i++) {
    await fig.getByRole("button", { name: "Step forward" }).click();
  }
  assert.notEqual(await cards.innerText(), start, "stepping changes a replica's state");
  await scrub(fig, "max");
  await fig.locator(".crdt-converged").waitFor();
  assert.match(await fig.locator(".crdt-badge").innerText(), /Converged/);
  const values = await fig.locator(".crdt-value strong").allInnerTexts();
  assert.ok(values.length >= 2, "at least two replicas");
  for (const v of values) assert.equal(v, "{x}", "the concurrent add wins over the remove");
  assert.match(await fig.locator(".crdt-bytes").innerText(), /Bytes shipped: \d+/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("CRDT: scrubbing back restores an earlier state exactly, and a shared URL reproduces it", async () => {
  const { page, errors, context } = await open(browser, "/consensus");
  const fig = page.locator(CRDT).first();
  await hydrated(fig);
  await fig.getByRole("button", { name: "Add x at n2" }).click();
  await scrub(fig, 4);
  const at4 = { cards: await fig.locator(".crdt-replicas").innerText(), pos: await position(fig), stage: await fig.locator("svg.crdt-stage").innerHTML() };
  await scrub(fig, "max");
  assert.notEqual(await position(fig), at4.pos);
  await scrub(fig, 4);
  assert.equal(await position(fig), at4.pos);
  assert.equal(await fig.locator(".crdt-replicas").innerText(), at4.cards);
  assert.equal(await fig.locator("svg.crdt-stage").innerHTML(), at4.stage);

  await fig.getByRole("button", { name: "Share this run" }).click();
  const url = await fig.locator(".widget-share-link input").inputValue();
  assert.match(url, /#w-crdt-1=v1\./);
  const again = await open(browser, url.replace(/^https?:\/\/[^/]+/, ""));
  const fig2 = again.page.locator(CRDT).first();
  await hydrated(fig2);
  await again.page.waitForFunction(([sel, pos]) => document.querySelector(sel + " .widget-position").innerText === pos, [CRDT, at4.pos]);
  assert.equal(await fig2.locator(".crdt-replicas").innerText(), at4.cards);
  assert.deepEqual(again.errors, []);
  await again.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test("CRDT and clocks: a malformed share URL shows a message and falls back", async () => {
  const { page, errors, context } = await open(browser, "/consensus#w-crdt-1=v1.AAAA&w-clocks-1=nonsense");
  for (const sel of [CRDT, CLOCKS]) {
    const fig = page.locator(sel).first();
    await hydrated(fig);
    await fig.locator(".widget-notice").waitFor();
    assert.match(await fig.locator(".widget-notice").innerText(), /could not be read/);
  }
  assert.match(await position(page.locator(CRDT).first()), /^step 0 /);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The CRDT widget of /consensus, hydrated, off its tour, on the run of `preset`. */
async function crdtWidget(page, preset) {
  const fig = page.locator(CRDT).first();
  await offTour(fig);
  if (preset) {
    await fig.locator("select[data-act=preset]").selectOption(preset);
    await fig.locator(".widget-position").filter({ hasText: /^step 0 / }).waitFor();
  }
  return fig;
}

/** Steps forward until nothing is left to happen (at most `max` steps). */
async function stepToEnd(fig, max = 40) {
  for (let i = 0; i < max; i++) {
    const before = await position(fig);
    await fig.getByRole("button", { name: "Step forward" }).click();
    if ((await position(fig)) === before) return;
  }
}

const values = (fig) => fig.locator(".crdt-value strong").allInnerTexts();

test("CRDT: 'Not converged' with every value equal says what one replica lacks", async () => {
  const { page, errors, context } = await open(browser, "/consensus");
  const fig = await crdtWidget(page, "empty");
  await fig.locator("select[data-act=replicas]").selectOption("2");
  await fig.getByRole("button", { name: "Add x at n1" }).click();
  assert.match(await fig.locator(".crdt-badge").innerText(), /Not converged: n2 lacks what n1 holds: x \(n1:1\)/);
  await fig.getByRole("button", { name: "Sync n1 to n2" }).click();
  await stepToEnd(fig);
  // n2 adds x again, under a new tag: both hold {x}, but not the same state.
  await fig.getByRole("button", { name: "Add x at n2" }).click();
  assert.deepEqual(await values(fig), ["{x}", "{x}"]);
  assert.equal(
    await fig.locator(".crdt-badge").innerText(),
    "✗ Not converged: n1 lacks what n2 holds: x (n2:1); removes n1:1",
  );
  await fig.getByRole("button", { name: "Sync n2 to n1" }).click();
  await stepToEnd(fig);
  assert.match(await fig.locator(".crdt-badge").innerText(), /^✓ Converged/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("CRDT: what full states would have shipped is what state sync ships, idle syncs included", async () => {
  const { page, errors, context } = await open(browser, "/consensus");
  const fig = await crdtWidget(page);
  await scrub(fig, "max");
  // Every delta was acknowledged: this sync finds nothing to send, where a state-based
  // one would ship the whole state.
  await fig.getByRole("button", { name: "Sync n2 to n1" }).click();
  await stepToEnd(fig);
  assert.match(await fig.locator(".widget-log").innerText(), /n2 has nothing to send to n1 \(its full state: \d+ bytes\)/);
  const delta = await fig.locator(".crdt-bytes").innerText();
  const [, shipped, wouldBe] = delta.match(/Bytes shipped: (\d+) as deltas \(solid line\); full states would have shipped (\d+)/);
  assert.ok(Number(shipped) < Number(wouldBe), delta);
  await fig.getByLabel("Ship deltas").uncheck();
  await stepToEnd(fig);
  assert.equal(await fig.locator(".crdt-bytes").innerText(), `Bytes shipped: ${wouldBe} as full states`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("CRDT: healing a partition runs anti-entropy, and the replicas converge without a sync button", async () => {
  const { page, errors, context } = await open(browser, "/consensus");
  const fig = await crdtWidget(page, "empty");
  await fig.getByRole("button", { name: "Partition", exact: true }).click();
  await fig.getByRole("button", { name: "Add x at n1" }).click();
  await fig.locator("select[data-act=operand]").selectOption("1");
  await fig.getByRole("button", { name: "Add y at n3" }).click();
  // Both deltas are sent into the cut and dropped.
  await fig.getByRole("button", { name: "Sync n1 to n2" }).click();
  await fig.getByRole("button", { name: "Sync n3 to n1" }).click();
  await stepToEnd(fig);
  assert.match(await fig.locator(".widget-log").innerText(), /dropped \(link cut\)/);
  assert.match(await fig.locator(".crdt-badge").innerText(), /Not converged/);
  await fig.getByRole("button", { name: "Heal partition" }).click();
  await stepToEnd(fig);
  assert.match(await fig.locator(".crdt-badge").innerText(), /^✓ Converged/);
  assert.deepEqual(await values(fig), ["{x, y}", "{x, y}", "{x, y}"]);
  const log = await fig.locator(".widget-log").innerText();
  assert.match(log, /reader: heal every link/);
  assert.match(log, /reader: anti-entropy: every replica syncs with every peer/);
  assert.match(log, /n1 sends delta #\d+: x \(n1:1\)/);
  // The round is also a button, for what a lossy network drops.
  await fig.getByRole("button", { name: "Anti-entropy round" }).click();
  assert.deepEqual(errors, []);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("CRDT: on a large set deltas ship a fraction of full states, drawn over time", async () => {
  for (const [scheme, viewport] of [["light", { width: 1280, height: 900 }], ["dark", { width: 1280, height: 900 }], ["light", { width: 360, height: 800 }]]) {
    const { page, errors, context } = await open(browser, "/consensus", { colorScheme: scheme, viewport });
    await unstickHeader(page);
    const fig = await crdtWidget(page, "large-set");
    assert.ok(await fig.getByLabel("Ship deltas").isChecked(), "the preset ships deltas");
    await scrub(fig, "max");
    const text = await fig.locator(".crdt-bytes").innerText();
    const [, shipped, full] = text.match(/Bytes shipped: (\d+) as deltas \(solid line\); full states would have shipped (\d+) \(dashed\)/);
    assert.ok(4 * Number(shipped) < Number(full), text);
    const lines = await fig.locator(".crdt-spark polyline").evaluateAll((ls) => ls.map((l) => l.getAttribute("points").trim().split(" ")));
    assert.equal(lines.length, 2);
    assert.equal(lines[0].at(-1), "200,1", "the full states' line ends at the top");
    assert.ok(Number(lines[1].at(-1).split(",")[1]) > 25, "the deltas' line stays low");
    // The drawing cuts the long values short; the long tables scroll inside their cards.
    assert.match(await fig.locator(".crdt-node-value").first().textContent(), /^\{A, B, C, D,…$/);
    const scrolls = await fig.locator(".crdt-replica .crdt-scroll").evaluateAll((els) => els.map((e) => e.scrollHeight > e.clientHeight));
    assert.deepEqual(scrolls, [true, true, true]);
    const box = await fig.locator(".crdt-spark").boundingBox();
    assert.ok(box.width > 100 && box.x + box.width <= viewport.width, `the sparkline fits: ${JSON.stringify(box)}`);
    const tag = viewport.width === 360 ? "360" : scheme;
    await fig.screenshot({ path: `${ARTIFACTS}widget-crdt-large-set-${tag}.png` });
    assert.deepEqual(await axeViolations(page), [], `axe (${tag})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("CRDT: the LWW table breaks no word and fits its card, at 360 px and in two columns of cards", async () => {
  // At 480 px the cards sit two by two, 210 px wide: the old four-column table stuck out
  // of them and widened the page.
  for (const width of [360, 480]) {
    const { page, errors, context } = await open(browser, "/consensus", { viewport: { width, height: 800 } });
    await unstickHeader(page);
    const fig = await crdtWidget(page, "lww-skew");
    await fig.locator("select[data-act=replicas]").selectOption("3");
    await scrub(fig, "max");
    await fig.locator("select[data-act=operand]").selectOption("1");
    await fig.getByRole("button", { name: "Set green at n1" }).click();
    assert.equal((await values(fig))[0], '"green"');
    const broken = await fig.locator(".crdt-state").evaluateAll((tables) => {
      const out = [];
      for (const cell of tables.flatMap((t) => [...t.querySelectorAll("th, td")])) {
        const text = cell.firstChild;
        if (!text || text.nodeType !== Node.TEXT_NODE) continue;
        let at = 0;
        for (const word of text.data.split(" ")) {
          const range = document.createRange();
          range.setStart(text, at);
          range.setEnd(text, at + word.length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) out.push(word);
          at += word.length + 1;
        }
      }
      return out;
    });
    assert.deepEqual(broken, [], `${width} px: no word of the state tables breaks over two lines`);
    const sticking = await fig.locator(".crdt-replica").evaluateAll((cards) =>
      cards.filter((c) => c.querySelector("table").getBoundingClientRect().right > c.getBoundingClientRect().right).length);
    assert.equal(sticking, 0, `${width} px: each table fits its card`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, "no sideways scrolling");
    await fig.locator(".crdt-replicas").screenshot({ path: `${ARTIFACTS}widget-crdt-lww-${width}.png` });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("CRDT: the run's settings say that they restart the run, and keep what still applies", async () => {
  const { page, errors, context } = await open(browser, "/consensus");
  const fig = await crdtWidget(page, "empty");
  assert.match(await fig.locator("fieldset.crdt-settings legend").innerText(), /Changing these restarts the run/);
  await fig.locator("select[data-act=kind]").selectOption("0");
  await fig.locator("select[data-act=replicas]").selectOption("4");
  await fig.getByRole("button", { name: "Increment at n1" }).click();
  await fig.getByRole("button", { name: "Increment at n1" }).click();
  await fig.locator("select[data-act=kind]").selectOption("1");
  // The PN-Counter keeps the increments, the four replicas and delta sync.
  assert.equal((await values(fig))[0], "2");
  assert.equal(await fig.locator(".crdt-replica").count(), 4);
  assert.ok(await fig.getByLabel("Ship deltas").isChecked());
  await fig.getByLabel("Ship deltas").uncheck();
  assert.equal((await values(fig))[0], "2", "changing the sync mode keeps the increments");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Clocks: two concurrent events are stated concurrent with the element-wise proof", async () => {
  const { page, errors, context } = await open(browser, "/consensus");
  // The tour's widget, left to play freely from its start (scrolled to, the tour may
  // have moved to a step that selects events).
  const fig = page.locator(CLOCKS).first();
  await hydratedFreely(fig);
  await scrub(fig, "max");
  const clear = fig.getByRole("button", { name: "Clear selection" });
  assert.ok(await clear.isDisabled(), "nothing selected yet: Clear selection stays disabled once live");
  const e0 = fig.locator('g.clk-event[aria-label*=" e0 on "]');
  const e1 = fig.locator('g.clk-event[aria-label*=" e1 on "]');
  await e0.click();
  assert.ok(await clear.isEnabled(), "with a selection, Clear selection is enabled");
  assert.match(await fig.locator(".clk-panel").first().innerText(), /causal future/);
  assert.match(await e1.getAttribute("aria-label"), /concurrent/, "the concurrent event is marked in words");
  await e1.focus();
  await page.keyboard.press("Enter");
  assert.match(await fig.locator(".clk-relation").innerText(), /concurrent/);
  assert.match(await fig.locator(".clk-explain").innerText(), /\[1, 0, 0\] vs \[0, 1, 0\]/);
  const before = await fig.locator("g.clk-event").count();
  await fig.getByRole("button", { name: "Event at p3" }).click();
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel + " g.clk-event").length === n + 1, [CLOCKS, before]);
  assert.match(await fig.locator(".clk-rules").innerText(), /Lamport/);
  await fig.getByRole("button", { name: "Lamport" }).click();
  assert.match(await fig.locator("g.clk-event").last().getAttribute("aria-label"), /^\d+ e\d+ on p3$/);
  assert.deepEqual(errors, []);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

/** Where the newest event lies within the diagram's scroller: its left and right edges,
 * and the scroller's visible span, in viewport px. */
async function newestInScroller(fig) {
  return fig.locator(".clk-scroll").evaluate((box) => {
    const events = box.querySelectorAll("g.clk-event");
    const e = events[events.length - 1].getBoundingClientRect();
    const b = box.getBoundingClientRect();
    return { left: e.left, right: e.right, from: b.left + box.clientLeft, to: b.left + box.clientLeft + box.clientWidth, scrollLeft: box.scrollLeft };
  });
}

test("Clocks: each new event is scrolled into view; the HLC diagram fits 360 px with its wall clocks", async () => {
  const { page, errors, context } = await open(browser, "/consensus", { viewport: { width: 360, height: 800 } });
  const fig = page.locator(CLOCKS).nth(1); // the HLC widget (the first is the tour's)
  await hydrated(fig);
  const scroller = fig.locator(".clk-scroll");
  const fits = () => scroller.evaluate((box) => ({ scroll: box.scrollWidth, client: box.clientWidth }));
  // The default run, from its start to its end, fits: nothing to scroll, nothing hidden.
  for (const at of [0, "max"]) {
    await scrub(fig, at);
    const { scroll, client } = await fits();
    assert.ok(scroll <= client, `step ${at}: the diagram is ${scroll} px in a ${client} px box`);
  }
  // Drawn at its size, never scaled: every label is at least 11 px on screen.
  const sizes = await fig.locator("svg.clk-diagram").evaluate((svg) => {
    const ratio = svg.getBoundingClientRect().height / svg.height.baseVal.value;
    return [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * ratio);
  });
  assert.ok(sizes.length > 0 && Math.min(...sizes) >= 11, `text sizes ${Math.min(...sizes)} px`);

  // HLC: each lane says how its wall clock is off, and a panel what each reads now.
  const captions = await fig.locator(".clk-lane-clock").allTextContents();
  assert.deepEqual(captions, ["wall clock exact", "wall clock +40 ms, 2% fast", "wall clock -30 ms, 1% slow"]);
  const walls = await fig.locator(".clk-walls").innerText();
  assert.match(walls, /Wall clocks at t = \d+ ms/);
  assert.match(walls, /p2: wall clock \+40 ms, 2% fast reads \d+ ms · HLC \(\d+, \d+\)/);
  await fig.getByRole("button", { name: "Vector", exact: true }).click();
  assert.equal(await fig.locator(".clk-walls, .clk-lane-clock").count(), 0, "vector clocks show no wall clocks");
  await fig.getByRole("button", { name: "HLC", exact: true }).click();

  // Events added past the screen's edge are brought into view, without moving the page.
  // (Clicked from script: Playwright's own clicks scroll the page to the button.)
  const scrollY = await page.evaluate(() => window.scrollY);
  const add = fig.getByRole("button", { name: "Event at p2" });
  for (let i = 0; i < 8; i++) {
    const count = await fig.locator("g.clk-event").count();
    await add.evaluate((button) => button.click());
    await fig.locator("g.clk-event").nth(count).waitFor();
    const seen = await newestInScroller(fig);
    assert.ok(seen.left >= seen.from && seen.right <= seen.to, `event ${count + 1} is in view: ${JSON.stringify(seen)}`);
  }
  const { scroll, client } = await fits();
  assert.ok(scroll > client, "the diagram grew wider than the screen");
  assert.ok((await newestInScroller(fig)).scrollLeft > 0, "and was scrolled");
  // A selection does not move the diagram the reader scrolled back.
  assert.equal(await page.evaluate(() => window.scrollY), scrollY, "the page stayed put");
  await scroller.evaluate((box) => { box.scrollLeft = 0; });
  await fig.locator("g.clk-event").first().click();
  await fig.locator("g.clk-event.clk-selected").waitFor();
  assert.equal((await newestInScroller(fig)).scrollLeft, 0);
  assert.deepEqual(errors, []);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("Escalation: a trail entry returns to its question, by mouse or keyboard", async () => {
  const { page, errors, context } = await open(browser, "/");
  const fig = page.locator(ESC).first();
  await fig.scrollIntoViewIfNeeded();
  await fig.locator(".esc[data-ready]").waitFor();
  for (const answer of ["no", "yes", "no"]) {
    await fig.getByRole("button", { name: answer, exact: true }).click();
  }
  const trail = fig.locator(".esc-trail button");
  assert.equal(await trail.count(), 3, "three answers, three entries");
  assert.match(await fig.locator(".esc-question").innerText(), /Question 4/);
  // Keyboard: Tab to the second entry and press Enter.
  await trail.nth(0).focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  assert.match(await fig.locator(".esc-question").innerText(), /Question 2/);
  assert.equal(await trail.count(), 1, "the answer to question 2 and later ones are taken back");
  assert.ok(await fig.locator(".esc-question").evaluate((q) => q === document.activeElement), "focus is on the question");
  await fig.getByRole("button", { name: "yes", exact: true }).click();
  assert.match(await fig.locator(".esc-question").innerText(), /Question 3/);
  // Mouse: the first entry starts over from question 1.
  await trail.first().click();
  assert.match(await fig.locator(".esc-question").innerText(), /Question 1/);
  assert.equal(await trail.count(), 0);
  assert.ok(await fig.getByRole("button", { name: "Back" }).isDisabled());
  assert.deepEqual(errors, []);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("Escalation: the flow lands on a level and links to its section of the ladder", async () => {
  const { page, errors, context } = await open(browser, "/");
  const fig = page.locator(ESC).first();
  await fig.scrollIntoViewIfNeeded();
  await fig.locator(".esc[data-ready]").waitFor();
  for (const answer of ["no", "yes", "no", "no"]) {
    // Yes before no at every question.
    const labels = await fig.locator(".esc-answers button").allInnerTexts();
    assert.deepEqual(labels.map((l) => l.toLowerCase()), ["yes", "no"]);
    await fig.getByRole("button", { name: answer, exact: true }).click();
  }
  assert.match(await fig.locator(".esc-result").innerText(), /Level 3/);
  const link = fig.locator("a.esc-link");
  assert.match(await link.getAttribute("href"), /escalation-ladder#level-3-consensus-with-raft$/);
  await fig.getByRole("button", { name: "Back" }).click();
  assert.match(await fig.locator(".esc-question").innerText(), /Question 4/);
  await fig.getByRole("button", { name: "Start over" }).click();
  assert.match(await fig.locator(".esc-question").innerText(), /Question 1/);
  // Level 5 says which level runs on the overlay.
  for (const answer of ["no", "yes", "yes", "no", "yes"]) {
    await fig.getByRole("button", { name: answer, exact: true }).click();
  }
  assert.match(await fig.locator(".esc-result").innerText(), /Level 5.*CRDTs \(Level 4\)/);
  await fig.getByRole("button", { name: "Start over" }).click();
  assert.deepEqual(errors, []);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("screenshots in light, dark and at 360 px, with no axe violations", async () => {
  const shots = [
    ["light", { width: 1280, height: 900 }],
    ["dark", { width: 1280, height: 900 }],
    ["light", { width: 360, height: 800 }],
  ];
  for (const [scheme, viewport] of shots) {
    const tag = viewport.width === 360 ? "360" : scheme;
    const { page, errors, context } = await open(browser, "/consensus", { colorScheme: scheme, viewport });
    await unstickHeader(page);
    for (const [sel, name] of [[CRDT, "crdt"], [CLOCKS, "clocks"]]) {
      const fig = page.locator(sel).first();
      await hydrated(fig);
      await scrub(fig, name === "crdt" ? 9 : "max");
      if (name === "clocks") await fig.locator('g.clk-event[aria-label*=" e3 on "]').click();
      await fig.screenshot({ path: `${ARTIFACTS}widget-${name}-${tag}.png` });
    }
    assert.deepEqual(await axeViolations(page), [], `axe on /consensus (${tag})`);
    const esc = await open(browser, "/escalation-ladder", { colorScheme: scheme, viewport });
    const fig = esc.page.locator(ESC).first();
    await fig.scrollIntoViewIfNeeded();
    await fig.locator(".esc[data-ready]").waitFor();
    await fig.getByRole("button", { name: "no", exact: true }).click();
    await fig.getByRole("button", { name: "yes", exact: true }).click();
    await fig.screenshot({ path: `${ARTIFACTS}widget-escalation-${tag}.png` });
    assert.deepEqual(await axeViolations(esc.page), [], `axe on /escalation-ladder (${tag})`);
    assert.deepEqual([...errors, ...esc.errors], []);
    await esc.context.close();
    await context.close();
  }
});
