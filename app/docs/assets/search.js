// Client-side search over the index JSON written by `SearchIndex::to_json` (format v1,
// documented in app/docs/src/search/json.rs). Same tokenizer and BM25F ranking as the
// server, for the static export when no server answers /search.
//
// Usage: const search = await DocsSearch.load("/search-index.json");
//        search("fencing token", 10) -> [{title, heading, url, snippet}]  (snippet is
//        escaped HTML with <mark> around matches)
(function (global) {
  "use strict";
  var STOP = new Set(["a", "an", "and", "are", "as", "at", "be", "by", "for", "in", "is",
    "it", "of", "on", "or", "that", "the", "this", "to", "with"]);
  var MAX_QUERY = 256, MAX_TERMS = 10, MAX_PREFIX = 20;

  function stem(w) {
    var n = Array.from(w).length;
    if (w.endsWith("sses")) return w.slice(0, -2);
    if (n > 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
    if (n > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }
  function norm(word) {
    var w = word.toLowerCase();
    if (Array.from(w).length > 40 || STOP.has(w)) return null;
    return stem(w);
  }
  // Words (letters/digits) with their ranges; hyphen-joined words also give the joined form.
  function tokens(text) {
    var out = [], re = /[\p{L}\p{N}]+/gu, m, group = [];
    function flush() {
      if (group.length > 1) {
        var t = norm(group.map(function (g) { return g[0]; }).join(""));
        if (t) out.push({ term: t, start: group[0][1], end: group[group.length - 1][2] });
      }
      group = [];
    }
    while ((m = re.exec(text))) {
      var start = m.index, end = start + m[0].length;
      var last = group[group.length - 1];
      if (!(last && last[2] + 1 === start && text[last[2]] === "-")) flush();
      var t = norm(m[0]);
      if (t) out.push({ term: t, start: start, end: end });
      group.push([m[0], start, end]);
    }
    flush();
    return out;
  }
  function queryTerms(q) {
    var toks = tokens(q.slice(0, MAX_QUERY)), terms = [];
    toks.forEach(function (t, i) {
      var covered = toks.slice(i + 1).some(function (c) {
        return c.start <= t.start && c.end >= t.end && (c.start !== t.start || c.end !== t.end);
      });
      if (!covered && terms.indexOf(t.term) < 0 && terms.length < MAX_TERMS) terms.push(t.term);
    });
    return terms;
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function snippet(text, matched) {
    var hits = tokens(text).filter(function (t) { return matched.has(t.term); });
    var first = hits.length ? hits[0].start : 0;
    var start = Math.max(0, first - 60);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < first) start = sp + 1; }
    var end = Math.min(text.length, start + 200);
    if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > start) end = back; }
    var out = start > 0 ? "…" : "", pos = start;
    hits.forEach(function (h) {
      if (h.start < pos || h.end > end) return;
      out += escapeHtml(text.slice(pos, h.start)) + "<mark>" + escapeHtml(text.slice(h.start, h.end)) + "</mark>";
      pos = h.end;
    });
    return out + escapeHtml(text.slice(pos, end)) + (end < text.length ? "…" : "");
  }

  function searcher(ix) {
    var vocab = Object.keys(ix.terms).sort();
    var n = ix.docs.length;
    function expand(term) {
      if (ix.terms[term]) return [[term, 1]];
      if (Array.from(term).length < 2) return [];
      var out = [], lo = 0, hi = vocab.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (vocab[mid] < term) lo = mid + 1; else hi = mid; }
      for (var i = lo; i < vocab.length && out.length < MAX_PREFIX && vocab[i].startsWith(term); i++) {
        out.push([vocab[i], ix.prefix]);
      }
      return out;
    }
    function saturated(doc, tt, th, tb) {
      var norm = 1 - ix.b + ix.b * ix.docs[doc][4] / ix.avg;
      var tf = ix.w[0] * tt + ix.w[1] * th + ix.w[2] * tb / norm;
      return tf * (ix.k1 + 1) / (tf + ix.k1);
    }
    return function search(query, limit) {
      var terms = queryTerms(String(query || "")), scores = new Map(), matched = new Set();
      terms.forEach(function (term) {
        var best = new Map();
        expand(term).forEach(function (e) {
          var p = ix.terms[e[0]], df = p.length / 4;
          var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          matched.add(e[0]);
          for (var i = 0; i < p.length; i += 4) {
            var s = e[1] * idf * saturated(p[i], p[i + 1], p[i + 2], p[i + 3]);
            best.set(p[i], Math.max(best.get(p[i]) || 0, s));
          }
        });
        best.forEach(function (s, doc) {
          var cur = scores.get(doc) || [0, 0];
          scores.set(doc, [cur[0] + s, cur[1] + 1]);
        });
      });
      var ranked = [];
      scores.forEach(function (v, doc) { ranked.push([doc, v[0] * v[1] / terms.length]); });
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return ranked.slice(0, limit || 10).map(function (r) {
        var d = ix.docs[r[0]];
        return { title: ix.titles[d[0]], heading: d[2], url: d[1], snippet: snippet(d[3], matched), score: r[1] };
      });
    };
  }

  global.DocsSearch = {
    // Fetches the index once and returns a search function.
    load: function (url) {
      return fetch(url).then(function (r) { return r.json(); }).then(searcher);
    },
    fromIndex: searcher,
  };
})(typeof window !== "undefined" ? window : globalThis);
