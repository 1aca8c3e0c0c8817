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
from functools import lru_cache

from factsheet.model.textnorm import normalise

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
_WORD = re.compile(r"\w+(?:'\w+)*")  # after normalise(); hyphenated words count as their parts, as a reader counts them
_QUOTED = re.compile(r"\"[^\"]*\"")
_CURLY = re.compile("“[^”]*”")


class _Terms:
    """Words and phrases looked up in a text's word list: one set lookup a word, then the phrases starting there."""

    def __init__(self, terms: Iterable[str]):
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for term in terms:
            tokens = tuple(_WORD.findall(normalise(term).casefold()))
            if tokens:
                self.phrases.setdefault(tokens[0], []).append(tokens)
        for options in self.phrases.values():
            options.sort(key=len, reverse=True)

    def first_in(self, tokens: tuple[str, ...]) -> str | None:
        """The first term found in a word list, or None; "may" next to a number is the month, not the verb."""
        for i, token in enumerate(tokens):
            for phrase in self.phrases.get(token, ()):
                if tokens[i:i + len(phrase)] != phrase:
                    continue
                if phrase == ("may",) and any(t.isdigit() for t in tokens[max(0, i - 1):i] + tokens[i + 1:i + 2]):
                    continue
                return " ".join(phrase)
        return None


class Vocabulary:
    """The hedge and attribution words a sheet checks with."""

    def __init__(self, hedges: Iterable[str] = (), attributions: Iterable[str] = ()):
        self.hedges = tuple(HEDGES) + tuple(hedges)
        self.attributions = tuple(ATTRIBUTIONS) + tuple(attributions)
        self._hedge = _Terms(self.hedges)
        self._hedged = _Terms(self.hedges + self.attributions)

    def hedge_in(self, quote: str) -> str | None:
        """The first hedge or attribution word or phrase in a quote (in lower case), or None."""
        return self._hedge.first_in(words(quote))

    def claim_is_hedged(self, claim: str) -> bool:
        """Whether a claim sentence carries a hedge or names who claims it."""
        return self._hedged.first_in(words(claim)) is not None


@lru_cache(maxsize=1 << 16)  # a quote's words serve both the hedge check and the own-words check
def words(text: str) -> tuple[str, ...]:
    """The words of a text, case-blind, quotes and dashes evened out, punctuation dropped."""
    return tuple(_WORD.findall(normalise(text).casefold()))


def own_words(claim: str) -> list[list[str]]:
    """The claim's unquoted stretches, each as a list of words (quoted words are the source's, openly).

    Typographic quotation marks pair as they open and close; straight ones pair in order.
    """
    return [_WORD.findall(part.casefold()) for piece in _CURLY.split(claim) for part in _QUOTED.split(normalise(piece))]


def runs_of(tokens: list[str], size: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``size`` consecutive words."""
    return {tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def longest_shared_run(claim: str | list[list[str]], text: str | set, size: int = RUN) -> tuple[int, str]:
    """The longest run of at least ``size`` words the claim (outside quotation marks) shares with a text.

    ``claim`` may be a claim or its :func:`own_words`, and ``text`` a text or its
    :func:`runs_of` set, precomputed when one is compared with many.
    Returns ``(length, words)``; ``(0, "")`` when no run reaches ``size``.
    """
    stretches = own_words(claim) if isinstance(claim, str) else claim
    if all(len(stretch) < size for stretch in stretches):
        return (0, "")
    known = text if isinstance(text, set) else runs_of(words(text), size)
    best = (0, "")
    for stretch in stretches:
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
