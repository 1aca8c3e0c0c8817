"""What a reader does with the built site, in headless Chromium: search, follow, hover, filter, no script."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from sitetools import facts_json, serve, settle

pytestmark = pytest.mark.browser

FIGURE_START = re.compile(r"[$€£¥₽\d]")


def test_settle_waits_out_running_and_cancelled_animations(reused_page):
    """The tests' ``settle`` returns once every animation has ended, a cancelled one included (its ``finished``
    rejects: awaiting it fulfilled failed a test now and then, when a transition was replaced mid-way)."""
    page = reused_page().page
    page.set_content("<!doctype html><title>t</title><div id=a>a</div><div id=b>b</div>")
    page.evaluate("""() => {
        window.ended = [];
        const a = document.getElementById("a").animate([{opacity: 1}, {opacity: 0}], 400);
        const b = document.getElementById("b").animate([{opacity: 1}, {opacity: 0}], 5000);
        a.finished.then(() => ended.push("a"));
        setTimeout(() => b.cancel(), 100);
    }""")
    settle(page)
    assert page.evaluate("[window.ended, document.getAnimations().length]") == [["a"], 0]


def test_a_request_to_another_host_is_recorded_and_reaches_nothing(open_page, tmp_path):
    """The browser resolves no host but the test server's: a page asking another host (a name, an address, even a
    server listening on this machine at another loopback address) gets nothing, and the test still sees each request,
    as ``foreign_requests``."""
    import http.server
    import threading

    answered = []

    class Counting(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the base class's name
            answered.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, format, *args):  # noqa: A002 - the base class's signature
            pass

    try:
        other = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Counting)
    except OSError:
        pytest.skip("127.0.0.2 is not a loopback address on this system")
    threading.Thread(target=other.serve_forever, daemon=True).start()
    foreign = ["https://example.com/a.png", "http://10.1.2.3/b.png", f"http://127.0.0.2:{other.server_port}/c.png"]
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>" + "".join(f'<img src="{u}">' for u in foreign),
                                         encoding="utf-8")
    failed = []
    try:
        with serve(tmp_path) as url:
            visit = open_page()
            visit.page.on("requestfailed", lambda request: failed.append(request.url))
            visit.page.goto(url)  # waits for the images to load or fail
            for _ in range(20):  # and for Playwright to tell of each failure
                if len(failed) >= len(foreign):
                    break
                visit.page.wait_for_timeout(50)
    finally:
        other.shutdown()
        other.server_close()
    assert visit.foreign_requests(url) == foreign
    assert answered == [], "a server on another address was reached"
    assert sorted(failed) == sorted(foreign)


def test_a_context_lent_again_forgets_every_earlier_visit(browser, example_url):
    """``open_page``'s tabs share one context per set of options, which first forgets every earlier visit (as a new
    context would, for half its CPU): the stylesheets are downloaded again, not taken from the cache, and nothing an
    earlier page stored is left."""
    from conftest import _Context

    downloaded = ("performance.getEntriesByType('resource').filter(e => e.name.endsWith('.css'))"
                  ".map(e => e.transferSize > e.encodedBodySize)")  # a whole response came, not a cached or 304 one
    shared = _Context(browser, True, {})
    try:
        first = shared.context.new_page()
        shared.lend(first)
        first.goto(example_url)
        first.evaluate("localStorage.setItem('seen', '1')")
        assert first.evaluate(downloaded) and all(first.evaluate(downloaded))
        remembered = shared.context.new_page()
        shared.lend(remembered)
        remembered.goto(example_url)
        assert not any(remembered.evaluate(downloaded)) and remembered.evaluate("localStorage.getItem('seen')") == "1"
        fresh = shared.context.new_page()
        shared.forget(fresh)
        shared.lend(fresh)
        fresh.goto(example_url)
        assert all(fresh.evaluate(downloaded)) and fresh.evaluate("localStorage.getItem('seen')") is None
    finally:
        shared.context.close()


def in_viewport(page, selector: str, timeout: float = 3000, below: float | None = None) -> bool:
    """Whether the element's top edge comes on screen (waiting out any smooth scrolling), ``below`` px from the top
    at most when given."""
    try:
        page.wait_for_function(
            "([s, below]) => { const r = document.querySelector(s).getBoundingClientRect(); return r.top >= 0 && r.top < (below ?? innerHeight); }",
            arg=[selector, below], timeout=timeout,
        )
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: it never came into view
        return False
    return True


def search(page, query: str) -> None:
    """Click into Material's search box and type the query key by key, as a reader does."""
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=15)


