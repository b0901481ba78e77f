// Static export only: there is no server to answer /search?q=...&skill=..., so the search
// page puts the query (and skill) into the search form and lets the instant search
// (enhance.js) show hits.
const params = new URLSearchParams(location.search);
const query = params.get("q");
const input = document.getElementById("search-input");
const skill = input && input.form.elements.namedItem("skill");
if (skill && params.get("skill")) skill.value = params.get("skill");
if (query && input) {
  input.value = query;
  input.focus();
  input.dispatchEvent(new Event("input"));
}
