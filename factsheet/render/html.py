"""The views of facts and citations the templates draw (fact blocks, inline figures, citation markers, reference lists).

These functions gather what a template shows; the templates write the
markup and escape every value (:mod:`factsheet.render.templates`). URLs are
only ever http(s) (the schema refuses others) and are escaped as attributes
too.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import astuple, replace

from factsheet.export.cite import cite_block
from factsheet.model import Citation, Fact, Sheet, urls
from factsheet.model.urls import Site, archive_lookup_url, cite_url, short_url
from factsheet.model.wording import figure_text, sentence
from factsheet.render.layout import entity_href
from factsheet.render.templates import Markup, render


def source_date(sheet: Sheet, source_id: str) -> str:
    """When a source was published, as readers write it: ``13 April 2024``, ``2026 (inferred)``, ``date unknown``."""
    source = sheet.sources[source_id]
    date = source.published.human() if source.published else "date unknown"
    if source.published and source.published_inferred:
        date = f"{date} (inferred)"
    return date


def source_label(sheet: Sheet, source_id: str) -> str:
    """Outlet and date of a source, for previews: ``Dagens, 13 April 2024``."""
    return f"{sheet.sources[source_id].outlet}, {source_date(sheet, source_id)}"


def citation_href(sheet: Sheet, site: Site, page: str, citation: Citation) -> str:
    """Where a citation link goes: the article at the quoted passage, else the source page."""
    source = sheet.sources[citation.source]
    if source.url:
        return cite_url(source.url, citation.quote)
    return site.relative(page, urls.SOURCE.format(source.id))


def cite_marker(sheet: Sheet, site: Site, page: str, citation: Citation, label: str, tip_id: str,
                marker_id: str = "", ref_id: str = "") -> Markup:
    """A citation link with a preview of the quote shown on hover, focus and (on a touch screen) a first tap.

    ``marker_id`` is the marker's own id, the target of the reference list's link back to it; ``ref_id``
    is the id of its entry in that list.
    """
    preview = f"“{citation.quote}” — {source_label(sheet, citation.source)}"
    return render("cite_marker.html", citation=citation, href=citation_href(sheet, site, page, citation),
                  label=label, tip_id=tip_id, preview=preview, marker_id=marker_id, ref_id=ref_id)


class PageCitations:
    """The citation numbers of one page of prose, given as Wikipedia gives them: in order of first use.

    A passage (the same source, quote and locator) keeps the number it got first wherever the page
    cites it again, as a named reference does on Wikipedia; each use is a marker of its own, with its
    own id, so the reference list at the end of the page links back to every one of them.

    ``deferred``: the markers are written before their order on the page is known (Python-Markdown
    converts a table's cells after the paragraphs that follow it), so they carry placeholders, and
    :meth:`resolve` numbers them in the order they appear in the finished HTML.
    """

    def __init__(self, deferred: bool = False) -> None:
        self.deferred = deferred
        self.entries: dict[tuple, dict] = {}
        # Placeholders no text can hold by chance: they name this page's numbering with a random nonce,
        # and are plain letters and digits, which survive wherever the markers' HTML goes.
        nonce = secrets.token_hex(8)
        self._token = f"fsn{nonce}n{{}}n"
        self._use = f"fsu{nonce}u"
        self._found = re.compile(f"fsn{nonce}n(\\d+)n(-fsu{nonce}u)?")

    def use(self, citation: Citation) -> tuple[int | str, str, str]:
        """Number a use of a citation: its number, the marker's id, the id of its reference list entry."""
        key = (citation.source, citation.quote, citation.locator or "")
        entry = self.entries.get(key)
        if entry is None:
            number = len(self.entries) + 1
            entry = self.entries[key] = {"number": number, "citation": citation, "id": f"fs-ref-{number}", "uses": []}
        if self.deferred:
            token = self._token.format(entry["number"])
            return token, f"fs-cite-{token}-{self._use}", f"fs-ref-{token}"
        marker_id = f"fs-cite-{entry['number']}-{len(entry['uses']) + 1}"
        entry["uses"].append(marker_id)
        return entry["number"], marker_id, entry["id"]

    def placeholders_removed(self, html: str) -> str:
        """HTML with the placeholders of deferred markers left out (for a heading's text in a table of contents)."""
        return self._found.sub("", html) if self.deferred else html

    def resolve(self, html: str) -> str:
        """The page's HTML with the placeholders of deferred markers numbered in the order the markers appear."""
        if not self.deferred:
            return html
        by_token = {e["number"]: e for e in self.entries.values()}
        numbered = 0

        def number(match: re.Match) -> str:
            nonlocal numbered
            entry = by_token[int(match.group(1))]
            if match.group(2):  # a marker's id, the first placeholder of each marker
                if entry["number"] < 0:  # its first use on the page
                    numbered += 1
                    entry.update(number=numbered, id=f"fs-ref-{numbered}", uses=[])
                use = f"fs-cite-{entry['number']}-{len(entry['uses']) + 1}"
                entry["uses"].append(use)
                return use.removeprefix("fs-cite-")
            return str(entry["number"])

        for entry in self.entries.values():
            entry["number"] = -entry["number"]  # tokens are read by the old numbers, which by_token keeps
        html = self._found.sub(number, html)
        self.entries = {key: e for key, e in sorted(self.entries.items(), key=lambda item: item[1]["number"]) if e["number"] > 0}
        self.deferred = False
        return html

    def reference_list(self, sheet: Sheet, site: Site, page: str | None) -> str:
        """The reference list for the end of the page; empty when the page cites nothing."""
        if not self.entries:
            return ""
        entries = []
        for entry in self.entries.values():
            citation = entry["citation"]
            source = sheet.sources[citation.source]
            entries.append({
                **entry, "source": source, "label": source_label(sheet, source.id),
                "source_href": (site.relative(page, urls.SOURCE.format(source.id)) if page is not None
                                else site.absolute(urls.SOURCE.format(source.id))),  # a host that names no page
                "open_href": cite_url(source.url, citation.quote) if source.url else "",
            })
        return str(render("references.html", entries=entries))


def inline_figure(sheet: Sheet, site: Site, page: str, fact: Fact, uid: str, mode: str = "figure",
                  numbers: PageCitations | None = None) -> str:
    """A fact dropped into prose: its figure (or claim) linked to its permalink, then its citations.

    The markers are numbered by ``numbers``, the page's :class:`PageCitations` (a fresh one, numbering
    from 1, when not given). A withdrawn fact says so next to it; a computed fact without citations of
    its own links to its calculation instead of to an article.
    """
    numbers = numbers if numbers is not None else PageCitations()
    markers = []
    for i, c in enumerate(fact.citations, 1):
        number, marker_id, ref_id = numbers.use(c)
        markers.append(cite_marker(sheet, site, page, c, f"[{number}]", f"fs-tip-{uid}-{i}", marker_id, ref_id))
    return str(render(
        "inline_figure.html", fact=fact, markers=markers, href=site.fact_permalink(fact, page),
        text=fact.claim if mode == "claim" or fact.figure is None else figure_text(fact.figure),
        title=f"Withdrawn: {fact.withdrawn.reason}" if fact.withdrawn else fact.claim,
    ))


def badges(sheet: Sheet, fact: Fact) -> Markup:
    """Corroboration and status badges of a fact."""
    n_sources, n_origins, differs = astuple(sheet.corroboration(fact))
    return render("badges.html", fact=fact, n_sources=n_sources, n_origins=n_origins, differs=differs)


def _citation_view(sheet: Sheet, site: Site, page: str, fact: Fact, citation: Citation) -> dict:
    """What the fact template shows of one citation: its source, how it words the figure, where the passage comes from."""
    source = sheet.sources[citation.source]

    def source_links(ids: list[str]) -> list[tuple[str, str]]:
        return [(site.relative(page, urls.SOURCE.format(i)), sheet.sources[i].outlet) for i in ids]

    how = []
    if fact.figure is not None and (citation.qualifier or citation.value is not None):
        how.append("gives " + figure_text(fact.figure, citation.qualifier, citation.value))
    if citation.wording:
        how.append(f"calls it “{citation.wording}”")
    return {
        "citation": citation, "source": source, "label": source_label(sheet, source.id),
        "href": site.relative(page, urls.SOURCE.format(source.id)), "how": "; ".join(how),
        "relays": source_links(citation.relays or []), "origins": source_links(sheet.relayed_origins(citation)),
        "open_href": cite_url(source.url, citation.quote) if source.url else "",
        "short_url": short_url(source.url) if source.url else "",
        "short_archive_url": short_url(source.archive_url) if source.archive_url else "",
        "archive_lookup": archive_lookup_url(source.url) if source.url else "",
    }


OPERATORS = {"sum": " + ", "difference": " − "}


def calculation(sheet: Sheet, site: Site, page: str, fact: Fact) -> Markup:
    """A derived fact's arithmetic, each input linked to its fact, then what each input is (its claim)."""
    derivation = fact.derived
    inputs = [
        {"fact": f, "href": site.fact_permalink(f, page), "figure": figure_text(f.figure)}
        for f in (sheet.facts[i] for i in derivation.of)
    ]
    result = fact.figure
    if derivation.computed is not None:
        shown = derivation.computed
        shown = round(shown, 2) if abs(shown) >= 1 else float(f"{shown:.2g}")
        result = replace(fact.figure, value=shown, value_max=None)  # the hedge of the figure it gives
    return render("calculation.html", op=derivation.op, operator=OPERATORS.get(derivation.op, ""), inputs=inputs,
                  result=figure_text(result), cited=bool(fact.citations))


def fact_anchors(fact: Fact) -> tuple[str, ...]:
    """The element ids in a fact's block: the fact, each citation, the figure's citation preview."""
    ids = [fact.id, *(f"{fact.id}--c{i}" for i in range(1, len(fact.citations) + 1))]
    if fact.figure is not None and fact.citations:
        ids.append(f"fs-tip-{fact.id}-fig")
    return tuple(ids)


def fact_block(sheet: Sheet, site: Site, page: str, fact: Fact, heading: int = 2) -> str:
    """The full block of a fact: claim, figure, claimant, badges, citations, notes, corrections, cite-this."""
    claimant = sheet.entities[fact.claimant]
    marker = ""
    if fact.figure is not None and fact.citations:
        marker = cite_marker(sheet, site, page, fact.citations[0], "source", f"fs-tip-{fact.id}-fig")
    report = site.report_link(fact.id, site.fact_permalink(fact), fact.claim) if site.report_url else ""
    return str(render(
        "fact.html", fact=fact, heading=heading, sentence=sentence,
        figure=figure_text(fact.figure) if fact.figure is not None else "", marker=marker,
        calculation=calculation(sheet, site, page, fact) if fact.derived else "",
        claimant=claimant, claimant_href=entity_href(sheet, site, page, claimant.id),
        badges=badges(sheet, fact),
        citations=[_citation_view(sheet, site, page, fact, c) for c in fact.citations],
        corrections=fact.corrections_newest_first,
        entities=[(entity_href(sheet, site, page, e), sheet.entities[e].name) for e in fact.entities],
        permalink=site.fact_permalink(fact, page), report=report, cite_this=cite_block(sheet, site, fact),
    ))
