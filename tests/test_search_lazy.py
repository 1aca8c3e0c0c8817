"""The search index loads when the reader first searches, not with every page (search-lazy.js).

That a first search fetches the index once and finds the fact is test_sharded_search.py's, with what else it fetches.
"""

from __future__ import annotations

import time

import pytest
from sitetools import search_for

pytestmark = pytest.mark.browser

WORKER = "assets/factsheet/search-worker.js"  # the sheet's search worker, as the example site's pages name it


def _index_requests(visit) -> list[str]:
    return [u for u in visit.requests if u.endswith("search/search_index.json")]


def test_a_page_loads_without_the_search_index_or_worker(open_page, example_url):
    """Opening a page fetches its HTML, styles and scripts, but not the search index, and starts no search worker
    (nor fetches its script) until the reader goes to search; then both come, and results show."""
    visit = open_page()
    page = visit.page
    page.goto(example_url + "topics/machine-tools/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert _index_requests(visit) == []
    assert page.workers == [] and not [u for u in visit.requests if "worker" in u]
    search_for(page, "machine")
    page.locator(".md-search-result__item").first.wait_for()
    assert len(_index_requests(visit)) == 1
    assert [w.url for w in page.workers] == [example_url + WORKER]


def test_where_no_event_target_can_be_made_the_worker_starts_with_the_page(open_page, example_url):
    """In a browser that cannot construct an EventTarget (before 2020), the sheet's worker starts as the page loads,
    as Material asks, and search works."""
    page = open_page().page
    page.add_init_script("window.EventTarget = function () { throw new TypeError('Illegal constructor'); };")
    page.goto(example_url + "topics/machine-tools/")
    page.wait_for_load_state("networkidle")
    assert [w.url for w in page.workers] == [example_url + WORKER]
    search_for(page, "machine")
    page.locator(".md-search-result__item").first.wait_for()


def test_a_query_typed_before_the_index_arrives_still_gets_results(open_page, example_url):
    """On a slow connection the reader may finish typing first; results appear when the index lands. The index is
    held back until the whole query is typed and no result is shown, then let through."""
    visit = open_page()
    held = []
    visit.page.route("**/search/search_index.json", lambda route: held.append(route))
    visit.page.goto(example_url)
    visit.page.keyboard.press("/")
    visit.page.keyboard.type("machine", delay=10)
    deadline = time.monotonic() + 15
    while not held and time.monotonic() < deadline:
        visit.page.wait_for_timeout(50)  # lets Playwright hand over the held request
    assert held, "the first key into search asks for the index"
    assert visit.page.input_value("input.md-search__input") == "machine"
    assert visit.page.locator(".md-search-result__item").count() == 0
    held[0].continue_()
    visit.page.locator(".md-search-result__item").first.wait_for(timeout=15_000)


def test_arriving_from_a_search_result_highlights_the_terms(open_page, real_url):
    """A result link carries ?h=...; the page fetches the index at once to highlight the terms (search.highlight)."""
    visit = open_page()
    visit.page.goto(real_url + "topics/machine-tools/?h=machine")
    visit.page.locator("mark[data-md-highlight]").first.wait_for()
    assert len(_index_requests(visit)) == 1
