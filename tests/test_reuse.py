"""Reuse: cite-this formats, downloads, JSON-LD, the feed and the charts."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import SOURCES, TOPIC, messages

from factsheet.build import generate
from factsheet.export.cite import bibtex_escape, cite_block, fact_bibtex, fact_csl, fact_text
from factsheet.export.data import CSV_COLUMNS
from factsheet.model.urls import Site
from factsheet.render.charts import chart_svg

ROOT = Path(__file__).parent.parent
EXAMPLE = Path(__file__).parent / "fixtures" / "example"
SITE = Site("https://example.org/sheet/", True, "Example sheet")


@pytest.fixture(scope="module")
def output():
    return generate(EXAMPLE / "facts", SITE)


@pytest.fixture(scope="module")
def project():
    if not (ROOT / "facts" / "charts.yml").exists():
        pytest.skip("the project's facts/charts.yml is not written yet")
    return generate(ROOT / "facts", Site("https://example.org/", True, "Sheet"))


def _jsonld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)]


def test_cite_text_names_permalink_and_sources(output):
    """The plain citation names the fact's permalink and each underlying source."""
    fact = output.sheet.facts["machine-tools-share"]
    text = fact_text(output.sheet, SITE, fact)
    assert "https://example.org/sheet/topics/machine-tools/#machine-tools-share" in text
    assert "Copy Daily" in text and "Example Paper" in text


def test_bibtex_and_csl_are_well_formed(output):
    """BibTeX braces balance and specials are escaped; CSL-JSON carries the permalink."""
    fact = output.sheet.facts["machine-tools-share"]
    bib = fact_bibtex(output.sheet, SITE, fact)
    assert bib.count("{") == bib.count("}") and "70\\%" in bib
    csl = fact_csl(output.sheet, SITE, fact)
    assert csl["URL"].endswith("#machine-tools-share") and csl["issued"] == {"date-parts": [[2026, 11, 23]]}
    assert bibtex_escape("a_b & {c}") == "a\\_b \\& {\\textbraceleft}c{\\textbraceright}"


def test_cite_box_csl_reads_as_the_item(output):
    """The "Cite this" box's CSL-JSON, read back from its HTML, is the fact's CSL-JSON item; its date sits on one line."""
    from html import unescape

    fact = output.sheet.facts["machine-tools-share"]
    box = str(cite_block(output.sheet, SITE, fact))
    text = unescape(re.search(r'<pre class="fs-cite-this__csl">(.*?)</pre>', box, re.DOTALL).group(1))
    assert json.loads(text) == fact_csl(output.sheet, SITE, fact)
    assert '  "issued": {"date-parts": [[2026, 11, 23]]},\n' in text


def test_csv_has_one_row_per_citation_and_documented_columns(output):
    """The CSV has a row per fact and citation, and every column is documented on the data page."""
    rows = list(csv.DictReader(io.StringIO(output.files["data/facts.csv"].decode())))
    assert len(rows) == sum(len(f.citations) for f in output.sheet.facts.values())
    assert rows[0]["quote_url"].startswith("https://copy.example.org/news/exports-surge#:~:text=")
    for name, _ in CSV_COLUMNS:
        assert f"<code>{name}</code>" in output.pages["data.md"].html


def test_csv_neutralises_formulas(tmp_path):
    """A claim starting with = cannot run as a spreadsheet formula."""
    from helpers import write_facts

    from factsheet.export.data import facts_csv
    from factsheet.load.loader import load

    facts = write_facts(tmp_path, topics={"tools": TOPIC.replace("claim: About 70%", "claim: =HYPERLINK(1) About 70%")})
    sheet, _ = load(facts)
    assert "'=HYPERLINK(1)" in facts_csv(sheet, SITE)


def test_json_download_is_the_full_model(output):
    """The JSON download holds sources with origins and facts with permalinks."""
    data = json.loads(output.files["data/facts.json"])
    fact = data["facts"][0]
    assert fact["url"] == "https://example.org/sheet/topics/machine-tools/#machine-tools-share"
    assert fact["origins"] == ["briefing-2024-04-12"] and fact["citations"][0]["quote"]
    assert {s["id"]: s["origins"] for s in data["sources"]}["copy-2024-04"] == ["briefing-2024-04-12"]


