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
