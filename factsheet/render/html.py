"""HTML fragments for figures, citations and fact blocks; every text escaped.

These fragments are the only place fact-file text becomes HTML. Every value
passes through :func:`esc`; URLs are only ever http(s) (the schema refuses
others) and are escaped as attributes too.
"""

from __future__ import annotations

from dataclasses import astuple, replace
from html import escape

from .. import urls
from ..dates import PartialDate
from ..model import CURRENCIES, QUALIFIER_WORDS, Citation, Correction, Fact, Figure, Sheet
from ..urls import Site, cite_url
from .cite import cite_block


def esc(text: object) -> str:
    """Escape text for HTML content and attribute values."""
    return escape(str(text), quote=True)


def format_number(value: float) -> str:
    """A number as readers write it: thousands separators, no trailing zeros."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def figure_text(figure: Figure, qualifier: str | None = None, value: float | None = None) -> str:
    """The figure in words: ``about 90%``, ``over $10.3 billion``, ``2 officials``."""
    shown = value if value is not None else figure.value
    number = format_number(shown) if figure.unit != "year" else str(int(shown))
    if figure.value_max is not None and value is None:
        number += "–" + format_number(figure.value_max)
    scale = f" {figure.scale}" if figure.scale else ""
    unit = figure.unit
    if unit == "percent":
        core = f"{number}%"
    elif unit in CURRENCIES:
        core = f"{CURRENCIES[unit]}{number}{scale}"
        scale = ""
    elif unit == "year":
        core = number
    else:
        core = f"{number}{scale} {unit}"
        scale = ""
    if unit == "percent" and scale:
        core += scale
    word = QUALIFIER_WORDS[qualifier or figure.qualifier]
    return f"{word} {core}".strip()


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


def cite_marker(sheet: Sheet, site: Site, page: str, citation: Citation, label: str, tip_id: str) -> str:
    """A citation link with a preview of the quote shown on hover and focus."""
    href = citation_href(sheet, site, page, citation)
    preview = f"“{citation.quote}” — {source_label(sheet, citation.source)}"
    return (
        f'<span class="fs-cite-wrap"><a class="fs-cite" data-source-id="{esc(citation.source)}" href="{esc(href)}" '
        f'aria-describedby="{tip_id}">{esc(label)}</a>'
        f'<span class="fs-tip" role="tooltip" id="{tip_id}" data-search-exclude>{esc(preview)}</span></span>'
    )


def inline_figure(sheet: Sheet, site: Site, page: str, fact: Fact, uid: str, mode: str = "figure") -> str:
    """A fact dropped into prose: its figure (or claim) linked to its permalink, then its citations.

    A withdrawn fact says so next to it; a computed fact without citations of its own links
    to its calculation instead of to an article.
    """
    text = fact.claim if mode == "claim" or fact.figure is None else figure_text(fact.figure)
    href = site.fact_permalink(fact, page)
    marks = "".join(
        cite_marker(sheet, site, page, c, f"[{i}]", f"fs-tip-{uid}-{i}")
        for i, c in enumerate(fact.citations, 1)
    )
    if not fact.citations:
        marks = f'<a class="fs-ref__computed" href="{esc(href)}" title="Computed by the fact sheet from other facts">[computed]</a>'
    title = f"Withdrawn: {fact.withdrawn.reason}" if fact.withdrawn else fact.claim
    withdrawn = ' <span class="fs-ref__withdrawn">(withdrawn)</span>' if fact.withdrawn else ""
    return (
        f'<span class="fs-ref{" fs-ref--withdrawn" if fact.withdrawn else ""}" data-fact-id="{esc(fact.id)}">'
        f'<a class="fs-ref__value" href="{esc(href)}" title="{esc(title)}">{esc(text)}</a>{withdrawn}'
        f'<sup class="fs-ref__cites">{marks}</sup></span>'
    )


def badges(sheet: Sheet, fact: Fact) -> str:
    """Corroboration and status badges of a fact."""
    n_sources, n_origins, differs = astuple(sheet.corroboration(fact))
    reported = "report the facts it is computed from" if fact.derived else "report this"
    parts = [
        f'<span class="fs-badge fs-badge--sources" title="Articles in the registry that {reported}">'
        f'{n_sources} article{"s" if n_sources != 1 else ""}</span>',
        f'<span class="fs-badge fs-badge--origins{" fs-badge--single" if n_origins == 1 else ""}" '
        f'title="Independent originating reports behind those articles">'
        f'{n_origins} independent origin{"s" if n_origins != 1 else ""}</span>',
    ]
    if differs:
        parts.append('<span class="fs-badge fs-badge--differs" title="The sources word or qualify this differently">'
                     "Sources differ</span>")
    if fact.status != "reported":
        parts.append(f'<span class="fs-badge fs-badge--status-{esc(fact.status)}">{esc(fact.status.replace("-", " "))}</span>')
    if fact.derived:
        parts.append('<span class="fs-badge fs-badge--derived" title="The fact sheet computes this figure from other facts">Computed</span>')
    if fact.corrections and fact.status != "corrected":
        parts.append('<span class="fs-badge fs-badge--corrected" title="See the corrections below">Corrected</span>')
    if fact.withdrawn:
        parts.append('<span class="fs-badge fs-badge--withdrawn">Withdrawn</span>')
    return '<p class="fs-badges" data-search-exclude>' + "".join(parts) + "</p>"


def _source_link(sheet: Sheet, site: Site, page: str, source_id: str) -> str:
    return f'<a href="{esc(site.relative(page, urls.SOURCE.format(source_id)))}">{esc(sheet.sources[source_id].outlet)}</a>'


def _passage_origin(sheet: Sheet, site: Site, page: str, citation: Citation) -> str:
    """Where one passage comes from, when its citation says (``relays``): what it relays, or the copy's own words."""
    if citation.relays is None:
        return ""
    if not citation.relays:
        return ' <span class="fs-citation__origin">(this passage is the copy’s own words)</span>'
    text = "this passage relays " + ", ".join(_source_link(sheet, site, page, s) for s in citation.relays)
    origins = sheet.citation_origins(citation)
    if set(origins) != set(citation.relays):
        text += "; independent origin: " + ", ".join(_source_link(sheet, site, page, o) for o in origins)
    return f' <span class="fs-citation__origin">({text})</span>'


