"""Derived facts, computed by the sheet from other facts: their calculation, and how a fact citing nothing renders."""

from __future__ import annotations

import csv
import io
import json

import markdown
import pytest
from helpers import write_facts
from htmltree import parse
from rich_sheet import ENTITIES, SITE, SOURCES, SUPPLIES, rich_sheet

from factsheet.export.cite import fact_text
from factsheet.export.data import data_files
from factsheet.export.jsonld import claim_jsonld
from factsheet.load.loader import load
from factsheet.mdext import FactExtension
from factsheet.render.html import fact_block
from factsheet.render.pages import topic_page


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    return rich_sheet(tmp_path_factory.mktemp("rich"))


def block(sheet, fact_id: str, page: str = "topics/supplies.md"):
    """The parsed fact block of a fact, as shown on ``page``."""
    return parse(fact_block(sheet, SITE, page, sheet.facts[fact_id]))


def test_sum_shows_its_calculation_linked_to_each_input(sheet):
    """A sum reads "a + b = total", each input linked to its fact's permalink."""
    calc = block(sheet, "parts-total").find(cls="fs-calc__sum")
    assert calc.text() == "Calculation: $3.1 billion + $4.9 billion = $8 billion"
    assert [(a["data-fact-id"], a["href"]) for a in calc.find_all("a")] == [
        ("tools-value", "#tools-value"), ("chips-value", "#chips-value"),
    ]


def test_calculation_links_work_from_another_page(sheet):
    """Shown on another page, the inputs link to their topic page's anchors."""
    links = block(sheet, "parts-total", "index.md").find(cls="fs-calc__sum").find_all("a")
    assert [a["href"] for a in links] == ["topics/supplies/#tools-value", "topics/supplies/#chips-value"]


def test_calculation_says_what_each_input_is(sheet):
    """Under the calculation, each input's figure is paired with its claim."""
    items = block(sheet, "parts-total").find(cls="fs-calc__inputs").find_all("li")
    assert [i.text() for i in items] == [
        "$3.1 billion: Machine tools worth $3.1 billion went to the arms industry.",
        "$4.9 billion: Microchips worth $4.9 billion went to the arms industry.",
    ]


def test_share_reads_as_a_share(sheet):
    """A share reads "x as a share of y = z%"."""
    calc = block(sheet, "tools-share").find(cls="fs-calc__sum")
    assert calc.text() == "Calculation: $3.1 billion as a share of $8 billion = 38.75%"


def test_difference_uses_a_minus_sign(tmp_path):
    """A difference reads "a − b = c", with a true minus sign."""
    topic = SUPPLIES.replace("derived: {op: sum, of: [tools-value, chips-value]}", "derived: {op: difference, of: [chips-value, tools-value]}")
    topic = topic.replace("claim: The two reported parts add up to $8 billion.", "claim: Microchips outweigh machine tools.")
    topic = topic.replace("of the two reported parts.", "of the gap.")
    sheet, report = load(write_facts(tmp_path, SOURCES, ENTITIES, {"supplies": topic}))
    assert sheet is not None, [str(d) for d in report.items]
    calc = block(sheet, "parts-total").find(cls="fs-calc__sum")
    assert calc.text() == "Calculation: $4.9 billion − $3.1 billion = $1.8 billion"


def test_derived_fact_without_citations_says_no_article_states_it(sheet):
    """A derived fact citing nothing says the sheet computed it, and has no empty citation list."""
    fact = block(sheet, "parts-total")
    assert fact.find(cls="fs-calc__note").text() == (
        "Computed by the fact sheet from the facts above; no article states this figure."
    )
    assert fact.find_all("ol", cls="fs-citations") == []
    assert fact.find(cls="fs-figure").find_all(cls="fs-cite") == []
    assert fact.find(cls="fs-figure__value").text() == "$8 billion"


def test_derived_fact_is_badged_computed(sheet):
    """The badges say the figure is computed, and count the articles behind its inputs."""
    badges = [b.text() for b in block(sheet, "parts-total").find(cls="fs-badges").find_all("span")]
    assert badges == ["1 article", "1 independent origin", "Computed"]


