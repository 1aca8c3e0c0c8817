"""The sharded search worker in Chromium: what it fetches, what it finds, and that it agrees with the Python side."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from sitetools import add_search_worker, search_for

from factsheet.render.searchindex import Tokenizer, shard_key

pytestmark = pytest.mark.browser

SEPARATOR = r'[\s\-,:;!=\[\]()"/$%€£“”]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;'


def _search(visit, url: str, query: str, *, at_once: bool = False) -> None:
    """Type the query key by key, as a reader does; or ``at_once``: the box filled and one key up, so the only
    results ever shown are the whole query's (key by key, a partial query's results may show first)."""
    page = visit.page
    page.goto(url)
    if at_once:
        search_for(page, query)
    else:
        page.locator("input.md-search__input").click()
        page.keyboard.type(query, delay=20)


def _search_files(visit, base_url: str) -> list[str]:
    return [u[len(base_url):] for u in visit.requests if u.startswith(base_url + "search/")]


def _worker_page(reused_page):
    """A blank page with the worker script loaded as a plain script: it only defines FactsheetSearch. The tab is the
    worker's reused one: these tests fetch nothing and run nothing but the script."""
    page = reused_page().page
    page.set_content("<!doctype html><title>worker</title>")
    add_search_worker(page)
    return page


SAMPLES = [
    "$4.9 billion of microchips",
    "<p>Nearly 70% of machine tool imports came from Exampleland.</p>",
    "PowerPoint and JavaScript, i.e. camelCase",
    "AT&amp;T &lt;script&gt;alert(1)&lt;/script&gt; “quoted” (brackets) [1]",
    "Завод №1 in Ürümqi; 中国 — e.g. 3.5-inch",
    "the value of the machines, as of 2023.",
]


def test_the_worker_tokenizes_as_the_index_was_tokenized(reused_page):
    """The JavaScript tokenizer gives the Python one's terms for the same text (else typed words would miss)."""
    page = _worker_page(reused_page)
    config = {"separator": SEPARATOR, "pipeline": ["stopWordFilter"]}
    python = Tokenizer(config)
    meta = {"stopwords": sorted(python.stop_words), "trimmer": False}
    script = """([config, meta, texts]) => texts.map(text => {
        const t = new FactsheetSearch.Tokenizer(config, meta);
        return text.split(/<[^>]*>/).flatMap(block => t.ranges(block).map(r => r[0])).filter(x => !t.stop[x]);
    })"""
    javascript = page.evaluate(script, [config, meta, SAMPLES])
    assert dict(zip(SAMPLES, javascript, strict=True)) == {text: python.tokens(text) for text in SAMPLES}


def test_the_query_syntax_is_materials(reused_page):
    """Words are prefixes; +word and quoted words are required whole; -word is excluded; stop words drop."""
    page = _worker_page(reused_page)
    script = """([query, separator]) => FactsheetSearch.parse(query,
        new FactsheetSearch.Tokenizer({separator}, {stopwords: ["the", "of"]}))"""
    clauses = page.evaluate(script, ['machine -tools +china "value of" title:chips~1 the', SEPARATOR])
    assert [(c["term"], c["presence"], c["prefix"]) for c in clauses] == [
        ("machine", 0, True), ("tools", 2, False), ("china", 1, False), ("value", 1, False), ("chips", 0, True), ("the", 0, True),
    ]
    assert page.evaluate(script, ["$4.9 billion", SEPARATOR]) == [
        {"term": "4.9", "presence": 0, "prefix": True}, {"term": "billion", "presence": 0, "prefix": True}]


def test_highlighting_marks_terms_and_lets_no_markup_through(reused_page):
    """Matched terms are wrapped in <mark>; entities stay whole; tags other than bare formatting ones are escaped."""
    page = _worker_page(reused_page)
    script = """([html, separator]) => FactsheetSearch.highlight(html,
        new FactsheetSearch.Tokenizer({separator}, {}), term => term.startsWith("mach") || term === "at&amp")"""
    out = page.evaluate(script, ['<p>Machine tools from AT&amp;T</p><img src=x onerror="alert(1)"><script>x</script>', SEPARATOR])
    assert out.startswith("<p><mark>Machine</mark> tools from <mark>AT&amp;</mark>T</p>")
    assert "<img" not in out and "<script" not in out and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
    raw = page.evaluate(script, ["<p>5 < 6 & 7 > 3 &quot;ok&quot;</p>", SEPARATOR])
    assert raw == "<p>5 &lt; 6 &amp; 7 &gt; 3 &quot;ok&quot;</p>"


