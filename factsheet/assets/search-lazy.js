/* Fetch the search index when the reader first goes to search, not on every page load.

   Material for MkDocs requests search/search_index.json as soon as a page
   loads (over http), so every first visit pays for the whole index; at
   thousands of facts that is most of the page weight. This script must run
   before Material's bundle (the theme puts it just before): it holds back that one
   request until the reader focuses or opens search, presses a search
   shortcut, or arrives with a search term to highlight (?h=...). Material's
   search then works exactly as before. Marker for the benchmark:
   data-search-lazy.

   The search worker waits too: Material creates it as the page loads, but
   sends it nothing until the index has arrived, so the worker it is given
   starts (fetching and compiling its script, on a thread of its own) at
   the first message. Until then it only keeps the listeners Material adds.

   When the script tag carries data-search-worker="URL" (the site was built
   with the sharded index, factsheet/searchindex.py), Material's search
   worker is swapped for that one: same messages, but it fetches only the
   parts of the index a query needs. */
(function () {
  "use strict";
  var INDEX = /(^|\/)search\/search_index\.json(\?|#|$)/;
  var MATERIAL_WORKER = /(^|\/)assets\/javascripts\/workers\/search\.[0-9a-f]+\.min\.js(\?|#|$)/;
  var script = document.currentScript;
  var sharded = script && script.getAttribute("data-search-worker");
  if (typeof window.Worker === "function") {
    var NativeWorker = window.Worker;
    var later = true;  // where no EventTarget can be made (browsers before 2020), the worker starts as Material asks
    try { new EventTarget(); } catch (error) { later = false; }
    var start = function (url, options) {
      return options === undefined ? new NativeWorker(url) : new NativeWorker(url, options);
    };
    // Material's search worker, started at its first message: until then the listeners Material adds are kept, then
    // handed to the real worker, which calls them with its own events. It offers what Material's bundle uses of a
    // worker (addEventListener, postMessage; the version in factsheet/adapter/material.py).
    var LaterWorker = function (url, options) {
      var self = new EventTarget(), worker = null, listening = [];
      var real = function () {
        if (worker === null) {
          worker = start(url, options);
          listening.splice(0).forEach(function (args) { worker.addEventListener.apply(worker, args); });
        }
        return worker;
      };
      self.addEventListener = function () {
        if (worker !== null) return worker.addEventListener.apply(worker, arguments);
        listening.push(Array.prototype.slice.call(arguments));
      };
      self.removeEventListener = function (type, listener) {
        if (worker !== null) return worker.removeEventListener.apply(worker, arguments);
        listening = listening.filter(function (args) { return args[0] !== type || args[1] !== listener; });
      };
      self.postMessage = function () { var w = real(); return w.postMessage.apply(w, arguments); };
      self.terminate = function () { if (worker !== null) worker.terminate(); };
      return self;
    };
    var SearchWorker = function (url, options) {
      if (!MATERIAL_WORKER.test(String(url))) return start(url, options);
      if (sharded) url = sharded;
      if (!later) return start(url, options);
      // Resolved now, as new Worker() would resolve it: the page's address may change before the worker starts.
      return new LaterWorker(new URL(url, document.baseURI).href, options);
    };
    SearchWorker.prototype = NativeWorker.prototype;
    window.Worker = SearchWorker;
  }
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var released = false;

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__fsSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.__fsSearchIndex || released) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };

  if (/[?&](h|q|query)=/.test(location.search)) release();
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest(".md-search, [data-md-component=search]")) release();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (!event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s" || event.key === "f")) release();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("label[for=__search], .md-search")) release();
  }, true);
})();
