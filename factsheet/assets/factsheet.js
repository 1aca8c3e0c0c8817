/* factsheet: figures-table filters and copy buttons. Everything works without it. */
(function () {
  "use strict";

  function setupFilters(root) {
    var form = root.querySelector("form.fs-filters");
    var table = root.querySelector("#figures-table");
    if (!form || !table || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".fs-filters__count");
    var split = form.hasAttribute("data-split");
    var more = null;
    if (split) {  /* the table is split into pages: filters narrow this page; point to the complete lists */
      more = document.createElement("p");
      more.className = "fs-filters__more";
      more.setAttribute("aria-live", "polite");
      form.parentNode.insertBefore(more, form.nextSibling);
    }
    function address(option) {  /* the option's own data-href, else its select's with the value in place of {} */
      var pattern = option.parentNode.getAttribute("data-href");
      return option.getAttribute("data-href") || (pattern ? pattern.split("{}").join(option.value) : null);
    }
    function explain() {
      if (!more) return;
      more.textContent = "";
      var chosen = ["topic", "sources", "entities"].map(function (name) {
        var select = form.elements[name];
        return select.value ? select.options[select.selectedIndex] : null;
      }).filter(function (option) { return option && address(option); });
      if (!chosen.length) {
        if (form.elements.q.value.trim()) more.textContent = "The table is split into pages: to find text in every figure, use search.";
        return;
      }
      more.appendChild(document.createTextNode("The table is split into pages and filters this one; every fact of "));
      chosen.forEach(function (option, i) {
        if (i) more.appendChild(document.createTextNode(i === chosen.length - 1 ? " and of " : ", of "));
        var link = document.createElement("a");
        link.href = address(option);
        link.textContent = option.textContent;
        more.appendChild(link);
      });
      more.appendChild(document.createTextNode(" is on " + (chosen.length > 1 ? "their pages." : "its page.")));
    }
    function apply() {
      var topic = form.elements.topic.value;
      var source = form.elements.sources.value;
      var entity = form.elements.entities.value;
      var text = form.elements.q.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!topic || row.dataset.topic === topic) &&
          (!source || (" " + row.dataset.sources + " ").indexOf(" " + source + " ") >= 0) &&
          (!entity || (" " + row.dataset.entities + " ").indexOf(" " + entity + " ") >= 0) &&
          (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " figures " + (split ? "on this page " : "") + "shown";
      explain();
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  function setupCopy(root) {
    if (!navigator.clipboard) return;
    root.querySelectorAll(".fs-cite-this pre").forEach(function (pre) {
      if (pre.dataset.ready) return;
      pre.dataset.ready = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fs-copy md-button";
      button.textContent = "Copy";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.textContent).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        });
      });
      pre.previousElementSibling.appendChild(button);
    });
  }

  /* Citation previews show on hover and focus (CSS, which alone places them under the marker). With the script
     they are placed against the viewport (position: fixed, from the marker's rect), so no scroll box (the home page's
     table) clips them and they stay on screen at the edges. Escape hides the one in use, as WCAG 1.4.13 asks of such
     content, until the pointer or the focus leaves it; the page's own Escape handling (closing search) is untouched.
     On a touch screen the first tap on a marker shows its preview, with a link to open the article; a second tap on
     the marker (or the link) opens it, a tap elsewhere closes it. */
  var GAP = 8;

  function place(wrap) {
    var cite = wrap.querySelector(".fs-cite");
    var tip = wrap.querySelector(".fs-tip");
    if (!cite || !tip) return;
    var rects = cite.getClientRects();
    var r = rects.length ? rects[0] : cite.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var height = window.innerHeight;
    tip.style.maxWidth = (width - 2 * GAP) + "px";
    tip.style.display = "block";  /* measured while hidden, whatever shows it (hover, focus, a tap) */
    tip.style.visibility = "hidden";
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var left = Math.max(GAP, Math.min(r.left, width - GAP - w));
    var top = r.bottom;
    if (top + h > height - GAP && r.top - h >= GAP) top = r.top - h;  /* no room below: above the marker */
    tip.style.left = Math.round(left) + "px";
    tip.style.top = Math.round(Math.max(0, top)) + "px";
    tip.style.display = "";
    tip.style.visibility = "";
  }

  function shown(wrap) {
    var tip = wrap.querySelector(".fs-tip");
    return tip && getComputedStyle(tip).display !== "none";
  }

  function closeTapped(except) {
    document.querySelectorAll(".fs-cite-wrap.fs-tip-open").forEach(function (wrap) {
      if (wrap !== except) wrap.classList.remove("fs-tip-open");
    });
  }

  function openLink(wrap) {
    var tip = wrap.querySelector(".fs-tip");
    var cite = wrap.querySelector(".fs-cite");
    if (tip.querySelector(".fs-tip__open")) return;
    var link = document.createElement("a");
    link.className = "fs-tip__open";
    link.href = cite.href;
    link.textContent = /^https?:/.test(cite.getAttribute("href")) && cite.host !== location.host
      ? "Open the article at this passage" : "Open the source";
    tip.appendChild(document.createTextNode(" "));
    tip.appendChild(link);
  }

  function setupTips() {
    var root = document.documentElement;
    if (root.hasAttribute("data-fs-tips")) return;
    root.setAttribute("data-fs-tips", "");
    var touch = false;
    document.addEventListener("pointerdown", function (event) {
      touch = event.pointerType === "touch" || event.pointerType === "pen";
      if (!(event.target.closest && event.target.closest(".fs-cite-wrap.fs-tip-open"))) closeTapped(null);
    }, true);
    document.addEventListener("click", function (event) {
      var cite = event.target.closest && event.target.closest("a.fs-cite");
      if (!cite || !touch) return;
      var wrap = cite.closest(".fs-cite-wrap");
      if (!wrap || wrap.classList.contains("fs-tip-open")) return;  /* the second tap opens the article */
      event.preventDefault();
      closeTapped(wrap);
      openLink(wrap);
      wrap.classList.remove("fs-tip-dismissed");
      wrap.classList.add("fs-tip-open");
      place(wrap);
    });
    function enter(event) {
      var wrap = event.target.closest && event.target.closest(".fs-cite-wrap");
      if (wrap) place(wrap);
    }
    document.addEventListener("mouseover", enter);
    document.addEventListener("focusin", enter);
    function follow() {  /* fixed previews follow their marker when the page or a table scrolls */
      document.querySelectorAll(".fs-cite-wrap").forEach(function (wrap) { if (shown(wrap)) place(wrap); });
    }
    window.addEventListener("scroll", follow, { capture: true, passive: true });
    window.addEventListener("resize", follow, { passive: true });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") return;
      document.querySelectorAll(".fs-cite-wrap").forEach(function (wrap) {
        if (wrap.matches(":hover") || wrap.contains(document.activeElement) || wrap.classList.contains("fs-tip-open")) {
          wrap.classList.add("fs-tip-dismissed");
          wrap.classList.remove("fs-tip-open");
        }
      });
    });
    function leave(event) {
      var wrap = event.target.closest && event.target.closest(".fs-cite-wrap");
      if (wrap && !(event.relatedTarget && wrap.contains(event.relatedTarget))) wrap.classList.remove("fs-tip-dismissed");
    }
    document.addEventListener("mouseout", leave);
    document.addEventListener("focusout", leave);
  }

  function init() {
    setupFilters(document);
    setupCopy(document);
    setupTips();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
