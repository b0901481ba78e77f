// Reader basics and Markdown out: the "View as Markdown" link (works without JavaScript)
// and "Copy page as Markdown", "Download this skill" on the overview, copy buttons that
// announce "Copied" in a polite live region, the "/" shortcut to the search box, and the
// instant results as an ARIA listbox driven by the keyboard.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, axeViolations, BASE } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("without JavaScript, each page links its Markdown source and the overview its download", async () => {
  const { page, context, errors } = await open(browser, "/consensus", { javaScriptEnabled: false });
  const link = page.locator("main .markdown-link");
  assert.equal(await link.textContent(), "View as Markdown");
  assert.equal(await link.getAttribute("href"), "/consensus.md");
  assert.equal(await page.locator("main .copy-markdown").count(), 0, "no copy button without JavaScript");
  const markdown = await context.request.get(BASE + "/consensus.md");
  assert.equal(markdown.headers()["content-type"], "text/markdown; charset=utf-8");
  assert.match(await markdown.text(), /^(---\n[\s\S]*?\n---\n)?\s*# /, "the page's Markdown source");
  assert.equal(await page.getByText("Download this skill").count(), 0, "only on the overview");

  await page.goto(BASE + "/", { waitUntil: "networkidle" });
  const download = page.getByRole("link", { name: "Download this skill" });
  assert.equal(await download.getAttribute("href"), "/distributed-systems.zip");
  const zip = await context.request.get(BASE + "/distributed-systems.zip");
  assert.equal(zip.headers()["content-type"], "application/zip");
  assert.equal((await zip.body()).subarray(0, 4).toString("latin1"), "PK\x03\x04");
  assert.equal(await page.locator("main .markdown-link").getAttribute("href"), "/index.md");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Copy page as Markdown copies the source, and copy buttons announce it politely", async () => {
  const { page, context, errors } = await open(browser, "/consensus");
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
  const status = page.locator("body > [role=status]");
  assert.equal(await status.count(), 1, "one live region");
  assert.equal(await status.textContent(), "", "silent until something is copied");

  await page.getByRole("button", { name: "Copy page as Markdown" }).click();
  await page.waitForFunction(() => document.querySelector("body > [role=status]").textContent === "Copied");
  const source = await (await context.request.get(BASE + "/consensus.md")).text();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), source);

  // The code blocks' buttons say it again: the region is emptied first, so that the same
  // word is a change that screen readers announce.
  await status.evaluate((region) => {
    window.said = [];
    new MutationObserver(() => window.said.push(region.textContent)).observe(region, { childList: true });
  });
  const code = page.locator("pre.code").first();
  await code.locator(".copy-button").click();
  await page.waitForFunction(() => window.said.at(-1) === "Copied");
  assert.deepEqual(await page.evaluate(() => window.said), ["", "Copied"]);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await code.locator("code").innerText());
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("/ focuses the search box, shown in the box, but types a slash in a text field", async () => {
  const { page, context, errors } = await open(browser, "/clustering");
  const hint = page.locator(".search-key");
  assert.equal(await hint.isVisible(), true, "the shortcut is shown in the box");
  assert.equal(await page.locator("#search-input").getAttribute("aria-keyshortcuts"), "/");
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  assert.equal(await page.inputValue("#search-input"), "", "the slash is not typed");
  assert.equal(await hint.isVisible(), false, "hidden while the box has focus");
  await page.keyboard.type("a/b");
  assert.equal(await page.inputValue("#search-input"), "a/b", "in a field, / is just a character");
  // With a modifier it is not the shortcut either.
  await page.keyboard.press("Escape");
  await page.locator("main a").first().focus();
  await page.keyboard.press("Control+/");
  assert.notEqual(await page.evaluate(() => document.activeElement.id), "search-input");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the instant results are a listbox: arrow keys choose, Escape closes, Enter opens", async () => {
  const { page, context, errors } = await open(browser, "/");
  const input = page.locator("#search-input");
  const panel = page.locator("#search-instant");
  assert.equal(await input.getAttribute("role"), "combobox");
  assert.equal(await input.getAttribute("aria-expanded"), "false");
  assert.equal(await input.getAttribute("aria-controls"), "search-instant");
  assert.equal(await panel.getAttribute("role"), "listbox");

  await page.keyboard.press("/");
  await page.keyboard.type("fencing");
  const options = panel.getByRole("option");
  await options.first().waitFor();
  // The results for "f", "fe", ... come as their index shards load, and a later list can
  // replace the first one shown: wait until it has not changed for 300 ms (CI once took
  // the count of an earlier list).
  await page.waitForLoadState("networkidle");
  let shown = "";
  for (let unchanged = 0; unchanged < 3;) {
    await page.waitForTimeout(100);
    const now = await panel.innerHTML();
    unchanged = now === shown ? unchanged + 1 : 0;
    shown = now;
  }
  const count = await options.count();
  assert.ok(count >= 3, `${count} results`);
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  assert.equal(await input.getAttribute("aria-activedescendant"), null, "nothing chosen yet");

  const chosen = async () => {
    const id = await input.getAttribute("aria-activedescendant");
    const selected = await panel.locator("[aria-selected=true]").evaluateAll((els) => els.map((e) => e.id));
    assert.deepEqual(selected, [id], "exactly the active option is selected");
    return (await options.evaluateAll((els) => els.map((e) => e.id))).indexOf(id);
  };
  await page.keyboard.press("ArrowDown");
  assert.equal(await chosen(), 0);
  await page.keyboard.press("ArrowDown");
  assert.equal(await chosen(), 1);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await chosen(), count - 1, "ArrowUp from the first wraps to the last");
  await page.keyboard.press("ArrowDown");
  assert.equal(await chosen(), 0, "ArrowDown from the last wraps to the first");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input", "focus stays in the box");
  assert.deepEqual(await axeViolations(page), [], "the open listbox");

  await page.keyboard.press("Escape");
  assert.equal(await panel.isHidden(), true);
  assert.equal(await input.getAttribute("aria-expanded"), "false");
  assert.equal(await input.getAttribute("aria-activedescendant"), null);
  assert.equal(await page.inputValue("#search-input"), "fencing", "Escape closes the list, keeps the words");

  await page.keyboard.type(" token");
  await options.first().waitFor();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const href = await options.nth(1).getAttribute("href");
  await Promise.all([page.waitForURL(BASE + href), page.keyboard.press("Enter")]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Enter without a chosen result still submits the search form", async () => {
  const { page, context, errors } = await open(browser, "/");
  await page.keyboard.press("/");
  await page.keyboard.type("quorum");
  await page.locator("#search-instant").getByRole("option").first().waitFor();
  await Promise.all([page.waitForURL(/\/search\?q=quorum$/), page.keyboard.press("Enter")]);
  assert.equal(await page.locator(".search-results li").count() > 0, true);
  assert.deepEqual(errors, []);
  await context.close();
});
