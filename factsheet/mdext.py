"""Python-Markdown extension: drop a fact's figure or claim into prose.

Syntax
------
``[[fact:ID]]``
    The fact's figure (``about 90%``), linked to the fact's permalink,
    followed by one numbered citation marker per citation (a derived fact that cites
    nothing gets a "computed" link to its calculation; a withdrawn fact is
    marked "withdrawn"). A fact without a figure shows its claim.
``[[fact:ID|claim]]``
    The fact's claim sentence instead of its figure.
``[[chart:ID]]`` (alone on a line)
    The chart defined in ``facts/charts.yml``, as a static SVG figure.
``[[plain:TEXT]]``
    TEXT as plain, escaped text: no link, no Markdown or HTML taking effect.
    It marks a number that is deliberately not a claim, so the prose check
    (``factsheet/check/prose.py``) lets it be: ``[[plain:3 articles, 1 origin]]``.

Citation markers are numbered once per page, in order of first use; a
passage cited again keeps its number (see
:class:`~factsheet.render.html.PageCitations`). A page that cites anything
ends with a reference list, each entry linking back to its markers.

Code spans and code blocks are left alone: the patterns run after the
backtick pattern, and code blocks are stashed before inline patterns run.
An unknown id is an error: it is recorded in ``extension.errors`` and, with
``strict=True`` (the default outside MkDocs), raised as
:class:`~factsheet.diagnostics.UnknownReferenceError` (a ``KeyError``).

Example::

    import markdown
    from factsheet.mdext import FactExtension

    ext = FactExtension(sheet=sheet, page="index.md")
    html = markdown.markdown("About [[fact:machine-tools-share]] of ...", extensions=[ext])

Options: ``sheet`` (a loaded :class:`~factsheet.model.Sheet`), ``site`` (a
:class:`~factsheet.model.urls.Site` for link style), ``page`` (the source path of
the page being converted, for relative links), ``strict``.

Without a host that hands it the sheet (the MkDocs plugin does), the
extension loads the facts itself: give ``facts_dir`` (relative to the
working directory) and, for links that work from every page, ``site_url``.
Links are then absolute (``https://example.org/sheet/topics/x/#fact-id``;
root-relative without ``site_url``). Loaded sheets are cached by the content
of the fact files, so a host that makes one extension per page loads them
once. Invalid facts raise :class:`~factsheet.diagnostics.FactsheetError`
listing every problem. In any Python-Markdown host's configuration, e.g.
Zensical's or MkDocs' ``mkdocs.yml``::

    markdown_extensions:
      - factsheet.mdext:
          facts_dir: facts
          site_url: https://example.org/sheet/

or in code::

    markdown.markdown(text, extensions=["factsheet.mdext"],
                      extension_configs={"factsheet.mdext": {"facts_dir": "facts"}})
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from factsheet.diagnostics import UnknownReferenceError
from factsheet.model.urls import Site
from factsheet.render.charts import chart_svg
from factsheet.render.html import PageCitations, inline_figure

FACT_PATTERN = r"\[\[fact:([^\]|\s]+)(?:\|(figure|claim))?\]\]"
PLAIN_PATTERN = r"\[\[plain:([^\]\n]+)\]\]"
CHART_LINE = re.compile(r"^\[\[chart:([^\]\s]+)\]\]\s*$")


class FactInlineProcessor(InlineProcessor):
    """Replace ``[[fact:ID]]`` with the fact's figure and citations."""

    def __init__(self, pattern: str, md: Markdown, extension: FactExtension):
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 - Python-Markdown's API name
        """Render one reference, or record an unknown id."""
        ext = self.extension
        fact_id, mode = m.group(1), m.group(2) or "figure"
        sheet = ext.sheet
        fact = sheet.facts.get(fact_id) if sheet is not None else None
        if fact is None:
            ext.errors.append(fact_id)
            if ext.getConfig("strict"):
                raise UnknownReferenceError(f"unknown fact id '{fact_id}' in {ext.page or 'the page'}")
            el = etree.Element("span", {"class": "fs-ref fs-ref--missing"})
            el.text = f"[unknown fact: {fact_id}]"
            return el, m.start(0), m.end(0)
        ext.count += 1
        html = inline_figure(sheet, ext.site, ext.page, fact, f"r{ext.count}", mode, ext.citations)
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


class PlainInlineProcessor(InlineProcessor):
    """Replace ``[[plain:TEXT]]`` with TEXT, which no later pattern touches and the serializer escapes."""

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 - Python-Markdown's API name
        """The marked text, as an atomic string."""
        return AtomicString(m.group(1)), m.start(0), m.end(0)


