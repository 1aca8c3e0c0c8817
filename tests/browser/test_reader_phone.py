"""What a reader sees and taps: citation previews that nothing clips, numbered citations with a reference list,
pages that fit a 390 px phone, charts with readable text, in headless Chromium."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sitetools import facts_json, page_kinds, settle

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
TABLE_MARKER = ".md-typeset__table a.fs-cite"


def _shown_whole(page, tip) -> None:
    """The preview is inside the viewport and is what the reader sees at its corners and centre (nothing clips or covers it)."""
    box = tip.bounding_box()
    view = page.viewport_size
    assert box and box["width"] > 50, "the preview is shown"
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= view["width"] and box["y"] + box["height"] <= view["height"], (box, view)
    inset = 3
    for x, y in ((box["x"] + inset, box["y"] + inset), (box["x"] + box["width"] - inset, box["y"] + box["height"] - inset),
                 (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)):
        assert page.evaluate("([x, y, id]) => !!document.elementFromPoint(x, y)?.closest('#' + id)",
                             [x, y, tip.get_attribute("id")]), f"the preview is hidden at ({x:.0f}, {y:.0f})"


@pytest.mark.parametrize("width", [1280, 390])
def test_preview_in_the_home_table_is_not_clipped(reused_page, real_url, width):
    """Hovering a marker in the home page's table (a scroll box) shows the whole preview, on a desktop and a phone."""
    page = reused_page(viewport={"width": width, "height": 800}).page
    page.goto(real_url)
    settle(page)
    markers = page.locator(TABLE_MARKER)
    assert markers.count() > 0, "the home page's table has citation markers"
    for marker in (markers.first, markers.last):  # the last one sits at the table's right edge
        marker.scroll_into_view_if_needed()
        marker.hover()
        tip = page.locator("#" + marker.get_attribute("aria-describedby"))
        tip.wait_for(state="visible")
        _shown_whole(page, tip)
        page.mouse.move(0, 0)
        tip.wait_for(state="hidden")


def test_first_tap_shows_the_quote_and_a_link_second_tap_opens_the_article(open_page, real_url):
    """On a touch screen a tap on a marker shows its quote with a link to the article, without leaving the page."""
    visit = open_page(**PHONE)
    page = visit.page
    page.goto(real_url)
    settle(page)
    marker = page.locator(TABLE_MARKER).first
    href = marker.get_attribute("href")
    assert href.startswith("https://"), "the marker links to the article"
    marker.scroll_into_view_if_needed()
    marker.tap()
    tip = page.locator("#" + marker.get_attribute("aria-describedby"))
    tip.wait_for(state="visible")
    assert page.url.rstrip("/") == real_url.rstrip("/"), "the first tap stays on the page"
    assert "“" in tip.inner_text()
    link = tip.locator("a.fs-tip__open")
    assert link.get_attribute("href") == href
    _shown_whole(page, tip)
    box = link.bounding_box()
    assert box["height"] >= 24, "the link in the preview is a 24 px target"
    page.locator("h1").first.tap()  # a tap elsewhere closes it
    tip.wait_for(state="hidden")
    host = re.match(r"https://([^/]+)/", href).group(1)
    assert not any(host in url for url in visit.requests), "nothing went to the article yet"
    marker.tap()
    tip.wait_for(state="visible")
    with page.expect_request(lambda request: host in request.url):
        marker.tap()  # the second tap on an open preview's marker opens the article


@pytest.mark.parametrize("kind", ["home", "topic"])
def test_citation_markers_are_24px_targets(reused_page, real_site, real_url, kind):
    """Every citation marker is at least 24 x 24 px (WCAG 2.2 target size), on a phone."""
    page = reused_page(**PHONE).page
    page.goto(real_url + page_kinds(real_site)[kind])
    settle(page)
    boxes = page.locator("a.fs-cite").evaluate_all(
        "links => links.map(a => { const r = a.getBoundingClientRect(); return [a.id || a.outerHTML.slice(0, 120), r.width, r.height]; })")
    assert boxes
    small = [b for b in boxes if b[1] < 24 or b[2] < 24]
    assert small == []


