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
# Material segments Chinese text with jieba when it is installed; that path is left to Material.
_JIEBA = importlib.util.find_spec("jieba") is not None

# A start or end tag of the subset: a name of letters and digits, attributes with double-quoted values or none.
# (Only the whitespace html.parser ends a tag name at: a name followed by another space character is not in the subset.)
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*)[ \t\n\r\f]*(/?)>')
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
    """Material's ``Parser`` (material/plugins/search/plugin.py), with elements compared by tag name as Material's do."""

    def __init__(self) -> None:
        self.skip: set[str] = set(_SKIP)
        self.tags: list[str] = []  # the open elements' names (Material's ``context``)
        self.attrs: list[dict] = []  # ... and their attributes
        self.open: dict[str, int] = {}  # how many open elements have each name
        self.section: _Section | None = None
        self.data: list[_Section] = []

    def _skipping(self) -> bool:
        """Whether an open element's name is one to skip (Material: ``self.skip.intersection(self.context)``)."""
        is_open = self.open.get
        for tag in self.skip:
            if is_open(tag):
                return True
        return False

    def start(self, tag: str, attrs: dict) -> None:
        if tag in _VOID:
            return
        self.tags.append(tag)
        self.attrs.append(attrs)
        self.open[tag] = self.open.get(tag, 0) + 1
        if tag in _HEADINGS:
            depth = len(self.tags)
            if "id" in attrs:
                if tag != "h1" and not self.data:
                    self.section = _Section("hx", {}, depth)
                    self.data.append(self.section)
                self.section = _Section(tag, attrs, depth)
                if self.data:
                    self.section.id = attrs["id"]
                self.data.append(self.section)
        if self.section is None:
            self.section = _Section("hx", {})
            self.data.append(self.section)
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if tag in _KEEP and not self._skipping():
            section = self.section
            (section.title if self.open.get(section.tag) else section.text).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        tags = self.tags
        if not tags or tags[-1] != tag:
            return
        section = self.section
        if section.depth > len(tags):
            for earlier in reversed(self.data):
                if earlier.depth <= len(tags):
                    section.depth = _INF
                    self.section = section = earlier
                    break
        tags.pop()
        self.attrs.pop()
        self.open[tag] -= 1
        if tag in self.skip:
            if tag not in _SKIP:
                self.skip.discard(tag)
            return
        if tag in _KEEP and not self._skipping():
            data = section.title if self.open.get(section.tag) else section.text
            try:
                index = data.index(f"<{tag}>")
            except ValueError:  # Material's parser would fail here: let it say so
                raise _UnsupportedError from None
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def text(self, data: str) -> None:
        if self._skipping():
            return
        in_pre = self.open.get("pre")
        if not in_pre:
            data = data.replace("\n", " ") if not data.isspace() else " "
        if self.section is None:
            self.section = _Section("hx", {})
            self.data.append(self.section)
        section = self.section
        if self.open.get(section.tag):
            for tag, attrs in zip(self.tags, self.attrs, strict=True):
                if tag == "a" and attrs.get("class") == "headerlink":
                    return  # a permalink
            section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or in_pre:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))

    def feed(self, html: str) -> list[_Section]:
        """The sections of ``html`` (raises :class:`_UnsupportedError` for what is outside the subset)."""
        n, i, find, match = len(html), 0, html.find, _TAG.match
        while i < n:
            j = find("<", i)
            if j < 0:
                j = n
            if j > i:
                chunk = html[i:j]
                self.text(unescape(chunk) if "&" in chunk else chunk)
            if j == n:
                break
            if html.startswith("<!--", j):  # a comment: skipped, as Material's parser skips it
                close = html.find("--", j + 4)
                if close < 0 or not html.startswith("-->", close):
                    raise _UnsupportedError
                i = close + 3
                continue
            tag = match(html, j)
            if tag is None:
                raise _UnsupportedError
            closing, name, raw, selfclosing = tag.groups()
            name = name.lower()
            i = tag.end()
            if closing:
                if raw or selfclosing:
                    raise _UnsupportedError
                self.end(name)
                continue
            attrs = {}
            for key, equals, value in _ATTR.findall(raw):  # html.parser: names lower-cased, values unescaped, the last one wins
                attrs[key.lower()] = (unescape(value) if "&" in value else value) if equals else None
            self.start(name, attrs)
            if selfclosing:
                self.end(name)
            elif name in _CDATA_END:  # its text is raw until its end tag, and never indexed
                close = _CDATA_END[name].search(html, i)
                if close is None:
                    raise _UnsupportedError
                i = close.start()
        return self.data


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
