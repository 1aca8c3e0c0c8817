"""Bugs found in review, each pinned by the behaviour a user sees."""

from __future__ import annotations

from helpers import SOURCES, write_facts

from factsheet.build import generate
from factsheet.cli import main
from factsheet.urls import Site


def test_outlet_with_a_comma_keeps_its_date_on_the_sources_index(tmp_path):
    """An outlet such as "Reuters, London" shows its date, not "London, ..." (the label was split on the first comma)."""
    facts = write_facts(tmp_path, sources=SOURCES.replace("outlet: The Paper", "outlet: Reuters, London"))
    index = generate(facts, Site()).pages["sources/index.md"]
    assert "Reuters, London: A paper</a> — 13 April 2024; cited by 1 fact" in index


def test_unknown_reference_in_render_is_a_one_line_error(tmp_path, capsys):
    """`factsheet render --docs` with an unknown [[fact:...]] says which id and page, and exits 1."""
    facts = write_facts(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("See [[fact:nope]].\n", encoding="utf-8")
    status = main(["--facts", str(facts), "render", "--out", str(tmp_path / "out"), "--docs", str(docs)])
    assert status == 1
    assert capsys.readouterr().err.strip().endswith("error: unknown fact id 'nope' in index.md")
    assert not (tmp_path / "out").exists()


def test_sources_differ_flag_is_in_the_downloads_as_on_the_page(tmp_path):
    """The "Sources differ" mark the site shows is a column of the CSV and a field of the JSON, computed once in the model."""
    import csv
    import io
    import json

    topic = TOPIC_TWO_COPIES
    facts = write_facts(tmp_path, sources=SOURCES + SECOND_SOURCE, topics={"tools": topic})
    out = generate(facts, Site())
    rows = list(csv.DictReader(io.StringIO(out.files["data/facts.csv"].decode())))
    assert [r["sources_differ"] for r in rows] == ["true", "true"]
    data = json.loads(out.files["data/facts.json"])
    assert [(f["id"], f["sources_differ"], f["n_origins"]) for f in data["facts"]] == [("share", True, 2)]
    assert "Sources differ" in out.pages["topics/tools.md"]


SECOND_SOURCE = """\
  - id: other
    title: Another paper
    outlet: Other Paper
    kind: original-report
"""
TOPIC_TWO_COPIES = """\
topic:
  id: tools
  title: Tools
facts:
  - id: share
    claim: About 70% of tools came from abroad, officials say.
    figure: {value: 70, unit: percent, qualifier: about}
    claimant: officials
    citations:
      - source: paper
        quote: about 70% of tools came from abroad
      - source: other
        quote: over 70% of tools came from abroad
        qualifier: over
    added: 2026-11-23
"""
