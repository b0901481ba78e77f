// Progressive enhancements for every page. Everything here is optional: without
// JavaScript the theme follows the system, the search box submits to /search, code can be
// selected by hand, "View as Markdown" is a plain link and a library shows every skill's
// card. SEARCH_JS is replaced by
// `cargo xtask build`.

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

// Short messages for screen readers ("Copied"), in a polite live region that exists
// before anything is said in it.
const status = document.createElement("div");
status.className = "visually-hidden";
status.setAttribute("role", "status");
document.body.append(status);
const announce = (text) => {
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 100); // a change, even for the same words
};

// Copy buttons: on code blocks, and "Copy page as Markdown" beside the title.
const copyButton = (label, className, text) => {
  const button = document.createElement("button");
  button.type = "button";
  button.className = className;
  button.textContent = label;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(await text());
    } catch (_) {
      announce("Copying failed");
      return;
    }
    button.textContent = "Copied";
    announce("Copied");
    setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
};
if (navigator.clipboard) {
  for (const pre of document.querySelectorAll("pre.code")) {
    pre.append(copyButton("Copy", "copy-button", () => (pre.querySelector("code") ?? pre).innerText));
  }
  const markdown = document.querySelector(".markdown-link");
  // After the link, in room the stylesheet keeps for it: inserted before, it pushed the
  // link and the text below it (Lighthouse, mobile: layout shift 0.189).
  markdown?.after(copyButton("Copy page as Markdown", "copy-markdown", async () => {
    const response = await fetch(markdown.href);
    if (!response.ok) throw new Error(response.statusText);
    return response.text();
  }));
}

// The library page: typing in the filter box shows only the cards that have every word
// typed (in the skill's name, description or widgets).
const filter = document.getElementById("library-filter");
if (filter) {
  const cards = [...document.querySelectorAll(".skill-card")];
  const empty = document.querySelector(".library-empty");
  filter.closest("[hidden]")?.removeAttribute("hidden");
  filter.addEventListener("input", () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const card of cards) {
      const text = card.dataset.filter ?? "";
      card.hidden = !words.every((word) => text.includes(word));
      if (!card.hidden) shown += 1;
    }
    if (empty) empty.hidden = shown > 0;
    announce(shown === 1 ? "1 skill" : `${shown} skills`);
  });
}

// Instant search: nothing is fetched until the box is first focused; then the script and
// the index's small manifest, and per query only the shards of its words and the
// fragments of the results shown (see search.js). The box is an ARIA combobox and the
// results a listbox: arrow keys choose, Enter opens, Escape closes.
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
      script.onload = () => window.DocsSearch.open(indexUrl).then(resolve, reject);
      script.onerror = reject;
      document.head.append(script);
    });
    return search;
  };
  const set = (element, attributes) => {
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  };
  set(input, { role: "combobox", "aria-autocomplete": "list", "aria-controls": panel.id, "aria-expanded": "false", "aria-keyshortcuts": "/" });
  set(panel, { role: "listbox", "aria-label": "Instant results" });
  const options = () => [...panel.children];
  let active = -1;
  const choose = (index) => {
    active = index;
    options().forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    const option = options()[index];
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const show = (open) => {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (!open) choose(-1);
  };
  input.addEventListener("focus", load, { once: true });
  const skill = form.elements.namedItem("skill");
  let latest = 0;
  const update = async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) { show(false); return; }
    const run = await load();
    const hits = await run(query, { limit: 8, skill: skill ? skill.value : "" });
    if (ticket !== latest) return; // a later keystroke's results are on their way
    panel.replaceChildren(...hits.map((hit, i) => {
      const link = document.createElement("a");
      set(link, { role: "option", id: `search-option-${i}`, tabindex: "-1" }); // aria-selected: choose()
      link.href = hit.url;
      link.textContent = `${hit.title} › ${hit.heading}`;
      const snippet = document.createElement("small");
      snippet.innerHTML = hit.snippet;
      link.append(snippet);
      return link;
    }));
    choose(-1);
    show(hits.length > 0);
  };
  input.addEventListener("input", update);
  if (skill) skill.addEventListener("change", update);
  input.addEventListener("keydown", (event) => {
    const count = panel.hidden ? 0 : options().length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      const next = event.key === "ArrowDown" ? active + 1 : (active < 0 ? count : active) - 1;
      choose((next + count) % count); // wraps around at both ends
    } else if (event.key === "Enter" && active >= 0 && count) {
      event.preventDefault();
      location.assign(options()[active].href);
    } else if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      show(false);
    }
  });

  // "/" anywhere but in a text field goes to the search box (shown in the box).
  const hint = form.querySelector(".search-key");
  if (hint) hint.hidden = false;
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (target instanceof Element && (target.closest("input, textarea, select") || target.isContentEditable)) return;
    event.preventDefault();
    input.focus();
  });
}
