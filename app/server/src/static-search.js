// Static export only: there is no server to answer /search?q=..., so the search page
// puts the query into the search box and lets the instant search (enhance.js) show hits.
const query = new URLSearchParams(location.search).get("q");
const input = document.getElementById("search-input");
if (query && input) {
  input.value = query;
  input.focus();
  input.dispatchEvent(new Event("input"));
}
