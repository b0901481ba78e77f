// Guided tours in a real browser: every tour on the site stepped through on a wide and
// a 360 px screen (each step reaching its target: the position named, the highlight on
// the element the step names, the expected leader and term where the step states them),
// scroll-driven steps, keyboard stepping, leaving and returning, a link to a step, the
// snapshots a reader without JavaScript sees, axe in both themes, and screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ARTIFACTS, BASE } from "./browser.mjs";
import { axeViolationsIn, position } from "./widget-helpers.mjs";

/** Every tour on the site: its page and its position among the page's tours. */
const TOURS = [["/consensus", 0], ["/consensus", 1], ["/consensus", 2], ["/consensus", 3], ["/failure-modes", 0], ["/failure-modes", 1], ["/cap-tradeoffs", 0], ["/cap-tradeoffs", 1]];
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The `index`-th tour's section on the page, once its widget is live. */
async function liveTour(page, index = 0) {
  const tour = page.locator("section.tour").nth(index);
  await tour.scrollIntoViewIfNeeded();
  await page.locator("section.tour").nth(index).and(page.locator(".tour-live")).waitFor();
  return tour;
}

/** Each step's words (`time=… highlight=node:n3 expect=leader:n3`) as the figure carries them. */
async function stepWords(tour) {
  const text = await tour.locator("figure.widget").getAttribute("data-tour");
  return text.split("\n").map((line) => {
    const words = {};
    for (const word of line.split(" ").filter(Boolean)) (words[word.split("=")[0]] ??= []).push(word);
    return words;
  });
}

const value = (words, key) => (words[key] ?? []).map((w) => w.slice(key.length + 1));

/** Waits until the tour shows step `k` (from 0) and has stopped playing towards it. */
async function atStep(tour, k, count) {
  await tour.locator(".tour-where").filter({ hasText: `Step ${k + 1} of ${count}` }).waitFor();
  await tour.locator(".widget-play[aria-pressed=false]").waitFor();
}

/**
 * What the drawing shows: what is highlighted, and for Raft the leaders' names, the
 * highest term and each log's entries (their terms, from the log table), for the CRDT
 * widget whether it says it converged.
 */
async function stageState(tour) {
  const logs = await tour.locator("table.raft-logs tbody tr").evaluateAll((rows) =>
    Object.fromEntries(rows.map((row) => [row.querySelector("th").textContent, [...row.querySelectorAll(".entry-term")].map((e) => e.textContent).join(",") || "none"])));
  return tour.locator("figure.widget .widget-stage").evaluate((stage, logs) => {
    // The reader's run, and a Raft widget's twin (the run beside it) when it has one.
    const run = stage.querySelector(".raft-main:not(.raft-twin)") ?? stage;
    const twin = stage.querySelector(".raft-twin");
    const leaders = (root) => [...root.querySelectorAll("g.raft-node:has(.shape-leader) .node-name")].map((n) => n.textContent);
    const term = (root) => Math.max(...[...root.querySelectorAll(".node-term")].map((t) => Number(t.textContent.replace("term ", ""))));
    return {
    logs,
    marked: [...stage.querySelectorAll("[data-hl]")].map((el) => `${el.dataset.act}:${el.dataset.arg ?? ""}`),
    leaders: leaders(run),
    term: term(run),
    twinLeaders: twin && leaders(twin),
    twinTerm: twin && term(twin),
    converged: stage.querySelector(".crdt-converged") ? "yes" : stage.querySelector(".crdt-diverged") ? "no" : undefined,
    };
  }, logs);
}