def test_a_first_search_fetches_a_few_small_files_not_the_index(open_page, example_site, example_url):
    """Typing a figure fetches the manifest, the shards of its words and a few document chunks, far less than all."""
    visit = open_page()
    _search(visit, example_url, "$900 million")
    visit.page.locator('a.md-search-result__link[href$="#machine-tools-value"]').first.wait_for()
    visit.page.wait_for_load_state("networkidle")
    fetched = _search_files(visit, example_url)
    assert fetched[0] == "search/search_index.json" and fetched[1].endswith("/meta.json"), fetched
    assert len(fetched) == len(set(fetched)), "a file was fetched twice"
    config = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    typed = {shard_key(term) for term in Tokenizer(config).tokens("$900 million")}  # keystrokes in between are dropped
    shards = {Path(f).stem for f in fetched if "/t/" in f}
    assert shards == typed, (shards, typed)
    everything = [p for p in (example_site / "search").rglob("*.json")]
    weight = sum(len(gzip.compress((example_site / f).read_bytes())) for f in fetched)
    assert len(fetched) < len(everything) / 2
    assert weight < sum(len(gzip.compress(p.read_bytes())) for p in everything) / 2


def test_results_are_marked_grouped_and_exclude_what_is_excluded(open_page, example_url):
    """The matched word is marked in the results; "-word" removes what has it; a miss says there is none."""
    visit = open_page()
    _search(visit, example_url, "exampleland", at_once=True)  # key by key, "examplel" may be marked first
    first = visit.page.locator(".md-search-result__item").first
    first.wait_for()
    assert first.locator("mark").first.inner_text().lower() == "exampleland"
    count = visit.page.locator(".md-search-result__meta").inner_text()
    assert "matching document" in count

    page = visit.page
    page.locator("input.md-search__input").fill("")
    page.keyboard.type("machine -milling", delay=20)
    # Results of the partial query "machine " may still be on screen while the worker answers the whole one.
    page.wait_for_function("""() => {
        const items = [...document.querySelectorAll('.md-search-result__item')];
        return items.length > 0 && !items.some(i => i.textContent.toLowerCase().includes('milling'));
    }""", timeout=20_000)
    texts = page.locator(".md-search-result__item").all_inner_texts()
    assert texts and not any("milling" in t.lower() for t in texts)

    page.locator("input.md-search__input").fill("")
    page.keyboard.type("zzyzxqq", delay=20)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('No matching')")
    assert page.locator(".md-search-result__item").count() == 0


def test_a_broken_shard_costs_one_search_not_the_session(open_page, example_url):
    """A shard that fails to load gives no results for that query and is fetched again on the next."""
    visit = open_page()
    failed = {"count": 0}

    def fail_once(route):
        if failed["count"] == 0:
            failed["count"] += 1
            route.fulfill(status=500, body="")
        else:
            route.fallback()

    visit.page.route("**/search/v*/t/6d-61.json", fail_once)
    page = visit.page
    page.goto(example_url)
    search_for(page, "machine")  # one search, whose shard fails
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('No matching')")
    search_for(page, "machines")
    visit.page.locator(".md-search-result__item").first.wait_for()
    assert failed["count"] == 1


def test_the_worker_stays_in_its_folder(example_site):
    """The worker finds the index relative to itself: it must live two folders below the site root."""
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert 'data-search-worker="assets/factsheet/search-worker.js"' in home
    config = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert (example_site / "search" / config["factsheet"]["path"] / "meta.json").is_file()


def test_words_that_name_object_properties_are_plain_words(reused_page):
    """'constructor' and '__proto__' are not stop words just because plain objects have them: +word and -word work."""
    page = _worker_page(reused_page)
    script = """([query]) => {
        const t = new FactsheetSearch.Tokenizer({separator: "[\\\\s\\\\-]+"}, {stopwords: ["the"]});
        return FactsheetSearch.parse(query, t).map(c => [c.term, c.presence]);
    }"""
    assert page.evaluate(script, ["the +constructor -__proto__ hasOwnProperty"]) == [
        ["constructor", 1], ["__proto__", 2], ["hasownproperty", 0]]


def test_results_lead_only_to_pages_of_this_site(reused_page):
    """A tampered index cannot make a result link to javascript:, data: or another host."""
    from factsheet.render.searchindex import build

    docs = [{"location": loc, "title": f"Page {n}", "text": "beta gamma"} for n, loc in enumerate(
        ["a/", "javascript:alert(1)", " JavaScript:alert(2)", "data:text/html,x", "//evil.example/", "https://evil.example/",
         "\\\\evil.example/", "b/#beta"])]
    files = {path.split("/", 2)[2]: json.loads(data) for path, data in build(
        {"config": {"separator": "[\\s\\-]+", "pipeline": []}, "docs": docs}).items() if path.count("/") >= 2}
    page = _worker_page(reused_page)
    script = """async ([files]) => {
        const index = new FactsheetSearch.Index({separator: "[\\\\s\\\\-]+"}, "", async path => files[path]);
        const result = await index.search("beta");
        return result.items.flat().map(item => item.location);
    }"""
    assert sorted(page.evaluate(script, [files])) == ["a/", "b/#beta"]


def test_a_missing_index_says_search_is_unavailable(open_page, example_url):
    """When the index cannot be loaded, the reader is told search is unavailable, not that nothing matches."""
    visit = open_page()
    visit.page.route("**/search/v*/meta.json", lambda route: route.fulfill(status=404, body=""))
    _search(visit, example_url, "machine")
    visit.page.locator(".md-search-result__item", has_text="Search is unavailable").first.wait_for()
