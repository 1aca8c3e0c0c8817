"""Material's search entries for a generated page, found as Material's search plugin finds them, at a fraction of the cost.

Material's search plugin (checked with :data:`factsheet.adapter.material.CHECKED_WITH`) feeds every page's HTML
through a subclass of the standard library's ``html.parser.HTMLParser`` that splits it into sections at each
heading with an id, and makes one index entry per section. In a build of a large sheet that parser is about
half of all the time MkDocs spends: the standard parser is written in Python, and Material's handlers compare
element objects through ``__eq__`` and ``__hash__`` on every tag and every run of text.

:func:`entries` gives the same entries, character for character, for the HTML the engine writes: one regular
expression finds each tag of the well-formed subset the templates produce (double-quoted attributes, no
``<!DOCTYPE>``, no processing instructions, no stray ``<``), and the same rules as Material's parser are applied
to tag names instead of element objects (Material's elements compare by tag name, so a set of them is a set of
names). Anything outside that subset returns ``None``, and the page is left to Material's own parser. The
tests compare both on every page of the real, the example and the hostile sites and on generated HTML.
"""

from __future__ import annotations

import importlib.util
import re
from html import escape, unescape

# Material's search plugin: the tags it never indexes, the tags it keeps as markup, its void elements.
_SKIP = ("object", "script", "style")
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
_READ_ATTRS = _HEADINGS | {"a"}
# Attribute text that may name data-search-exclude or the class linenodiv (names are lower-cased, values unescaped).
_MAY_MATTER = re.compile(r"data-search-exclude|linenodiv|&", re.IGNORECASE).search
# Material segments Chinese text with jieba when it is installed; that path is left to Material.
_JIEBA = importlib.util.find_spec("jieba") is not None

# A start or end tag of the subset: a name of letters and digits, attributes with double-quoted values or none.
# (Only the whitespace html.parser ends a tag name at: a name followed by another space character is not in the subset.)
# A token: text up to the next "<"; or a start or end tag; or the start of a comment (group 6).
_TOKEN = re.compile(r'([^<]+)|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*)'
                    r'[ \t\n\r\f]*(/?)>|(<!--)')
_COMMENT = 6
_ATTR = re.compile(r'[ \t\n\r\f]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=)?(?:"([^"]*)")?')
_CDATA_END = {name: re.compile(rf"</{name}[ \t\n\r\f]*>", re.IGNORECASE) for name in ("script", "style")}
_INF = float("inf")


class _Section:
    __slots__ = ("tag", "attrs", "depth", "text", "title", "id")

    def __init__(self, tag: str, attrs: dict, depth: float = 0) -> None:
        self.tag, self.attrs, self.depth = tag, attrs, depth
        self.text: list[str] = []
        self.title: list[str] = []
        self.id: str | None = None


class _UnsupportedError(Exception):
    """The HTML has something outside the subset: Material's own parser reads this page."""


