// A library of several skills (issue #19): its own server over the guide plus a second,
// small skill (fixtures/library/field-notes). The home page is a card per skill with a
// filter; inside a skill the sidebar, breadcrumbs and prev/next stay in that skill.
// The release server and site come from `cargo xtask test` (E2E_SERVER, E2E_SITE_DIR).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, axeViolations, startServer } from "./browser.mjs";

const PORT = 3479;
const LIBRARY = `http://127.0.0.1:${PORT}`;
const root = new URL("../../", import.meta.url).pathname;
let browser, server, content;

before(async () => {
  content = mkdtempSync(join(tmpdir(), "library-"));
  cpSync(join(root, "content/distributed-systems"), join(content, "distributed-systems"), { recursive: true });
  cpSync(join(root, "end2end/fixtures/library/field-notes"), join(content, "field-notes"), { recursive: true });
  server = await startServer(content, PORT, 15);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (content) rmSync(content, { recursive: true, force: true });
});

test("/ is the library: a card per skill, sorted, with its facts, filtered by typing", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${LIBRARY}/`, { waitUntil: "networkidle" });
  const cards = page.locator(".skill-card");
  assert.deepEqual(await cards.locator("h2").allInnerTexts(), ["distributed-systems", "field-notes"]);
  const facts = await cards.locator(".skill-facts").allInnerTexts();
  assert.match(facts[0], /^8 pages · Widgets: .*Raft/);
  assert.equal(facts[1], "2 pages · no widgets");
  assert.match(await cards.nth(1).innerText(), /reading incident reports/);
  assert.equal(await page.locator(".breadcrumbs").count(), 0, "the library page is the top of the trail");
  const filter = page.locator("#library-filter");
  await filter.fill("incident");
  assert.deepEqual(await cards.locator("h2:visible").allInnerTexts(), ["field-notes"]);
  await filter.fill("raft netsplit");
  assert.deepEqual(await cards.locator("h2:visible").allInnerTexts(), ["distributed-systems"]);
  await filter.fill("no such words");
  assert.equal(await cards.locator("h2:visible").count(), 0);
  assert.ok(await page.locator(".library-empty").isVisible(), "says that no skill matches");
  await filter.fill("");
  assert.equal(await cards.locator("h2:visible").count(), 2);
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    assert.deepEqual(await axeViolations(page), [], `axe on the library (${scheme})`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("inside a skill: its pages only, a switcher, breadcrumbs, prev/next within the skill", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${LIBRARY}/field-notes/reading-incidents`, { waitUntil: "networkidle" });
  const sidebar = page.locator("nav.sidebar");
  const pages = await sidebar.locator(":scope .sidebar-body > ul a").allInnerTexts();
  assert.deepEqual(pages, ["Field notes", "Reading an incident report"], "the sidebar lists this skill's pages only");
  assert.equal(await sidebar.locator('a[href="/distributed-systems/consensus"]').count(), 0);
  await sidebar.locator(".skill-switcher summary").click();
  const skills = await sidebar.locator(".skill-switcher a").allInnerTexts();
  assert.deepEqual(skills, ["All skills", "distributed-systems", "field-notes"]);
  assert.equal(await sidebar.locator('.skill-switcher a[aria-current="true"]').innerText(), "field-notes");
  const crumbs = page.locator("nav.breadcrumbs a");
  assert.deepEqual(await crumbs.allInnerTexts(), ["Library", "field-notes", "Reading an incident report"]);
  assert.equal(await crumbs.last().getAttribute("aria-current"), "page");
  // The skill's last page: a way back to its overview, none into the other skill.
  assert.equal(await page.locator(".prev-next a[rel=prev]").getAttribute("href"), "/field-notes/");
  assert.equal(await page.locator(".prev-next a[rel=next]").count(), 0);
  assert.deepEqual(await axeViolations(page), []);
  // The guide's overview, in the library, starts its own skill's trail.
  await page.goto(`${LIBRARY}/distributed-systems/`, { waitUntil: "networkidle" });
  assert.deepEqual(await page.locator("nav.breadcrumbs a").allInnerTexts(), ["Library", "distributed-systems"]);
  assert.equal(await page.locator(".prev-next a[rel=prev]").count(), 0, "no way back into another skill");
  await context.close();
});

test("the search form filters by skill, instantly and without JavaScript", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${LIBRARY}/field-notes/`, { waitUntil: "networkidle" });
  const skill = page.locator("select[name=skill]");
  assert.equal(await skill.inputValue(), "", "all skills by default");
  await skill.selectOption("distributed-systems");
  await page.fill("#search-input", "raft");
  const results = page.locator("#search-instant a");
  await results.first().waitFor();
  const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.every((h) => h.startsWith("/distributed-systems/")), hrefs.join(" "));
  await skill.selectOption("field-notes");
  await page.locator("#search-instant").waitFor({ state: "hidden" });
  // Without JavaScript the form sends the skill to /search.
  await Promise.all([page.waitForURL(/\/search\?q=raft&skill=field-notes$/), page.locator(".search-form button[type=submit]").click()]);
  assert.match(await page.locator(".search-results [role=status]").innerText(), /No page matches/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});