def fragment_parts(href: str) -> list[str]:
    """The decoded start (and end) of a ``#:~:text=`` fragment."""
    fragment = urlsplit(href).fragment
    assert fragment.startswith(":~:text="), href
    return [unquote(part) for part in fragment[len(":~:text="):].split(",")]


# --- search ---------------------------------------------------------------------------------------

def test_search_for_a_figure_on_the_real_site(reused_page, real_site, real_url):
    """On the real site, typing a figure as written (e.g. '$4.9 billion') finds its fact and opens at its anchor, the
    heading at the top of the screen. The result's link carries the matched words (?h=), which the page marks on
    arrival (Material's search.highlight)."""
    facts = [f for f in facts_json(real_site)["facts"] if f.get("figure_text")]
    numbers = [FIGURE_START.search(f["figure_text"]) for f in facts]
    typed = [f["figure_text"][m.start():] if m else "" for f, m in zip(facts, numbers, strict=True)]
    # A figure whose written form no other fact shares, in its figure or its claim, so exactly one fact is the right answer.
    everything = facts_json(real_site)["facts"]
    unique = [(f, t) for f, t in zip(facts, typed, strict=True)
              if t and not any(t in f"{o.get('figure_text') or ''} {o['claim']}" for o in everything if o["id"] != f["id"])]
    assert unique, "the real sheet has no figure with a unique written form"
    fact, query = next(((f, t) for f, t in unique if t[0] in "$€£"), unique[0])
    fact_id, topic = fact["id"], fact["topic"]
    page = reused_page().page
    page.goto(real_url)
    search(page, query)
    result = page.locator(f'a.md-search-result__link[href*="/topics/{topic}/"][href$="#{fact_id}"]').first
    result.wait_for()
    marked = parse_qs(urlsplit(result.get_attribute("href")).query).get("h", [""])[0].split()
    assert marked and all(word in query.lower() for word in marked), marked
    result.click()
    page.wait_for_url(re.compile(rf"/topics/{re.escape(topic)}/(\?[^#]*)?#{re.escape(fact_id)}$"))
    settle(page)
    assert page.evaluate("document.querySelector(':target')?.id") == fact_id
    assert in_viewport(page, f'[id="{fact_id}"]', below=300), "the fact's heading is at the top of the screen, under the header"
    page.locator("mark[data-md-highlight]").first.wait_for()


# --- citations and text fragments -------------------------------------------------------------------

def test_figure_links_target_the_article_with_a_text_fragment_of_the_quote(reused_page, example_site, example_url):
    """Each figure's source link is the article URL plus a #:~:text= fragment made of the quote's words."""
    page = reused_page().page
    page.goto(example_url + "topics/machine-tools/")
    data = facts_json(example_site)
    urls = {s["id"]: s["url"] for s in data["sources"]}
    checked = 0
    for fact in data["facts"]:
        if fact["topic"] != "machine-tools" or not fact["figure"]:
            continue
        first = fact["citations"][0]
        if not urls.get(first["source"]):
            continue
        href = page.locator(f'p.fs-figure[data-fact-id="{fact["id"]}"] a.fs-cite').get_attribute("href")
        assert href.split("#")[0] == urls[first["source"]]
        words = first["quote"].split()
        parts = fragment_parts(href)
        assert parts[0].split() == words[: len(parts[0].split())]
        assert parts[-1].split() == words[len(words) - len(parts[-1].split()):]
        checked += 1
    assert checked >= 2


def _article(quote: str) -> str:
    """A stand-in article: the quoted passage far down a page of filler."""
    filler = "".join(f'<p class="filler">Unrelated paragraph {i}.</p>' for i in range(60))
    return ("<!doctype html><html><head><meta charset=utf-8><title>Article</title>"
            "<style>p.filler { height: 60px; }</style></head>"
            f'<body>{filler}<p class="quoted">Before it, {quote} After it.</p>{filler}</body></html>')


