"""Editorial checks on a claim's wording: hedges kept, and the sheet's own words.

Hedges kept
-----------
When a cited quote carries a hedge or an attribution (``reportedly``,
``allegedly``, ``suspected``, ``potential``, ``may``, ``said to``,
``according to``, ``believed``, ``unconfirmed``, ...) and the claim sentence
carries neither a hedge nor an attribution (``says``, ``according to``,
``claims``, ``reportedly``, ...), the claim is stronger than its evidence::

    quote: Chinese companies are suspected of supplying nitrocellulose
    claim: Chinese companies supply nitrocellulose.          # warning: drops 'suspected'
    claim: Chinese companies are suspected of supplying ...  # fine
    claim: U.S. officials say Chinese companies supply ...   # fine: attributed

The vocabularies are :data:`HEDGES` and :data:`ATTRIBUTIONS`; a sheet adds
words of its own under ``extra.factsheet.hedges`` / ``attributions``. A fact
that deliberately states the claim without the hedge says why in
``unhedged:``, which readers see.

Own words
---------
A claim that shares a run of :data:`RUN` or more consecutive words with one of
its quotes (or, when the capture is at hand, the whole article) copies the
article: write it in the sheet's own words, or put the words in quotation
marks. Words inside quotation marks in the claim are not counted. Words are
compared case-blind, with typographic quotes, dashes and punctuation evened out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .textnorm import normalise

RUN = 10

HEDGES = (
    "reportedly", "allegedly", "alleged", "allegation", "allegations", "suspected", "suspect", "suspects",
    "potential", "potentially", "possible", "possibly", "may", "might", "could", "perhaps", "likely", "unlikely",
    "probably", "apparently", "appears to", "appear to", "seems to", "seem to", "said to", "thought to",
    "believed", "believes", "believe", "according to", "unconfirmed", "unverified", "purportedly", "purported",
    "claimed", "claims", "presumably",
)
ATTRIBUTIONS = (
    "according to", "say", "says", "said", "saying", "claim", "claims", "claimed", "report", "reports", "reported",
    "reportedly", "allege", "alleges", "alleged", "allegedly", "assert", "asserts", "asserted", "states",
    "stated", "estimate", "estimates", "estimated", "assess", "assesses", "assessed", "assessment", "believe",
    "believes", "believed", "told", "write", "writes", "wrote", "describe", "describes", "described", "suggest",
    "suggests", "suggested", "warn", "warns", "warned", "accuse", "accuses", "accused", "argue", "argues",
    "argued", "name", "names", "named", "identify", "identifies", "identified", "cite", "cites", "cited",
    "calls", "called", "deny", "denies", "denied", "insist", "insists", "insisted", "expect", "expects",
    "expected", "think", "thinks", "thought", "in the view of", "in the words of", "attributes", "attributed",
    "found", "finds", "finding", "findings", "concluded", "concludes",
)
# "May" as a month (``May 2024``, ``12 May``) is not the modal verb.
_MONTH_MAY = re.compile(r"(?:\d\s+May\b|\bMay\s+\d)")
_WORD = re.compile(r"[\w'’]+")  # hyphenated words count as their parts, as a reader counts them
_QUOTED = re.compile(r"\"[^\"]*\"")
_CURLY = re.compile("“[^”]*”")


def vocabulary_pattern(words: Iterable[str]) -> re.Pattern:
    """A case-blind pattern matching any of the words or phrases, as whole words."""
    alternatives = sorted({" ".join(w.split()) for w in words if w.strip()}, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, a.split())) for a in alternatives) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


class Vocabulary:
    """The hedge and attribution words a sheet checks with."""

    def __init__(self, hedges: Iterable[str] = (), attributions: Iterable[str] = ()):
        self.hedges = tuple(HEDGES) + tuple(hedges)
        self.attributions = tuple(ATTRIBUTIONS) + tuple(attributions)
        self._hedge = vocabulary_pattern(self.hedges)
        self._hedged = vocabulary_pattern(self.hedges + self.attributions)

    def hedge_in(self, quote: str) -> str | None:
        """The first hedge or attribution word in a quote, as written, or None."""
        text = _MONTH_MAY.sub(" ", normalise(quote))
        match = self._hedge.search(text)
        return match.group(0) if match else None

    def claim_is_hedged(self, claim: str) -> bool:
        """Whether a claim sentence carries a hedge or names who claims it."""
        return self._hedged.search(_MONTH_MAY.sub(" ", normalise(claim))) is not None


def words(text: str) -> list[str]:
    """The words of a text, case-blind, quotes and dashes evened out, punctuation dropped."""
    return [w.casefold().replace("’", "'").strip("'.") for w in _WORD.findall(normalise(text))]


def own_words(claim: str) -> list[list[str]]:
    """The claim's unquoted stretches, each as a list of words (quoted words are the source's, openly).

    Typographic quotation marks pair as they open and close; straight ones pair in order.
    """
    unquoted = _CURLY.split(claim)
    return [words(part) for piece in unquoted for part in _QUOTED.split(normalise(piece))]


def runs_of(tokens: list[str], size: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``size`` consecutive words."""
    return {tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def longest_shared_run(claim: str, text: str | set, size: int = RUN) -> tuple[int, str]:
    """The longest run of at least ``size`` words the claim (outside quotation marks) shares with a text.

    ``text`` may be a text or its :func:`runs_of` set, precomputed for a long article.
    Returns ``(length, words)``; ``(0, "")`` when no run reaches ``size``.
    """
    known = text if isinstance(text, set) else runs_of(words(text), size)
    best = (0, "")
    for stretch in own_words(claim):
        i = 0
        while i + size <= len(stretch):
            if tuple(stretch[i:i + size]) not in known:
                i += 1
                continue
            end = i + size
            while end < len(stretch) and tuple(stretch[end - size + 1:end + 1]) in known:
                end += 1
            if end - i > best[0]:
                best = (end - i, " ".join(stretch[i:end]))
            i = end
    return best