def test_inline_reference_to_derived_fact_links_to_its_calculation(sheet):
    """``[[fact:ID]]`` of a derived fact citing nothing shows the figure, linked to the fact, and no article markers."""
    html = markdown.markdown("Together [[fact:parts-total]].", extensions=[FactExtension(sheet=sheet, site=SITE)])
    ref = parse(html).find(cls="fs-ref")
    assert ref.find("a", cls="fs-ref__value").text() == "$8 billion"
    assert ref.find("a", cls="fs-ref__value")["href"] == "topics/supplies/#parts-total"
    assert ref.find_all(cls="fs-cite") == []
    assert ref.find("a", cls="fs-ref__computed")["href"] == "topics/supplies/#parts-total"


def test_derived_fact_gets_one_csv_row(sheet):
    """A derived fact citing nothing has one CSV row: its figure and derivation, the citation columns empty."""
    text = data_files(sheet, SITE)["data/facts.csv"].decode()
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["fact_id"] == "parts-total"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["value"], row["unit"], row["scale"], row["derived"]) == ("8", "USD", "billion", "sum of tools-value, chips-value")
    assert row["citation_index"] == row["source_id"] == row["quote"] == row["citation_origins"] == ""


def test_derived_fact_in_json_carries_its_computation(sheet):
    """facts.json gives the operation, the inputs and the computed result, with no citations."""
    data = json.loads(data_files(sheet, SITE)["data/facts.json"])
    fact = next(f for f in data["facts"] if f["id"] == "tools-share")
    assert fact["derived"] == {"op": "share", "of": ["tools-value", "parts-total"], "computed": 38.75}
    assert fact["citations"] == [] and fact["figure"]["value"] == 38.75 and fact["figure_text"] == "38.75%"


def test_derived_fact_json_ld_is_based_on_its_inputs(sheet):
    """The schema.org Claim of a derived fact appears in no article and is based on its inputs' permalinks."""
    claim = claim_jsonld(sheet, SITE, sheet.facts["parts-total"])
    assert claim["appearance"] == [] and "firstAppearance" not in claim
    assert claim["isBasedOn"] == [
        {"@id": "https://example.org/sheet/topics/supplies/#tools-value"},
        {"@id": "https://example.org/sheet/topics/supplies/#chips-value"},
    ]


def test_cite_this_names_the_computation_and_the_inputs_sources(sheet):
    """The ready-made citation of a derived fact says how it is computed and names its inputs' sources."""
    text = fact_text(sheet, SITE, sheet.facts["parts-total"])
    assert "Computed by the fact sheet (sum of facts tools-value, chips-value)." in text
    assert text.endswith("Sources: “A paper”, The Paper, 13 April 2024, https://paper.example.org/a.")


def test_sources_differ_looks_at_the_inputs_citations(tmp_path):
    """A derived fact is marked "sources differ" when its inputs' citations qualify the figure differently."""
    topic = SUPPLIES.replace(
        "        quote: machine tools worth $3.1 billion\n",
        "        quote: machine tools worth $3.1 billion\n      - source: telegraph\n"
        "        quote: machine tools worth about $3.1 billion\n        qualifier: about\n",
    )
    sheet, report = load(write_facts(tmp_path, SOURCES, ENTITIES, {"supplies": topic}))
    assert sheet is not None, [str(d) for d in report.items]
    assert sheet.sources_differ(sheet.facts["parts-total"]) is True
    assert sheet.sources_differ(sheet.facts["chips-value"]) is False


def test_topic_page_with_derived_facts_renders(sheet):
    """Every fact of a topic with derived facts gets its anchored block."""
    topic = next(t for t in sheet.topics if t.id == "supplies")
    page = parse(topic_page(sheet, SITE, topic).html)
    assert [a["data-fact-id"] for a in page.find_all("article")] == [f.id for f in topic.facts]
