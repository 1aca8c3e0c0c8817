"""How the sheet words its records for readers, in every output (pages, CSV, JSON, feed, citations).

A figure in words (``about 90%``, ``over $10.3 billion``), a number as
readers write it, a note ending as a sentence ends.
"""

from __future__ import annotations

from functools import lru_cache

from factsheet.model import CURRENCIES, QUALIFIER_WORDS, Figure


def format_number(value: float) -> str:
    """A number as readers write it: thousands separators, no trailing zeros."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def figure_text(figure: Figure, qualifier: str | None = None, value: float | None = None) -> str:
    """The figure in words: ``about 90%``, ``over $10.3 billion``, ``2 officials``."""
    if value is None:
        return _figure_words(figure.value, figure.value_max, figure.unit, figure.scale, qualifier or figure.qualifier)
    return _figure_words(value, None, figure.unit, figure.scale, qualifier or figure.qualifier)


@lru_cache(maxsize=1 << 14)  # a fact's figure is worded on its topic page, in the lists, the table and the downloads
def _figure_words(shown: float, value_max: float | None, unit: str, scale: str | None, qualifier: str) -> str:
    # Equal numbers share an entry (90 and 90.0): they are worded alike.
    number = format_number(shown) if unit != "year" else str(int(shown))
    if value_max is not None:
        number += "–" + format_number(value_max)
    scale = f" {scale}" if scale else ""
    if unit == "percent":
        core = f"{number}%"
    elif unit in CURRENCIES:
        core = f"{CURRENCIES[unit]}{number}{scale}"
        scale = ""
    elif unit == "year":
        core = number
    else:
        core = f"{number}{scale} {unit}"
        scale = ""
    if unit == "percent" and scale:
        core += scale
    word = QUALIFIER_WORDS[qualifier]
    return f"{word} {core}".strip()


def sentence(text: str) -> str:
    """Text ending as a sentence ends: a full stop added unless it already has closing punctuation."""
    text = text.strip()
    return text if text[-1:] in ".!?…" or text[-2:] in (".”", ".\"", "?”", "!”") else text + "."