/** Checks the widget against step `k`'s words: time, highlights, leader, term. */
async function matchesStep(tour, words, k) {
  const state = await stageState(tour);
  const where = `step ${k + 1}`;
  for (const time of value(words, "time")) {
    const { time: now } = await position(tour.locator("figure.widget"));
    assert.ok(now <= Number(time) && now > Number(time) - 100, `${where}: at ${now} ms, the step says ${time}`);
  }
  const index = (name) => name.replace(/[a-z]+(\d+)/g, (_, n) => String(Number(n) - 1));
  const wanted = value(words, "highlight").map((h) => { const [act, arg] = h.split(":"); return `${act}:${index(arg)}`; });
  assert.deepEqual(state.marked.sort(), wanted.sort(), `${where}: the highlight is on what the step names`);
  for (const expect of value(words, "expect")) {
    const [fact, shown] = expect.split(":");
    if (fact === "leader") assert.deepEqual(state.leaders, shown === "none" ? [] : [shown], `${where}: leader`);
    if (fact === "term") assert.equal(state.term, Number(shown), `${where}: term`);
    if (fact === "twin-leader") assert.deepEqual(state.twinLeaders, shown === "none" ? [] : [shown], `${where}: the twin's leader`);
    if (fact === "twin-term") assert.equal(state.twinTerm, Number(shown), `${where}: the twin's term`);
    if (fact === "converged") assert.equal(state.converged, shown, `${where}: converged`);
    if (fact.startsWith("terms-")) assert.equal(state.logs[fact.slice(6)], shown, `${where}: ${fact.slice(6)}'s log, by term`);
  }
}

