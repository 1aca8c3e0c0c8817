"""Expanding inline fact references in authored Markdown, for export without the site generator."""

from __future__ import annotations

import re
from pathlib import Path

from .mdext import CHART_LINE, FACT_PATTERN
from .model import Sheet
from .render.charts import chart_svg
from .render.html import inline_figure
from .urls import Site

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def expand_text(text: str, sheet: Sheet, site: Site, page: str) -> str:
    """Replace ``[[fact:ID]]`` and ``[[chart:ID]]`` outside code with HTML; unknown ids raise KeyError."""
    out, fence, count = [], None, 0
    pattern = re.compile(FACT_PATTERN)

    def replace(match: re.Match) -> str:
        nonlocal count
        fact = sheet.facts.get(match.group(1))
        if fact is None:
            raise KeyError(f"unknown fact id '{match.group(1)}' in {page}")
        count += 1
        return inline_figure(sheet, site, page, fact, f"r{count}", match.group(2) or "figure")

    for line in text.splitlines(keepends=True):
        opener = _FENCE.match(line)
        if fence:
            if opener and opener.group(2)[0] == fence[0] and len(opener.group(2)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opener:
            fence = opener.group(2)
            out.append(line)
            continue
        chart_match = CHART_LINE.match(line)
        if chart_match:
            charts = {c.id: c for c in sheet.charts}
            if chart_match.group(1) not in charts:
                raise KeyError(f"unknown chart id '{chart_match.group(1)}' in {page}")
            out.append("\n" + chart_svg(sheet, site, page, charts[chart_match.group(1)]) + "\n\n")
            continue
        pieces, last = [], 0
        for span in _CODE_SPAN.finditer(line):
            pieces.append(pattern.sub(replace, line[last:span.start()]))
            pieces.append(span.group(0))
            last = span.end()
        pieces.append(pattern.sub(replace, line[last:]))
        out.append("".join(pieces))
    return "".join(out)


def expand_docs(folder: Path, sheet: Sheet, site: Site) -> None:
    """Expand references in every Markdown file of a folder, in place."""
    for path in sorted(folder.rglob("*.md")):
        page = path.relative_to(folder).as_posix()
        path.write_text(expand_text(path.read_text(encoding="utf-8"), sheet, site, page), encoding="utf-8")
