"""Bare figures in prose: an amount, share or count an authored page writes outside a fact reference.

Every figure in the sheet's prose comes from a fact, so that it links to its
source. :func:`check_page` reports each figure a Markdown page writes itself::

    docs/index.md:38:12: warning: figure '70%' written outside a fact reference; use [[fact:ID]], or [[plain:...]] if it is not a claim

A figure is
    an amount: ``$10.3 billion``, ``US$5m``, ``€40``, ``4.9bn``, ``12,000``, ``2-3``;
    a share: ``70%``, ``70 percent``, ``70 per cent``; a fraction in words
    followed by ``of`` or punctuation: ``a third of``, ``just under a quarter.``,
    ``two thirds`` (not ``half``; ``a third copy`` is an ordinal);
    a count: any other number in digits (``42 companies``), or a number word
    from two to ninety, ``hundred``, ``thousand`` or ``dozen`` (``three
    companies``, ``two million``; not ``one``, too common to be a claim).

Not a figure
    years, alone or in ranges: a 4-digit number from 1800 to 2199 (``2023``,
    ``1992-2005``, ``2023-24``); dates: ``12 April 2024``, ``April 12, 2024``,
    ``Feb 2022``, ``2024-04-12``, ``Q4 2023``;
    numbers glued to letters or joined to them by a hyphen: ``G7``, ``Su-57``,
    ``S-400``, ``1990s``, ``mid-2024``; ordinals: ``1st``, ``first``;
    labels: a number after an acronym (``ISO 8601``; a currency code such as
    ``USD 5`` still counts) or after ``page``, ``paragraph``, ``section``,
    ``step``, ``version``, ``No.``, ``#`` and the like; versions ``1.6.1``;
    times ``12:30``; the number of a list item or heading (``1. Store``,
    ``## 2. Method``);
    anything in ``[[fact:...]]``, ``[[chart:...]]`` or ``[[plain:...]]``, code
    spans, fenced or indented code (``mdlines.py``), link targets (``](url)``,
    ``[x]: url``, ``[text][1]``, ``[^1]``), bare URLs, HTML tags with their
    attributes, HTML comments, entities (``&#42;``), attribute lists
    (``{: #id }``) and front matter.

A number that is deliberately not a claim is written ``[[plain:TEXT]]``
(``[[plain:3 articles, 1 origin]]``): it renders as TEXT, without a link. A
page full of such numbers (a format reference) opts out whole with front
matter; any other value of ``prose_figures`` is a warning::

    ---
    prose_figures: unchecked
    ---

The page is read line by line, each line a fixed number of times, so the
check is linear in the page's size.
"""

from __future__ import annotations

import re
from pathlib import Path

from factsheet.check.mdlines import TEXT, classify, front_matter_end
from factsheet.diagnostics import Report
from factsheet.model.dates import MONTHS
from factsheet.model.numbers import FRACTION_WORDS, NUMBER_WORDS, SCALE_WORDS

OPT_OUT = "unchecked"
_OPT_OUT_LINE = re.compile(r"^prose_figures:\s*(.*?)\s*$")

# Spans whose numbers are not prose, blanked before figures are looked for (columns stay put).
_NOT_PROSE = re.compile("|".join([
    r"(?P<ticks>`+).+?(?P=ticks)",                    # code span
    r"\[\[(?:fact|chart|plain):[^\]\n]*\]\]",         # references
    r"<!--.*?(?:-->|$)",                              # HTML comment (one left open continues on the next lines)
    r"</?[A-Za-z][^<>]*>",                            # HTML tag with its attributes, autolink
    r"\]\((?:[^()\n]|\([^()\n]*\))*\)",               # inline link or image target
    r"\]\[[^\]\n]*\]|\[\^[^\]\n]+\]",                 # reference label, footnote mark
    r"(?:https?://|www\.)[^\s<>]+",                   # bare URL
    r"&#?\w+;",                                       # character entity
    r"\{:?[ \t]*[#.][^{}\n]*\}|\{:[^{}\n]*\}",        # attribute list
]))
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s")
_ITEM_NUMBER = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:\d{1,9}[.)]|#{1,6}[ \t]+(?:\d+[.)]|\d+(?:\.\d+)+[.)]?))(?=\s|$)")

# A run of characters that may make up one numeric token ("$10.3bn", "Su-57", "2024-04-12"), read whole.
_RUN_CHARS = r"\w$€£¥₽%.,'’/:+\-–"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_GLUED_SCALE = "|".join(sorted(SCALE_WORDS, key=len, reverse=True))
_SPACED_SCALE = "|".join(sorted((w for w in SCALE_WORDS if len(w) > 1), key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?P<currency>US\$|[$€£¥₽])?(?P<number>{_NUMBER})(?:[-–](?P<to>{_NUMBER}))?"
    rf"(?P<unit>%|\+|{_GLUED_SCALE})?(?:-[a-z]+)*",
    re.IGNORECASE,
)
_AFTER = re.compile(rf"\s?%|\s?per\s?cent\b|\s(?:{_SPACED_SCALE})\b", re.IGNORECASE)

_COUNT_WORDS = sorted({"thousand", *(w for w in NUMBER_WORDS if " " not in w and w not in ("one", "half"))}, key=len, reverse=True)
_COUNT_WORD = "(?:" + "|".join(_COUNT_WORDS) + ")"
_FRACTIONS = sorted((f for f in FRACTION_WORDS if "half" not in f), key=len, reverse=True)
_WORDS = (
    r"(?<![\w-])(?:(?P<fraction>" + "|".join(f.replace(" ", r"[\s-]++") for f in _FRACTIONS) + r")"
    r"|(?P<count>" + _COUNT_WORD + r"(?:[\s-]++" + _COUNT_WORD + r")*(?:\s++(?:million|billion|trillion)\b)?))(?!\w)"
)
_SINGULAR_FRACTION_END = re.compile(r"\s+of\b|\s*(?:[.,;:!?)]|$)")
_FIGURE = re.compile(rf"(?<![{_RUN_CHARS}])[{_RUN_CHARS}]*?\d[{_RUN_CHARS}]*|{_WORDS}", re.IGNORECASE)

