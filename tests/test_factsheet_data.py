"""The project's own fact sheet: valid, fully cited, and every quote verbatim in its article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factsheet.check.quotes import check_quotes
from factsheet.load.loader import load

ROOT = Path(__file__).parent.parent
ARTICLES = Path(os.environ.get("FACTSHEET_ARTICLES", ROOT.parent / "shared" / "articles"))


@pytest.fixture(scope="module")
def sheet():
    loaded, report = load(ROOT / "facts")
    assert loaded is not None, "\n".join(str(d) for d in report.items)
    assert report.items == [], "\n".join(str(d) for d in report.items)
    return loaded


def test_every_source_is_cited_or_relayed(sheet):
    """The sheet loads with no errors and no warnings, so no source is unused."""
    assert len(sheet.sources) >= 5


def test_every_fact_has_a_citation_and_a_claimant(sheet):
    """Every fact cites at least one source (a derived fact, through its inputs) and names who makes the claim."""
    assert all(sheet.fact_citations(f) and f.claimant for f in sheet.facts.values())
    assert all(f.citations for f in sheet.facts.values() if f.derived is None)


def test_sheet_passes_every_editorial_check(sheet):
    """The published sheet has no warning: no dropped hedge, no copied run of words, no stale exception."""
    from factsheet.load.loader import load

    _, report = load(ROOT / "facts")
    assert [str(d) for d in report.items] == []


def test_latvian_passages_are_not_labelled_the_telegraph(sheet):
    """Per-passage origins: what Newsy Today takes from Latvian media does not count as The Telegraph's."""
    for fact_id in ("sab-militarisation-continues", "latvia-sanctions-pressure"):
        assert sheet.fact_origins(sheet.facts[fact_id]) == ["latvian-media-2026-01"]


def test_itemised_parts_are_computed_from_their_facts(sheet):
    """The $8 billion is derived from the two parts, and the remainder keeps the total's 'over'."""
    parts = sheet.facts["itemised-parts-since-2022"]
    assert parts.derived.op == "sum" and parts.figure.value == 8
    rest = sheet.facts["unitemised-remainder-since-2022"]
    assert rest.derived.computed == 2.3 and rest.figure.qualifier == "at-least"


def test_five_captures_are_all_cited(sheet):
    """Each of the five articles we read is cited by some fact."""
    captured = [s for s in sheet.sources.values() if s.capture]
    assert len(captured) == 5
    assert all(s.id in sheet.citing for s in captured)


def test_quotes_are_verbatim_in_their_articles(sheet):
    """Every quote appears verbatim (after normalising whitespace, quotes and dashes) in the article it cites."""
    if not ARTICLES.is_dir():
        pytest.skip(f"article captures not found at {ARTICLES}; set FACTSHEET_ARTICLES to check quotes")
    result = check_quotes(sheet, ARTICLES)
    print(f"{result.matched}/{result.total} quotes matched")
    assert result.problems == []
    assert result.matched == result.total > 0
    assert result.copied == [], "claims copying a run of ten words from their article"
