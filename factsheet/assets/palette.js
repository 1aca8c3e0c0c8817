/* The theme's light/dark toggle, in place of Material 9.8's palette script and its bundle's palette component.
   Loaded without defer just after the header (partials/palette-script.html), while nothing below the header has
   been parsed, so what it sets costs almost nothing and shows from the first paint: the palette (the reader's
   stored choice, else the first option whose media query matches, as Material chose), the one visible toggle
   and the color-scheme meta element. Then: the header's colour for the browser (theme-color, read once the page
   is laid out), and switching on a click, on Enter, and (until the reader chooses) when the system's colour
   scheme changes; the choice is stored as Material stores it (same key and value, so a choice made before
   carries over). A file rather than inline: every page would otherwise carry it (a kilobyte a page was 5.5 MB
   of a 10,000-fact sheet of many entities), where a file is fetched once and cached. Re-check it when Material
   is upgraded. */
(function () {
  var form = document.querySelector("form[data-fs-palette]");
  if (!form) return;
  var D = "data-md-color-", inputs = form.querySelectorAll("input"), body = document.body;
  var header = document.querySelector("[data-md-component=header]") || body;
  var scheme = document.createElement("meta"), keys = ["media", "scheme", "primary", "accent"];
  var current = -1;  /* the index of the option applied */
  scheme.name = "color-scheme";
  document.head.append(scheme);
  /* Input i's palette. */
  function option(i) {
    var color = {};
    keys.forEach(function (k) { color[k] = inputs[i].getAttribute(D + k); });
    return {index: i, color: color};
  }
  /* The stored choice, else the first option whose media query matches. */
  function chosen() {
    var stored = __md_get("__palette");
    if (stored && stored.color && inputs[stored.index]) return stored;
    for (var i = 0; i < inputs.length; i++) if (matchMedia(inputs[i].getAttribute(D + "media")).matches) return option(i);
    return option(0);
  }
  /* The body's data-md-color-* attributes, the one visible toggle label, the color-scheme meta element
     ("(prefers-color-scheme)", Material's automatic option, takes the colours of the option for the system's
     scheme; a scheme other than Material's two is read from the header's style). */
  function apply(choice) {
    var color = choice.color, key, label, system;
    if (color.media === "(prefers-color-scheme)") {
      system = form.querySelector("[" + D + "media='(prefers-color-scheme: " +
        (matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark") + ")']");
      if (system) keys.slice(1).forEach(function (k) { color[k] = system.getAttribute(D + k); });
    }
    for (key in color) if (body.getAttribute(D + key) !== color[key]) body.setAttribute(D + key, color[key]);
    current = choice.index;
    for (var i = 0; i < inputs.length; i++) {
      label = inputs[i].nextElementSibling;
      if (label instanceof HTMLElement && label.hidden !== (i !== choice.index)) label.hidden = i !== choice.index;
    }
    scheme.content = {"default": "light", slate: "dark"}[color.scheme] || getComputedStyle(header).colorScheme;
  }
  apply(chosen());

  var theme = document.createElement("meta");
  theme.name = "theme-color";
  document.head.append(theme);
  function tint() {
    theme.content = "#" + (getComputedStyle(header).backgroundColor.match(/\d+/g) || []).slice(0, 3)
      .map(function (n) { return (+n).toString(16).padStart(2, "0"); }).join("");
  }
  function switchTo(choice) {
    body.setAttribute("data-md-color-switching", "");  /* no transitions while the colours change */
    apply(choice);
    tint();
    setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
  }
  if (document.readyState === "complete") tint(); else addEventListener("load", tint);
  form.addEventListener("change", function (event) {
    var index = Array.prototype.indexOf.call(inputs, event.target);
    if (index < 0) return;
    var choice = option(index);
    __md_set("__palette", choice);
    switchTo(choice);
  });
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var next = inputs[(current + 1) % inputs.length];
    event.preventDefault();
    next.click();
    next.focus();
  });
  Array.prototype.forEach.call(inputs, function (input) {
    matchMedia(input.getAttribute(D + "media")).addEventListener("change", function () {
      var stored = __md_get("__palette");
      if (!stored || !stored.color || stored.color.media === "(prefers-color-scheme)") switchTo(chosen());
    });
  });
})();