def _citation_item(sheet: Sheet, site: Site, page: str, fact: Fact, citation: Citation, index: int) -> str:
    source = sheet.sources[citation.source]
    source_page = site.relative(page, urls.SOURCE.format(source.id))
    how = []
    if fact.figure is not None and (citation.qualifier or citation.value is not None):
        how.append("gives " + figure_text(fact.figure, citation.qualifier, citation.value))
    if citation.wording:
        how.append(f"calls it “{citation.wording}”")
    how_html = f' <span class="fs-citation__how">({esc("; ".join(how))})</span>' if how else ""
    locator = f' <span class="fs-citation__locator">{esc(citation.locator)}</span>' if citation.locator else ""
    links = []
    if source.url:
        links.append(
            f'<a class="fs-citation__open" data-source-id="{esc(source.id)}" href="{esc(cite_url(source.url, citation.quote))}">'
            f'Open the quoted passage<span class="fs-print-url"> ({esc(source.url)})</span></a>'
        )
    if source.archive_url:
        links.append(f'<a class="fs-citation__archive" href="{esc(source.archive_url)}">Archived copy'
                     f'<span class="fs-print-url"> ({esc(source.archive_url)})</span></a>')
    # A badge, not content: kept out of the search index, so a result's preview shows the claim, figure and quote.
    warn = ' <span class="fs-badge fs-badge--warning" data-search-exclude>reliability warning</span>' if source.warnings else ""
    return (
        f'<li class="fs-citation" id="{esc(fact.id)}--c{index}" data-source-id="{esc(source.id)}">'
        f'<a class="fs-citation__source" href="{esc(source_page)}">{esc(source_label(sheet, source.id))}: '
        f'<cite>{esc(source.title)}</cite></a>{warn}{how_html}{locator}{_passage_origin(sheet, site, page, citation)}'
        # The space keeps the quote's first word apart from the locator in the search index (Material's indexer
        # joins the text of adjacent elements it does not keep as markup).
        f' <blockquote class="fs-quote">{esc(citation.quote)}</blockquote>'
        f'<span class="fs-citation__links" data-search-exclude>{" · ".join(links)}</span></li>'
    )