def test_feed_is_valid_atom_dated_by_facts(output):
    """The Atom feed parses and dates entries by the facts' own dates."""
    root = ET.fromstring(output.files["feed.xml"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 3
    assert entries[0].find("a:updated", ns).text == "2026-11-23T00:00:00Z"


def test_dataset_and_claims_jsonld_expand(output):
    """Pages' JSON-LD is read by a JSON-LD processor: a Dataset with downloads, Claims with appearances."""
    from pyld import jsonld

    def loader(url, options=None):
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": {"@context": {"@vocab": "https://schema.org/"}}}

    jsonld.set_document_loader(loader)
    dataset = _jsonld(output.pages["data.md"].html)[0]
    expanded = jsonld.expand(dataset)
    assert expanded[0]["@type"] == ["https://schema.org/Dataset"]
    assert len(expanded[0]["https://schema.org/distribution"]) == 5
    graph = _jsonld(output.pages["topics/machine-tools.md"].html)[0]
    claims = jsonld.expand(graph)
    claim = next(c for c in claims if c["@id"].endswith("#machine-tools-share"))
    urls = [a["https://schema.org/url"][0]["@value"] for a in claim["https://schema.org/appearance"]]
    assert urls == ["https://copy.example.org/news/exports-surge", "https://paper.example.org/2024/04/13/machine-tools"]
    # The first appearance is named by reference: the same node as the first article, with its headline there.
    [first] = claim["https://schema.org/firstAppearance"]
    assert first == {"@id": urls[0]}
    article = claim["https://schema.org/appearance"][0]
    assert article["@id"] == urls[0] and article["https://schema.org/headline"][0]["@value"]


def test_jsonld_cannot_break_out_of_script(tmp_path):
    """Text containing </script> stays inside the JSON-LD element."""
    from factsheet.export.jsonld import jsonld_script

    html = jsonld_script({"text": "</script><script>alert(1)</script>"})
    assert html.count("</script>") == 1 and "\\u003c/script\\u003e" in html


def test_chart_marks_link_to_their_facts(project):
    """Every bar of every chart links to a cited fact, with title and description for assistive tech."""
    for chart in project.sheet.charts:
        html = chart_svg(project.sheet, Site(), "charts.md", chart)
        assert f'<title id="chart-{chart.id}-title">' in html and f'<desc id="chart-{chart.id}-desc">' in html
        ids = re.findall(r'<a href="[^"]+" data-fact-id="([^"]+)"', html)
        expected = [b.fact for b in chart.bars] + ([chart.total] if chart.total else [])
        assert sorted(ids) == sorted(expected)
        assert "<script" not in html


def test_breakdown_chart_states_the_unexplained_remainder(project):
    """The "over $10.3 billion" breakdown says how much the reported parts leave unexplained, keeping the total's "over"."""
    chart = next(c for c in project.sheet.charts if c.total)
    html = chart_svg(project.sheet, Site(), "charts.md", chart)
    assert "The parts shown add up to $8 billion; the sources do not break down the rest (over $2.3 billion)." in html


def test_remainder_of_approximate_parts_is_approximate(tmp_path):
    """Parts given as "about" leave a remainder of "about", whatever the total's qualifier."""
    from dataclasses import replace as dc_replace

    from factsheet.load.loader import load

    sheet, _ = load(ROOT / "facts")
    chart = next(c for c in sheet.charts if c.total)
    part = sheet.facts[chart.bars[0].fact]
    part.figure = dc_replace(part.figure, qualifier="about")
    html = chart_svg(sheet, Site(), "charts.md", chart)
    assert "The parts shown add up to about $8 billion; the sources do not break down the rest (about $2.3 billion)." in html


def test_chart_of_unknown_fact_or_mixed_units_is_an_error(tmp_path):
    """Charts may only show cited figures of one unit."""
    topic = TOPIC + """\
  - id: value
    claim: Worth $900 million.
    figure: {value: 900, unit: USD, scale: million}
    claimant: officials
    citations:
      - source: paper
        quote: worth $900 million
    added: 2026-11-23
"""
    charts = "charts:\n  - id: c\n    title: T\n    description: D\n    bars:\n      - {fact: share, label: A}\n      - {fact: value, label: B}\n      - {fact: nope, label: C}\n"
    out = messages(tmp_path, sources=SOURCES, topics={"tools": topic}, extra={"charts.yml": charts})
    assert any("chart 'c' shows an unknown fact 'nope'" in m for m in out), out
    assert any("chart 'c' mixes units" in m for m in out), out


def test_chart_csv_lists_each_bar(project):
    """Each chart's CSV (one of the downloads) has one row per bar, the total first, naming its fact and figure as shown."""
    import csv
    import io

    from factsheet.export.data import data_files
    from factsheet.model.wording import figure_text

    files = data_files(project.sheet, Site())
    assert project.sheet.charts
    for chart in project.sheet.charts:
        rows = list(csv.DictReader(io.StringIO(files[f"data/charts/{chart.id}.csv"].decode())))
        assert [r["fact_id"] for r in rows] == ([chart.total] if chart.total else []) + [b.fact for b in chart.bars]
        assert all(r["figure"] == figure_text(project.sheet.facts[r["fact_id"]].figure) for r in rows)
        assert all(float(r["value_normalised"]) > 0 for r in rows)