def test_citations_are_numbered_once_per_page_with_a_reference_list(reused_page, real_url):
    """Markers count up across the page in order of first use; a passage cited again keeps its number; the
    reference list at the end has one entry per number, and each back link takes the reader to a marker with it."""
    page = reused_page().page
    page.goto(real_url)
    settle(page)
    markers = page.evaluate(
        "[...document.querySelectorAll('.md-content a.fs-cite')].map(a => [a.textContent, a.id, a.dataset.ref, a.href])")
    numbers = [int(text.strip("[]")) for text, *_ in markers]
    first_uses = list(dict.fromkeys(numbers))
    assert first_uses == list(range(1, len(first_uses) + 1)), numbers
    assert len(numbers) > len(first_uses), "the home page cites some passage twice, and it keeps its number"
    by_number: dict[int, set] = {}
    for n, (_, _, ref, href) in zip(numbers, markers, strict=True):
        by_number.setdefault(n, set()).add((ref, href))
    assert all(len(v) == 1 for v in by_number.values()), "one number, one passage"
    entries = page.locator("section.fs-references ol > li").evaluate_all(
        "lis => lis.map(li => [li.id, [...li.querySelectorAll('a.fs-reflist__open')].map(a => a.getAttribute('href'))])")
    assert len(entries) == len(first_uses)
    assert page.evaluate("document.querySelector('section.fs-references').getBoundingClientRect().top") > \
        page.evaluate("Math.max(...[...document.querySelectorAll('.md-content a.fs-cite')].map(a => a.getBoundingClientRect().top))")
    for i, (entry_id, opens) in enumerate(entries, 1):
        (ref, href), = by_number[i]
        assert entry_id == ref == f"fs-ref-{i}" and opens == [href], (i, entry_id, opens)
    backs = page.locator("section.fs-references a.fs-backref")
    assert backs.count() == len(numbers), "one link back per use"
    toc = page.locator('.md-sidebar--secondary nav.md-nav--secondary a.md-nav__link[href="#fs-references"]')
    assert toc.count() == 1 and toc.text_content().strip() == "References", "the table of contents lists the reference list"
    assert page.evaluate("[...document.querySelectorAll('.md-sidebar--secondary a.md-nav__link')].pop().hash") == \
        "#fs-references", "as the page's last section"
    for back in (backs.first, backs.last):
        target = back.get_attribute("href")
        back.click()
        page.wait_for_function(
            "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
            arg=target[1:])
        number = int(back.evaluate("a => a.closest('li').id.split('-').pop()"))
        assert page.locator(target).inner_text() == f"[{number}]"
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")


KINDS = ["home", "topics index", "topic", "sources index", "source", "entities index", "entity", "data",
         "figures table", "timeline", "corrections", "charts", "methodology", "reference/format"]


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_scrolls_sideways_on_a_phone_and_no_text_is_under_12px(reused_page, real_site, real_url, kind):
    """At 390 px no page is wider than the screen, and no text a reader sees (chart labels included) is under 12 px."""
    kinds = page_kinds(real_site)
    if kind not in kinds:
        pytest.skip(f"this site has no {kind} page")
    page = reused_page(**PHONE).page
    page.goto(real_url + kinds[kind])
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    small = page.evaluate("""[...document.querySelectorAll('body *')]
        .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .filter(e => e.getClientRects().length && e.checkVisibility({visibilityProperty: true})
                     && e.closest('.md-content, .md-footer'))
        .map(e => [e.outerHTML.slice(0, 80), parseFloat(getComputedStyle(e).fontSize) * (e.getScreenCTM ? e.getScreenCTM().a : 1)])
        .filter(([, size]) => size < 12)""")
    assert small == []


