"""Finding a figure's number in a quote, however the quote writes it.

``$4.9 billion``, ``4.9bn`` and ``4,900 million`` are one value; so are
``70%``, ``70 percent`` and ``70 per cent``; ``two`` is 2; for a percentage,
``a quarter`` is 25. A mention is a
number with the scale word that follows it; a figure matches a mention when
their scaled values are equal, or, for a figure without a scale, when the
bare numbers are.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from factsheet.model.textnorm import normalise

SCALE_WORDS = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12,
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "half": 0.5,
    "a dozen": 12, "a hundred": 100, "a thousand": 1000, "a million": 1e6, "a billion": 1e9,
}
FRACTION_WORDS = {
    "a quarter": 0.25, "one quarter": 0.25, "a third": 1 / 3, "one third": 1 / 3, "half": 0.5, "a half": 0.5,
    "two thirds": 2 / 3, "three quarters": 0.75, "a fifth": 0.2, "a tenth": 0.1,
}
_SCALE = "|".join(sorted(SCALE_WORDS, key=len, reverse=True))
_FRACTION = re.compile(r"(?<![\w])(" + "|".join(sorted(FRACTION_WORDS, key=len, reverse=True)) + r")(?![\w])", re.IGNORECASE)
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_MENTION = re.compile(
    rf"(?<![\w.,])(?:(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)|(?P<word>{_WORDS})(?![a-z]))"
    rf"(?:[\s-]?(?P<scale>{_SCALE})(?![a-z]))?",
    re.IGNORECASE,
)


class Mention(NamedTuple):
    """A number found in text: as written, and multiplied by its scale word."""

    raw: float
    scaled: float


def mentions(text: str) -> list[Mention]:
    """Every number in a text, with the scale word that follows it."""
    found = []
    for match in _MENTION.finditer(normalise(text)):
        if match.group("num"):
            raw = float(match.group("num").replace(",", ""))
        else:
            raw = float(NUMBER_WORDS[match.group("word").lower()])
        scale = match.group("scale")
        factor = SCALE_WORDS[scale.lower()] if scale else 1.0
        found.append(Mention(raw, raw * factor))
    return found


def same(a: float, b: float) -> bool:
    """Equal up to floating-point noise."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def fractions(text: str) -> list[float]:
    """Fractions written in words: ``a quarter`` is 0.25."""
    return [FRACTION_WORDS[m.group(1).lower()] for m in _FRACTION.finditer(normalise(text))]


def figure_in_text(value: float, scale: str | None, text: str, unit: str | None = None) -> bool:
    """Whether a figure's number literally appears in a text (a percent may be written as a fraction)."""
    if unit == "percent" and any(same(f * 100, value) for f in fractions(text)):
        return True
    factor = SCALE_WORDS.get(scale or "", 1.0)
    scaled = value * factor
    for mention in mentions(text):
        if same(mention.scaled, scaled) or (scale is None and same(mention.raw, value)):
            return True
        if scale is not None and mention.raw == mention.scaled and same(mention.raw, value):
            return True  # "$4.9 in billions" styles: the number, with the scale elsewhere
    return False
