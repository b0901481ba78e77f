import { launch, open } from "./browser.mjs";
const browser = await launch();
const { page } = await open(browser, "/consensus", { viewport: { width: 360, height: 800 } });
const fig = page.locator('figure[data-widget="clocks"]').nth(1);
await fig.scrollIntoViewIfNeeded();
await fig.locator(".widget-play:not([disabled])").waitFor();
await fig.locator(".widget-scrubber input[type=range]").evaluate((el) => { el.value = el.max; el.dispatchEvent(new Event("input", { bubbles: true })); });
await fig.evaluate((f) => { f.querySelector("svg.clk-diagram").style.transitionProperty = "none"; });
const add = fig.getByRole("button", { name: "Event at p2" });
for (let i = 0; i < 4; i++) { await add.evaluate((b) => b.click()); console.log(await fig.locator('.clk-scroll').evaluate((b) => [b.scrollLeft, b.scrollWidth, b.clientWidth])); }
await browser.close();