def test_chart_text_stays_12px_and_charts_have_title_csv_and_citation(reused_page, real_site, real_url):
    """On a phone every chart's labels are at least 12 px; each chart shows its title above it, links its own CSV
    (the bars' facts and figures) and offers a "Cite this chart" box."""
    page = reused_page(**PHONE).page
    page.goto(real_url + "charts/")
    settle(page)
    figures = page.locator("figure.fs-chart-figure")
    charts = facts_json(real_site)["charts"]
    assert charts and [f.locator(".fs-chart-title").inner_text() for f in figures.all()] == [c["title"] for c in charts]
    for figure in figures.all():
        sizes = figure.evaluate("f => [...f.querySelectorAll('svg text')].map(t => t.getBoundingClientRect().height)")
        assert sizes and min(sizes) >= 12, sizes
        title = figure.locator(".fs-chart-title")
        assert title.is_visible() and title.bounding_box()["y"] < figure.locator("svg.fs-chart").bounding_box()["y"]
        assert title.inner_text() == figure.locator("svg.fs-chart > title").text_content()
        download = figure.locator("a[download]")
        response = page.request.get(page.url.split("#")[0] + download.get_attribute("href"))
        assert response.ok
        rows = list(csv.DictReader(io.StringIO(response.text())))
        bars = figure.evaluate("f => [...f.querySelectorAll('svg a[data-fact-id]')].map(a => [a.dataset.factId, a.textContent])")
        assert [row["fact_id"] for row in rows] == [fact for fact, _ in bars]
        assert all(row["bar"] in text and row["figure"] in text for row, (_, text) in zip(rows, bars, strict=True))
        cite = figure.locator("details.fs-cite-this")
        cite.locator("summary").click()
        assert cite.locator(".fs-cite-this__text").inner_text().startswith(f"“{title.inner_text()}”")


def test_figures_table_reflows_and_filters_offer_only_entities_with_figures(reused_page, real_url):
    """At 390 px each row of the figures table fits the screen; the entity filter lists only entities some figure is about."""
    page = reused_page(**PHONE).page
    page.goto(real_url + "figures/")
    settle(page)
    rows = page.locator("#figures-table tbody tr")
    assert rows.count() > 1
    for row in (rows.first, rows.last):
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        cells = [c.bounding_box() for c in row.locator("td").all() if c.is_visible()]
        assert len(cells) >= 5
        assert all(b["x"] == box["x"] for b in cells), "the cells stack, each starting at the row's left edge"
        assert all(a["y"] + a["height"] <= b["y"] + 0.5 for a, b in zip(cells, cells[1:], strict=False)), "one under the other"
        assert "Claimed by" in row.locator("td").nth(3).evaluate("td => getComputedStyle(td, '::before').content"), \
            "each cell is headed by its column's name"
    select = page.locator('form.fs-filters select[name="entities"]')
    for value in select.evaluate("s => [...s.options].map(o => o.value).filter(Boolean)"):
        select.select_option(value)
        assert page.locator("#figures-table tbody tr:not([hidden])").count() > 0, f"entity {value} has no figures"


# --- source pages, the sources index, print ---------------------------------------------------------

def test_reliability_warning_badge_leads_to_the_warning(reused_page, real_site, real_url):
    """Following a citation's "reliability warning" badge shows that source's warnings."""
    page = reused_page().page
    page.goto(real_url + page_kinds(real_site)["topic"])
    badge = page.locator("a.fs-badge--warning").first
    source = badge.evaluate("a => a.closest('.fs-citation').dataset.sourceId")
    badge.click()
    page.wait_for_url(f"**/sources/{source}/#warnings")
    warning = page.locator("#warnings")
    page.wait_for_function("() => { const r = document.getElementById('warnings').getBoundingClientRect(); "
                           "return r.top >= 0 && r.top < innerHeight; }")
    warnings = next(s["warnings"] for s in facts_json(real_site)["sources"] if s["id"] == source)
    assert "Reliability warnings" in warning.inner_text()
    assert [li.strip() for li in warning.locator("li").all_inner_texts()] == [w["text"] for w in warnings]


