// Progressive enhancements for every page. Everything here is optional: without
// JavaScript the theme follows the system, the search box submits to /search, and
// code can be selected by hand. SEARCH_JS is replaced by `cargo xtask build`.

// Theme toggle: light <-> dark, remembered in localStorage.
const toggle = document.getElementById("theme-toggle");
if (toggle) {
  const root = document.documentElement;
  const current = () =>
    root.dataset.theme || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  const label = () => toggle.setAttribute("aria-pressed", String(current() === "dark"));
  toggle.hidden = false;
  label();
  toggle.addEventListener("click", () => {
    root.dataset.theme = current() === "dark" ? "light" : "dark";
    try { localStorage.setItem("theme", root.dataset.theme); } catch (_) { /* private mode */ }
    label();
  });
}

// Copy buttons on code blocks.
if (navigator.clipboard) {
  for (const pre of document.querySelectorAll("pre.code")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(pre.querySelector("code")?.innerText ?? pre.innerText);
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = "Copy"; }, 1500);
    });
    pre.append(button);
  }
}

// Instant search: loads the index only when the box is first focused.
const input = document.getElementById("search-input");
const panel = document.getElementById("search-instant");
if (input && panel) {
  const form = input.form;
  const indexUrl = form.getAttribute("action") + "-index.json";
  let search = null;
  const load = () => {
    search ??= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL("./SEARCH_JS", import.meta.url).href;
      script.onload = () => window.DocsSearch.load(indexUrl).then(resolve, reject);
      script.onerror = reject;
      document.head.append(script);
    });
    return search;
  };
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", async () => {
    const query = input.value.trim();
    if (!query) { panel.hidden = true; return; }
    const run = await load();
    const hits = run(query, 8);
    panel.replaceChildren(...hits.map((hit) => {
      const link = document.createElement("a");
      link.href = hit.url;
      link.textContent = `${hit.title} › ${hit.heading}`;
      const snippet = document.createElement("small");
      snippet.innerHTML = hit.snippet;
      link.append(snippet);
      return link;
    }));
    panel.hidden = hits.length === 0;
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { panel.hidden = true; }
  });
}
