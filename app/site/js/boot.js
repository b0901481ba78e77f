// Loads the WebAssembly once and hydrates every island on the page, as soon as the first
// island comes within reach of the viewport (a reader who never scrolls to a widget never
// downloads it). A shared widget link (#w-…) loads it right away.
// GLUE and WASM are replaced by the URLs of the hashed files of the module with every
// widget (`cargo xtask build`), or by the server for a site built by cargo-leptos.
// BUNDLES maps a set of widget kinds ("crdt raft", "crdt raft tour": sorted, space-separated) to the glue
// and module made for exactly those kinds (release builds make one per kind and per set
// a page of the content shows); a page whose set has none loads the one with every widget.
const islands = document.querySelectorAll("leptos-island");
const BUNDLES = /*BUNDLES*/{};
const kinds = new Set([...islands].map((el) => el.querySelector("[data-widget]")?.dataset.widget));
// A page with a guided tour needs a module that can follow one (xtask's modules.rs, TOUR).
if (document.querySelector("section.tour")) kinds.add("tour");
const [GLUE, WASM] = BUNDLES[[...kinds].sort().join(" ")] || ["./GLUE", "./WASM"];
let started = false;

async function hydrateAll() {
  if (started) return;
  started = true;
  performance.mark("islands-load-start");
  const wasm = fetch(new URL(WASM, import.meta.url));
  const glue = await import(new URL(GLUE, import.meta.url));
  await glue.default({ module_or_path: wasm });
  glue.hydrate();
  // One island per task, nearest to the viewport first, so the page never stalls on
  // all of them at once (a shared widget comes first: it is the one being looked at).
  const middle = innerHeight / 2;
  const distance = (el) => {
    if (location.hash.includes(`${el.querySelector("[data-widget]")?.dataset.widget}-`)) return -1;
    const box = el.getBoundingClientRect();
    return Math.abs(box.top + box.height / 2 - middle);
  };
  const order = [...islands].sort((a, b) => distance(a) - distance(b));
  for (const el of order) {
    const hydrateIsland = glue[el.dataset.component];
    if (hydrateIsland) {
      hydrateIsland(el);
    } else {
      console.error(`no WASM export for island ${el.dataset.component}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

// Within reach already at load (the usual case for a widget near the top): start now
// rather than after the observer's first report, which waits for the first paint.
const REACH = 1200;
const nearby = (el) => {
  const box = el.getBoundingClientRect();
  return box.top < innerHeight + REACH && box.bottom > -REACH;
};
if (location.hash.includes("w-") || !("IntersectionObserver" in window) || [...islands].some(nearby)) {
  hydrateAll();
} else {
  const near = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      near.disconnect();
      hydrateAll();
    }
  }, { rootMargin: `${REACH}px 0px` });
  islands.forEach((el) => near.observe(el));
}

// Raft's timers and messages are painted on a canvas over its stage: the WebAssembly
// lists the shapes as numbers (app/site/src/islands/shell/paint.rs) and this draws them
// in the theme's colours. A canvas repaints on its own; changed SVG elements made the
// browser repaint the page around them on every frame.
// Indexes as in paint.rs's `Colour`; the last one is for dropped messages.
const PAINTS = ["--accent", "--candidate", "--important", "--leader", "--note", "--down"];
const ARC = 0, DROPPED = 2, TAG = 3;
// A message's kind, written on it (paint.rs's `Tag`).
const TAGS = ["RV", "PV", "AE", "HB", "✓", "✗", "C"];

function paint(canvas, ops) {
  const [width, height] = ops;
  const scale = (canvas.clientWidth * devicePixelRatio) / width;
  const ctx = canvas.getContext("2d");
  if (!ctx || !(scale > 0)) return;
  const pixels = [Math.round(width * scale), Math.round(height * scale)];
  if (canvas.width !== pixels[0] || canvas.height !== pixels[1]) [canvas.width, canvas.height] = pixels;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const style = getComputedStyle(canvas);
  const colours = PAINTS.map((name) => style.getPropertyValue(name));
  const background = style.getPropertyValue("--bg");
  for (let i = 2; i < ops.length;) {
    const [shape, x, y, r, value] = ops.subarray(i, i + 5);
    ctx.beginPath();
    if (shape === ARC) { // x y r fraction colour: a timer, clockwise from 12 o'clock
      ctx.arc(x, y, r, -Math.PI / 2, (value * 2 - 0.5) * Math.PI);
      ctx.strokeStyle = colours[ops[i + 5]];
      ctx.lineWidth = 3;
      ctx.stroke();
      i += 6;
      continue;
    }
    if (shape === TAG) { // x y tag colour: a pill with the message's kind on it
      const text = TAGS[r];
      ctx.font = "700 10px system-ui, sans-serif";
      const w = Math.max(ctx.measureText(text).width + 6, 14);
      ctx.roundRect(x - w / 2, y - 7, w, 14, 7);
      ctx.fillStyle = colours[value];
      ctx.fill();
      ctx.strokeStyle = background;
      ctx.lineWidth = 1.5;
      ctx.stroke();
      ctx.fillStyle = background;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(text, x, y + 0.5);
      i += 5;
      continue;
    }
    // A message (x y r colour), or a dropped one (x y r opacity) crossed out.
    const dropped = shape === DROPPED;
    ctx.globalAlpha = dropped ? value : 1;
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = colours[dropped ? 5 : value];
    ctx.fill();
    ctx.strokeStyle = background;
    ctx.lineWidth = 1.5;
    if (dropped) {
      const d = r / 2;
      ctx.moveTo(x - d, y - d);
      ctx.lineTo(x + d, y + d);
      ctx.moveTo(x + d, y - d);
      ctx.lineTo(x - d, y + d);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    i += 5;
  }
}

// `ops` is a view of the WebAssembly's memory: the canvas keeps a copy, to be painted
// again when the theme or the window's size changes.
globalThis.fieldguidePaint = (canvas, ops) => paint(canvas, (canvas.shapes = Float64Array.from(ops)));
const repaintAll = () => document.querySelectorAll("canvas[data-paint]").forEach((c) => c.shapes && paint(c, c.shapes));
new MutationObserver(repaintAll).observe(document.documentElement, { attributeFilter: ["data-theme"] });
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", repaintAll);
addEventListener("resize", repaintAll);

