"""axe-core on every kind of page: no serious or critical accessibility violations, stock Material's included.

Every page kind of the real site is checked, in light and (where the sheet
styles it) dark colours. The example site is built by the same templates: its
pages are checked where their markup has something the real site's checked
pages do not (an element with another tag, class list or set of attributes),
a few pages, chosen to cover all of it, rather than every kind a second time.
Each page load also records its requests: a page of the real site fetches
nothing from any host but the local server. Colour contrast is checked on one
element of each text style in each place it appears (``MARK_CONTRAST_SAMPLES``).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitetools import page_kinds, settle

pytestmark = pytest.mark.browser

KINDS = ["home", "topics index", "topic", "fact anchor", "sources index", "source", "entities index", "entity",
         "data", "figures table", "timeline", "corrections"]
REAL_ONLY = ["charts", "methodology", "reference/format"]
DARK = ["home", "topic", "source", "entities index", "figures table", "charts"]
BLOCKING = ("serious", "critical")
# Rules axe-core leaves off by default that the pages must pass too: WCAG 2.2's 24 x 24 px target size, and
# a control's accessible name containing the text it shows (marked experimental in axe-core).
OPTIONS = {"resultTypes": ["violations"],
           "rules": {"target-size": {"enabled": True}, "label-content-name-mismatch": {"enabled": True}}}


# The dark scheme changes colours only (Material's slate scheme and the sheet's [data-md-color-scheme="slate"] rules
# set colours): the rules that read colours are what a dark page can fail that its light twin passed. On the home page
# the header runs every rule in dark too, for its dark-scheme controls.
COLOUR_RULES = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}


# axe-core's colour-contrast rule costs most of a page's check (two thirds on the home page), and its result for a
# piece of text is decided by what the browser computes for it and for what lies behind it: its colour, size, weight,
# shadow and opacity, and each enclosing element's background, opacity, filter, blending, position and clipping. So it
# checks one element of each such text style in each such place, marked here, with the rule's selector set to the
# marks (axe.configure); every other rule checks the whole page. An element whose text is only symbols, that is
# hidden, disabled or clipped, or that starts below the first screen is never the only one checked for elements that
# are not: each of these is part of the key. ``test_contrast_is_checked_on_every_text_style`` shows one deviant
# element among hundreds is caught.
MARK_CONTRAST_SAMPLES = """(within) => {
  const roots = within.length ? within.flatMap(selector => [...document.querySelectorAll(selector)]) : [document.body];
  const TEXT = ["color", "font-size", "font-weight", "opacity", "text-shadow", "-webkit-text-stroke-width",
    "-webkit-text-stroke-color", "background-color", "background-image", "display", "visibility", "position", "clip",
    "clip-path", "filter", "mix-blend-mode", "overflow-x", "overflow-y"];
  const BEHIND = ["background-color", "background-image", "opacity", "filter", "mix-blend-mode", "position", "display",
    "visibility", "clip", "clip-path", "overflow-x", "overflow-y", "color"];
  const styled = (element, names) => { const style = getComputedStyle(element); return names.map(n => style.getPropertyValue(n)).join(";"); };
  const inside = (box, outer) => box.left >= outer.left - 1 && box.right <= outer.right + 1 && box.top >= outer.top - 1 && box.bottom <= outer.bottom + 1;
  for (const marked of document.querySelectorAll("[data-contrast-sample]")) marked.removeAttribute("data-contrast-sample");
  const keys = new Set();
  let candidates = 0;
  for (const root of roots) for (const element of [root, ...root.querySelectorAll("*")]) {
    const text = [...element.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join("").trim();
    if (!text && !element.matches("input, select, textarea")) continue;
    candidates++;
    const box = element.getBoundingClientRect();
    let key = [element.localName, styled(element, TEXT), /[\\p{L}\\p{N}]/u.test(text), box.width >= 1 && box.height >= 1,
      box.top < innerHeight, element.checkVisibility({opacityProperty: true, visibilityProperty: true}),
      !!element.closest("[disabled], [aria-disabled=true], [aria-hidden=true], [inert]")].join("|");
    for (let behind = element.parentElement; behind; behind = behind.parentElement) {
      const clips = getComputedStyle(behind).overflow !== "visible";
      key += "<" + styled(behind, BEHIND) + (clips ? (inside(box, behind.getBoundingClientRect()) ? "|in" : "|out") : "");
    }
    if (!keys.has(key)) { keys.add(key); element.setAttribute("data-contrast-sample", ""); }
  }
  axe.configure({rules: [{id: "color-contrast", selector: "[data-contrast-sample]"}]});
  return {candidates, samples: keys.size};
}"""


def violations(page, options: dict = OPTIONS, within: str | tuple[str, ...] = (), sampled: dict | None = None) -> list[str]:
    """Serious and critical axe-core findings on the page as it is now (or in the elements ``within`` selects: one
    selector or several), one line per rule. Colour contrast is checked on one element of each text style in each
    place (``MARK_CONTRAST_SAMPLES``); ``sampled``, if given, receives how many elements have text and how many
    were checked."""
    from axe_playwright_python.sync_playwright import Axe

    settle(page)
    within = (within,) if isinstance(within, str) else within
    assert all(page.locator(selector).count() for selector in within), f"{within}: a selector matches nothing"  # axe would check nothing
    page.evaluate(Axe().axe_script)
    counted = page.evaluate(MARK_CONTRAST_SAMPLES, list(within))
    if sampled is not None:
        sampled.update(counted)
    found = page.evaluate("([within, options]) => axe.run(within.length ? {include: within.map(s => [s])} : document, options)",
                          [list(within), options])["violations"]
    return [
        f"{v['impact']} {v['id']}: {v['help']} at " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:4])
        for v in found if v["impact"] in BLOCKING
    ]


class _Markup(HTMLParser):
    """What a page's body is made of: each element as its tag, class list and attribute names (not its text or values)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_body = False
        self.elements: set[tuple[str, str, str]] = set()

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"
        if self.in_body:
            named = dict(attrs)
            self.elements.add((tag, " ".join(sorted((named.pop("class", None) or "").split())), " ".join(sorted(named))))


def markup(site: Path, address: str) -> set[tuple[str, str, str]]:
    """The kinds of element the built page at ``address`` (relative to the site) writes in its body."""
    path = address.split("#", 1)[0]
    parser = _Markup()
    parser.feed((site / path / "index.html" if not path.endswith(".html") else site / path).read_text(encoding="utf-8"))
    return parser.elements


def _tab(reused_page, scheme: str = "light"):
    """The worker's tab for a colour scheme, motion reduced, recording what it loads (the search tests below open
    their pages in the same context)."""
    return reused_page(color_scheme=scheme, reduced_motion="reduce")


def _check(reused_page, site, base_url: str, kind: str, scheme: str = "light") -> None:
    kinds = page_kinds(site)
    if kind not in kinds:
        pytest.skip(f"this site has no {kind} page")
    visit = _tab(reused_page, scheme)
    visit.page.goto(base_url + kinds[kind])
    page = visit.page
    if scheme == "dark":
        found = violations(page, COLOUR_RULES) + (violations(page, within=".md-header") if kind == "home" else [])
    elif kind == "fact anchor":  # its topic's page, checked whole as "topic": the anchor changes the header (scrolled) and the fact (the target)
        found = violations(page, within=(".md-header", f".fs-fact[data-fact-id='{kinds[kind].split('#', 1)[1]}']"))
    else:
        found = violations(page)
    assert found == []
    assert visit.requests and visit.foreign_requests(base_url) == []


@pytest.mark.parametrize("kind", KINDS + REAL_ONLY)
def test_real_pages_have_no_serious_violations_and_fetch_nothing_from_other_hosts(reused_page, real_site, real_url, kind):
    """Each kind of page of the real site passes axe-core without serious or critical findings, and loading it requests
    nothing from any host but the local server."""
    _check(reused_page, real_site, real_url, kind)


def test_contrast_is_checked_on_every_text_style(reused_page, real_site, real_url):
    """Colour contrast on the home page checks one element of each text style in each place, under a fifth of its text,
    and still finds one cell of its table in a colour of its own, and a row on a background of its own."""
    visit = _tab(reused_page)
    visit.page.goto(real_url)
    rows = visit.page.locator("table").first.locator("tbody tr")  # the home table (the charts' tables are folded)
    assert rows.count() >= 5
    rows.last.locator("td").last.evaluate("cell => { cell.id = 'deviant-colour'; cell.style.color = '#d0d0d0'; }")
    rows.nth(3).evaluate("row => { row.id = 'deviant-row'; row.style.backgroundColor = '#303030'; }")
    sampled: dict = {}
    found = violations(visit.page, COLOUR_RULES, sampled=sampled)
    assert len(found) == 1 and found[0].startswith("serious color-contrast:"), found
    assert "#deviant-colour" in found[0] and "#deviant-row" in found[0], found
    assert 0 < sampled["samples"] * 5 < sampled["candidates"], sampled


@pytest.mark.parametrize("kind", DARK)
def test_real_pages_in_dark_mode_have_no_serious_violations(reused_page, real_site, real_url, kind):
    """The pages with the sheet's own styling also pass axe-core in the dark colour scheme."""
    _check(reused_page, real_site, real_url, kind, "dark")


def test_example_pages_have_no_serious_violations(reused_page, example_site, example_url, real_site):
    """Every kind of element the example site's pages write passes axe-core on some page: the real site's page kinds
    (checked above) and, for what they lack, the example pages that have most of it, until none is left."""
    real_kinds = page_kinds(real_site)
    covered = set().union(*(markup(real_site, address) for kind, address in real_kinds.items() if kind in KINDS + REAL_ONLY))
    example_kinds = {kind: address for kind, address in page_kinds(example_site).items() if kind in KINDS}
    assert sorted(example_kinds) == sorted(KINDS), "the example site has a page of every kind"
    needs = {kind: markup(example_site, address) - covered for kind, address in example_kinds.items()}
    checked, found = [], {}
    page = _tab(reused_page).page
    while any(needs.values()):
        kind = max(needs, key=lambda k: (len(needs[k]), k))
        checked.append(kind)
        page.goto(example_url + example_kinds[kind])
        found[kind] = violations(page)
        covered |= markup(example_site, example_kinds[kind])
        needs = {k: markup(example_site, a) - covered for k, a in example_kinds.items() if k not in checked}
    assert {kind: v for kind, v in found.items() if v} == {}


# The search tests check the header, which holds the search dialog: the page beneath is the home page, checked whole
# above in both colour schemes (axe-core on the whole page again took two thirds of each search test's time).
SEARCH = ".md-header"


def test_open_search_with_results_has_no_serious_violations(open_page, example_url):
    """The search dialog, open and listing results, passes axe-core (stock Material fails it three ways); on the
    real site in both colour schemes below."""
    page = open_page(color_scheme="light", reduced_motion="reduce").page
    page.goto(example_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("machine", delay=15)
    page.locator("a.md-search-result__link").first.wait_for()
    assert page.locator(".md-search").get_attribute("aria-label")
    assert violations(page, within=SEARCH) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_have_no_serious_violations(open_page, real_url, scheme):
    """The search dialog with results from the sharded worker (marks, sections, "more on this page") passes axe-core,
    and searching fetches nothing from any host but the local server."""
    visit = open_page(color_scheme=scheme, reduced_motion="reduce")
    page = visit.page
    page.goto(real_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("machine tools", delay=20)
    page.locator(".md-search-result__item mark").first.wait_for()
    assert page.locator(".md-search").get_attribute("aria-label")
    assert page.locator("details.md-search-result__more").count() > 0
    # In dark colours, the colour rules (as on the dark pages above): the dialog's controls and names are the light one's.
    assert violations(page, COLOUR_RULES if scheme == "dark" else OPTIONS, within=SEARCH) == []
    assert any("/search/" in u for u in visit.requests) and visit.foreign_requests(real_url) == []


def test_the_sheets_dark_scheme_sets_colours_only():
    """What lets the dark pages above run the colour rules only: every rule of the sheet's stylesheet that applies to
    a colour scheme sets colours, nothing that moves, hides or names an element."""
    import re

    css = (Path(__file__).resolve().parents[2] / "factsheet" / "assets" / "factsheet.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    colour = re.compile(r"^(--[\w-]+|color|background(-color)?|border(-\w+)?-color|fill|stroke|outline-color|"
                        r"text-decoration-color|caret-color|accent-color)$")
    rules = re.findall(r"([^{}]*data-md-color-scheme[^{}]*)\{([^}]*)\}", css)
    assert rules, "the stylesheet has rules for a colour scheme"
    for selector, body in rules:
        for declaration in filter(None, (d.strip() for d in body.split(";"))):
            name = declaration.split(":", 1)[0].strip()
            if not colour.match(name):
                pytest.fail(f"{selector.strip()} sets {name}, not a colour")
