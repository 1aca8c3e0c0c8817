"""Each citation's text fragment lands on its own quote in the captured article, not on an earlier passage.

A fragment ``#:~:text=start,end`` selects from the first place ``start``
appears to the next ``end`` after it. If the quote's first words appear
earlier in the article, the reader lands there instead. This runs against the
stored captures of the real sources (``ARTICLES``, default
``../shared/articles``) and is skipped where they are not available, as in CI.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitetools import ROOT

from factsheet.load.loader import load
from factsheet.model.urls import text_fragment

ARTICLES = Path(os.environ.get("ARTICLES", ROOT.parent / "shared" / "articles"))

# Known to land early; a strict xfail fails as soon as one is fixed, so the list stays true.
KNOWN_EARLY: dict[str, str] = {}


def _citations() -> list:
    if not ARTICLES.is_dir() or not (ROOT / "facts" / "sources.yml").is_file():
        return []
    sheet, _ = load(ROOT / "facts")
    if sheet is None:
        return []
    cases = []
    for fact in sheet.facts.values():
        for n, citation in enumerate(fact.citations, 1):
            source = sheet.sources[citation.source]
            if source.url and source.capture and (ARTICLES / source.capture).is_file():
                key = f"{fact.id}--c{n}"
                marks = [pytest.mark.xfail(strict=True, reason=KNOWN_EARLY[key])] if key in KNOWN_EARLY else []
                cases.append(pytest.param(citation.quote, ARTICLES / source.capture, id=key, marks=marks))
    return cases


def flat(text: str) -> str:
    """Text as a browser matches it: whitespace collapsed, case ignored."""
    return " ".join(text.split()).casefold()


def landing(fragment: str, article: str) -> int:
    """Where in the flattened article a browser's text fragment selection starts (-1 if nowhere)."""
    parts = [flat(unquote(p)) for p in urlsplit(fragment).fragment.removeprefix(":~:text=").split(",")]
    start = article.find(parts[0])
    if start < 0 or (len(parts) == 2 and article.find(parts[1], start + len(parts[0])) < 0):
        return -1
    return start


CASES = _citations()


@pytest.mark.skipif(not CASES, reason=f"no article captures at {ARTICLES} (set ARTICLES=folder to run)")
@pytest.mark.parametrize(("quote", "capture"), CASES or [pytest.param("", Path(), id="none")])
def test_fragment_lands_on_its_quote(quote, capture):
    """The link to a quote scrolls the captured article to that quote, not to an earlier passage."""
    article = flat(capture.read_text(encoding="utf-8"))
    where = article.find(flat(quote))
    assert where >= 0, "the quote is not literally in the capture, so no browser can find it"
    assert landing(text_fragment(quote), article) == where
