// The netsplit widget in a real browser: a split and heal under each :global resolver and
// the CRDT registry ends as each library documents, also for a split the reader draws;
// sharing, accessibility and screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ARTIFACTS, BASE } from "./browser.mjs";
import { widget, hydrated, position, scrubTo, scrubToEnd, snapshot, shareLink, axeViolationsIn, unstickHeader } from "./widget-helpers.mjs";

const PAGE = "/clustering";
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Scrubs forward until virtual time reaches `ms`. */
async function runTo(w, ms) {
  for (let i = 0; i < 20 && (await position(w)).time < ms; i++) await scrubToEnd(w);
  assert.ok((await position(w)).time >= ms, (await position(w)).text);
}

const procs = (w) => w.locator(".ns-procs").innerText();
const registries = (w) => w.locator(".ns-nodes tbody td:nth-child(5)").allInnerTexts();

// What each library's split-and-heal preset ends with: worker started on n4 before the
// split of n1–n3 | n4–n5, and on n1 during it (the CRDT registry restarts it itself).
const OUTCOMES = {
  "global-exit": async (w) => {
    const p = await procs(w);
    assert.match(p, /<4\.0\.0> worker on n4: ended: global: Name conflict terminating/);
    assert.match(p, /<1\.1\.0> worker on n1: running$/m);
    assert.deepEqual([...new Set(await registries(w))], ["worker → <1.1.0>"]);
  },
  "global-notify": async (w) => {
    const p = await procs(w);
    assert.match(p, /<4\.0\.0> worker on n4: running; received \{global_name_conflict, \.\.\.\} ×1/);
    assert.match(p, /<1\.1\.0> worker on n1: running$/m);
    assert.deepEqual([...new Set(await registries(w))], ["worker → <1.1.0>"]);
  },
  "global-notify-all": async (w) => {
    const p = await procs(w);
    assert.match(p, /<4\.0\.0> worker on n4: running; received \{global_name_conflict, \.\.\.\} ×1/);
    assert.match(p, /<1\.1\.0> worker on n1: running; received \{global_name_conflict, \.\.\.\} ×1/);
    assert.deepEqual([...new Set(await registries(w))], ["empty"]);
  },
  "horde-dynamic": async (w) => {
    const p = await procs(w);
    assert.equal((p.match(/ended: exit \{:name_conflict, \.\.\.\}: <\d\.\d\.0> kept the name/g) ?? []).length, 1, p);
    assert.equal((p.match(/: running/g) ?? []).length, 1, p);
  },
  "horde-static": async (w) => {
    const p = await procs(w);
    assert.match(p, /<4\.0\.0> worker on n4: ended: shut down: quorum lost/);
    assert.match(await w.locator(".ns-heal").innerText(), /UniformQuorumDistribution/);
    assert.doesNotMatch(p, /name_conflict/);
    assert.equal((p.match(/: running/g) ?? []).length, 1, p);
  },
  // Each node owns its processes' presences: after the heal every node lists them all
  // again, one per process still running (Phoenix.Tracker kills nothing).
  "presence": async (w) => {
    const rows = await registries(w);
    assert.equal(new Set(rows).size, 1, `every node shows the same presences: ${rows.join(" | ")}`);
    const running = ((await procs(w)).match(/: running/g) ?? []).length;
    assert.ok(running >= 2, "a process on each side");
    assert.equal(rows[0].split(", ").length, running, rows[0]);
  },
};

test("a split and heal ends as each :global resolver, the CRDT registry and presence document", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "netsplit", 1);
  await hydrated(w);
  assert.equal(await w.locator(".ns-library select").inputValue(), "global-exit");
  const start = await snapshot(w);
  await w.getByRole("button", { name: "Step forward" }).click();
  assert.notDeepEqual(await snapshot(w), start, "a step changes the state");
  for (const [library, check] of Object.entries(OUTCOMES)) {
    await w.locator(".ns-library select").selectOption(library);
    assert.equal((await position(w)).step, 0, `${library} restarts the run`);
    await runTo(w, 20_000);
    await check(w);
    assert.equal(await w.locator(".badge-bad").count(), 0, library);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("a split the reader draws: a name on each side, heal, connect_node, and random_exit_name kills one", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "netsplit", 1);
  await hydrated(w);
  await w.locator('select[data-act="preset"]').selectOption("tick-timeout");
  await w.locator('select[data-act="size"]').selectOption("5");
  await runTo(w, 10_000);
  assert.match(await w.locator(".ns-nodes").innerText(), /n1\s+up\s+n2, n3, n4\s+n5/);
  for (const node of ["0", "4"]) {
    await w.locator('select[data-act="pick"]').selectOption(node);
    await w.getByRole("button", { name: `Start and register worker on n${Number(node) + 1}` }).click();
  }
  await w.getByRole("button", { name: "Heal all" }).click();
  await w.locator('select[data-act="link-from"]').selectOption("4");
  await w.locator('select[data-act="link-to"]').selectOption("0");
  await w.getByRole("button", { name: "connect_node from n5 to n1" }).click();
  const at = (await position(w)).time;
  await runTo(w, at + 5_000);
  const p = await procs(w);
  assert.match(p, /worker on n5: ended: global: Name conflict terminating/);
  assert.match(p, /worker on n1: running$/m);
  assert.deepEqual(errors, []);
  await context.close();
});

test("netsplit: scrubbing back is exact and a shared link reproduces the step", async () => {
  const { page, errors, context } = await open(browser, PAGE);
  const w = widget(page, "netsplit", 1);
  await hydrated(w);
  await w.locator(".ns-library select").selectOption("global-notify-all");
  await runTo(w, 14_000);
  const { step } = await position(w);
  const here = await snapshot(w);
  await scrubTo(w, 3);
  assert.notDeepEqual(await snapshot(w), here);
  await scrubTo(w, step);
  assert.deepEqual(await snapshot(w), here);
  const link = await shareLink(w);
  assert.match(link, /#w-netsplit-2=v1\./);
  const other = await context.newPage();
  await other.goto(link, { waitUntil: "networkidle" });
  const w2 = widget(other, "netsplit", 1);
  await hydrated(w2);
  assert.deepEqual(await snapshot(w2), here);
  assert.equal(await w2.locator(".ns-library select").inputValue(), "global-notify-all");
  await other.close();

  const bad = await context.newPage();
  await bad.goto(`${BASE}${PAGE}#w-netsplit-2=v1.AQ_broken`, { waitUntil: "networkidle" });
  const wb = widget(bad, "netsplit", 1);
  await hydrated(wb);
  assert.match(await wb.locator(".widget-notice").innerText(), /could not be read/);
  assert.equal((await position(wb)).step, 0);
  await bad.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test("netsplit: no axe violations; screenshots in light, dark and at 360 px", async () => {
  for (const [name, options] of [
    ["light", { colorScheme: "light" }],
    ["dark", { colorScheme: "dark" }],
    ["360", { colorScheme: "light", viewport: { width: 360, height: 800 } }],
  ]) {
    const { page, errors, context } = await open(browser, PAGE, options);
    for (const index of [0, 1]) {
      const w = widget(page, "netsplit", index);
      await hydrated(w);
      await runTo(w, 9_000);
    }
    const w = widget(page, "netsplit", 1);
    await unstickHeader(page);
    await w.scrollIntoViewIfNeeded();
    await w.screenshot({ path: `${ARTIFACTS}widget-netsplit-${name}.png` });
    assert.deepEqual(await axeViolationsIn(page, 'figure[data-widget="netsplit"]'), [], `axe (${name})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
