"""Hostile fact files in a real browser: no payload runs, every payload reads as the text it is."""

from __future__ import annotations

import json

import pytest
from payloads import MEDIUM, SCRIPT, SHORT, field, quoted
from sitetools import search_for

pytestmark = pytest.mark.browser

EXECUTABLE_SCRIPTS = "Array.from(document.scripts).filter(s => !s.type || /javascript|module/.test(s.type))"
INJECTED = "img[src='x'], svg[onload], b[title], b[onclick], a[href^='javascript:' i], a[href^='data:' i], iframe, object, embed"


def plain(text: str) -> str:
    """Text as the loader keeps it: whitespace collapsed."""
    return " ".join(text.split())


def assert_inert(visit) -> None:
    """Nothing ran, and no element or handler came from a payload."""
    page = visit.page
    page.wait_for_timeout(50)  # let any injected onerror/onload fire
    assert visit.dialogs == []
    found = page.evaluate(f"""() => ({{
        pwned: window.__pwned === undefined ? null : String(window.__pwned),
        injected: document.querySelectorAll("{INJECTED}").length,
        handlers: Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))
            .filter(a => a.name.startsWith('on')).map(a => a.ownerElement.tagName + ' ' + a.name),
        alerting: {EXECUTABLE_SCRIPTS}.some(s => s.text.includes('alert(')),
    }})""")
    assert found == {"pwned": None, "injected": 0, "handlers": [], "alerting": False}


def test_no_payload_runs_on_any_page(open_page, hostile_site, hostile_url):
    """Every page of the hostile site loads without running a payload, and hovering every citation runs none."""
    visit = open_page()
    page = visit.page
    pages = sorted(p.parent.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("index.html"))
    assert len(pages) >= 10
    for path in pages:
        page.goto(hostile_url + ("" if path == "." else path + "/"))
        for cite in page.locator("a.fs-cite").all():
            page.mouse.move(0, 0)
            cite.hover()
        assert_inert(visit)
    assert visit.foreign_requests(hostile_url) == []


def test_payloads_read_as_text_where_they_land(reused_page, hostile_url):
    """Claims, quotes, titles and descriptions show their markup as literal text, in the page and its head."""
    page = reused_page().page
    page.goto(hostile_url + "topics/hostile/")
    assert page.locator('[id="hostile-share"]').inner_text() == plain(quoted(field("fact.claim")))
    assert plain(field("citation.quote")) in page.locator("blockquote.fs-quote").first.inner_text()
    assert page.title().startswith(plain(field("topic.title", SHORT)))
    assert page.locator('meta[name="description"]').get_attribute("content") == plain(field("topic.summary"))[:300]
    assert plain(field("annotation.text")) in page.locator("li.fs-note").first.inner_text()
    page.goto(hostile_url + "sources/hostile-source/")
    assert plain(field("source.title", MEDIUM)) in page.locator("h1").inner_text()
    assert plain(field("source.warning")) in page.locator(".admonition.warning").inner_text()
    page.goto(hostile_url)
    text = page.locator(".md-content").inner_text()
    assert "[[fact:plain-claim]]" in text and "{{ config.site_name }}" in text
    assert "<script>" in page.locator('.fs-ref[data-fact-id="plain-claim"]').inner_text()


def test_structured_data_stays_data(reused_page, hostile_url):
    """The JSON-LD blocks parse as JSON and carry the hostile claim as a string."""
    page = reused_page().page
    page.goto(hostile_url + "topics/hostile/")
    blocks = page.evaluate("Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]')).map(s => s.text)")
    assert blocks
    texts = json.dumps([json.loads(b) for b in blocks], ensure_ascii=False)
    assert json.dumps(plain(quoted(field("fact.claim"))), ensure_ascii=False)[1:-1] in texts


def test_searching_and_filtering_hostile_text_runs_nothing(open_page, hostile_url):
    """Search results and the figures filter show hostile text as text, run none of it, and fetch nothing from any
    host but the local server (every page of the hostile site is loaded with the same check above; the real site's
    pages and search are checked in test_accessibility.py)."""
    visit = open_page()
    page = visit.page
    page.goto(hostile_url)
    search_for(page, "autofocus")  # a word of one payload that search indexes as a word
    page.locator("a.md-search-result__link").first.wait_for()
    assert "<script>" in page.locator(".md-search-result").inner_text()
    assert_inert(visit)
    page.goto(hostile_url + "figures/")
    page.locator('form.fs-filters input[name="q"]').click()
    page.keyboard.type(SCRIPT[:20], delay=5)
    assert page.locator(".fs-filters__count").inner_text().startswith("2 of")
    assert_inert(visit)
    assert visit.requests and visit.foreign_requests(hostile_url) == [], "searching fetched from another host"
