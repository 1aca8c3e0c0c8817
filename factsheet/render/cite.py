"""Ready-to-copy citations of a fact and of sources: text, BibTeX and CSL-JSON."""

from __future__ import annotations

import re
from html import escape

from ..jsonfast import dumps_indented
from ..kinds import SOURCE_KINDS
from ..model import Fact, Sheet, Source
from ..urls import Site

_BIBTEX_SPECIAL = re.compile(r"([\\{}%$&#_^~])")
_BIBTEX_REPLACE = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_escape(text: str) -> str:
    """Escape text for a BibTeX field value."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACE.get(m.group(1), "\\" + m.group(1)), text)


def _source_phrase(source: Source) -> str:
    date = source.published.human() if source.published else "n.d."
    authors = ", ".join(source.authors)
    lead = f"{authors}, " if authors else ""
    url = f", {source.url}" if source.url else ""
    return f"{lead}“{source.title}”, {source.outlet}, {date}{url}"


def _provenance(sheet: Sheet, fact: Fact) -> str:
    """What a fact rests on, for a citation's note: how it is computed, its sources, whether it is withdrawn."""
    parts = []
    if fact.derived:
        parts.append(f"Computed by the fact sheet ({fact.derived.op} of facts {', '.join(fact.derived.of)}).")
    sources = "; ".join(_source_phrase(sheet.sources[s]) for s in sheet.fact_sources(fact))
    if sources:
        parts.append(f"Sources: {sources}.")
    if fact.withdrawn:
        parts.append(f"Withdrawn {fact.withdrawn.date.human()}: {fact.withdrawn.reason}")
    return " ".join(parts)


def fact_text(sheet: Sheet, site: Site, fact: Fact) -> str:
    """A plain-text citation of a fact, naming its permalink and its sources."""
    updated = fact.last_updated.human()
    return (
        f"“{fact.claim}” {site.title}, fact {fact.id}, last updated {updated}. "
        f"{site.fact_permalink(fact)}. {_provenance(sheet, fact)}"
    ).rstrip()


def fact_csl(sheet: Sheet, site: Site, fact: Fact) -> dict:
    """A CSL-JSON item for a fact."""
    return {
        "id": f"fact-{fact.id}",
        "type": "dataset",
        "title": fact.claim,
        "container-title": site.title,
        "URL": site.fact_permalink(fact),
        "issued": {"date-parts": [fact.last_updated.parts()]},
        "note": _provenance(sheet, fact).removesuffix("."),
    }


def fact_bibtex(sheet: Sheet, site: Site, fact: Fact) -> str:
    """A BibTeX entry for a fact."""
    date = fact.last_updated
    fields = [
        ("title", fact.claim),
        ("howpublished", site.title),
        ("year", str(date.year)),
        ("url", site.fact_permalink(fact)),
        ("note", f"Fact {fact.id}. {_provenance(sheet, fact)}".removesuffix(".")),
    ]
    if date.month:
        fields.insert(3, ("month", str(date.month)))
    body = ",\n".join(f"  {k} = {{{bibtex_escape(v) if k != 'url' else v}}}" for k, v in fields)
    return f"@misc{{fact-{fact.id},\n{body}\n}}"


def source_csl(source: Source) -> dict:
    """A CSL-JSON item for a source."""
    item: dict = {
        "id": source.id,
        "type": SOURCE_KINDS[source.kind].csl_type,
        "title": source.title,
        "container-title": source.outlet,
    }
    if source.authors:
        item["author"] = [{"literal": a} for a in source.authors]
    if source.published:
        item["issued"] = {"date-parts": [source.published.parts()]}
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = {"date-parts": [source.accessed.parts()]}
    if source.archive_url:
        item["archive_url"] = source.archive_url
    if source.notes:
        item["note"] = source.notes
    return item


def source_bibtex(source: Source) -> str:
    """A BibTeX entry for a source."""
    kind = SOURCE_KINDS[source.kind]
    fields = [("title", source.title), (kind.outlet_field, source.outlet)]
    if source.authors:
        fields.append(("author", " and ".join("{" + a + "}" for a in source.authors)))
    if source.published:
        fields.append(("year", str(source.published.year)))
        if source.published.month:
            fields.append(("month", str(source.published.month)))
    if source.url:
        fields.append(("url", source.url))
    if source.accessed:
        fields.append(("urldate", source.accessed.iso()))
    body = ",\n".join(
        f"  {k} = {{{v if k in ('url', 'author') else bibtex_escape(v)}}}" for k, v in fields
    )
    return f"@{kind.bibtex_type}{{{source.id},\n{body}\n}}"


def cite_block(sheet: Sheet, site: Site, fact: Fact) -> str:
    """A collapsed "Cite this fact" box with text, BibTeX and CSL-JSON, kept out of search."""
    csl = dumps_indented(fact_csl(sheet, site, fact), 2)
    return (
        '<details class="fs-cite-this" data-search-exclude><summary>Cite this fact</summary>'
        f'<p class="fs-cite-this__label">Text</p><pre class="fs-cite-this__text"><code>{escape(fact_text(sheet, site, fact))}</code></pre>'
        f'<p class="fs-cite-this__label">BibTeX</p><pre class="fs-cite-this__bibtex"><code>{escape(fact_bibtex(sheet, site, fact))}</code></pre>'
        f'<p class="fs-cite-this__label">CSL-JSON</p><pre class="fs-cite-this__csl"><code>{escape(csl)}</code></pre>'
        "</details>"
    )