def test_following_a_citation_scrolls_the_article_to_the_quote(open_page, example_site, example_url):
    """Clicking 'Open the quoted passage' opens the article scrolled to the quoted words (a stand-in article)."""
    data = facts_json(example_site)
    source = next(s for s in data["sources"] if s["id"] == "copy-2024-04")
    host = urlsplit(source["url"]).hostname
    visit = open_page()
    shown = {}
    visit.page.route(f"https://{host}/**", lambda route: route.fulfill(content_type="text/html", body=_article(shown["quote"])))
    page = visit.page
    page.goto(example_url + "topics/machine-tools/")
    link = page.locator(f'li.fs-citation[data-source-id="{source["id"]}"] a.fs-citation__open').first
    shown["quote"] = page.locator(f'li.fs-citation[data-source-id="{source["id"]}"] .fs-quote').first.inner_text()
    link.click()
    page.wait_for_url(source["url"].split("#")[0] + "#:~:text=*")
    page.wait_for_function("scrollY > 0")
    assert in_viewport(page, "p.quoted"), "the browser did not scroll to the quoted passage"


def test_every_real_quote_fragment_finds_its_passage(open_page, real_site, real_url):
    """Real citation links, one for every host and kind of escaped character, scroll their article to the quote."""
    data = facts_json(real_site)
    quotes = {c["quote"] for f in data["facts"] for c in f["citations"]}
    visit = open_page()
    page = visit.page
    page.goto(real_url + "topics/")
    # The links as the built pages carry them, not as this test would compute them.
    hrefs = sorted(set(page.evaluate("""async () => {
        const pages = Array.from(document.querySelectorAll('.md-content a[href]')).map(a => a.href)
            .filter(h => /\\/topics\\/[^/]+\\/$/.test(h));
        const out = [];
        for (const url of pages) {
            const html = await (await fetch(url)).text();
            const doc = new DOMParser().parseFromString(html, 'text/html');
            doc.querySelectorAll('a.fs-citation__open').forEach(a => out.push(a.getAttribute('href')));
        }
        return out;
    }""")))
    assert hrefs, "no citation links found on the topic pages"
    for href in hrefs:
        assert any(_fragment_fits(href, q) for q in quotes), f"{href[:120]} is not a fragment of any quote"
    shown = {}
    visit.page.route(re.compile(r"^https?://(?!127\\.0\\.0\\.1[:/])"),
                     lambda route: route.fulfill(content_type="text/html", body=_article(shown["quote"])))
    missing = []
    for href in _diverse(hrefs):
        shown["quote"] = next(q for q in quotes if _fragment_fits(href, q))
        page.goto("about:blank")
        page.goto(href)
        try:
            page.wait_for_function(
                "() => { const r = document.querySelector('p.quoted').getBoundingClientRect();"
                " return r.top >= 0 && r.top < innerHeight; }", timeout=2000)
        except Exception:  # noqa: BLE001 - collect every miss, then report them together
            missing.append(href[:200])
    assert not missing, "text fragments that do not scroll to their quote:\n" + "\n".join(missing)


ESCAPES = re.compile(r"%[0-9A-F]{2}(?:%[89AB][0-9A-F])*")


def _diverse(hrefs: list[str], limit: int = 24) -> list[str]:
    """A few links that between them cover every host, both fragment forms and every escaped character."""
    chosen, seen = [], set()
    for href in hrefs:
        fragment = urlsplit(href).fragment
        features = {urlsplit(href).hostname, "," in fragment} | set(ESCAPES.findall(fragment))
        if not features <= seen:
            chosen.append(href)
            seen |= features
    return chosen[:limit]


def _fragment_fits(href: str, quote: str) -> bool:
    parts = fragment_parts(href)
    words = quote.split()
    return parts[0].split() == words[: len(parts[0].split())] and parts[-1].split() == words[len(words) - len(parts[-1].split()):]


# --- citation previews ----------------------------------------------------------------------------

def test_citation_preview_shows_on_hover_and_escape_hides_it_until_it_is_left(reused_page, example_url):
    """Hovering a citation marker shows its preview with the quote; moving away hides it. Escape hides the preview
    shown on focus or hover (WCAG 1.4.13); leaving and coming back shows it again."""
    page = reused_page().page
    page.goto(example_url + "topics/machine-tools/")
    cite = page.locator('p.fs-figure[data-fact-id="machine-tools-share"] a.fs-cite')
    tip = page.locator("#" + cite.get_attribute("aria-describedby"))
    assert not tip.is_visible()
    cite.hover()
    tip.wait_for(state="visible")
    assert "nearly 70% of machine tool imports came from Exampleland" in tip.inner_text()
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")

    cite.focus()
    tip.wait_for(state="visible")
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('fs-cite')"), "Escape keeps the focus where it was"
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    tip.wait_for(state="visible")
    cite.hover()
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")


