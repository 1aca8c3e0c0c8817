"""Origins per passage: a citation's ``relays`` on the fact, the source pages and the downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from htmltree import parse
from rich_sheet import SITE, rich_sheet

from factsheet.export.data import data_files
from factsheet.model import urls
from factsheet.render.html import fact_block
from factsheet.render.pages import all_pages


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    return rich_sheet(tmp_path_factory.mktemp("rich"))


@pytest.fixture(scope="module")
def pages(sheet):
    return {src: page.html for src, page in all_pages(sheet, SITE).items()}


def meta_row(page: str, name: str):
    """The value of one row of a source page's table (a ``<dd>``), parsed."""
    table = parse(page).find("dl", cls="fs-meta")
    terms = table.find_all("dt")
    values = table.find_all("dd")
    return dict(zip([t.text() for t in terms], values, strict=True))[name]


def test_each_citation_says_where_its_passage_comes_from(sheet):
    """A passage with ``relays`` names what it relays, linked to its source page; ``[]`` says the copy's own words."""
    items = parse(fact_block(sheet, SITE, "topics/plants.md", sheet.facts["engines"])).find_all("li", cls="fs-citation")
    assert items[0].find_all(cls="fs-citation__origin") == []  # no relays: the source's based_on stands
    relayed = items[1].find(cls="fs-citation__origin")
    assert relayed.text() == "(this passage relays Latvian media)"
    assert relayed.find("a")["href"] == "../../sources/latvian-media/"
    assert items[2].find(cls="fs-citation__origin").text() == "(this passage is the copy’s own words)"


def test_per_passage_relays_add_independent_origins(sheet):
    """Three passages of one copy relaying three origins count as three independent origins."""
    badges = parse(fact_block(sheet, SITE, "topics/plants.md", sheet.facts["engines"])).find(cls="fs-badges")
    assert badges.find(cls="fs-badge--origins").text() == "3 independent origins"


def test_copy_page_lists_each_origin_its_passages_relay(pages):
    """The copy's "Independent origin" row names its based_on origin, then what some passages relay instead."""
    row = meta_row(pages[urls.SOURCE.format("copy")], "Independent origin")
    assert row.text() == (
        "The Telegraph: An investigation; Latvian media: Reports in Latvian media (for some passages); "
        "the copy’s own words (for some passages)"
    )
    assert [a["href"] for a in row.find_all("a")] == ["../telegraph/", "../latvian-media/"]


def test_copy_page_relays_row_includes_per_passage_relays(pages):
    """The "Relays" row lists the based_on reports and, marked, those only some passages relay."""
    row = meta_row(pages[urls.SOURCE.format("copy")], "Relays")
    assert row.text() == "The Telegraph: An investigation; Latvian media: Reports in Latvian media (for some passages)"


def test_a_source_only_relayed_by_a_passage_is_relayed_by_the_copy(sheet, pages):
    """A report that a copy's passage relays lists the copy under "Relayed by"."""
    relayed_by = sheet.relayed_by
    assert relayed_by["latvian-media"] == ["copy"]
    row = meta_row(pages[urls.SOURCE.format("latvian-media")], "Relayed by")
    assert row.find("a")["href"] == "../copy/"


def test_origin_page_lists_every_fact_that_relays_it(pages):
    """An origin's page lists the facts whose passages relay it, with each quote and the copy carrying it."""
    page = parse(pages[urls.SOURCE.format("latvian-media")])
    assert page.find("h2", id="relayed").text() == "Facts relaying this source (1)"
    item = page.find("ul", cls="fs-reverse").find("li", data_fact_id="engines")
    assert item.find("a")["href"] == "../../topics/plants/#engines"
    assert [q.text() for q in item.find_all("blockquote")] == ["shipments passed through Kazakhstan — via Newsy Today"]


def test_origin_page_leaves_out_passages_that_relay_something_else(pages):
    """The Telegraph's page lists only the passage relaying it by default, not the ones relaying others."""
    item = parse(pages[urls.SOURCE.format("telegraph")]).find("li", data_fact_id="engines")
    assert [q.text() for q in item.find_all("blockquote")] == ["engines went through third countries — via Newsy Today"]


def test_passage_relays_and_origins_in_csv(sheet):
    """The CSV says per citation what it relays ("own" for the copy's own words) and its origins."""
    text = data_files(sheet, SITE)["data/facts.csv"].decode()
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["fact_id"] == "engines"]
    assert [(r["citation_relays"], r["citation_origins"]) for r in rows] == [
        ("", "telegraph"), ("latvian-media", "latvian-media"), ("own", "copy"),
    ]


def test_passage_relays_and_origins_in_json(sheet):
    """facts.json gives each citation its relays and its origins, and the fact all of them."""
    data = json.loads(data_files(sheet, SITE)["data/facts.json"])
    fact = next(f for f in data["facts"] if f["id"] == "engines")
    assert [(c["relays"], c["origins"]) for c in fact["citations"]] == [
        (None, ["telegraph"]), (["latvian-media"], ["latvian-media"]), ([], ["copy"]),
    ]
    assert fact["origins"] == ["telegraph", "latvian-media", "copy"]
