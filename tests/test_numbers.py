"""The figure-in-quote matcher: the ways articles write a number."""

from __future__ import annotations

import pytest

from factsheet.model.numbers import figure_in_text, mentions


@pytest.mark.parametrize(
    ("value", "scale", "unit", "text"),
    [
        (4.9, "billion", "USD", "a staggering $4.9 billion in microchips"),
        (4.9, "billion", "USD", "4.9bn of chips"),
        (4.9, "billion", "USD", "4,900 million dollars"),
        (900, "million", "USD", "worth approximately $900 million"),
        (0.9, "billion", "USD", "worth $900m"),
        (70, None, "percent", "nearly 70% of imports"),
        (70, None, "percent", "about 70 percent"),
        (70, None, "percent", "70 per cent"),
        (2, None, "officials", "Two American officials"),
        (12000, None, "machines", "12,000 machines"),
        (25, None, "percent", "expected to rise by a quarter by 2026"),
        (10.3, "billion", "USD", "over $10.3\u00a0billion"),
    ],
)
def test_figure_found(value, scale, unit, text):
    """Each common way of writing the figure is recognised."""
    assert figure_in_text(value, scale, text, unit)


@pytest.mark.parametrize(
    ("value", "scale", "unit", "text"),
    [
        (4.9, "billion", "USD", "$14.9 billion"),
        (70, None, "percent", "about 7% of imports"),
        (90, None, "percent", "in 1990"),
        (2023, None, "year", "Q4 2024"),
        (900, "million", "USD", "$900 billion"),
        (25, None, "USD", "a quarter of it"),
    ],
)
def test_figure_not_found(value, scale, unit, text):
    """A different number, a digit inside another number, or a wrong scale does not match."""
    assert not figure_in_text(value, scale, text, unit)


def test_mentions_keep_scale():
    """A mention records the number as written and multiplied by its scale word."""
    assert [(m.raw, m.scaled) for m in mentions("$3.1 billion and 70%")] == [(3.1, 3.1e9), (70.0, 70.0)]