class _Reset(Preprocessor):
    def __init__(self, md: Markdown, extension: FactExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.reset()
        return lines


class _TreeDone(Treeprocessor):
    """Mark the document's tree as finished: the postprocessors that run next see the whole page."""

    def __init__(self, md: Markdown, extension: FactExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        self.extension.converted = True


class ReferenceListPostprocessor(Postprocessor):
    """Number the page's citation markers in the order they appear, then append its reference list
    (every numbered passage, with links back to its markers)."""

    def __init__(self, md: Markdown, extension: FactExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        ext = self.extension
        if ext.sheet is None:
            return text
        if not ext.converted:  # the toc extension runs every postprocessor over each heading's HTML, mid-conversion
            return ext.citations.placeholders_removed(text)
        text = ext.citations.resolve(text)
        references = ext.citations.reference_list(ext.sheet, ext.site, ext.page)
        return f"{text}\n{references}" if references else text


class ChartPreprocessor(Preprocessor):
    """Replace a line holding only ``[[chart:ID]]`` with the chart's figure."""

    def __init__(self, md: Markdown, extension: FactExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        """Swap chart lines for stashed HTML blocks."""
        ext = self.extension
        charts = {c.id: c for c in ext.sheet.charts} if ext.sheet is not None else {}
        out = []
        for line in lines:
            match = CHART_LINE.match(line)
            if not match:
                out.append(line)
                continue
            chart = charts.get(match.group(1))
            if chart is None:
                ext.errors.append(f"chart:{match.group(1)}")
                if ext.getConfig("strict"):
                    raise UnknownReferenceError(f"unknown chart id '{match.group(1)}' in {ext.page or 'the page'}")
                out.append(line)
                continue
            out.extend(["", self.md.htmlStash.store(chart_svg(ext.sheet, ext.site, ext.page, chart)), ""])
        return out


# Sheets the extension loaded itself, by facts folder: (content hash, sheet). Hosts may make one extension per page.
_LOADED: dict[str, tuple[str, object]] = {}


def load_sheet(facts_dir: str | os.PathLike):
    """The sheet in a facts folder, loaded once per content of its files; raises FactsheetError on invalid facts."""
    from factsheet.build import content_hash
    from factsheet.load.loader import load_or_raise

    key = os.path.realpath(facts_dir)
    digest = content_hash(key)
    cached = _LOADED.get(key)
    if cached is None or cached[0] != digest:
        sheet, _report = load_or_raise(key)
        _LOADED[key] = cached = (digest, sheet)
    return cached[1]


class FactExtension(Extension):
    """Inline fact references for Python-Markdown."""

    def __init__(self, sheet=None, site: Site | None = None, page: str | None = "index.md", **kwargs):
        self.config = {
            "strict": [True, "Raise UnknownReferenceError (a KeyError) on an unknown fact id"],
            "facts_dir": ["", "Load the facts from this folder when no sheet is given (relative to the working directory)"],
            "site_url": ["", "The site's address, for absolute fact links when the facts are loaded from facts_dir"],
            "use_directory_urls": [True, "Link to page/ (True) or page.html (False) when the facts are loaded from facts_dir"],
        }
        super().__init__(**kwargs)
        if sheet is None and self.getConfig("facts_dir"):
            sheet = load_sheet(self.getConfig("facts_dir"))
            site = site or Site(self.getConfig("site_url"), bool(self.getConfig("use_directory_urls")))
            page = None  # the host does not say which page it converts: links are absolute
        self.sheet = sheet
        self.site = site or Site()
        self.page = page
        self.errors: list[str] = []
        self.count = 0
        self.citations = PageCitations(deferred=True)
        self.converted = False

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        """Register the inline patterns below code spans (190) and the per-document reset."""
        md.registerExtension(self)
        md.inlinePatterns.register(FactInlineProcessor(FACT_PATTERN, md, self), "factsheet_fact", 185)
        md.inlinePatterns.register(PlainInlineProcessor(PLAIN_PATTERN, md), "factsheet_plain", 184)
        md.preprocessors.register(_Reset(md, self), "factsheet_reset", 40)
        md.preprocessors.register(ChartPreprocessor(md, self), "factsheet_chart", 15)
        md.treeprocessors.register(_TreeDone(md, self), "factsheet_tree_done", -100)
        md.postprocessors.register(ReferenceListPostprocessor(md, self), "factsheet_references", 5)

    def reset(self) -> None:
        """Forget the counters and the citation numbers between documents."""
        self.count = 0
        self.citations = PageCitations(deferred=True)
        self.converted = False


def makeExtension(**kwargs) -> FactExtension:  # noqa: N802 - Python-Markdown's factory name
    """Create the extension (Python-Markdown's entry point)."""
    return FactExtension(**kwargs)
