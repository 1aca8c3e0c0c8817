"""Corrections, withdrawals, unhedged claims and "Report a problem": what readers and machines see of them."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET  # noqa: N817 - the usual name

import pytest
from helpers import SOURCES, TOPIC, write_facts
from htmltree import parse
from rich_sheet import REPORTING, SITE, rich_sheet

from factsheet.export.data import data_files
from factsheet.export.jsonld import claim_jsonld
from factsheet.load.loader import load
from factsheet.model import urls
from factsheet.render.html import fact_block, inline_figure
from factsheet.render.pages import all_pages, corrections_page

ATOM = "{http://www.w3.org/2005/Atom}"
TOPIC_PAGE = "topics/supplies.md"


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    return rich_sheet(tmp_path_factory.mktemp("rich"))


@pytest.fixture(scope="module")
def pages(sheet):
    return {src: page.html for src, page in all_pages(sheet, SITE).items()}


@pytest.fixture(scope="module")
def files(sheet):
    return data_files(sheet, SITE)


def block(sheet, fact_id: str, site=SITE):
    """The parsed fact block of a fact, on its topic page."""
    return parse(fact_block(sheet, site, urls.TOPIC.format(sheet.facts[fact_id].topic), sheet.facts[fact_id]))


def csv_rows(files, fact_id: str) -> list[dict]:
    return [r for r in csv.DictReader(io.StringIO(files["data/facts.csv"].decode())) if r["fact_id"] == fact_id]


def json_fact(files, fact_id: str) -> dict:
    return next(f for f in json.loads(files["data/facts.json"])["facts"] if f["id"] == fact_id)


def feed_entries(files) -> dict[str, ET.Element]:
    root = ET.fromstring(files["feed.xml"])
    return {e.find(f"{ATOM}id").text.rsplit("#", 1)[1]: e for e in root.iter(f"{ATOM}entry")}


# --- withdrawn facts -----------------------------------------------------------------------------

def test_withdrawn_fact_keeps_its_permalink_and_says_why(pages):
    """The topic page still has the withdrawn fact's anchor, with the date and reason of the withdrawal."""
    page = parse(pages[TOPIC_PAGE])
    article = page.find("article", data_fact_id="old-estimate")
    assert article.find(id="old-estimate").tag == "h2"
    assert "fs-fact--withdrawn" in article.classes
    assert article.find(cls="fs-withdrawn").text() == (
        "Withdrawn on 15 March 2026: The article gives no such estimate; we had confused it with another report."
    )


def test_withdrawn_notice_comes_first(sheet):
    """The notice is the first thing after the claim, before the figure."""
    article = block(sheet, "old-estimate").find("article")
    tags = [(c.tag, c.classes) for c in article.children if not isinstance(c, str)]
    assert tags[0][0] == "h2" and "fs-withdrawn" in tags[1][1]


def test_withdrawn_fact_is_left_out_of_figures_and_timeline(pages):
    """Neither the figures table nor the timeline lists a withdrawn fact."""
    figures = parse(pages[urls.FIGURES])
    assert [r["data-fact-id"] for r in figures.find("tbody").find_all("tr")] == ["tools-value", "chips-value", "parts-total", "tools-share"]
    assert parse(pages[urls.TIMELINE]).find_all("li", data_fact_id="old-estimate") == []


def test_inline_reference_to_withdrawn_fact_is_marked(sheet):
    """``[[fact:ID]]`` of a withdrawn fact shows "(withdrawn)" next to the figure."""
    ref = parse(inline_figure(sheet, SITE, "index.md", sheet.facts["old-estimate"], "r1")).find(cls="fs-ref")
    assert "fs-ref--withdrawn" in ref.classes
    assert ref.find(cls="fs-ref__withdrawn").text() == "(withdrawn)"
    assert ref.find("a", cls="fs-ref__value")["title"].startswith("Withdrawn: The article gives no such estimate")


def test_withdrawn_fact_in_feed(files):
    """The feed entry of a withdrawn fact is titled "Withdrawn: ..." and gives the reason."""
    entry = feed_entries(files)["old-estimate"]
    assert entry.find(f"{ATOM}title").text == "Withdrawn: An early estimate put the parts at $9 billion."
    assert entry.find(f"{ATOM}summary").text.startswith(
        "Withdrawn 15 March 2026: The article gives no such estimate; we had confused it with another report."
    )
    assert entry.find(f"{ATOM}updated").text == "2026-03-15T00:00:00Z"


