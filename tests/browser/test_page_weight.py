"""What a first page load fetches, in headless Chromium: the benchmark's model of it (benchmarks/siteweight.py), and no sitemap."""

from __future__ import annotations

import sys
import time
from urllib.parse import urlsplit

import pytest
from conftest import _Context
from sitetools import ROOT

pytestmark = pytest.mark.browser

sys.path.insert(0, str(ROOT / "benchmarks"))
from siteweight import Weigher  # noqa: E402

PAGES = ["index.html", "figures/index.html", "entities/index.html"]


@pytest.fixture(scope="module")
def first_visits(full_browser):
    """A context of the full Chromium, whose tabs fetch a favicon as a reader's browser does (the headless shell the
    other tests drive fetches none)."""
    shared = _Context(full_browser, True, {})
    yield shared
    shared.context.close()


def _fetched(first_visits: _Context, base_url: str, rel: str, counted: set[str]) -> set[str]:
    """The site files Chromium fetches when a reader opens the page and waits for the network to go quiet. The tab's
    icon is fetched on a path of the browser's own, which can come after the page's network went quiet on a busy
    machine: so it waits, up to 5 s, for every ``counted`` file, then for the network to be quiet again."""
    page = first_visits.context.new_page()
    first_visits.forget(page)
    visit = first_visits.lend(page)
    prefix = urlsplit(base_url).path

    def fetched() -> set[str]:
        paths = {urlsplit(u).path.removeprefix(prefix) for u in visit.requests}
        return {p + "index.html" if p.endswith("/") or not p else p for p in paths} - {rel}

    try:
        visit.page.goto(base_url + rel.removesuffix("index.html"))
        visit.page.wait_for_load_state("networkidle")
        deadline = time.monotonic() + 5
        while not counted <= fetched() and time.monotonic() < deadline:
            visit.page.wait_for_timeout(100)
        visit.page.wait_for_load_state("networkidle")
        return fetched()
    finally:
        first_visits.give_back()


def test_a_first_load_fetches_what_the_benchmark_counts_and_no_sitemap(first_visits, example_site, example_url):
    """Chromium fetches exactly the files the weight model counts for each page (the search index and worker wait for
    a search), and not sitemap.xml, which Material's bundle fetched beside the feed link when its rel was "alternate"
    alone. The pages in one test: the full Chromium is launched once, not in each test process."""
    weigher = Weigher(example_site)
    differ = {}
    for rel in PAGES:
        weight = weigher.page(rel)
        assert weight.search_deferred and {"search/search_index.json", "assets/factsheet/search-worker.js"} == set(weight.search_files), rel
        counted = set(weight.files) - set(weight.search_files)
        fetched = _fetched(first_visits, example_url, rel, counted)
        assert "sitemap.xml" not in fetched and "sitemap.xml" not in counted, rel
        if fetched != counted:
            differ[rel] = {"fetched, not counted": sorted(fetched - counted), "counted, not fetched": sorted(counted - fetched)}
    assert differ == {}


def test_the_feed_stays_discoverable(reused_page, example_url):
    """Feed readers find the Atom feed by a link whose rel has the "alternate" token and whose type is Atom's."""
    page = reused_page().page
    page.goto(example_url + "entities/")
    hrefs = page.eval_on_selector_all('link[rel~="alternate"][type="application/atom+xml"]', "ls => ls.map(l => l.href)")
    assert hrefs == [example_url + "feed.xml"]