def _time(date: PartialDate) -> str:
    return f'<time datetime="{date.iso()}">{date.human()}</time>'


def sentence(text: str) -> str:
    """Text ending as a sentence ends: a full stop added unless it already has closing punctuation."""
    text = text.strip()
    return text if text[-1:] in ".!?…" or text[-2:] in (".”", ".\"", "?”", "!”") else text + "."


def corrections_newest_first(fact: Fact) -> list[Correction]:
    """A fact's corrections, the latest first (those of one day in the order written)."""
    return sorted(fact.corrections, key=lambda c: c.date.start(), reverse=True)


OPERATORS = {"sum": " + ", "difference": " − "}


def calculation(sheet: Sheet, site: Site, page: str, fact: Fact) -> str:
    """A derived fact's arithmetic, each input linked to its fact, then what each input is (its claim)."""
    derivation = fact.derived
    inputs = [sheet.facts[i] for i in derivation.of]

    def term(source: Fact) -> str:
        href = site.fact_permalink(source, page)
        return f'<a class="fs-calc__input" data-fact-id="{esc(source.id)}" href="{esc(href)}">{esc(figure_text(source.figure))}</a>'

    if derivation.op == "share":
        left = f"{term(inputs[0])} as a share of {term(inputs[1])}"
    else:
        left = OPERATORS[derivation.op].join(term(f) for f in inputs)
    result = fact.figure
    if derivation.computed is not None:
        shown = derivation.computed
        shown = round(shown, 2) if abs(shown) >= 1 else float(f"{shown:.2g}")
        result = replace(fact.figure, value=shown, value_max=None)  # the hedge of the figure it gives
    what = "".join(f'<li><span class="fs-calc__figure">{esc(figure_text(f.figure))}</span>: {esc(f.claim)}</li>' for f in inputs)
    parts = [
        # Kept out of search: the inputs' figures and claims are indexed on their own facts, which a search for
        # them should find first; the derived fact is found by its own claim and figure.
        f'<div class="fs-calc" data-search-exclude><p class="fs-calc__sum"><strong>Calculation:</strong> {left} = '
        f'<span class="fs-calc__result">{esc(figure_text(result))}</span></p><ul class="fs-calc__inputs">{what}</ul>'
    ]
    if not fact.citations:
        parts.append('<p class="fs-calc__note">Computed by the fact sheet from the facts above; no article states this figure.</p>')
    parts.append("</div>")
    return "".join(parts)


def _withdrawn_notice(fact: Fact) -> str:
    withdrawn = fact.withdrawn
    return (f'<p class="fs-withdrawn" role="note"><strong>Withdrawn on {_time(withdrawn.date)}:</strong> '
            f"{esc(withdrawn.reason)}</p>")


def _corrections_list(fact: Fact) -> str:
    items = "".join(
        f'<li class="fs-correction">{_time(c.date)} — {esc(sentence(c.change))} {esc(sentence(c.reason))}</li>'
        for c in corrections_newest_first(fact)
    )
    return f'<div class="fs-corrections"><p class="fs-corrections__title"><strong>Corrections:</strong></p><ul>{items}</ul></div>'


