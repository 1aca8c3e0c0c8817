"""Expanding inline fact references in authored Markdown, for export without the site generator.

References are expanded in prose only: code spans, fenced and indented code
and front matter are left as written (``mdlines.py``), as Python-Markdown
leaves them. ``[[plain:TEXT]]`` becomes TEXT, escaped so that no Markdown or
HTML in it takes effect.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from factsheet.check.mdlines import CODE_SPAN, TEXT, classify
from factsheet.diagnostics import UnknownReferenceError
from factsheet.mdext import CHART_LINE, FACT_PATTERN, PLAIN_PATTERN
from factsheet.model import Sheet
from factsheet.model.urls import Site
from factsheet.render.charts import chart_svg
from factsheet.render.html import PageCitations, inline_figure

_REFERENCE = re.compile(f"{FACT_PATTERN}|{PLAIN_PATTERN}")
# Characters Markdown would read as markup, written as entities every Markdown processor decodes.
_MARKDOWN_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]|~"})


def plain_text(text: str) -> str:
    """``[[plain:TEXT]]`` for a Markdown processor: TEXT shown exactly, no markup in it taking effect."""
    return html.escape(text, quote=False).translate(_MARKDOWN_ENTITIES)


def expand_text(text: str, sheet: Sheet, site: Site, page: str) -> str:
    """Replace ``[[fact:ID]]``, ``[[plain:TEXT]]`` and ``[[chart:ID]]`` outside code with HTML; unknown ids raise UnknownReferenceError (a KeyError)."""
    out, count, numbers = [], 0, PageCitations()

    def replace(match: re.Match) -> str:
        nonlocal count
        if match.group(3) is not None:
            return plain_text(match.group(3))
        fact = sheet.facts.get(match.group(1))
        if fact is None:
            raise UnknownReferenceError(f"unknown fact id '{match.group(1)}' in {page}")
        count += 1
        return inline_figure(sheet, site, page, fact, f"r{count}", match.group(2) or "figure", numbers)

    for kind, line in classify(text.splitlines(keepends=True)):
        if kind != TEXT:
            out.append(line)
            continue
        chart_match = CHART_LINE.match(line)
        if chart_match:
            charts = {c.id: c for c in sheet.charts}
            if chart_match.group(1) not in charts:
                raise UnknownReferenceError(f"unknown chart id '{chart_match.group(1)}' in {page}")
            out.append("\n" + chart_svg(sheet, site, page, charts[chart_match.group(1)]) + "\n\n")
            continue
        pieces, last = [], 0
        for span in CODE_SPAN.finditer(line):
            pieces.append(_REFERENCE.sub(replace, line[last:span.start()]))
            pieces.append(span.group(0))
            last = span.end()
        pieces.append(_REFERENCE.sub(replace, line[last:]))
        out.append("".join(pieces))
    references = numbers.reference_list(sheet, site, page)
    if references:  # a raw HTML block of its own at the end of the page
        out.append(("" if not out or out[-1].endswith("\n") else "\n") + "\n" + references + "\n")
    return "".join(out)


def expand_docs(folder: Path, sheet: Sheet, site: Site) -> None:
    """Expand references in every Markdown file of a folder, in place."""
    for path in sorted(folder.rglob("*.md")):
        page = path.relative_to(folder).as_posix()
        path.write_text(expand_text(path.read_text(encoding="utf-8"), sheet, site, page), encoding="utf-8")
