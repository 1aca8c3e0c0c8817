"""Telling the lines of a Markdown page apart: front matter, code, and the prose between.

Python-Markdown skips code and MkDocs strips front matter before any inline
pattern runs; tools that read a page line by line (``expand.py``,
``prose.py``) follow the same rules here, in one pass:

- front matter: a first line ``---`` up to the next ``---`` or ``...`` line;
- fenced code: from a line opening with three or more backticks or tildes
  (indented or not) to a line closing with the same character, at least as many;
- indented code: lines indented four spaces (or a tab) after a blank line, a
  heading or the start of the page, and the lines continuing them; inside a
  list, where four spaces only continue the item, eight.

A line that continues a paragraph (no blank line before it) is prose however
far it is indented, as in Python-Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_FRONT_END = re.compile(r"^(?:-{3}|\.{3})[ \t]*$")

TEXT, FRONT_MATTER, FENCED, INDENTED = "text", "front matter", "fenced code", "indented code"


def _indent(line: str) -> int:
    """Columns of leading whitespace, a tab counting as four."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def front_matter_end(lines: list[str]) -> int:
    """The number of lines the front matter takes (both ``---`` lines included); 0 when there is none."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for number, line in enumerate(lines[1:], start=2):
        if _FRONT_END.match(line):
            return number
    return 0


def classify(lines: list[str]) -> Iterator[tuple[str, str]]:
    """Each line with its kind: ``TEXT``, ``FRONT_MATTER``, ``FENCED`` or ``INDENTED``."""
    front = front_matter_end(lines)
    fence = None
    in_list = in_code = False
    after_break = True  # the previous line was blank, a heading, or the start of the page
    for number, line in enumerate(lines, start=1):
        if number <= front:
            yield FRONT_MATTER, line
            continue
        if fence:
            closer = FENCE.match(line)
            if closer and closer.group(2)[0] == fence[0] and len(closer.group(2)) >= len(fence):
                fence = None
            yield FENCED, line
            continue
        blank = not line.strip()
        indent = _indent(line)
        if not blank and indent >= (8 if in_list else 4) and (after_break or in_code):
            in_code = True
            yield INDENTED, line
            continue
        if blank:
            after_break = True
            yield TEXT, line
            continue
        in_code = False
        opener = FENCE.match(line)
        if opener:
            fence = opener.group(2)
            after_break = True
            yield FENCED, line
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif indent < 4 and after_break:
            in_list = False
        after_break = bool(_HEADING.match(line))
        yield TEXT, line
