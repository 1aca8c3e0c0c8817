/* Search worker for Material for MkDocs that fetches a sharded index per query (factsheet/searchindex.py).

   It speaks the protocol of Material's own worker: SETUP (0) with the index's
   config, READY (1), QUERY (2) with the query string, RESULT (3) with
   { items: SearchItem[][] }, one array per page, the page's article among its
   sections. Instead of the whole index it fetches meta.json once, then for
   each query only the shards of its terms and the documents of the best
   pages; every file is fetched once and kept.

   Query syntax, as in Material: every word is a prefix ("mach" finds
   "machine tools"); "+word" must match, "-word" must not; "quoted words"
   must all match, whole. Scoring is BM25 without length normalisation, as
   Material configures lunr (title boosted by the configured field boost),
   with Material's own post-boost for pages and for the share of terms
   matched.

   Text from the index is untrusted: titles and texts are re-escaped here,
   and only a fixed set of bare tags (no attributes) passes through.

   Loaded as a plain script (not as a worker) it only defines
   self.FactsheetSearch, for tests. */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var TOP_PAGES = 10;           // pages whose sections are fetched and shown; later pages list their title only
  var SECTIONS_PER_PAGE = 6;    // best sections shown under each of those pages
  var SETTLE_MS = 150;          // wait this long for the next keystroke before fetching anything
  var K1 = 1.2;                 // lunr's default term-frequency saturation
  var PREFIX_WEIGHT = 0.5;      // a term that only starts with what was typed counts half

  var ALLOWED_TAG = /^<\/?(?:p|ol|ul|li|code|pre|sup|sub|em|strong|b|i|br|kbd|mark|del|ins|s|u|small|blockquote|dl|dt|dd|table|thead|tbody|tr|th|td|h[1-6])\s*\/?>$/i;
  var ENTITY_END = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+)$/i;

  /* ---- text ---------------------------------------------------------- */

  function escapeHTML(text) {
    return text.replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/gi, "&amp;")
      .replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function escapePlain(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /* Call fn(start, end) for each non-empty range between separator matches (Material's split). */
  function split(input, separator, fn) {
    separator.lastIndex = 0;
    var index = 0, match;
    do {
      match = separator.exec(input);
      var until = match ? match.index : input.length;
      if (index < until) fn(index, until);
      if (match) {
        index = match.index + match[0].length;
        if (match[0].length === 0) separator.lastIndex = match.index + 1;
      }
    } while (match);
  }

  function Tokenizer(config, meta) {
    this.separator = new RegExp(config.separator || "[\\s\\-]+", "g");
    this.trim = !!(meta && meta.trimmer);
    this.stop = Object.create(null);   // no prototype: "constructor" or "__proto__" typed by a reader is a word like any other
    var words = (meta && meta.stopwords) || [];
    for (var i = 0; i < words.length; i++) this.stop[words[i]] = true;
  }

  Tokenizer.prototype.normalise = function (piece) {
    var term = piece.toLowerCase();
    if (this.trim) term = term.replace(/^\W+/, "").replace(/\W+$/, "");
    return term;
  };

  /* Terms of a text block (no markup), with their ranges: [[term, start, end], ...]. */
  Tokenizer.prototype.ranges = function (block) {
    var out = [], self = this;
    split(block, this.separator, function (start, end) {
      var term = self.normalise(block.slice(start, end));
      if (term) out.push([term, start, end]);
    });
    return out;
  };

  /* Material's index text: escaped text with a few tags. Returns safe HTML with matched terms marked. */
  function highlight(html, tokenizer, matches) {
    var parts = String(html).split(/(<[^>]*>)/);
    var out = "";
    for (var p = 0; p < parts.length; p++) {
      var part = parts[p];
      if (p % 2 === 1) {
        out += ALLOWED_TAG.test(part) ? part.toLowerCase().replace(/\s+/g, "") : escapePlain(part);
        continue;
      }
      if (!part) continue;
      var ranges = tokenizer.ranges(part), last = 0;
      for (var r = 0; r < ranges.length; r++) {
        var term = ranges[r][0], start = ranges[r][1], end = ranges[r][2];
        if (!matches(term)) continue;
        if (ENTITY_END.test(part.slice(start, end)) && part.charAt(end) === ";") end += 1;
        out += escapeHTML(part.slice(last, start)) + "<mark>" + escapeHTML(part.slice(start, end)) + "</mark>";
        last = end;
      }
      out += escapeHTML(part.slice(last));
    }
    return out.replace(/<\/mark>(\s+)<mark>/g, "$1");
  }

  /* ---- queries ------------------------------------------------------- */

  /* Material's query syntax, reduced to clauses: {term, presence: 0 optional | 1 required | 2 prohibited, prefix}. */
  function parse(query, tokenizer) {
    var words = [];
    String(query).trim().split(/"([^"]*)"/).forEach(function (part, index) {
      part.split(/\s+/).forEach(function (word) {
        if (!word) return;
        words.push(index % 2 === 1 && !/^[+-]/.test(word) ? "+" + word : word);
      });
    });
    var clauses = [], seen = {};
    words.forEach(function (word) {
      var presence = 0;
      if (word.charAt(0) === "+") presence = 1;
      else if (word.charAt(0) === "-") presence = 2;
      word = word.replace(/^[+-]+/, "")
        .replace(/^(?:title|text|tags):/i, "")
        .replace(/[~^]\d*$/, "")
        .replace(/\*/g, "");
      split(word, tokenizer.separator, function (start, end) {
        var term = tokenizer.normalise(word.slice(start, end));
        if (!term) return;
        var key = presence + ":" + term;
        if (seen[key]) return;
        seen[key] = true;
        clauses.push({ term: term, presence: presence, prefix: presence === 0 });
      });
    });
    /* Stop words are not in the index: drop them, except a last word still being typed ("the" -> "theory"). */
    return clauses.filter(function (clause, index) {
      if (!tokenizer.stop[clause.term]) return true;
      return clause.presence === 0 && index === clauses.length - 1;
    });
  }

  function codePoints(term) {
    return Array.from ? Array.from(term) : term.split("");
  }

  function shardOf(term) {
    return codePoints(term).slice(0, 2).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }

  /* ---- the index ----------------------------------------------------- */

  function Index(config, base, fetchJSON) {
    this.config = config;
    this.base = base;
    this.fetchJSON = fetchJSON;
    this.files = {};
    this.meta = null;
    this.tokenizer = null;
  }

  Index.prototype.load = function (path) {
    var self = this;
    if (!this.files[path]) {
      this.files[path] = this.fetchJSON(this.base + path).catch(function (error) {
        delete self.files[path];   // try again on the next query
        throw error;
      });
    }
    return this.files[path];
  };

  Index.prototype.ready = function () {
    var self = this;
    return this.load("meta.json").then(function (meta) {
      if (!self.meta) {
        self.meta = meta;
        self.tokenizer = new Tokenizer(self.config, meta);
        self.shards = {};
        for (var i = 0; i < meta.shards.length; i++) self.shards[meta.shards[i]] = true;
        self.starts = meta.pages.map(function (page) { return page[0]; });
        var fields = self.config.fields || {};
        self.titleBoost = (fields.title && fields.title.boost) || 1;
        self.textBoost = (fields.text && fields.text.boost) || 1;
      }
      return meta;
    });
  };

  /* Index of the page holding document n (binary search over first document numbers). */
  Index.prototype.pageOf = function (n) {
    var lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= n) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  /* Scores of the documents matching one clause: {doc: score}. */
  Index.prototype.match = function (clause) {
    var key = shardOf(clause.term), self = this;
    if (!this.shards[key]) return Promise.resolve({});
    return this.load("t/" + key + ".json").then(function (shard) {
      var scores = {}, total = self.meta.docs;
      var single = codePoints(clause.term).length < 2;
      for (var term in shard) {
        if (!Object.prototype.hasOwnProperty.call(shard, term)) continue;
        var exact = term === clause.term;
        if (!exact && (single || !clause.prefix || term.lastIndexOf(clause.term, 0) !== 0)) continue;
        var list = shard[term], df = list.length / 2;
        var idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        var weight = exact ? 1 : PREFIX_WEIGHT;
        for (var i = 0, doc = 0; i < list.length; i += 2) {
          doc += list[i];
          var code = list[i + 1], inTitle = code & 7, inText = code >> 3;
          var s = 0;
          if (inTitle) s += self.titleBoost * inTitle * (K1 + 1) / (inTitle + K1);
          if (inText) s += self.textBoost * inText * (K1 + 1) / (inText + K1);
          scores[doc] = (scores[doc] || 0) + s * idf * weight;
        }
      }
      return scores;
    });
  };

  /* Resolves to Material's search result, or to null when current() says a newer query has come in. */
  Index.prototype.search = function (query, current) {
    var self = this;
    current = current || function () { return true; };
    return this.ready().then(function () {
      var clauses = parse(query, self.tokenizer);
      var wanted = clauses.filter(function (c) { return c.presence !== 2; });
      if (!wanted.length) return { items: [] };
      return Promise.all(clauses.map(function (c) { return self.match(c); })).then(function (matches) {
        return current() ? self.rank(clauses, wanted, matches, current) : null;
      });
    });
  };

  Index.prototype.rank = function (clauses, wanted, matches, current) {
    var self = this, meta = this.meta;
    var banned = {}, candidates = {};
    clauses.forEach(function (clause, c) {
      for (var doc in matches[c]) {
        if (clause.presence === 2) banned[doc] = true;
        else candidates[doc] = true;
      }
    });
    var hits = [];
    for (var key in candidates) {
      if (banned[key]) continue;
      var score = 0, matched = 0, terms = Object.create(null), ok = true;
      for (var c = 0; c < clauses.length; c++) {
        var clause = clauses[c];
        if (clause.presence === 2) continue;
        var s = matches[c][key];
        if (s === undefined) {
          if (clause.presence === 1) { ok = false; break; }
          if (!this.tokenizer.stop[clause.term]) terms[clause.term] = false;
          continue;
        }
        score += s;
        matched += 1;
        terms[clause.term] = true;
      }
      if (!ok) continue;
      var doc = +key;
      var page = this.pageOf(doc);
      var article = meta.pages[page][0] === doc;
      var boost = (article ? 1 : 0) + matched / wanted.length;
      score *= (meta.boosts[key] || 1) * (1 + boost * boost);
      hits.push({ doc: doc, page: page, score: score, terms: terms });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });

    /* Group by page, best page first, as Material does. */
    var groups = [], byPage = {};
    hits.forEach(function (hit) {
      var group = byPage[hit.page];
      if (!group) { group = byPage[hit.page] = { page: hit.page, hits: [] }; groups.push(group); }
      group.hits.push(hit);
    });

    /* Documents to fetch: the top pages' articles and best sections. */
    var needed = {};
    groups.slice(0, TOP_PAGES).forEach(function (group) {
      group.hits = group.hits.slice(0, SECTIONS_PER_PAGE + 1);
      needed[Math.floor(meta.pages[group.page][0] / meta.chunk)] = true;
      group.hits.forEach(function (hit) { needed[Math.floor(hit.doc / meta.chunk)] = true; });
    });
    var chunks = Object.keys(needed).map(Number);
    if (current && !current()) return null;
    return Promise.all(chunks.map(function (n) { return self.load("d/" + n + ".json"); })).then(function (loaded) {
      var store = {};
      chunks.forEach(function (n, i) { store[n] = loaded[i]; });
      var documentOf = function (doc) { return store[Math.floor(doc / meta.chunk)][doc % meta.chunk]; };
      var items = groups.map(function (group, rank) {
        var first = meta.pages[group.page];
        var best = group.hits[0];
        var marks = self.matcher(best.terms, clauses);
        if (rank >= TOP_PAGES) {
          return [{ location: first[1], title: highlight(first[2], self.tokenizer, marks), text: "", score: best.score, terms: best.terms }]
            .filter(sameSite);
        }
        var list = group.hits.map(function (hit) {
          var stored = documentOf(hit.doc);
          var own = self.matcher(hit.terms, clauses);
          return {
            location: stored[0],
            title: highlight(stored[1], self.tokenizer, own),
            text: highlight(stored[2], self.tokenizer, own),
            score: hit.score,
            terms: hit.terms
          };
        });
        if (!group.hits.some(function (hit) { return hit.doc === first[0]; })) {
          var article = documentOf(first[0]);
          list.push({ location: article[0], title: highlight(article[1], self.tokenizer, marks), text: highlight(article[2], self.tokenizer, marks), score: 0, terms: {} });
        }
        return list.filter(sameSite);
      }).filter(function (list) { return list.length; });
      return { items: items };
    });
  };

  /* Which tokens to mark: those a matched clause found (exactly, or by prefix). */
  Index.prototype.matcher = function (terms, clauses) {
    var found = clauses.filter(function (c) { return c.presence !== 2 && terms[c.term]; });
    return function (token) {
      for (var i = 0; i < found.length; i++) {
        var c = found[i];
        if (token === c.term || (c.prefix && token.lastIndexOf(c.term, 0) === 0)) return true;
      }
      return false;
    };
  };

  /* A result may only lead to a page of this site: a relative address, never a scheme
     (javascript:, data:, https://elsewhere) or a protocol-relative //host, whatever an index file says. */
  function sameSite(item) {
    var location = item && item.location;
    return typeof location === "string" && !/^\s*[a-z][a-z0-9+.-]*:/i.test(location) &&
      !/^\s*[\/\\]{2}/.test(location) && location.indexOf("\\") === -1;
  }

  /* What the reader sees when the index cannot be loaded: one result that says so, not "No matching documents". */
  var UNAVAILABLE = {
    items: [[{ location: "#", title: "Search is unavailable", text: "The search index could not be loaded. Reload the page to try again.", score: 0, terms: {} }]],
    unavailable: true
  };

  /* ---- the worker ---------------------------------------------------- */

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  var api = { parse: parse, highlight: highlight, split: split, shardOf: shardOf, Tokenizer: Tokenizer, Index: Index, sameSite: sameSite };
  self.FactsheetSearch = api;

  var isWorker = typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope;
  if (!isWorker) return;

  /* This file sits in assets/factsheet/ of the site; the index in search/. */
  var root = new URL("../../", self.location.href);
  var index = null, latest = 0, broken = false;

  addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === SETUP) {
      var config = (message.data && message.data.config) || {};
      var where = (config.factsheet && config.factsheet.path) || "";
      index = new Index(config, new URL("search/" + where, root).href, fetchJSON);
      index.ready().then(
        function () { broken = false; postMessage({ type: READY }); },
        function (error) { console.warn("Search index unavailable:", error); broken = true; postMessage({ type: READY }); }
      );
    } else if (message.type === QUERY) {
      var ticket = ++latest;
      var current = function () { return ticket === latest; };
      if (!index) { postMessage({ type: RESULT, data: { items: [] } }); return; }
      var search = index;
      new Promise(function (resolve) { setTimeout(resolve, SETTLE_MS); }).then(function () {
        return current() ? search.search(message.data, current) : null;
      }).then(function (result) {
        if (result && current()) postMessage({ type: RESULT, data: result });
      }, function (error) {
        console.warn("Search failed:", error);
        // The index itself (meta.json) failing, or unreadable, means search is unavailable; one shard failing costs one query.
        var down = broken || !search.meta;
        if (ticket === latest) postMessage({ type: RESULT, data: down ? UNAVAILABLE : { items: [] } });
      });
    }
  });
})();
