"""axe-core on every kind of page: no serious or critical accessibility violations, stock Material's included."""

from __future__ import annotations

import pytest
from sitetools import page_kinds

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


def violations(page) -> list[str]:
    """Serious and critical axe-core findings on the page as it is now, one line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    found = Axe().run(page, options=OPTIONS).response["violations"]
    return [
        f"{v['impact']} {v['id']}: {v['help']} at " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:4])
        for v in found if v["impact"] in BLOCKING
    ]


@pytest.fixture(scope="module")
def tab(browser):
    """One reused tab per colour scheme; the search index is not loaded, as no test here searches."""
    contexts: dict[str, object] = {}

    def get(scheme: str):
        if scheme not in contexts:
            context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
            context.route("**/search/search_index.json", lambda route: route.abort())
            contexts[scheme] = context
            context.new_page()
        return contexts[scheme].pages[0]

    yield get
    for context in contexts.values():
        context.close()


def _check(tab, site, base_url: str, kind: str, scheme: str = "light") -> None:
    kinds = page_kinds(site)
    if kind not in kinds:
        pytest.skip(f"this site has no {kind} page")
    page = tab(scheme)
    page.goto("about:blank")
    page.goto(base_url + kinds[kind])
    assert violations(page) == []


@pytest.mark.parametrize("kind", KINDS)
def test_example_pages_have_no_serious_violations(tab, example_site, example_url, kind):
    """Each kind of page of the example site passes axe-core without serious or critical findings."""
    _check(tab, example_site, example_url, kind)


@pytest.mark.parametrize("kind", KINDS + REAL_ONLY)
def test_real_pages_have_no_serious_violations(tab, real_site, real_url, kind):
    """Each kind of page of the real site passes axe-core without serious or critical findings."""
    _check(tab, real_site, real_url, kind)


@pytest.mark.parametrize("kind", DARK)
def test_real_pages_in_dark_mode_have_no_serious_violations(tab, real_site, real_url, kind):
    """The pages with the sheet's own styling also pass axe-core in the dark colour scheme."""
    _check(tab, real_site, real_url, kind, "dark")


@pytest.mark.parametrize(("site", "scheme"), [("example", "light"), ("real", "dark")])
def test_open_search_with_results_has_no_serious_violations(open_page, request, site, scheme):
    """The search dialog, open and listing results, passes axe-core (stock Material fails it three ways)."""
    base_url = request.getfixturevalue(f"{site}_url")
    page = open_page(color_scheme=scheme, reduced_motion="reduce").page
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("machine", delay=15)
    page.locator("a.md-search-result__link").first.wait_for()
    assert page.locator(".md-search").get_attribute("aria-label")
    assert violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_have_no_serious_violations(open_page, real_url, scheme):
    """The search dialog with results from the sharded worker (marks, sections, "more on this page") passes axe-core."""
    visit = open_page(color_scheme=scheme, reduced_motion="reduce")
    page = visit.page
    page.goto(real_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("machine tools", delay=20)
    page.locator(".md-search-result__item mark").first.wait_for()
    assert page.locator("details.md-search-result__more").count() > 0
    assert violations(page) == []