def test_withdrawn_fact_in_downloads(files):
    """CSV and JSON carry the withdrawal's date and reason."""
    row = csv_rows(files, "old-estimate")[0]
    assert (row["withdrawn"], row["withdrawn_reason"]) == ("2026-03-15", "The article gives no such estimate; we had confused it with another report.")
    assert json_fact(files, "old-estimate")["withdrawn"] == {
        "date": "2026-03-15", "reason": "The article gives no such estimate; we had confused it with another report."
    }
    assert csv_rows(files, "tools-value")[0]["withdrawn"] == ""


def test_withdrawn_fact_json_ld_says_withdrawn(sheet):
    """The schema.org Claim of a withdrawn fact has the status Withdrawn and the reason as a correction."""
    claim = claim_jsonld(sheet, SITE, sheet.facts["old-estimate"])
    assert claim["creativeWorkStatus"] == "Withdrawn"
    assert claim["correction"][0]["text"].startswith("Withdrawn: The article gives no such estimate")


# --- corrections ---------------------------------------------------------------------------------

def test_corrections_listed_on_the_fact_newest_first(sheet):
    """A corrected fact lists each correction with its date, what changed and why, the latest first."""
    items = block(sheet, "chips-value").find(cls="fs-corrections").find_all("li")
    assert [i.find("time")["datetime"] for i in items] == ["2026-03-15", "2026-02-03"]
    assert items[1].text() == "3 February 2026 — The figure was $4.5 billion; it is $4.9 billion. We misread the article's table."


def test_corrected_fact_is_dated_by_its_latest_correction(sheet):
    """The fact's "Last updated" is the date of its latest correction."""
    foot = block(sheet, "chips-value").find(cls="fs-fact__foot")
    assert foot.find("time")["datetime"] == "2026-03-15"


def test_corrections_page_lists_every_change_newest_first_by_date(pages):
    """The corrections page groups corrections and withdrawals under their dates, newest first."""
    page = parse(pages[urls.CORRECTIONS])
    headings = [h.find("time")["datetime"] for h in page.find_all("h2")]
    assert headings == ["2026-03-15", "2026-02-03"]
    lists = page.find_all("ul", cls="fs-corrections-log")
    assert [li["data-fact-id"] for li in lists[0].find_all("li")] == ["chips-value", "old-estimate"]
    assert [li["data-fact-id"] for li in lists[1].find_all("li")] == ["chips-value"]


def test_corrections_page_links_each_claim_to_its_permalink_with_what_and_why(pages):
    """Each entry links the fact's claim to its permalink and says what changed and why."""
    item = parse(pages[urls.CORRECTIONS]).find_all("ul", cls="fs-corrections-log")[1].find("li")
    link = item.find("a")
    assert link["href"] == "../topics/supplies/#chips-value"
    assert link.text() == "Microchips worth $4.9 billion went to the arms industry."
    assert item.text().endswith("Corrected: The figure was $4.5 billion; it is $4.9 billion. We misread the article's table.")


def test_corrections_page_says_when_there_are_none(tmp_path):
    """A sheet with no corrections gets a page that says so."""
    sheet, _ = load(write_facts(tmp_path))
    page = parse(corrections_page(sheet, SITE).html)
    assert "No fact has been corrected or withdrawn." in page.text()
    assert page.find_all("h2") == []


def test_corrected_fact_in_feed(files):
    """A corrected fact's feed entry is updated on its latest correction's date and says what was corrected."""
    entry = feed_entries(files)["chips-value"]
    assert entry.find(f"{ATOM}updated").text == "2026-03-15T00:00:00Z"
    assert entry.find(f"{ATOM}published").text == "2026-01-10T00:00:00Z"
    assert entry.find(f"{ATOM}summary").text.startswith(
        "Corrected 15 March 2026: The claim now names microchips rather than electronics."
    )


def test_feed_lists_latest_changes_first(files):
    """Corrected and withdrawn facts lead the feed, which is ordered by each fact's latest change."""
    assert list(feed_entries(files))[:2] == ["old-estimate", "chips-value"]


def test_feed_names_its_own_address(files):
    """The feed's rel="self" link is the address of feed.xml itself."""
    root = ET.fromstring(files["feed.xml"])
    assert [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"] == [
        "https://example.org/sheet/feed.xml"
    ]


def test_corrections_in_csv(files):
    """The CSV's corrections column holds each "DATE: change (reason)", newest first, joined by " | "."""
    assert csv_rows(files, "chips-value")[0]["corrections"] == (
        "2026-03-15: The claim now names microchips rather than electronics. (The article says microchips.) | "
        "2026-02-03: The figure was $4.5 billion; it is $4.9 billion (We misread the article's table.)"
    )