for (const [path, index] of TOURS) {
  test(`${path}, tour ${index + 1}: Next reaches every step's target, on a wide screen and at 360 px`, async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
      const { page, errors, context } = await open(browser, path, { viewport });
      const tour = await liveTour(page, index);
      const steps = await stepWords(tour);
      // On a wide screen the paragraph in the middle is the step shown: bring the first there.
      await tour.locator(".tour-step").first().evaluate((el) => el.scrollIntoView({ block: "center" }));
      await atStep(tour, 0, steps.length);
      await matchesStep(tour, steps[0], 0);
      const next = tour.getByRole("button", { name: "Next" });
      for (let k = 1; k < steps.length; k++) {
        await next.click();
        await atStep(tour, k, steps.length);
        await matchesStep(tour, steps[k], k);
        if (viewport.width === 360) {
          const shown = await tour.locator(".tour-step:visible").count();
          assert.equal(shown, 1, "a narrow screen shows only the current step's paragraph");
          const [stage, text, nav] = await Promise.all([".widget-stage", ".tour-step.is-active", ".tour-nav"].map((s) => tour.locator(s).boundingBox()));
          assert.ok(stage.y < text.y && text.y < nav.y, "widget above, the paragraph, then the buttons");
        }
      }
      assert.equal(await next.isDisabled(), true, "Next stops at the last step");
      await tour.screenshot({ path: `${ARTIFACTS}/tour${path.replace("/", "-")}-${index + 1}-${viewport.width}.png` });
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}

test("scrolling a wide screen moves the tour: the paragraph in the middle is the step shown", async () => {
  const { page, errors, context } = await open(browser, "/consensus");
  const tour = await liveTour(page);
  const steps = await stepWords(tour);
  for (const k of [3, 4, 8, 1]) {
    await tour.locator(".tour-step").nth(k).evaluate((el) => el.scrollIntoView({ block: "center" }));
    await atStep(tour, k, steps.length);
    await matchesStep(tour, steps[k], k);
    const box = await tour.locator("figure.widget").boundingBox();
    assert.ok(box.y >= 0 && box.y < 200, `the widget stays in view beside the prose (top at ${box.y})`);
  }
  const say = await tour.locator(".tour-say").textContent();
  assert.match(say, /^Step 2 of \d+\. At 167 ms n3/, "the step is announced with its paragraph");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the next step plays forward (with motion), other moves jump; keyboard, leaving and returning", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "no-preference" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(BASE + "/consensus", { waitUntil: "networkidle" });
  const tour = await liveTour(page);
  const steps = await stepWords(tour);
  await tour.locator(".tour-step").first().evaluate((el) => el.scrollIntoView({ block: "center" }));
  await atStep(tour, 0, steps.length);
  const next = tour.getByRole("button", { name: "Next" });
  await next.focus();
  await page.keyboard.press("Enter");
  // Playing towards step 2's 170 ms: the play button shows it, and the time passes through.
  await tour.locator(".widget-play[aria-pressed=true]").waitFor();
  await atStep(tour, 1, steps.length);
  await matchesStep(tour, steps[1], 1);
  await page.keyboard.press("Enter");
  await atStep(tour, 2, steps.length);
  await tour.getByRole("button", { name: "Previous" }).press("Enter");
  await atStep(tour, 1, steps.length);
  // Playing freely: stepping the widget leaves the tour; the marks go, the log shows.
  await tour.getByRole("button", { name: "Step forward" }).click();
  await tour.locator(".tour-where").filter({ hasText: "Playing freely" }).waitFor();
  assert.deepEqual((await stageState(tour)).marked, []);
  assert.ok(await tour.locator(".widget-log").isVisible(), "the event log is back");
  await tour.getByRole("button", { name: "Back to the tour" }).click();
  await atStep(tour, 1, steps.length);
  await matchesStep(tour, steps[1], 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a link to a step opens the tour at that step", async () => {
  const { page, errors, context } = await open(browser, "/consensus#tour-1-9");
  const tour = page.locator("section.tour").first();
  await page.locator("section.tour.tour-live").first().waitFor();
  const steps = await stepWords(tour);
  await atStep(tour, 8, steps.length);
  await matchesStep(tour, steps[8], 8);
  assert.equal(await tour.locator(".tour-step.is-active").getAttribute("id"), "tour-1-9");
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [path, index] of TOURS) {
  test(`${path}, tour ${index + 1}: without JavaScript the tour reads as an illustrated story`, async () => {
    const { page, context } = await open(browser, path, { javaScriptEnabled: false });
    const tour = page.locator("section.tour").nth(index);
    const steps = await stepWords(tour);
    assert.equal(await tour.locator(".tour-stage").isVisible(), false, "no dead widget");
    const shots = tour.locator(".tour-shot");
    assert.equal(await shots.count(), steps.length, "one snapshot per step");
    for (let k = 0; k < steps.length; k++) {
      assert.ok(await shots.nth(k).isVisible(), `snapshot ${k + 1} shows`);
      const marked = await shots.nth(k).locator("[data-hl]").count();
      assert.equal(marked, value(steps[k], "highlight").length, `snapshot ${k + 1} marks what its step names`);
    }
    // The fourth step of the election tour: n3 leads term 1 in its snapshot.
    if (path === "/consensus" && index === 0) {
      const label = await shots.nth(3).locator("svg.raft-stage").getAttribute("aria-label");
      assert.match(label, /n3 leader term 1/, label);
    }
    await tour.screenshot({ path: `${ARTIFACTS}/tour${path.replace("/", "-")}-${index + 1}-nojs.png` });
    await context.close();
  });
}

test("tours are clean under axe in both themes, after interaction", async () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const [path, index] of TOURS) {
      const { page, errors, context } = await open(browser, path, { colorScheme });
      const tour = await liveTour(page, index);
      await tour.locator(".tour-step").first().evaluate((el) => el.scrollIntoView({ block: "center" }));
      await atStep(tour, 0, (await stepWords(tour)).length);
      await tour.getByRole("button", { name: "Next" }).click();
      await tour.getByRole("button", { name: "Next" }).click();
      const id = `#${await tour.getAttribute("id")}`;
      assert.deepEqual(await axeViolationsIn(page, id), [], `${path} ${id} ${colorScheme}`);
      await tour.getByRole("button", { name: "Play freely" }).click();
      assert.deepEqual(await axeViolationsIn(page, id), [], `${path} ${id} ${colorScheme}, playing freely`);
      await tour.screenshot({ path: `${ARTIFACTS}/tour${path.replace("/", "-")}-${index + 1}-${colorScheme}.png` });
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});
