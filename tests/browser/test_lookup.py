"""Citation lookup as a reader does it on the real sheet: search by number, entity, outlet, author, id.

Opening a search result at its fact is test_reader.py's (on the real site and the example's).
"""

from __future__ import annotations

import pytest
from sitetools import search_for

pytestmark = pytest.mark.browser


def _search(page, base_url: str, query: str) -> list[str]:
    """Search from the home page; the result links, once the results for the whole query are shown."""
    if not page.url.startswith(base_url) or page.locator("input.md-search__input").count() == 0:
        page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.press("End")  # a key up with an empty box: the previous results go
    page.locator(".md-search-result__item").first.wait_for(state="detached")
    search_for(page, query)
    page.wait_for_selector(".md-search-result__item a", timeout=10_000)
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item a").all()]


@pytest.fixture(scope="module")
def searching(browser):
    """One tab for the searches of this module: the index is fetched once, as a reader's second search finds it."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    ("query", "anchor"),
    [
        ("4.9 billion", "#microchips-value-since-2022"),
        ("10.3 billion", "#china-supplies-total-since-2022"),
        ("90%", "#microelectronics-share-2023"),
        ("$900 million", "#machine-tools-imports-value-q4-2023"),
        ("Hikvision", "#optics-companies-named-2024"),
        ("Votkinsk", "#votkinsk-vertical-turning-machines"),
        ("microelectronics-share-2023", "#microelectronics-share-2023"),
    ],
)
def test_search_finds_fact_anchor(searching, real_url, query, anchor):
    """Typing a figure, an entity or a fact id finds the fact, linked at its anchor."""
    hrefs = _search(searching, real_url, query)
    assert any(h.endswith(anchor) for h in hrefs[:8]), hrefs[:8]


@pytest.mark.parametrize(("query", "page"), [("Dagens", "/sources/dagens-2024-04-13/"), ("Henrik Rothen", "/sources/dagens-2024-04-13/")])
def test_search_finds_source_by_outlet_and_author(searching, real_url, query, page):
    """An outlet or an author's name finds the source page, the reverse lookup of what cites it."""
    hrefs = _search(searching, real_url, query)
    assert any(page in h for h in hrefs[:6]), hrefs[:6]


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
