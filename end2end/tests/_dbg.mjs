import { launch, open } from "./browser.mjs";
const browser = await launch();
const { page, errors } = await open(browser, "/cap-tradeoffs");
const tour = page.locator("section.tour").first();
await tour.scrollIntoViewIfNeeded();
await page.locator("section.tour.tour-live").waitFor();
for (let i = 0; i < 8; i++) {
  console.log(await tour.evaluate((s) => [s.querySelector(".tour-where").textContent, JSON.stringify(s.querySelector(".tour-nav [value=next]").getBoundingClientRect()), scrollY]));
  await page.waitForTimeout(300);
}
try { await tour.getByRole("button", { name: "Next" }).click({ timeout: 3000 }); console.log("clicked"); } catch (e) { console.log(e.message.slice(0, 600)); }
console.log(errors);
await browser.close();
