import { launch, open } from "./browser.mjs";
const browser = await launch();
const { page } = await open(browser, "/consensus", { viewport: { width: 360, height: 800 } });
const fig = page.locator('figure[data-widget="clocks"]').nth(1);
await fig.scrollIntoViewIfNeeded();
await fig.locator(".widget-play:not([disabled])").waitFor();
console.log(await fig.locator(".clk-scroll").evaluate((box) => {
  const svg = box.querySelector("svg");
  const out = [];
  for (const [w, read] of [[500, false], [600, "rect"], [700, "sw"], [800, "cw"]]) {
    svg.setAttribute("width", String(w));
    if (read === "rect") svg.getBoundingClientRect();
    if (read === "sw") box.scrollWidth;
    if (read === "cw") box.clientWidth;
    box.scrollLeft = 1000;
    out.push([w, read, box.scrollLeft, box.scrollWidth, box.clientWidth, getComputedStyle(svg).width, getComputedStyle(box).overflowX]);
  }
  const cs = getComputedStyle(svg); out.push([svg.getAttribute("width"), cs.minWidth, cs.maxWidth, cs.display, cs.boxSizing, svg.className.baseVal, svg.outerHTML.slice(0, 200)]);
  for (const sheet of document.styleSheets) { try { for (const r of sheet.cssRules) { const walk = (r) => { if (r.cssRules) [...r.cssRules].forEach(walk); if (r.selectorText && svg.matches(r.selectorText) && /width/.test(r.style.cssText)) out.push(r.cssText); }; walk(r); } } catch (e) { out.push(String(e)); } }
  box.scrollLeft = 50; out.push(box.scrollLeft); box.scrollTo(60, 0); out.push(box.scrollLeft); return out;
}));
await browser.close();
