// Every widget's drawing reads on a phone: at 360 px, each text in each drawing on each
// page of the guide is 11 px or more once drawn to scale (before the fix the CRDT values
// were 9.9 px, the netsplit statuses 9.3, the overlay's picked name 9.4 and the fencing
// boxes' lines 7.5), and at 1280 px too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open } from "./browser.mjs";
import { hydrated } from "./widget-helpers.mjs";

const PAGES = ["/", "/consensus", "/failure-modes", "/cap-tradeoffs", "/clustering", "/escalation-ladder"];
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every text shown in the widget's drawings, with its size on screen in px. */
async function drawnText(w) {
  return w.evaluate((fig) => [...fig.querySelectorAll("svg")]
    .filter((svg) => svg.getBoundingClientRect().width > 0)
    .flatMap((svg) => {
      const scale = svg.getScreenCTM().a;
      return [...svg.querySelectorAll("text")]
        .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
        .map((t) => ({ text: t.textContent, class: t.getAttribute("class"), px: parseFloat(getComputedStyle(t).fontSize) * scale }));
    }));
}

test("at 360 px and at 1280 px every text in every widget's drawing is 11 px or more", async () => {
  for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 900 }]) {
    for (const path of PAGES) {
      const { page, errors, context } = await open(browser, path, { viewport });
      const widgets = page.locator("figure.widget");
      let drawn = 0;
      for (let i = 0; i < await widgets.count(); i++) {
        const w = widgets.nth(i);
        if (!await w.locator(".widget-play").count()) continue; // the escalation guide draws no SVG
        await hydrated(w);
        const texts = await drawnText(w);
        drawn += texts.length;
        const small = texts.filter((t) => t.px < 11).map((t) => `${t.class}: "${t.text}" ${t.px.toFixed(1)} px`);
        assert.deepEqual(small, [], `${path} at ${viewport.width} px, widget ${i + 1}`);
      }
      if (path !== "/" && path !== "/escalation-ladder") assert.ok(drawn > 0, `${path}: some text was measured`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});