def test_citation_preview_appears_on_keyboard_focus(reused_page, example_url):
    """Tabbing onto a citation marker shows its preview, without a mouse."""
    page = reused_page().page
    page.goto(example_url)
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('fs-cite')"):
            break
    else:
        pytest.fail("Tab never reached a citation marker")
    tip_id = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    tip = page.locator(f"#{tip_id}")
    assert tip.is_visible()
    assert "“" in tip.inner_text()
    page.keyboard.press("Tab")
    if not page.evaluate("document.activeElement.classList.contains('fs-cite')"):
        assert not tip.is_visible()


# --- the figures table -----------------------------------------------------------------------------

def test_figures_table_filters(reused_page, example_url):
    """The figures table narrows by entity, topic and typed text, and says how many rows it shows."""
    page = reused_page().page
    page.goto(example_url + "figures/")
    form = page.locator("form.fs-filters")
    form.wait_for(state="visible")
    count = form.locator(".fs-filters__count")
    assert count.inner_text() == "2 of 2 figures shown"
    form.locator('select[name="entities"]').select_option("acme-tools")
    assert count.inner_text() == "1 of 2 figures shown"
    assert page.evaluate("Array.from(document.querySelectorAll('#figures-table tbody tr')).filter(r => !r.hidden).length") == 1
    assert page.locator('tr[data-fact-id="machine-tools-share"]').is_visible()
    assert not page.locator('tr[data-fact-id="machine-tools-value"]').is_visible()
    form.locator('select[name="entities"]').select_option("")
    form.locator('input[name="q"]').click()
    page.keyboard.type("900", delay=15)
    assert count.inner_text() == "1 of 2 figures shown"
    assert page.locator('tr[data-fact-id="machine-tools-value"]').is_visible()
    page.keyboard.type(" nothing like this", delay=5)
    assert count.inner_text() == "0 of 2 figures shown"
    for _ in range(len("900 nothing like this")):
        page.keyboard.press("Backspace")
    form.locator('select[name="topic"]').select_option("machine-tools")
    assert count.inner_text() == "2 of 2 figures shown"


# --- without JavaScript ----------------------------------------------------------------------------

def test_pages_work_without_javascript(reused_page, example_site, example_url):
    """With JavaScript off, facts, figures, citation links and previews are all there, and links work: a marker's
    quote shows on hover and on focus, and the reference list at the end of the page carries every quote."""
    page = reused_page(javascript=False).page
    page.goto(example_url)
    inline = page.locator('.fs-ref[data-fact-id="machine-tools-share"] a.fs-ref__value')
    assert inline.inner_text() == "nearly 70%"
    inline.click()
    page.wait_for_url(re.compile(r"/topics/machine-tools/#machine-tools-share$"))
    assert page.evaluate("document.querySelector(':target')?.id") == "machine-tools-share"
    for fact in facts_json(example_site)["facts"]:
        heading = page.locator(f'[id="{fact["id"]}"]')
        assert heading.inner_text() == fact["claim"]
    hrefs = page.evaluate("Array.from(document.querySelectorAll('a.fs-citation__open')).map(a => a.getAttribute('href'))")
    assert hrefs and all("#:~:text=" in h for h in hrefs)
    quotes = {c["quote"] for fact in facts_json(example_site)["facts"] for c in fact["citations"]}
    cite = page.locator("a.fs-cite").first
    tip = page.locator("#" + cite.get_attribute("aria-describedby"))
    cite.hover()
    assert tip.is_visible() and any(q in tip.inner_text() for q in quotes), "hovering a marker shows its quote"
    page.mouse.move(0, 0)
    assert not tip.is_visible()
    cite.focus()
    assert tip.is_visible(), "so does the keyboard focus"
    page.goto(example_url)
    entries = page.locator("section.fs-references q.fs-reflist__quote")
    assert entries.count() > 0 and all(entries.nth(i).inner_text() in quotes for i in range(entries.count())), \
        "the reference list at the end of the page carries every quote, for a reader who can neither hover nor tab"
    page.goto(example_url + "figures/")
    assert not page.locator("form.fs-filters").is_visible()
    assert page.locator("#figures-table tbody tr").count() == 2
    assert all(page.locator("#figures-table tbody tr").nth(i).is_visible() for i in range(2))
    page.locator('#figures-table a[href*="#machine-tools-value"]').click()
    page.wait_for_url(re.compile(r"#machine-tools-value$"))