class _Parser:
    """Material's ``Parser`` (material/plugins/search/plugin.py), with elements compared by tag name as Material's do.

    Material's handlers are written out in one loop (its ``handle_starttag``, ``handle_endtag`` and
    ``handle_data`` are the three branches, in its order), as a page has hundreds of thousands of tokens.
    """

    def __init__(self) -> None:
        self.data: list[_Section] = []

    def feed(self, html: str) -> list[_Section]:  # noqa: C901, PLR0912, PLR0915 - Material's three handlers in one loop
        """The sections of ``html`` (raises :class:`_UnsupportedError` for what is outside the subset)."""
        sections = self.data
        skip = set(_SKIP)  # names to skip (Material's ``skip``: elements, which compare by name)
        tags: list[str] = []  # the open elements' names (Material's ``context``)
        attrs_of: list[dict] = []  # ... and their attributes
        count: dict[str, int] = {}  # how many open elements have each name
        section: _Section | None = None
        skipping = False  # whether an open element's name is in skip (``skip.intersection(context)``)
        match = _TOKEN.match
        n, pos = len(html), 0
        while pos < n:
            token = match(html, pos)
            if token is None:
                raise _UnsupportedError  # a "<" that starts no tag of the subset
            pos = token.end()
            kind = token.lastindex
            if kind == 1:  # text (handle_data, after html.parser has unescaped it)
                if skipping:
                    continue
                data = token.group(1)
                if "&" in data:
                    data = unescape(data)
                in_pre = count.get("pre")
                if not in_pre:
                    data = " " if data.isspace() else data.replace("\n", " ")
                if section is None:
                    section = _Section("hx", {})
                    sections.append(section)
                if count.get(section.tag):
                    if not any(tag == "a" and attrs.get("class") == "headerlink" for tag, attrs in zip(tags, attrs_of, strict=True)):
                        section.title.append(escape(data, quote=False))
                elif data.isspace():
                    if not section.text or not section.text[-1].isspace() or in_pre:
                        section.text.append(data)
                else:
                    section.text.append(escape(data, quote=False))
                continue
            if kind == _COMMENT:  # skipped, as Material's parser skips it
                close = html.find("--", pos)
                if close < 0 or not html.startswith("-->", close):
                    raise _UnsupportedError
                pos = close + 3
                continue
            closing, name, raw, selfclosing = token.group(2, 3, 4, 5)
            name = name.lower()
            if closing:
                if raw or selfclosing:
                    raise _UnsupportedError
            else:  # handle_starttag
                attrs = {}
                if raw and (name in _READ_ATTRS or _MAY_MATTER(raw)):
                    for key, equals, value in _ATTR.findall(raw):  # html.parser: names lower-cased, values unescaped, the last wins
                        attrs[key.lower()] = (unescape(value) if "&" in value else value) if equals else None
                if name not in _VOID:
                    tags.append(name)
                    attrs_of.append(attrs)
                    count[name] = count.get(name, 0) + 1
                    if name in skip:
                        skipping = True
                    if name in _HEADINGS and "id" in attrs:
                        depth = len(tags)
                        if name != "h1" and not sections:
                            sections.append(_Section("hx", {}, depth))
                        section = _Section(name, attrs, depth)
                        if sections:
                            section.id = attrs["id"]
                        sections.append(section)
                    if section is None:
                        section = _Section("hx", {})
                        sections.append(section)
                    if attrs and ("data-search-exclude" in attrs or attrs.get("class") == "linenodiv"):
                        skip.add(name)
                        skipping = True
                    elif name in _KEEP and not skipping:
                        (section.title if count.get(section.tag) else section.text).append(f"<{name}>")
                if not selfclosing:
                    if name in _CDATA_END:  # its text is raw until its end tag, and never indexed
                        close = _CDATA_END[name].search(html, pos)
                        if close is None:
                            raise _UnsupportedError
                        pos = close.start()
                    continue
            # handle_endtag (also right after the start of a self-closing tag, as html.parser calls both)
            if not tags or tags[-1] != name:
                continue
            if section.depth > len(tags):
                for earlier in reversed(sections):
                    if earlier.depth <= len(tags):
                        section.depth = _INF
                        section = earlier
                        break
            tags.pop()
            attrs_of.pop()
            count[name] -= 1
            if name in skip:
                if name not in _SKIP:
                    skip.discard(name)
                skipping = any(count.get(tag) for tag in skip)
                continue
            if name in _KEEP and not skipping:
                data = section.title if count.get(section.tag) else section.text
                try:
                    index = data.index(f"<{name}>")
                except ValueError:  # Material's parser would fail here: let it say so
                    raise _UnsupportedError from None
                for i in range(index + 1, len(data)):
                    if not data[i].isspace():
                        index = len(data)
                        break
                if len(data) > index:
                    del data[index:]
                else:
                    data.append(f"</{name}>")
        return sections


def entries(html: str, toc, url: str, page_title: str, meta: dict) -> list[dict] | None:
    """The search index entries Material makes of a page (its HTML content, toc, url, title and meta), or ``None``
    where this page is better left to Material's own parser."""
    if _JIEBA:
        return None
    try:
        sections = _Parser().feed(html)
    except _UnsupportedError:
        return None
    tags = meta.get("tags")
    search = meta.get("search") or {}
    found = []
    for section in sections:
        if "data-search-exclude" in section.attrs:
            continue
        item = _find_toc_by_id(toc, section.id)
        location = url + item.url if item else url + "#" + section.id if section.id else url
        title = "".join(section.title).strip() if section.title else str(meta.get("title", page_title)).strip()
        entry = {"location": location, "title": title, "text": "".join(section.text).strip()}
        if isinstance(tags, list):
            entry["tags"] = [str(name) for name in tags if name and isinstance(name, (str, int, float, bool))]
        if "boost" in search:
            entry["boost"] = search["boost"]
        found.append(entry)
    return found


def _find_toc_by_id(toc, anchor):
    for item in toc:
        if item.id == anchor:
            return item
        found = _find_toc_by_id(item.children, anchor)
        if found is not None:
            return found
    return None


def merge(docs: list[dict], order: list[tuple[str, list[dict] | None]]) -> list[dict]:
    """Material's index entries ``docs`` with the entries made here put where Material would have put them: ``order``
    is every indexed page's url in the order the pages were rendered, with its entries made here or ``None``
    where Material indexed the page."""
    merged: list[dict] = []
    k = 0
    for url, own in order:
        if own is not None:
            merged.extend(own)
            continue
        while k < len(docs) and str(docs[k].get("location", "")).split("#", 1)[0] == url:
            merged.append(docs[k])
            k += 1
    merged.extend(docs[k:])
    return merged
