"""Bugs found in review, each pinned by the behaviour a user sees."""

from __future__ import annotations

from helpers import SOURCES, write_facts

from factsheet.build import generate
from factsheet.cli import main
from factsheet.model.urls import Site


def test_outlet_with_a_comma_keeps_its_date_on_the_sources_index(tmp_path):
    """An outlet such as "Reuters, London" shows its date, not "London, ..." (the label was split on the first comma)."""
    facts = write_facts(tmp_path, sources=SOURCES.replace("outlet: The Paper", "outlet: Reuters, London"))
    index = generate(facts, Site()).pages["sources/index.md"].html
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
    assert "Sources differ" in out.pages["topics/tools.md"].html


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


def test_an_empty_byline_says_whether_it_was_not_shown_or_not_found(tmp_path):
    """A copy we read "does not show" a byline; a report we never read had none "found"; a briefing has none."""
    sources = SOURCES.replace("    kind: original-report\n", "    kind: original-report\n    capture: a.txt\n") + (
        "  - id: unread\n    title: A report\n    outlet: Agency\n    kind: original-report\n"
        "  - id: brief\n    title: A briefing\n    outlet: Officials\n    kind: briefing\n")
    pages = generate(write_facts(tmp_path, sources=sources), Site()).pages
    assert "<dt>Authors</dt><dd>not shown</dd>" in pages["sources/paper.md"].html
    assert "<dt>Authors</dt><dd>not found (we have not read this report)</dd>" in pages["sources/unread.md"].html
    assert "<dt>Authors</dt><dd>none (a briefing)</dd>" in pages["sources/brief.md"].html
