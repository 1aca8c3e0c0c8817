"""Search finds every word a quote shows, and a fact's result previews its claim and figure, not badges.

Read from the real site's sharded search index (``search/v<hash>/``), the files the
search worker fetches: the term shards and the documents.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from factsheet.render.searchindex import Tokenizer, shard_key


class Index:
    """A built site's sharded search index, read back."""

    def __init__(self, site: Path):
        root = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        self.tokenizer = Tokenizer(root["config"])
        self.folder = site / "search" / root["config"]["factsheet"]["path"]
        meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
        self.docs: list[list[str]] = []
        for n in range((meta["docs"] + meta["chunk"] - 1) // meta["chunk"]):
            self.docs += json.loads((self.folder / "d" / f"{n}.json").read_text(encoding="utf-8"))
        self.by_location = {doc[0]: number for number, doc in enumerate(self.docs)}
        self._shards: dict[str, dict] = {}

    def documents_of(self, term: str) -> set[int]:
        """The numbers of the documents a term is found in."""
        key = shard_key(term)
        if key not in self._shards:
            path = self.folder / "t" / f"{key}.json"
            self._shards[key] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        postings = self._shards[key].get(term, [])
        numbers, current = set(), 0
        for delta in postings[::2]:
            current += delta
            numbers.add(current)
        return numbers


@pytest.fixture(scope="module")
def index(real_site) -> Index:
    return Index(real_site)


@pytest.fixture(scope="module")
def facts(real_site) -> list[dict]:
    return json.loads((real_site / "data" / "facts.json").read_text(encoding="utf-8"))["facts"]


def test_every_word_of_every_quote_finds_its_fact(index, facts):
    """Each word shown in a quote is a term of the index, found in its fact's section (not run into the locator)."""
    missing = []
    checked = 0
    for fact in facts:
        number = index.by_location[f"topics/{fact['topic']}/#{fact['id']}"]
        for citation in fact["citations"]:
            for word in citation["quote"].split():
                for term in index.tokenizer.tokens(html.escape(word, quote=False)):
                    checked += 1
                    if number not in index.documents_of(term):
                        missing.append(f"{fact['id']}: {term!r} ({word!r})")
    assert checked > 500
    assert missing == []


def test_locators_and_quotes_are_separate_words(index, facts):
    """'paragraph 2' and the quote after it stay two runs of text: no term joins a locator to a quote's first word."""
    joined = [doc[0] for doc in index.docs if re.search(r"paragraph \d+[^\W\d]", html.unescape(doc[2]))]
    assert joined == []


def test_a_fact_result_previews_its_figure_not_badges(index, facts, real_site):
    """A fact's section text starts with its figure (its title is the claim) and carries no badge text."""
    warned = {s["id"] for s in json.loads((real_site / "data" / "facts.json").read_text(encoding="utf-8"))["sources"]
              if s["warnings"]}
    cites_warned = 0
    for fact in facts:
        location, title, text = index.docs[index.by_location[f"topics/{fact['topic']}/#{fact['id']}"]]
        plain = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(text)).split())
        assert html.unescape(title) == fact["claim"]
        for badge in ("reliability warning", "independent origin", "Sources differ"):
            assert badge not in plain, (location, badge)
        cites_warned += any(c["source"] in warned for c in fact["citations"])
        if fact["figure_text"] and not fact["withdrawn"]:
            assert plain.startswith(fact["figure_text"]), (location, plain[:80])
    assert cites_warned > 0  # the real sheet cites a source with a reliability warning
