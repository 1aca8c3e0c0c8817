"""Citation lookup as a reader does it on the real sheet: search by number, entity, outlet, author, id.

The lookups run the site's own search worker script on the real site's index, in Chromium, in one call: which
results a search finds, and in which order, is the worker's alone (Material lists one result per page the worker
gives, in its order, with the page's matching sections under it). Typing into Material's search box, the results it
shows and opening one at its fact are test_reader.py's and test_sharded_search.py's (on the real site and the
example's).
"""

from __future__ import annotations

import pytest
from sitetools import add_search_worker

pytestmark = pytest.mark.browser

# What the search box hands the worker (the index's config, from search/search_index.json), then each query: its
# results in order, one a page, each the locations of the page's matching documents (the page, its sections).
LOOKUP = """async queries => {
    const config = (await (await fetch("search_index.json")).json()).config;
    const index = new FactsheetSearch.Index(config, new URL(config.factsheet.path, location.href).href,
        url => fetch(url).then(response => response.json()));
    const found = {};
    for (const query of queries) found[query] = (await index.search(query)).items.map(page => page.map(item => item.location));
    return found;
}"""
FIRST = 3  # a lookup finds what it looks for among the first three results

FACTS = {
    "4.9 billion": "#microchips-value-since-2022",
    "10.3 billion": "#china-supplies-total-since-2022",
    "90%": "#microelectronics-share-2023",
    "$900 million": "#machine-tools-imports-value-q4-2023",
    "Hikvision": "#optics-companies-named-2024",
    "Votkinsk": "#votkinsk-vertical-turning-machines",
    "microelectronics-share-2023": "#microelectronics-share-2023",
}
SOURCES = {"Dagens": "sources/dagens-2024-04-13/", "Henrik Rothen": "sources/dagens-2024-04-13/"}


def _lookup(reused_page, base_url: str, queries: list[str]) -> dict[str, list[list[str]]]:
    """Each query's results, from the site's search worker script on its index."""
    page = reused_page().page
    page.goto(base_url + "search/search_index.json")
    add_search_worker(page)
    return page.evaluate(LOOKUP, queries)


def test_search_finds_facts_at_their_anchors_and_sources_by_outlet_and_author(reused_page, real_url):
    """A figure, an entity or a fact id finds the fact, linked at its anchor; an outlet or an author's name finds the
    source page (the reverse lookup of what cites it); each among the first three results."""
    found = _lookup(reused_page, real_url, [*FACTS, *SOURCES])
    missed = {query: found[query][:FIRST] for query, anchor in FACTS.items()
              if not any(location.endswith(anchor) for page in found[query][:FIRST] for location in page)}
    missed |= {query: found[query][:FIRST] for query, source in SOURCES.items()
               if not any(location.split("#")[0] == source for page in found[query][:FIRST] for location in page)}
    assert missed == {}


def test_two_clicks_from_figure_to_quoted_passage(reused_page, real_url):
    """From the home page's figure, the fact's citation link carries the quote as a text fragment."""
    page = reused_page().page
    page.goto(real_url)
    page.locator('.fs-ref[data-fact-id="microelectronics-share-2023"] .fs-ref__value').first.click()
    page.wait_for_url("**/topics/microelectronics/#microelectronics-share-2023")
    link = page.locator('.fs-fact[data-fact-id="microelectronics-share-2023"] a.fs-citation__open').first
    assert "#:~:text=" in link.get_attribute("href")


def test_cite_this_offers_three_formats(reused_page, real_url):
    """"Cite this fact" opens to text, BibTeX and CSL-JSON naming the permalink."""
    page = reused_page().page
    page.goto(real_url + "topics/microelectronics/")
    box = page.locator('.fs-fact[data-fact-id="microelectronics-share-2023"] details.fs-cite-this')
    box.locator("summary").click()
    for cls in ("fs-cite-this__text", "fs-cite-this__bibtex", "fs-cite-this__csl"):
        text = box.locator(f"pre.{cls}").inner_text()
        assert "topics/microelectronics/#microelectronics-share-2023" in text, cls