_MONTH = "|".join([*MONTHS, *(m[:3] for m in MONTHS), "Sept"])
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH})\.?\s+$")
_MONTH_AFTER = re.compile(rf"\s+(?:{_MONTH})\b")
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:page|pages|pp?|paragraph|para|section|chapter|part|step|version|line|note|item|figure|fig|table|"
    r"annex|appendix|article|volume|vol|issue|number)\.?\s+|\bno\.\s*|(?<!#)#"
    r"|(?-i:\b(?!(?:USD|EUR|CNY|RUB|GBP|JPY|CHF)\b)[A-Z]{2,})\s+)$",
    re.IGNORECASE,
)
_CONTEXT = 16  # characters before a number that a month, label or acronym before it may take


def bare_figures(text: str) -> list[tuple[int, int, str]]:
    """Every figure written outside a fact reference: (1-based line, column, the figure as written)."""
    lines = text.splitlines()
    if _opt_out(lines) == OPT_OUT:
        return []
    found: list[tuple[int, int, str]] = []
    in_comment = False
    for number, (kind, line) in enumerate(classify(lines), start=1):
        if kind != TEXT or not line.strip():
            continue
        if in_comment:
            close = line.find("-->")
            if close < 0:
                continue
            line, in_comment = " " * (close + 3) + line[close + 3:], False
        masked, in_comment = _prose_only(line)
        found.extend((number, col, figure) for col, figure in _figures(masked))
    return found


def check_page(path_shown: str, text: str, report: Report) -> None:
    """Add a warning to the report for each bare figure in a page, and for a mistyped opt-out."""
    lines = text.splitlines()
    value = _opt_out(lines)
    if value not in (None, OPT_OUT):
        line = next(i for i, written in enumerate(lines, start=1) if _OPT_OUT_LINE.match(written))
        report.warning(path_shown, line, 1, f"prose_figures: expected '{OPT_OUT}', got '{value}'")
    for line, col, figure in bare_figures(text):
        report.warning(path_shown, line, col, f"figure '{figure}' written outside a fact reference; "
                       "use [[fact:ID]], or [[plain:...]] if it is not a claim")


def check_docs(folder: Path, base: Path, report: Report) -> None:
    """Check every Markdown page under a folder, naming each by its path relative to ``base``."""
    for path in sorted(folder.rglob("*.md")):
        shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        check_page(shown, path.read_text(encoding="utf-8", errors="replace"), report)


def _opt_out(lines: list[str]) -> str | None:
    """The value of ``prose_figures`` in the front matter, or None."""
    for line in lines[1:front_matter_end(lines) - 1]:
        match = _OPT_OUT_LINE.match(line)
        if match:
            return match.group(1).split(" #")[0].strip("'\"")
    return None


def _prose_only(line: str) -> tuple[str, bool]:
    """The line with everything that is not prose blanked, and whether it leaves an HTML comment open."""
    if _REFERENCE_DEFINITION.match(line):
        return "", False
    open_comment = False

    def blank(match: re.Match) -> str:
        nonlocal open_comment
        open_comment = match.group(0).startswith("<!--") and not match.group(0).endswith("-->")
        return " " * len(match.group(0))

    line = _ITEM_NUMBER.sub(lambda m: " " * len(m.group(0)), line, count=1)
    return _NOT_PROSE.sub(blank, line), open_comment


def _figures(line: str):
    """(1-based column, figure) for each figure in a line already cleared of what is not prose."""
    for match in _FIGURE.finditer(line):
        if match.group("fraction"):
            singular = re.split(r"[\s-]", match.group("fraction"), maxsplit=1)[0].lower() in ("a", "one")
            if not singular or _SINGULAR_FRACTION_END.match(line, match.end()):
                yield match.start() + 1, match.group(0)
        elif match.group("count"):
            yield match.start() + 1, match.group(0)
        else:
            figure = _amount(line, match)
            if figure:
                yield figure


def _amount(line: str, run: re.Match) -> tuple[int, str] | None:
    """The figure a run of digits and punctuation writes, with the unit after it; None when it is no figure."""
    token = run.group(0)
    start = run.start() + len(token) - len(token.lstrip("'’:/,.+–-"))
    token = token.lstrip("'’:/,.+–-").rstrip("'’:/,.–-")
    amount = _AMOUNT.fullmatch(token)
    if not amount:
        return None  # a date, version, time, ordinal or identifier
    end = start + len(token)
    after = None if amount.group("unit") else _AFTER.match(line, end)
    if after:
        token += after.group(0)
    elif not amount.group("currency") and not amount.group("unit") and _not_a_count(line, start, amount):
        return None
    return start + 1, token


def _not_a_count(line: str, start: int, amount: re.Match) -> bool:
    """Whether a bare number is a year, a day of a date, or a label."""
    number = amount.group("number")
    if len(number) == 4 and number.isdigit() and 1800 <= int(number) <= 2199:
        return True
    before = line[max(0, start - _CONTEXT):start]
    if amount.group("to") is None and number.isdigit() and int(number) <= 31:
        if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(line, start + len(amount.group(0))):
            return True
    return amount.group("to") is None and bool(_LABEL_BEFORE.search(before))
