"""Passing generated HTML blocks around Python-Markdown, which would only copy them.

A generated page is Markdown whose body is mostly raw HTML blocks, one per
paragraph: a fact, a list, a table. Python-Markdown copies such a block to
its output unchanged, but first runs it through two HTML parsers (its own
raw-block extractor and MkDocs' anchor collector); on a sheet of thousands
of facts that is most of the build. :func:`stash_blocks` swaps each block
that is certainly copied verbatim for a one-word placeholder paragraph;
:func:`restore_blocks` puts the blocks back into the converted HTML, and
:func:`anchor_ids` lists the ``id`` attributes MkDocs would have collected
from them. A block is only swapped when it is one balanced element whose
tag Markdown treats as block-level, with no comment, script, style or
``markdown`` attribute; anything else goes through Markdown as before.
"""

from __future__ import annotations

import html
import re

# Python-Markdown's default block-level elements (markdown.Markdown().block_level_elements), minus those whose
# raw text Markdown handles specially.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "details", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul", "canvas", "colgroup", "iframe", "math",
    "noscript", "output", "progress", "video", "tbody", "td", "tfoot", "th", "thead", "tr",
})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
# Markdown rewrites tabs, carriage returns and its own STX/ETX markers even inside raw HTML, and treats comments,
# processing instructions, scripts, styles and ``markdown`` attributes specially.
_UNSAFE = ("<!--", "<![cdata[", "<?", "<script", "<style", "<textarea", "\t", "\r", "\x02", "\x03")
_MARKDOWN_ATTR = re.compile(r"\smarkdown(?=[\s=/>])")
_SPACE_LINE = re.compile(r"\n +\n")  # Markdown empties lines of spaces
_FIRST = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)[\s>]")
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)>")
_ANCHOR_ATTR = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SAME_TAG: dict[str, re.Pattern] = {}


def _same_tag(name: str) -> re.Pattern:
    """A pattern of the opening, closing and self-closing tags of one name: groups '/' before and after the name."""
    pattern = _SAME_TAG.get(name)
    if pattern is None:
        pattern = _SAME_TAG[name] = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^<>]*?(/?)>", re.IGNORECASE)
    return pattern


def is_verbatim_block(chunk: str) -> bool:
    """Whether Python-Markdown would copy this paragraph of text to its output unchanged (conservatively).

    It must be one element with a block-level tag that closes exactly at the end of the text. Markdown's
    parser ends a raw block when the first tag's own end tag empties its stack, so counting that tag's
    opening and closing occurrences is enough to find where the block ends.
    """
    first = _FIRST.match(chunk)
    if first is None or not chunk.endswith(">"):
        return False
    name = first.group(1).lower()
    if name not in BLOCK_TAGS or name in VOID_TAGS:
        return False
    lowered = chunk.lower()
    if any(marker in lowered for marker in _UNSAFE):
        return False
    if "markdown" in lowered and _MARKDOWN_ATTR.search(lowered):
        return False
    if "\n " in chunk and _SPACE_LINE.search(chunk):
        return False
    depth = 0
    for match in _same_tag(name).finditer(lowered):
        if match.group(2):  # <name/>: leave such oddities to Markdown
            return False
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end() == len(chunk)  # the first element closes exactly at the end
    return False


def stash_blocks(markdown: str, token: str) -> tuple[str, list[str]]:
    """Replace each verbatim HTML paragraph by ``<token>N``; returns the new Markdown and the blocks in order."""
    blocks: list[str] = []
    chunks = markdown.split("\n\n")
    for i, chunk in enumerate(chunks):
        if chunk[:1] != "<":
            continue
        body = chunk.rstrip("\n") if i == len(chunks) - 1 else chunk
        if is_verbatim_block(body):
            chunks[i] = f"{token}{len(blocks)}" + chunk[len(body):]
            blocks.append(body)
    return "\n\n".join(chunks), blocks


def restore_blocks(content: str, token: str, blocks: list[str]) -> str:
    """Put the stashed blocks back where their placeholder paragraphs are."""
    if not blocks:
        return content
    end = len(content)

    def block(match: re.Match) -> str:
        # Markdown ends a raw block followed by a blank line with a newline, and strips the end of its output.
        return blocks[int(match.group(1))] + ("" if match.end() == end else "\n")

    return re.sub(rf"<p>{re.escape(token)}(\d+)</p>", block, content)


_HEADING = re.compile(r'<h([23])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def headings(blocks: list[str]) -> list[tuple[int, str, str]]:
    """The second- and third-level headings with an id in the blocks, in order: ``(level, id, title as escaped HTML text)``.

    The title keeps the blocks' own escaping (``&lt;`` stays ``&lt;``), ready for a table of contents.
    """
    found = []
    for block in blocks:
        for level, ident, inner in _HEADING.findall(block):
            title = " ".join(_TAG.sub("", inner).split())
            if title:
                found.append((int(level), html.unescape(ident), title))
    return found


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ``id`` attributes (and ``name`` of links) in the blocks, as MkDocs collects them for anchor checks."""
    found: set[str] = set()
    for block in blocks:
        for tag in _START.finditer(block):
            is_link = tag.group(1).lower() == "a"
            for attr in _ANCHOR_ATTR.finditer(tag.group(2)):
                if attr.group(1) == "id" or is_link:
                    found.add(html.unescape(attr.group(2) if attr.group(2) is not None else attr.group(3)))
    return found


_EXCLUDED_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\s[^<>]*?\bdata-search-exclude(?=[\s>=/])[^<>]*>")


def without_search_excluded(content: str) -> str:
    """The HTML with every element marked ``data-search-exclude`` removed, for a search indexer that would skip them anyway.

    An element whose end cannot be found by counting its own tag name is left in place.
    """
    if "data-search-exclude" not in content:
        return content
    out: list[str] = []
    position = 0
    for start in _EXCLUDED_START.finditer(content):
        if start.start() < position:
            continue  # nested inside an element already removed
        name = start.group(1).lower()
        if name in VOID_TAGS:
            continue
        depth, end = 1, None
        for match in _same_tag(name).finditer(content, start.end()):
            depth += -1 if match.group(1) else (0 if match.group(2) else 1)
            if depth == 0:
                end = match.end()
                break
        if end is None:
            continue
        out.append(content[position:start.start()])
        position = end
    out.append(content[position:])
    return "".join(out)