def test_corrections_in_json(files):
    """facts.json carries each correction with its date, change and reason."""
    corrections = json_fact(files, "chips-value")["corrections"]
    assert corrections[0] == {"date": "2026-02-03", "change": "The figure was $4.5 billion; it is $4.9 billion",
                              "reason": "We misread the article's table."}
    assert json_fact(files, "chips-value")["last_updated"] == "2026-03-15"


def test_corrections_in_json_ld(sheet):
    """The schema.org Claim lists each correction as a dated CorrectionComment."""
    claim = claim_jsonld(sheet, SITE, sheet.facts["chips-value"])
    assert [(c["@type"], c["datePublished"]) for c in claim["correction"]] == [
        ("CorrectionComment", "2026-03-15"), ("CorrectionComment", "2026-02-03"),
    ]


# --- unhedged claims -----------------------------------------------------------------------------

def test_unhedged_reason_is_shown(sheet):
    """A claim stated without its quote's hedge says so, with the reason."""
    note = block(sheet, "drone-plant").find(cls="fs-unhedged")
    assert note.text() == "Stated without the source’s hedge: Satellite images published since confirm the plant's output."


def test_unhedged_reason_in_downloads(files):
    """CSV and JSON carry the unhedged reason."""
    assert csv_rows(files, "drone-plant")[0]["unhedged"] == "Satellite images published since confirm the plant's output."
    assert json_fact(files, "drone-plant")["unhedged"] == "Satellite images published since confirm the plant's output."


def test_hedged_fact_has_no_unhedged_note(sheet):
    """Facts that keep their hedge, or have none, show no such note."""
    assert block(sheet, "tools-value").find_all(cls="fs-unhedged") == []


# --- report a problem, and what never leaves the engine ------------------------------------------

def test_report_link_in_fact_foot_carries_encoded_id_url_and_claim(sheet):
    """With a report address set, each fact's foot links to it with the fact id, permalink and claim URL-encoded."""
    link = block(sheet, "tools-value", REPORTING).find(cls="fs-report").find("a")
    assert link.text() == "Report a problem"
    assert link["href"] == (
        "https://issues.example.org/new?title=Problem+with+tools-value"
        "&body=https%3A%2F%2Fexample.org%2Fsheet%2Ftopics%2Fsupplies%2F%23tools-value"
        "%0AMachine%20tools%20worth%20%243.1%20billion%20went%20to%20the%20arms%20industry."
    )


def test_no_report_link_without_an_address(sheet):
    """Without a report address, no fact shows the link."""
    assert block(sheet, "tools-value").find_all(cls="fs-report") == []


def test_positions_never_reach_facts_json(files):
    """facts.json has no ``pos`` or ``key_pos`` anywhere (where a value was written is not data)."""
    found = []

    def walk(value, path):
        if isinstance(value, dict):
            found.extend(f"{path}.{k}" for k in value if k in ("pos", "key_pos"))
            for k, v in value.items():
                walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")

    walk(json.loads(files["data/facts.json"]), "$")
    assert found == []


def test_feed_stays_well_formed_with_markup_in_corrections(tmp_path):
    """Markup and ampersands in a correction or withdrawal reach the feed as text, and the feed still parses."""
    topic = TOPIC + """\
    corrections:
      - date: 2026-11-24
        change: "<b>was</b> 60% & </summary><script>x</script>"
        reason: "]]> <!-- & more"
"""
    sheet, report = load(write_facts(tmp_path, SOURCES, topics={"tools": topic}))
    assert sheet is not None, report.items
    root = ET.fromstring(data_files(sheet, SITE)["feed.xml"])
    summary = root.find(f"{ATOM}entry/{ATOM}summary").text
    assert summary.startswith("Corrected 24 November 2026: <b>was</b> 60% & </summary><script>x</script>. ]]> <!-- & more.")


def test_feed_links_keep_a_quote_in_the_site_address(sheet):
    """A site address with a double quote in it reaches the feed's link attributes escaped: the feed still parses."""
    site = urls.Site('https://example.org/a"b/', True, "Example sheet")
    root = ET.fromstring(data_files(sheet, site)["feed.xml"])
    assert [link.get("href") for link in root.findall(f"{ATOM}link")] == ['https://example.org/a"b/', 'https://example.org/a"b/feed.xml']
    assert root.find(f"{ATOM}entry/{ATOM}link").get("href").startswith('https://example.org/a"b/topics/')
