"""A generated page as data: its title, its HTML, its headings and anchors, where it goes in the navigation.

The renderers build :class:`Page` objects; nothing downstream reads their
HTML back. The MkDocs plugin hands ``Page.html`` to MkDocs as the page's
content and builds the table of contents from ``Page.headings``;
``factsheet render`` writes :meth:`Page.markdown`, the same HTML inside a
Markdown file, for any other site generator.

A page's body is a sequence of blocks, each one top-level HTML element (a
fact, a list, a table), separated by a blank line: in a Markdown file that
makes each a raw HTML block that Markdown copies as it is.

A large build keeps every page until its site generator writes it: there a
page can be held :meth:`Page.packed`, its body compressed (a sixteenth of its size;
most bodies hold a character outside Latin-1, which Python stores in two bytes
a character), and ``Page.html`` gives the same text back.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from html import escape

from factsheet.render import templates

_MD_HEADING_SPECIAL = frozenset("\\`*_[]{}<>#!|~&\"'")


@dataclass(frozen=True)
class Heading:
    """A heading of a page's body, listed in its table of contents: ``title`` is plain text."""

    level: int
    id: str
    title: str


@dataclass(frozen=True)
class Block:
    """One top-level HTML element of a page, with the headings and element ids it contains."""

    html: str
    headings: tuple[Heading, ...] = ()
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A generated page: everything a site generator needs to publish it.

    ``in_nav`` false keeps a page out of the navigation (one page per source or
    entity: thousands of them would weigh on every page); ``nav_parent`` names
    the page whose navigation entry lists this one, when the site wants it
    (topic pages under the topics index). ``hide`` names parts of the theme
    the page does without (``navigation``, ``toc``); ``searchable`` false
    keeps the whole page out of the site's search.
    """

    src: str
    title: str
    blocks: tuple[str, ...]
    description: str = ""
    headings: tuple[Heading, ...] = ()
    anchors: frozenset[str] = frozenset()
    hide: tuple[str, ...] = ()
    in_nav: bool = True
    nav_parent: str | None = None
    searchable: bool = True
    body: bytes = b""  # the body, compressed, instead of blocks (a packed page)

    @property
    def html(self) -> str:
        """The body as HTML, after the page's title heading."""
        if self.body:
            return zlib.decompress(self.body).decode("utf-8")
        return "\n\n".join(self.blocks)

    def has_body(self) -> bool:
        """Whether the page has anything after its title heading."""
        return bool(self.blocks or self.body)

    def packed(self) -> Page:
        """The same page with its body held compressed (``html`` unchanged, ``blocks`` empty), to hold thousands at once."""
        if not self.blocks:
            return self
        return replace(self, blocks=(), body=zlib.compress(self.html.encode("utf-8"), 1))

    def front_matter(self) -> dict:
        """The page's metadata as MkDocs themes read it (title and description HTML-escaped: themes write them unescaped)."""
        meta: dict = {"title": escape(self.title, quote=False)}
        if self.description:
            meta["description"] = escape(self.description[:300], quote=True)
        if self.hide:
            meta["hide"] = list(self.hide)
        if not self.searchable:
            meta["search"] = {"exclude": True}
        return meta

    def title_markdown(self) -> str:
        """The page's title as a Markdown heading, every character Markdown or HTML would read escaped."""
        return "# " + "".join(f"&#{ord(ch)};" if ch in _MD_HEADING_SPECIAL else ch for ch in self.title) + "\n"

    def markdown(self) -> str:
        """The page as a Markdown file: front matter, the title heading, then the HTML blocks separated by blank lines."""
        meta = self.front_matter()
        lines = ["---"]
        for key, value in meta.items():
            if key == "hide":
                lines.append("hide: [" + ", ".join(value) + "]")
            elif key == "search":
                lines.append("search:\n  exclude: true")
            else:
                lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        lines.append("---")
        return "\n".join(lines) + "\n\n" + self.title_markdown() + "\n" + self.html + "\n"


def make_page(src: str, title: str, blocks: Iterable[str | Block], description: str = "", **options) -> Page:
    """A page from its blocks (empty ones left out), collecting their headings and anchors."""
    html: list[str] = []
    headings: list[Heading] = []
    anchors: set[str] = set()
    for block in blocks:
        if isinstance(block, Block):
            headings.extend(block.headings)
            anchors.update(block.anchors)
            block = block.html
        if block:
            html.append(block)
    return Page(src, title, tuple(html), description, tuple(headings), frozenset(anchors), **options)


def heading_block(level: int, ident: str, title: str) -> Block:
    """A heading of the body with an id, listed in the table of contents."""
    return Block(templates.block("page.html", "heading", level, ident, title), (Heading(level, ident, title),), (ident,))
