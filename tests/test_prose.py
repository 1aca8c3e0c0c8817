"""Bare figures in prose (factsheet/check/prose.py), the [[plain:...]] marker, and code left alone by expand.py."""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
import pytest
from helpers import write_facts

from factsheet.check.prose import bare_figures, check_page
from factsheet.cli import main
from factsheet.diagnostics import Report
from factsheet.load.loader import load
from factsheet.mdext import FactExtension
from factsheet.model.urls import Site
from factsheet.render.expand import expand_text

EXAMPLE = Path(__file__).parent / "fixtures" / "example"
SITE = Site("https://example.org/sheet/", True, "Example sheet")
ADVICE = "written outside a fact reference; use [[fact:ID]], or [[plain:...]] if it is not a claim"


@pytest.fixture(scope="module")
def sheet():
    loaded, report = load(EXAMPLE / "facts")
    assert loaded is not None, [str(d) for d in report.items]
    return loaded


def page(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# --- what is a figure: one line of prose and what the checker finds in it ----------------------------------

FIGURES = {
    "percent sign": ("About 70% of tools.", [(1, 7, "70%")]),
    "percent in words": ("70 percent, or 70 per cent.", [(1, 1, "70 percent"), (1, 16, "70 per cent")]),
    "currency and scale word": ("Worth $10.3 billion.", [(1, 7, "$10.3 billion")]),
    "currency signs and glued scales": ("US$5m, €40, £3bn and ¥2k.", [(1, 1, "US$5m"), (1, 8, "€40"), (1, 13, "£3bn"), (1, 22, "¥2k")]),
    "scale word without currency": ("Some 4.9 billion went there.", [(1, 6, "4.9 billion")]),
    "count in digits": ("It names 42 companies.", [(1, 10, "42")]),
    "thousands separator": ("At least 12,000 machines.", [(1, 10, "12,000")]),
    "range of counts": ("Two or three, 2-3 plants.", [(1, 1, "Two"), (1, 8, "three"), (1, 15, "2-3")]),
    "count in words": ("Three companies and twenty-five plants.", [(1, 1, "Three"), (1, 21, "twenty-five")]),
    "number word with scale": ("Some two million rounds.", [(1, 6, "two million")]),
    "dozen, hundred, thousand": ("A dozen firms, a hundred, a thousand.", [(1, 3, "dozen"), (1, 18, "hundred"), (1, 29, "thousand")]),
    "fraction before of": ("Just under a third of the total.", [(1, 12, "a third")]),
    "fraction before punctuation": ("It fell by a quarter.", [(1, 12, "a quarter")]),
    "plural fraction": ("Two thirds came from China.", [(1, 1, "Two thirds")]),
    "compound adjective": ("A 10-year deal.", [(1, 3, "10-year")]),
    "negative share": ("Exports moved -5% in a year.", [(1, 16, "5%")]),
    "number in emphasis and parentheses": ("**70%** (42)", [(1, 3, "70%"), (1, 10, "42")]),
    "currency code before a number": ("USD 5 million", [(1, 5, "5 million")]),
    "link text": ("See [70% of tools](topics/x.md).", [(1, 6, "70%")]),
    "text between HTML tags": ('<span class="x">42 plants</span>', [(1, 17, "42")]),
    "heading starting with a count": ("## 42 companies", [(1, 4, "42")]),
}


@pytest.mark.parametrize(("text", "expected"), FIGURES.values(), ids=FIGURES.keys())
def test_figures_in_prose_are_found(text, expected):
    """Amounts, shares, counts and fractions in prose are found at their line and column, as written."""
    assert bare_figures(text) == expected


NOT_FIGURES = {
    "years": "In 2023, and from 1992-2005, and in 2023-24.",
    "dates": "On 12 April 2024, April 12, 2024, Feb 2022, 2024-04-12 and Q4 2023.",
    "decades and year prefixes": "In the 1990s and mid-2024.",
    "identifiers": "G7, Su-57, S-400, Iskander-M, T-72B3 and 2S19.",
    "ordinals": "The 1st, 2nd and 23rd copies; the first one.",
    "one and half": "One copy says half of it.",
    "fraction used as an ordinal": "A third copy and a quarter century.",
    "labels": "See page 3, paragraph 2, No. 4, #5, step 7 and Figure 2.",
    "acronym labels": "ISO 8601 and BCP 47.",
    "versions and times": "MkDocs 1.6.1 at 12:30.",
    "list item number": "1. Store a capture.",
    "numbered heading": "## 2. Method",
    "numbered subsection": "### 2.1 Sources",
    "fact references": "About [[fact:share-2023]] and [[fact:x-70|claim]].",
    "plain marker": "As in [[plain:Figure 70]] and [[plain:70%]].",
    "code span": "Write `70%` or ``$4.9 billion``.",
    "link and image targets": "[the report](https://example.org/2024/70) ![chart](img/70.png)",
    "reference labels and footnotes": "A report[^1], another [report][2].",
    "bare URL": "See https://example.org/news/42/70 today.",
    "HTML attributes": '<img src="70.png" width="300" alt="">',
    "HTML comment": "<!-- 70% to check -->",
    "entity": "A star &#42; here.",
    "attribute list": "{: #fact-70 width=300 }",
    "reference definition": '[2]: https://example.org/9 "Title 9"',
}


@pytest.mark.parametrize("text", NOT_FIGURES.values(), ids=NOT_FIGURES.keys())
def test_numbers_that_are_not_figures_are_left_alone(text):
    """Years, dates, identifiers, ordinals, labels, references, code, link targets and markup are not figures."""
    assert bare_figures(text) == []


# --- which lines are prose -------------------------------------------------------------------------------

def test_warning_names_page_line_column_and_figure():
    """A bare figure is a warning naming the page, line, column and the figure."""
    report = Report()
    check_page("docs/index.md", "# Home\n\nAbout 70% of tools.\n", report)
    assert [str(d) for d in report.items] == [f"docs/index.md:3:7: warning: figure '70%' {ADVICE}"]


def test_fenced_code_is_not_prose():
    """Lines between backtick or tilde fences are skipped; counting resumes after the fence."""
    text = page("""
        ```
        70%
        ````
        ~~~~
        42
        ```
        ~~~~
        Then 5 more.
        """)
    assert bare_figures(text) == [(8, 6, "5")]


def test_indented_code_is_not_prose():
    """Lines indented four spaces after a blank line are code, blank lines inside included."""
    text = page("""
        Before:

            total = 70%

            count = 42
        After 5 more.
        """)
    assert bare_figures(text) == [(6, 7, "5")]


def test_indented_line_continuing_a_paragraph_is_prose():
    """Four spaces on a line right after prose continue the paragraph: it is checked."""
    assert bare_figures("A paragraph\n    with 70% in it.\n") == [(2, 10, "70%")]


def test_indented_paragraph_in_a_list_is_prose():
    """In a list, four spaces continue the item (a paragraph); eight make code."""
    text = page("""
        - An item.

            Still the item: 70%.

                code: 42
        """)
    assert bare_figures(text) == [(3, 21, "70%")]


def test_front_matter_is_skipped_and_its_lines_counted():
    """Front matter is not prose, and lines are numbered from the top of the file."""
    assert bare_figures("---\ntitle: 70% of tools\n---\n\nAbout 70%.\n") == [(5, 7, "70%")]


def test_html_comment_over_several_lines_is_skipped():
    """A comment left open on one line runs until the line that closes it."""
    text = page("""
        Text <!-- a note
        with 70%
        ending --> and 42 more.
        """)
    assert bare_figures(text) == [(3, 16, "42")]


def test_page_opts_out_with_front_matter():
    """``prose_figures: unchecked`` in the front matter turns the check off for the page."""
    report = Report()
    check_page("docs/format.md", "---\nprose_figures: unchecked\n---\n\nAccepts 7.5 to 8.5.\n", report)
    assert report.items == []


def test_mistyped_opt_out_is_a_warning_and_the_page_is_checked():
    """Any other value of ``prose_figures`` is reported, and the page is checked as usual."""
    report = Report()
    check_page("docs/format.md", "---\nprose_figures: off\n---\n\n70%\n", report)
    assert [str(d) for d in report.items] == [
        "docs/format.md:2:1: warning: prose_figures: expected 'unchecked', got 'off'",
        f"docs/format.md:5:1: warning: figure '70%' {ADVICE}",
    ]


# --- the [[plain:...]] marker and code, in the Markdown extension and the exporter -------------------------

def test_plain_marker_renders_escaped_text(sheet):
    """``[[plain:TEXT]]`` renders TEXT as text: no link, markup escaped, no Markdown applied."""
    html = markdown.markdown("A [[plain:<b>7</b> & *x*]] b", extensions=[FactExtension(sheet=sheet, site=SITE)])
    assert html == "<p>A &lt;b&gt;7&lt;/b&gt; &amp; *x* b</p>"


def test_plain_marker_in_code_span_stays_literal(sheet):
    """A ``[[plain:...]]`` inside a code span is shown as written."""
    html = markdown.markdown("`[[plain:70%]]`", extensions=[FactExtension(sheet=sheet, site=SITE)])
    assert html == "<p><code>[[plain:70%]]</code></p>"


def test_expand_leaves_indented_code_alone(sheet):
    """The exporter expands references in prose but not in an indented code block."""
    text = "Prose [[fact:machine-tools-share]].\n\n    [[fact:machine-tools-share]]\n    [[fact:no-such-fact]]\n"
    lines = expand_text(text, sheet, SITE, "index.md").splitlines()
    assert 'data-fact-id="machine-tools-share"' in lines[0]
    assert lines[1:4] == ["", "    [[fact:machine-tools-share]]", "    [[fact:no-such-fact]]"]
    assert lines[4:5] == [""] and lines[5].startswith('<section class="fs-references"'), "the reference list ends the page"


def test_expand_writes_plain_marker_as_escaped_text(sheet):
    """The exporter writes ``[[plain:TEXT]]`` as TEXT with HTML and Markdown markup made inert."""
    assert expand_text("[[plain:<b>7</b> *x*]] `[[plain:y]]`\n", sheet, SITE, "index.md") == (
        "&lt;b&gt;7&lt;/b&gt; &#42;x&#42; `[[plain:y]]`\n"
    )


# --- the command line --------------------------------------------------------------------------------------

def test_check_command_reports_bare_figures_in_docs(tmp_path, capsys):
    """`factsheet check` reads the docs folder beside the facts: a bare figure is a located warning; --strict fails."""
    facts = write_facts(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nAbout 70% of tools.\n", encoding="utf-8")
    assert main(["--facts", str(facts), "check"]) == 0
    out = capsys.readouterr()
    assert f"docs/index.md:3:7: warning: figure '70%' {ADVICE}" in out.err
    assert out.out.strip().endswith("; 1 warning")
    assert main(["--facts", str(facts), "check", "--strict"]) == 1


def test_check_command_without_docs(tmp_path, capsys):
    """`factsheet check --docs ''` leaves the authored pages unchecked."""
    facts = write_facts(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("About 70% of tools.\n", encoding="utf-8")
    assert main(["--facts", str(facts), "check", "--strict", "--docs", ""]) == 0
    assert "docs/index.md" not in capsys.readouterr().err
