"""The project's own fact sheet: valid, fully cited, and every quote verbatim in its article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factsheet.loader import load
from factsheet.quotes import check_quotes

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
    """Every fact cites at least one source and names who makes the claim."""
    assert all(f.citations and f.claimant for f in sheet.facts.values())


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
