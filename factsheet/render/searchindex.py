"""A search index that scales: Material's index split into small files a browser fetches per query.

Material for MkDocs writes one ``search/search_index.json`` holding every
section of every page, and its web worker builds a lunr index from all of it
on the reader's first search: about 1 MB gzipped at 10,000 facts. This module
turns that same file (its public format: ``config`` and ``docs``) into

- ``search/search_index.json``: Material's ``config`` unchanged, no ``docs``,
  and ``config.factsheet`` naming where the rest is (a few hundred bytes);
- ``search/<version>/meta.json``: the number of documents, the pages (first
  document number, location, title), the list of term shards and the
  tokeniser's settings;
- ``search/<version>/t/<shard>.json``: an inverted index sharded by the first
  two characters of each term, ``term -> [doc delta, code, doc delta, code, ...]``
  where ``code = min(title tf, 7) + 8 * text tf``;
- ``search/<version>/d/<n>.json``: the documents (location, title, text) in
  chunks of :data:`CHUNK` consecutive numbers.

``factsheet/assets/search-worker.js`` answers Material's search box from
these files with the same messages as Material's own worker, fetching only the
shards of the typed terms and the documents of the best results. ``version``
is a hash of the content, so a reader never mixes files of two builds.

Tokens are made as Material's tokenizer makes them: markup removed, the text
split with the configured ``separator`` (before lowercasing, so camelCase
splits work), lowercased, trimmed of non-word characters when the pipeline
has ``trimmer``, and English stop words dropped when it has
``stopWordFilter``. A stemmer in the pipeline is not applied: the worker
matches every typed term as a prefix, which finds what stemming would and more.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable

CHUNK = 8
"""Documents per document file: small enough that a query fetches little it does not show."""

ROOT = "search"
META_VERSION = 1

# lunr 2.3's English stop words (lunr.stopWordFilter), which Material's default pipeline applies.
STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can "
    "cannot could dear did do does either else ever every for from get got had has have he her hers him his "
    "how however i if in into is it its just least let like likely may me might most must my neither no nor "
    "not of off often on only or other our own rather said say says she should since so some than that the "
    "their them then there these they this tis to too twas us wants was we were what when where which while "
    "who whom why will with would yet you your".split()
)

_TAG = re.compile(r"<[^>]*>")
_TRIM_START = re.compile(r"^\W+")
_TRIM_END = re.compile(r"\W+$")
_DEFAULT_SEPARATOR = r"[\s\-]+"


class Tokenizer:
    """Material's tokenizer, as configured by the index's ``config``."""

    def __init__(self, config: dict):
        self.separator = re.compile(config.get("separator") or _DEFAULT_SEPARATOR)
        pipeline = set(config.get("pipeline") or ())
        self.trim = "trimmer" in pipeline
        self.stop_words = STOP_WORDS if "stopWordFilter" in pipeline else frozenset()
        self._terms: dict[str, str] = {}  # each piece's term ("" for none): an index repeats its words many times

    def _term(self, piece: str) -> str:
        term = piece.lower()
        if self.trim:
            term = _TRIM_END.sub("", _TRIM_START.sub("", term))
        return "" if term in self.stop_words else term

    def tokens(self, html: str) -> list[str]:
        """The terms of a title or text from Material's index (escaped text with a few tags), in order."""
        out: list[str] = []
        split = self.separator.split
        known = self._terms
        for block in _TAG.split(html):
            if not block:
                continue
            for piece in split(block):
                if not piece:
                    continue
                term = known.get(piece)
                if term is None:
                    term = known[piece] = self._term(piece)
                if term:
                    out.append(term)
        return out


def shard_key(term: str) -> str:
    """The shard a term lives in: its first two characters, as hex code points (safe on any file system)."""
    return "-".join(f"{ord(c):x}" for c in term[:2])


def _compact(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _grouped(docs: Iterable[dict]) -> list[list[dict]]:
    """Documents grouped by page (the part of the location before ``#``), pages in order of first appearance.

    The first document of a page is its article, as in Material's worker.
    """
    pages: dict[str, list[dict]] = {}
    for doc in docs:
        pages.setdefault(str(doc.get("location", "")).split("#", 1)[0], []).append(doc)
    return list(pages.values())


def build(index: dict) -> dict[str, bytes]:
    """The files of the sharded index, by path relative to the site root, for Material's parsed index."""
    config = dict(index.get("config") or {})
    config.pop("factsheet", None)
    tokenizer = Tokenizer(config)
    groups = _grouped(index.get("docs") or [])

    pages: list[list] = []
    docs: list[list] = []
    boosts: dict[str, float] = {}
    postings: dict[str, list[int]] = defaultdict(list)  # term -> [doc, code, doc, code, ...] (absolute numbers)
    for group in groups:
        pages.append([len(docs), str(group[0].get("location", "")), str(group[0].get("title", ""))])
        for doc in group:
            number = len(docs)
            title, text = str(doc.get("title", "")), str(doc.get("text", ""))
            docs.append([str(doc.get("location", "")), title, text])
            boost = doc.get("boost")
            if isinstance(boost, (int, float)) and not isinstance(boost, bool) and boost != 1:
                boosts[str(number)] = boost
            counts: dict[str, list[int]] = {}
            tags = doc.get("tags") or []
            for term in tokenizer.tokens(title) + [t for tag in tags for t in tokenizer.tokens(str(tag))]:
                counts.setdefault(term, [0, 0])[0] += 1
            for term in tokenizer.tokens(text):
                counts.setdefault(term, [0, 0])[1] += 1
            for term, (in_title, in_text) in counts.items():
                postings[term] += (number, min(in_title, 7) + 8 * in_text)

    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(postings):
        flat = postings[term]
        encoded, previous = [], 0
        for i in range(0, len(flat), 2):
            encoded += (flat[i] - previous, flat[i + 1])
            previous = flat[i]
        shards[shard_key(term)][term] = encoded

    body: dict[str, bytes] = {}
    for key in sorted(shards):
        body[f"t/{key}.json"] = _compact(shards[key])
    for start in range(0, len(docs), CHUNK):
        body[f"d/{start // CHUNK}.json"] = _compact(docs[start : start + CHUNK])
    meta = {
        "version": META_VERSION,
        "docs": len(docs),
        "chunk": CHUNK,
        "pages": pages,
        "shards": sorted(shards),
        "boosts": boosts,
        "trimmer": tokenizer.trim,
        "stopwords": sorted(tokenizer.stop_words),
    }
    body["meta.json"] = _compact(meta)

    digest = hashlib.sha256(_compact(config))
    for path in sorted(body):
        digest.update(path.encode("utf-8") + b"\0" + body[path] + b"\0")
    version = f"v{digest.hexdigest()[:12]}"
    files = {f"{ROOT}/{version}/{path}": data for path, data in body.items()}
    config["factsheet"] = {"path": f"{version}/", "docs": len(docs)}
    files[f"{ROOT}/search_index.json"] = _compact({"config": config, "docs": []})
    return files
