"""Generative tests of the parts that take free text: text fragments, the figure-in-quote matcher, slugs."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from factsheet.diagnostics import Report
from factsheet.load.yamlsafe import Scalar
from factsheet.model.numbers import NUMBER_WORDS, SCALE_WORDS, figure_in_text
from factsheet.model.schema import SLUG_RE, Ctx, Slug, slugify
from factsheet.model.urls import cite_url, text_fragment
from factsheet.model.wording import format_number

# Quotes as the loader keeps them: any printable text, whitespace collapsed, never empty.
quotes = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=300).map(
    lambda s: " ".join(s.split())).filter(bool)
FRAGMENT_SAFE = re.compile(r"^[A-Za-z0-9_.~%]*$")


def parts_of(url: str) -> list[str]:
    """The text directive of a URL, split into its start and end, still encoded."""
    fragment = urlsplit(url).fragment
    assert fragment.startswith(":~:text=")
    return fragment[len(":~:text="):].split(",")


# --- text fragments --------------------------------------------------------------------------------------

@given(quotes)
@example("Q4 - tools, parts & more #1 100% of $4.9bn")
@example("-start with a dash, and, commas & ampersands-")
@example("one two three four five six seven eight nine ten eleven")
def test_fragment_survives_a_url_parser_and_decodes_to_the_quote(quote):
    """A quote's fragment parses back out of a URL, uses only safe characters, and decodes to the quote's words."""
    url = cite_url("https://example.org/article?id=1#old", quote)
    assert url.count("#") == 1 and url.startswith("https://example.org/article?id=1#:~:text=")
    parts = parts_of(url)
    assert 1 <= len(parts) <= 2
    assert all(p and FRAGMENT_SAFE.match(p) for p in parts), parts
    words = quote.split()
    decoded = [unquote(p, errors="strict") for p in parts]
    if len(parts) == 1:
        assert decoded[0] == " ".join(words)
    else:
        start, end = decoded[0].split(), decoded[1].split()
        assert words[: len(start)] == start and words[len(words) - len(end):] == end
        assert len(start) + len(end) <= len(words)


@given(quotes)
def test_fragment_leaves_no_directive_delimiter_unescaped(quote):
    """Inside the start or end text, '-', ',' and '&' (the directive's own delimiters) are always percent-encoded."""
    for part in parts_of(text_fragment(quote).replace("#", "https://e.example.org/#", 1)):
        decoded = unquote(part)
        for char, code in (("-", "%2D"), (",", "%2C"), ("&", "%26")):
            assert part.count(code) == decoded.count(char)


@given(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=70))
def test_quotes_match_whole_and_only_very_long_ones_by_their_ends(words):
    """Up to fifty words the fragment is the whole quote; beyond, the first and last ten words."""
    parts = parts_of("https://e.example.org/" + text_fragment(" ".join(words)))
    if len(words) <= 50:
        assert parts == ["%20".join(words)]
    else:
        assert parts == ["%20".join(words[:10]), "%20".join(words[-10:])]


# --- figures in quotes -----------------------------------------------------------------------------------

values = st.one_of(st.integers(0, 10**7), st.decimals(0, 10**4, places=2).map(float))
scales = st.sampled_from([None, "thousand", "million", "billion", "trillion"])
filler = st.text(st.characters(whitelist_categories=("Ll", "Lu"), max_codepoint=0x7F), max_size=12).filter(
    lambda w: not re.search("|".join(sorted(NUMBER_WORDS, key=len, reverse=True)), w, re.IGNORECASE)
    and w.lower() not in SCALE_WORDS)


@given(values, filler, filler)
def test_a_figure_is_found_however_it_is_written(value, before, after):
    """A value is found written plainly, with thousands separators, as a percentage or in words around it."""
    shown = format_number(value)
    for written in (shown, shown.replace(",", ""), f"{shown}%", f"{shown} percent", f"{shown} per cent", f"${shown}"):
        assert figure_in_text(value, None, f"{before} {written} {after}"), written


@given(st.integers(1, 999), st.sampled_from(["million", "billion", "trillion"]), filler)
def test_a_scaled_figure_is_found_in_any_spelling_of_its_scale(value, scale, after):
    """$4 billion, 4bn, 4 billion and 4,000 million are one figure."""
    short = {"million": "m", "billion": "bn", "trillion": "tn"}[scale]
    smaller = {"billion": "million", "trillion": "billion"}.get(scale)
    texts = [f"${value} {scale} {after}", f"{value}{short} {after}", f"about {value} {scale.capitalize()}"]
    if smaller:
        texts.append(f"{value * 1000:,} {smaller}")
    for text in texts:
        assert figure_in_text(value, scale, text), text


@given(st.integers(0, 10**6), st.integers(0, 10**6), filler)
def test_another_number_is_not_the_figure(value, other, words):
    """A quote whose only number is a different one does not carry the figure."""
    if value == other:
        return
    assert not figure_in_text(value, None, f"{words} {other}% {words}")


@given(st.sampled_from(sorted(w for w in NUMBER_WORDS if " " not in w)),
       st.from_regex(r"[a-z]{0,6}", fullmatch=True), st.from_regex(r"[a-z]{1,6}", fullmatch=True))
@example("ten", "", "ant")
@example("one", "some", "")
@example("half", "", "way")
def test_number_words_inside_longer_words_are_not_numbers(word, prefix, suffix):
    """'tenant' does not say ten, 'someone' not one, 'halfway' not half: number words count only as whole words."""
    if not prefix and not suffix:
        return
    assert not figure_in_text(NUMBER_WORDS[word], None, f"the {prefix}{word}{suffix} said")


# --- slugs -----------------------------------------------------------------------------------------------

def slug_accepts(value: str) -> bool:
    """Whether the id field type accepts a value."""
    report = Report()
    return Slug().validate(Scalar(value, False, 1, 1), Ctx("x.yml", report)) == value and not report.items


@given(st.text(max_size=200))
@example("Beijing Boosts Tech Exports to Moscow")
@example("  --Ünïcödé  ÉXPORTS -- 2024 --  ")
@example("share\u202e")
def test_slugify_always_gives_a_valid_id_or_nothing(text):
    """Whatever the text, slugify gives an accepted id of at most 80 characters, or the empty string."""
    slug = slugify(text)
    assert slug == "" or (SLUG_RE.fullmatch(slug) and len(slug) <= 80 and slug_accepts(slug))


@given(st.text(max_size=200))
def test_slugify_is_idempotent(text):
    """A slug slugifies to itself."""
    assert slugify(slugify(text)) == slugify(text)


@given(st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,6}", fullmatch=True))
def test_valid_ids_are_accepted_and_kept(slug):
    """Lower-case letters and digits joined by single hyphens are accepted as they are."""
    assert slug_accepts(slug)
    assert slugify(slug) == slug


@given(st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}", fullmatch=True),
       st.sampled_from(["A", " ", "--", "-", "_", ".", "/", "\n", "\u200b", "\u202e", "\u0430", "é", "#", "%2D"]),
       st.booleans())
def test_ids_with_anything_else_are_refused(slug, intruder, at_end):
    """Capitals, spaces, doubled or edge hyphens, newlines, invisible and non-ASCII characters make an id invalid."""
    value = slug + intruder if at_end else intruder + slug
    assert not slug_accepts(value)
    assert not SLUG_RE.fullmatch(value)
