"""Normalising text for comparison: whitespace, typographic quotes and dashes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    "\u2026": "...",
})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # a quote is normalised by the number check, the hedge check and the own-words check
def normalise(text: str) -> str:
    """Text with typographic quotes and dashes made plain and whitespace collapsed."""
    if text.isascii():  # nothing to compose, no typographic marks, no invisible characters: only the backtick and spaces
        return _SPACE.sub(" ", text.replace("`", "'")).strip()
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE).translate(_INVISIBLE)
    return _SPACE.sub(" ", text).strip()


def normalise_for_match(text: str) -> str:
    """Like :func:`normalise`, also ignoring case and spaces around dashes."""
    return re.sub(r" ?- ?", "-", normalise(text)).casefold()
