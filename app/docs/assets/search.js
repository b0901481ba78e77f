// Instant search over the sharded index written by the server (format v2, documented
// in app/docs/src/search/shards.rs): a small manifest, then per query only the shards
// of its words' first two letters, then the fragments of the results shown. Same word
// rules and ranking as the server (app/docs/src/search/mod.rs), with one difference:
// the browser has no stemmer, so each shard maps the content's words to their stems
// (a word that occurs nowhere in the content matches as a prefix only), and the phrase
// boost reorders the results shown rather than the best fifty.
//
// Usage: const search = await DocsSearch.open("/search-index.json");
//        await search("fencing token", { limit: 8, skill: "" })
//          -> [{title, heading, url, snippet}]  (snippet is escaped HTML with <mark>)
(function (global) {
  "use strict";
  var STOP = new Set(["a", "an", "and", "are", "as", "at", "be", "by", "for", "in", "is",
    "it", "of", "on", "or", "that", "the", "this", "to", "with"]);
  var MAX_QUERY = 256, MAX_TERMS = 10, MAX_PREFIX = 20;

  function lower(word) {
    var w = word.toLowerCase();
    return Array.from(w).length > 40 || STOP.has(w) ? null : w;
  }
  // Words (letters/digits), lower-cased, with their ranges; hyphen-joined words also
  // give the joined form, marked `joined`.
  function tokens(text) {
    var out = [], re = /[\p{L}\p{N}]+/gu, m, group = [];
    function flush() {
      if (group.length > 1) {
        var w = lower(group.map(function (g) { return g[0]; }).join(""));
        if (w) out.push({ word: w, start: group[0][1], end: group[group.length - 1][2], joined: true });
      }
      group = [];
    }
    while ((m = re.exec(text))) {
      var start = m.index, end = start + m[0].length;
      var last = group[group.length - 1];
      if (!(last && last[2] + 1 === start && text[last[2]] === "-")) flush();
      var w = lower(m[0]);
      if (w) out.push({ word: w, start: start, end: end });
      group.push([m[0], start, end]);
    }
    flush();
    return out;
  }
  // The query's distinct words; a hyphenated word is searched as its joined form only.
  function queryWords(q) {
    var toks = tokens(q.slice(0, MAX_QUERY)), words = [];
    toks.forEach(function (t, i) {
      var covered = toks.slice(i + 1).some(function (c) {
        return c.start <= t.start && c.end >= t.end && (c.start !== t.start || c.end !== t.end);
      });
      if (!covered && words.indexOf(t.word) < 0 && words.length < MAX_TERMS) words.push(t.word);
    });
    return words;
  }
  function shardKey(word) { return Array.from(word).slice(0, 2).join(""); }
  function hex(key) {
    return Array.from(new TextEncoder().encode(key), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function snippet(text, isMatch) {
    var hits = tokens(text).filter(function (t) { return isMatch(t.word); });
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
  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function searcher(ix) {
    var present = new Set(ix.shards), shards = new Map(), fragments = new Map();
    // A shard: {w: word -> stem index, t: [[stem, postings]], sorted: its words}.
    function shard(word) {
      var key = hex(shardKey(word));
      if (!present.has(key)) return Promise.resolve(null);
      if (!shards.has(key)) {
        shards.set(key, getJson(ix.root + "s/" + key + ".json").then(function (s) {
          s.sorted = Object.keys(s.w).sort();
          return s;
        }));
      }
      return shards.get(key);
    }
    function fragment(doc) {
      if (!fragments.has(doc)) fragments.set(doc, getJson(ix.root + "d/" + doc + ".json"));
      return fragments.get(doc);
    }
    // The stems a word may match, with weights: its own, else those of the words it prefixes.
    function expand(word, s) {
      if (!s) return [];
      if (word in s.w) return [[s.t[s.w[word]], 1]];
      if (Array.from(word).length < 2) return [];
      var out = [], lo = 0, hi = s.sorted.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (s.sorted[mid] < word) lo = mid + 1; else hi = mid; }
      for (var i = lo; i < s.sorted.length && s.sorted[i].startsWith(word) && out.length < MAX_PREFIX; i++) {
        var t = s.t[s.w[s.sorted[i]]];
        if (out.every(function (o) { return o[0] !== t; })) out.push([t, ix.prefix]);
      }
      return out;
    }
    // The stem of a content word, if its shard is loaded.
    function stemOf(loaded, word) {
      var s = loaded.get(shardKey(word));
      return s && word in s.w ? s.t[s.w[word]][0] : null;
    }
    function hasPhrase(text, sets, loaded) {
      var stems = tokens(text).filter(function (t) { return !t.joined; }).map(function (t) {
        return stemOf(loaded, t.word);
      });
      for (var i = 0; i + sets.length <= stems.length; i++) {
        if (sets.every(function (set, j) { return set.has(stems[i + j]); })) return true;
      }
      return false;
    }
    return function search(query, options) {
      options = options || {};
      var limit = options.limit || 10, words = queryWords(String(query || ""));
      var range = (ix.skills || []).find(function (k) { return k[0] === options.skill; });
      return Promise.all(words.map(shard)).then(function (loadedShards) {
        var loaded = new Map();
        words.forEach(function (w, i) { if (loadedShards[i]) loaded.set(shardKey(w), loadedShards[i]); });
        var alternatives = words.map(function (w, i) { return expand(w, loadedShards[i]); });
        var scores = new Map();
        alternatives.forEach(function (alts) {
          var best = new Map();
          alts.forEach(function (alt) {
            var p = alt[0][1], df = p.length / 2;
            var idf = Math.log(1 + (ix.n - df + 0.5) / (df + 0.5));
            for (var i = 0, doc = 0; i < p.length; i += 2) {
              doc += p[i];
              if (range && (doc < range[1] || doc >= range[2])) continue;
              var s = alt[1] * idf * p[i + 1] / 10;
              best.set(doc, Math.max(best.get(doc) || 0, s));
            }
          });
          best.forEach(function (s, doc) {
            var cur = scores.get(doc) || [0, 0];
            scores.set(doc, [cur[0] + s, cur[1] + 1]);
          });
        });
        var ranked = [];
        scores.forEach(function (v, doc) { ranked.push([doc, v[0] * v[1] / words.length]); });
        var byScore = function (a, b) { return b[1] - a[1] || a[0] - b[0]; };
        ranked.sort(byScore);
        ranked = ranked.slice(0, limit);
        var sets = alternatives.map(function (alts) {
          return new Set(alts.map(function (a) { return a[0][0]; }));
        });
        var matched = new Set([].concat.apply([], Array.from(sets, function (s) { return Array.from(s); })));
        return Promise.all(ranked.map(function (r) { return fragment(r[0]); })).then(function (frags) {
          var hits = ranked.map(function (r, i) {
            var f = frags[i], score = r[1];
            if (words.length > 1 && (hasPhrase(f[1], sets, loaded) || hasPhrase(f[3], sets, loaded))) {
              score *= ix.phrase;
            }
            return { doc: r[0], score: score, title: f[0], heading: f[1], url: f[2], text: f[3] };
          });
          hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
          return hits.map(function (h) {
            var isMatch = function (word) { return matched.has(stemOf(loaded, word)); };
            return { title: h.title, heading: h.heading, url: h.url, snippet: snippet(h.text, isMatch), score: h.score };
          });
        });
      });
    };
  }

  global.DocsSearch = {
    // Fetches the manifest (nothing else) and returns the search function.
    open: function (url) { return getJson(url).then(searcher); },
  };
})(typeof window !== "undefined" ? window : globalThis);