def test_inferred_is_explained_where_it_appears(reused_page, real_url):
    """"(inferred)" on a source page links to a sentence saying what it means."""
    page = reused_page().page
    page.goto(real_url + "sources/")
    inferred_pages = [a.get_attribute("href") for a in page.locator(".fs-list a").all()]
    for href in inferred_pages:
        page.goto(real_url + "sources/" + href)
        marker = page.locator("a.fs-inferred")
        if marker.count():
            break
    else:
        pytest.fail("no source page says (inferred)")
    marker.first.click()
    note = page.locator("#inferred")
    assert note.is_visible() and "worked it out from clues" in note.inner_text()


def test_sources_index_leads_with_the_copies_read(reused_page, real_site, real_url):
    """The sources index lists first every copy some fact quotes, then the reports behind them, which none quotes."""
    cited = {c["source"] for f in facts_json(real_site)["facts"] for c in f["citations"]}
    page = reused_page(javascript=False).page
    page.goto(real_url + "sources/")
    links = page.locator(".md-content .fs-list a")
    ids = [a.get_attribute("href").strip("/").split("/")[-1] for a in links.all()]
    split = len([i for i in ids if i in cited])
    assert set(ids[:split]) == cited, "the quoted copies come first"
    assert not set(ids[split:]) & cited
    headings = page.locator(".md-content h2").all_inner_texts()
    assert headings[0].startswith("Copies we read") and headings[1].startswith("Reports behind them")


def test_a_five_fact_topic_prints_compactly_without_cite_this_boxes(open_page, real_site, real_url):
    """Printed, a five-fact topic fits on a few pages (18 before), shows no cite-this box, and prints addresses short."""
    counts: dict[str, int] = {}
    for fact in facts_json(real_site)["facts"]:
        counts[fact["topic"]] = counts.get(fact["topic"], 0) + 1
    topic = next(t for t, n in sorted(counts.items()) if n == 5)
    page = open_page().page
    page.goto(real_url + f"topics/{topic}/")
    settle(page)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # Material opens every <details> here
    assert page.locator("details.fs-cite-this").count() == 5
    assert not any(box.is_visible() for box in page.locator("details.fs-cite-this").all())
    urls = page.locator(".fs-citation__open .fs-print-url").all_inner_texts()
    assert urls and all(len(u.strip(" ()")) <= 40 and not u.strip(" (").startswith("http") for u in urls), urls
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 6, pages


@pytest.mark.parametrize(("kind", "index", "title"), [("source", "sources/", "Sources"), ("entity", "entities/", "Entities")])
def test_source_and_entity_pages_say_where_they_sit(reused_page, real_site, real_url, kind, index, title):
    """A source or entity page (not listed in the navigation itself) names its index above its title, linked, and itself."""
    page = reused_page().page
    page.goto(real_url + page_kinds(real_site)[kind])
    crumb = page.locator("nav.fs-breadcrumb")
    assert crumb.is_visible()
    assert crumb.locator("[aria-current=page]").inner_text() in page.locator("h1").inner_text()
    crumb.get_by_role("link", name=title).click()
    page.wait_for_url(real_url + index)


def test_links_in_the_home_table_are_24px_targets_that_nothing_covers(reused_page, real_url):
    """In a table a figure is not inside a sentence, so WCAG 2.2's inline exemption does not apply: every link in the
    home page's tables, figure or marker, is at least 24 px high, and its centre is the link itself, not a neighbour."""
    page = reused_page(**PHONE).page
    page.goto(real_url)
    settle(page)
    # Each link in turn at the middle of the screen, clear of the sticky header: its height, and what is at its centre.
    links = page.locator("article table a.fs-ref__value, article table a.fs-cite").evaluate_all("""links => links.map(el => {
        el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
        const r = el.getBoundingClientRect(), hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return {html: el.outerHTML.slice(0, 300), height: r.height, hit: !!hit && (hit === el || el.contains(hit))};
    })""")
    assert links
    assert [link["html"] for link in links if link["height"] < 24] == []
    assert [link["html"] for link in links if not link["hit"]] == []