def _foot(sheet: Sheet, site: Site, page: str, fact: Fact) -> str:
    updated = fact.last_updated
    permalink = site.fact_permalink(fact, page)
    report_html = ""
    if site.report_url:
        report = site.report_link(fact.id, site.fact_permalink(fact), fact.claim)
        report_html = f'<span class="fs-report"> · <a href="{esc(report)}">Report a problem</a></span>'
    return (
        f'<p class="fs-fact__foot"><a class="fs-permalink" href="{esc(permalink)}" aria-label="Permalink to this fact">Permalink</a>'
        f' · Fact id <code>{esc(fact.id)}</code> · Last updated {_time(updated)}{report_html}</p>'
    )


def fact_anchors(fact: Fact) -> tuple[str, ...]:
    """The element ids in a fact's block: the fact, each citation, the figure's citation preview."""
    ids = [fact.id, *(f"{fact.id}--c{i}" for i in range(1, len(fact.citations) + 1))]
    if fact.figure is not None and fact.citations:
        ids.append(f"fs-tip-{fact.id}-fig")
    return tuple(ids)


def fact_block(sheet: Sheet, site: Site, page: str, fact: Fact, heading: int = 2) -> str:
    """The full block of a fact: claim, figure, claimant, badges, citations, notes, corrections, cite-this."""
    claimant = sheet.entities[fact.claimant]
    classes = "fs-fact fs-fact--withdrawn" if fact.withdrawn else "fs-fact"
    parts = [
        f'<article class="{classes}" data-fact-id="{esc(fact.id)}">',
        f'<h{heading} id="{esc(fact.id)}" class="fs-fact__claim">{esc(fact.claim)}</h{heading}>',
    ]
    if fact.withdrawn:
        parts.append(_withdrawn_notice(fact))
    if fact.figure is not None:
        period = f' <span class="fs-figure__period">{esc(fact.figure.period)}</span>' if fact.figure.period else ""
        marker = ""
        if fact.citations:
            marker = " " + cite_marker(sheet, site, page, fact.citations[0], "source", f"fs-tip-{fact.id}-fig")
        parts.append(
            f'<p class="fs-figure" data-fact-id="{esc(fact.id)}"><span class="fs-figure__value">{esc(figure_text(fact.figure))}</span>'
            f"{period}{marker}</p>"
        )
    if fact.derived:
        parts.append(calculation(sheet, site, page, fact))
    if fact.unhedged:
        parts.append(f'<p class="fs-unhedged"><strong>Stated without the source’s hedge:</strong> {esc(fact.unhedged)}</p>')
    entity_page = site.relative(page, urls.ENTITY.format(claimant.id))
    meta = [f'Claimed by <a class="fs-claimant" href="{esc(entity_page)}">{esc(claimant.name)}</a>']
    if fact.event_date:
        meta.append(f"Date of event: {_time(fact.event_date)}")
    if fact.figure is not None and fact.figure.as_of:
        meta.append(f"As of {fact.figure.as_of.human()}")
    parts.append('<p class="fs-fact__meta">' + " · ".join(meta) + "</p>")
    parts.append(badges(sheet, fact))
    if fact.citations:
        parts.append('<ol class="fs-citations">')
        parts.extend(_citation_item(sheet, site, page, fact, c, i) for i, c in enumerate(fact.citations, 1))
        parts.append("</ol>")
    if fact.corrections:
        parts.append(_corrections_list(fact))
    if fact.annotations:
        parts.append('<ul class="fs-notes">')
        for note in fact.annotations:
            dated = f' <time datetime="{note.date.iso()}">({note.date.human()})</time>' if note.date else ""
            parts.append(f'<li class="fs-note fs-note--{esc(note.kind)}"><strong>{esc(note.kind.replace("-", " ").capitalize())}:</strong> '
                         f"{esc(note.text)}{dated}</li>")
        parts.append("</ul>")
    if fact.entities:
        links = ", ".join(
            f'<a href="{esc(site.relative(page, urls.ENTITY.format(e)))}">{esc(sheet.entities[e].name)}</a>' for e in fact.entities
        )
        parts.append(f'<p class="fs-fact__entities">About: {links}</p>')
    parts.append(_foot(sheet, site, page, fact))
    parts.append(cite_block(sheet, site, fact))
    parts.append("</article>")
    return "".join(parts)
