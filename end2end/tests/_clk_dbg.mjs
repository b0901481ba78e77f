import { launch, open } from "./browser.mjs";
const browser = await launch();
const { page, errors } = await open(browser, "/consensus", { viewport: { width: 360, height: 800 } });
await page.addInitScript(() => {
  window.__log = [];
  const gp = CSSStyleDeclaration.prototype.getPropertyValue;
  CSSStyleDeclaration.prototype.getPropertyValue = function (p) { const v = gp.call(this, p); window.__log.push(`gpv ${p}=${v}`); return v; };
  const gbr = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function () { const r = gbr.call(this); window.__log.push(`rect ${this.tagName} ${r.left}-${r.right}`); return r; };
  const d = Object.getOwnPropertyDescriptor(Element.prototype, "scrollLeft");
  Object.defineProperty(Element.prototype, "scrollLeft", { get() { return d.get.call(this); }, set(v) { window.__log.push(`set scrollLeft ${v} on ${this.className}`); d.set.call(this, v); } });
});
await page.reload();
const fig = page.locator('figure[data-widget="clocks"]').nth(1);
await fig.scrollIntoViewIfNeeded();
await fig.locator(".widget-play:not([disabled])").waitFor();
await fig.locator(".widget-scrubber input[type=range]").evaluate((el) => { el.value = el.max; el.dispatchEvent(new Event("input", { bubbles: true })); });
await fig.getByRole("button", { name: "Vector", exact: true }).click();
await fig.getByRole("button", { name: "HLC", exact: true }).click();
await page.evaluate(() => { window.__log = []; window.__box = document.querySelectorAll('figure[data-widget="clocks"]')[1].querySelector('.clk-scroll'); new MutationObserver((m) => window.__log.push('mut ' + m.map((r) => r.type + ':' + r.target.nodeName + (r.attributeName ? '@' + r.attributeName : '') + '+' + r.addedNodes.length + '-' + r.removedNodes.length).join(','))).observe(window.__box.parentNode, { subtree: true, childList: true, attributes: true }); window.__box.addEventListener('scroll', () => window.__log.push('scroll event ' + window.__box.scrollLeft)); });
const add = fig.getByRole("button", { name: "Event at p2" });
for (let i = 0; i < 2; i++) { await add.evaluate((b) => b.click()); console.log(await fig.locator('.clk-scroll').evaluate((b) => [b.scrollLeft, b.scrollWidth, b.clientWidth, b.querySelector('[data-reveal]')?.getAttribute('data-reveal'), b === window.__box])); }
await page.waitForTimeout(300);
console.log(await page.evaluate(() => window.__log.slice(-30)));
console.log(errors);
await browser.close();
