"""Ready-to-copy citations of a fact and of sources: text, BibTeX and CSL-JSON."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from factsheet.export.jsonfast import Raw, dumps_indented
from factsheet.model import Fact, Sheet, Source
from factsheet.model.kinds import SOURCE_KINDS
from factsheet.model.urls import Site
from factsheet.render.templates import Markup, render

# BibTeX output: every field value is written between braces, so what matters is that no value can
# close its field early, open a new one, or carry a TeX command. The rules, applied to every value
# (title, outlet, each author, note, fact claim, dates) by ``bibtex_escape``:
#
# - Braces never reach the output as braces. ``{`` and ``}`` become ``{\textbraceleft}`` and
#   ``{\textbraceright}``: ``\{`` is not enough, because BibTeX (and pybtex, bibtexparser, biber)
#   count braces without regard to backslashes, so a lone ``\{`` still unbalances the entry. The
#   only braces in a value are the ones the escapes below write, in balanced pairs.
# - A backslash becomes ``{\textbackslash}``, so no command from the text (``\input``, ``\def``,
#   ``\catcode``, ...) survives; the only commands in a value are the ones listed here.
# - ``^`` and ``~`` become ``{\textasciicircum}`` and ``{\textasciitilde}`` (``^^5c`` would otherwise
#   be a backslash to TeX); ``# $ % & _`` get a backslash (``\#`` ...).
# - The named escapes are written as BibTeX "special characters" (a brace group opening with a
#   backslash) so BibTeX's case changing, sorting and length counting treat each as one character.
# - Runs of whitespace (newlines included) become one space, and other control characters are
#   dropped: a blank line inside a field is a paragraph break to TeX.
#
# URLs (``bibtex_url``) are not TeX-escaped, which would break the address: every character outside
# RFC 3986's set (braces, backslash, quotes, whitespace, controls, non-ASCII, a ``%`` that does not
# start an escape) is percent-encoded instead, so the URL still works and carries no brace or backslash.
# Authors are escaped one by one and each wrapped in braces, so an "and" or a comma inside a name
# stays one author. Entry keys are ids (slugs), checked before they are written.

_TEXT_ESCAPES = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "^": r"{\textasciicircum}",
    "~": r"{\textasciitilde}",
    **{ch: "\\" + ch for ch in "#$%&_"},
}
_TEXT_SPECIAL = re.compile("[" + re.escape("".join(_TEXT_ESCAPES)) + "]")
_URL_KEEP = re.compile(r"%[0-9A-Fa-f]{2}|[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]")
_URL_WHOLE = re.compile(r"(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=])*")
_URL_TOKEN = re.compile(r"%[0-9A-Fa-f]{2}|.", re.S)
_KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# The characters _printable drops: Unicode's control characters (Cc) that are not whitespace, and lone
# surrogates (Cs); one regular expression instead of a category lookup per character (tests/test_bibtex.py
# checks it against unicodedata over every code point).
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")


def _printable(text: str) -> str:
    """Text without control characters (or lone surrogates), each run of whitespace made one space."""
    return " ".join(_UNPRINTABLE.sub("", text).split())


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value: balanced braces, no command from the text, TeX specials escaped."""
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group()], _printable(text))


def bibtex_url(url: str) -> str:
    """A URL as a BibTeX field value: percent-encoded where a character could break the field, never TeX-escaped."""
    if url.isascii() and _URL_WHOLE.fullmatch(url.strip()):  # the usual case: nothing to encode
        return url.strip()
    url = "".join(ch for ch in url.strip() if unicodedata.category(ch) != "Cs")
    return "".join(tok if _URL_KEEP.fullmatch(tok) else quote(tok, safe="")
                   for tok in _URL_TOKEN.findall(url))


def bibtex_authors(authors: list[str]) -> str:
    """An author field: each name escaped and braced, so it stays one name whatever it contains."""
    return " and ".join("{" + name + "}" for name in map(bibtex_escape, authors) if name)


def bibtex_entry(entry_type: str, key: str, fields: list[tuple[str, str | list[str]]]) -> str:
    """A BibTeX entry from raw values: a list is a name list, ``url`` is percent-encoded, any other
    value escaped; empty values are left out. The type, key and field names must be plain ids."""
    if not (_KEY_RE.fullmatch(entry_type) and _KEY_RE.fullmatch(key) and all(_KEY_RE.fullmatch(n) for n, _ in fields)):
        raise ValueError(f"not a safe BibTeX entry type, key or field name: {entry_type!r}, {key!r}")
    lines = []
    for name, value in fields:
        if isinstance(value, list):
            written = bibtex_authors(value)
        else:
            written = bibtex_url(value) if name == "url" else bibtex_escape(value)
        if written:
            lines.append(f"  {name} = {{{written}}}")
    body = ",\n".join(lines)
    return f"@{entry_type}{{{key},\n{body}\n}}"


def _source_phrase(source: Source) -> str:
    date = source.published.human() if source.published else "n.d."
    authors = ", ".join(source.authors)
    lead = f"{authors}, " if authors else ""
    url = f", {source.url}" if source.url else ""
    return f"{lead}“{source.title}”, {source.outlet}, {date}{url}"


def _provenance(sheet: Sheet, fact: Fact, stop: bool = True) -> str:
    """What a fact rests on, for a citation's note: how it is computed, its sources, whether it is withdrawn.

    ``stop=False`` leaves off the full stop the engine writes after the last sentence (a note ends
    without one); a withdrawal's reason is the editor's, and ends as the editor wrote it.
    """
    sentences = []
    if fact.derived:
        sentences.append(f"Computed by the fact sheet ({fact.derived.op} of facts {', '.join(fact.derived.of)})")
    sources = "; ".join(_source_phrase(sheet.sources[s]) for s in sheet.fact_sources(fact))
    if sources:
        sentences.append(f"Sources: {sources}")
    text = " ".join(f"{sentence}." for sentence in sentences)
    if fact.withdrawn:
        return f"{text} Withdrawn {fact.withdrawn.date.human()}: {fact.withdrawn.reason}".lstrip()
    return text if stop else _unstopped(fact, text)


def _unstopped(fact: Fact, provenance: str) -> str:
    """A fact's provenance without the engine's closing full stop (a withdrawn fact's ends with the editor's reason)."""
    return provenance if fact.withdrawn else provenance.removesuffix(".")


def fact_text(sheet: Sheet, site: Site, fact: Fact, provenance: str | None = None) -> str:
    """A plain-text citation of a fact, naming its permalink and its sources (``provenance``: its ``_provenance``, when known)."""
    updated = fact.last_updated.human()
    if provenance is None:
        provenance = _provenance(sheet, fact)
    return (
        f"“{fact.claim}” {site.title}, fact {fact.id}, last updated {updated}. "
        f"{site.fact_permalink(fact)}. {provenance}"
    ).rstrip()


def fact_csl(sheet: Sheet, site: Site, fact: Fact, provenance: str | None = None) -> dict:
    """A CSL-JSON item for a fact."""
    note = _provenance(sheet, fact, stop=False) if provenance is None else _unstopped(fact, provenance)
    return {
        "id": f"fact-{fact.id}",
        "type": "dataset",
        "title": fact.claim,
        "container-title": site.title,
        "URL": site.fact_permalink(fact),
        "issued": {"date-parts": [fact.last_updated.parts()]},
        "note": note,
    }


def _csl_text(item: dict) -> str:
    """A CSL-JSON item as the "Cite this" box shows it: indented, its date on one line (``"issued": {"date-parts":
    [[2026, 8, 18]]}``, where indenting every level took nine lines)."""
    parts = item["issued"]["date-parts"][0]
    issued = Raw('{"date-parts": [[' + ", ".join(str(int(part)) for part in parts) + "]]}")
    return dumps_indented({**item, "issued": issued}, 2)


def fact_bibtex(sheet: Sheet, site: Site, fact: Fact, provenance: str | None = None) -> str:
    """A BibTeX entry for a fact."""
    note = _provenance(sheet, fact, stop=False) if provenance is None else _unstopped(fact, provenance)
    date = fact.last_updated
    fields = [
        ("title", fact.claim),
        ("howpublished", site.title),
        ("year", str(date.year)),
        ("url", site.fact_permalink(fact)),
        ("note", f"Fact {fact.id}. {note}".rstrip()),
    ]
    if date.month:
        fields.insert(3, ("month", str(date.month)))
    return bibtex_entry("misc", f"fact-{fact.id}", fields)


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
    fields: list[tuple[str, str | list[str]]] = [("title", source.title), (kind.outlet_field, source.outlet)]
    if source.authors:
        fields.append(("author", list(source.authors)))
    if source.published:
        fields.append(("year", str(source.published.year)))
        if source.published.month:
            fields.append(("month", str(source.published.month)))
    if source.url:
        fields.append(("url", source.url))
    if source.accessed:
        fields.append(("urldate", source.accessed.iso()))
    return bibtex_entry(kind.bibtex_type, source.id, fields)


def chart_citation(sheet: Sheet, site: Site, chart, page: str) -> Markup:
    """A collapsed "Cite this chart" box: the chart's address (on ``page``, the charts page), its title, its date
    (the latest of its facts'), the facts it shows and their sources."""
    facts = [sheet.facts[i] for i in ([chart.total] if chart.total else []) + [b.fact for b in chart.bars]]
    date = max((f.last_updated for f in facts), key=lambda d: d.start())
    url = site.absolute(page, f"chart-{chart.id}")
    sources = "; ".join(dict.fromkeys(_source_phrase(sheet.sources[s]) for f in facts for s in sheet.fact_sources(f)))
    note = f"Chart of facts {', '.join(f.id for f in facts)}." + (f" Sources: {sources}." if sources else "")
    text = f"“{chart.title}” (chart). {site.title}, last updated {date.human()}. {url}. {note}"
    fields: list[tuple[str, str | list[str]]] = [("title", chart.title), ("howpublished", site.title),
                                                 ("year", str(date.year)), ("url", url), ("note", note.removesuffix("."))]
    csl = {"id": f"chart-{chart.id}", "type": "figure", "title": chart.title, "container-title": site.title,
           "URL": url, "issued": {"date-parts": [date.parts()]}, "note": note.removesuffix(".")}
    return render("cite_this.html", what="chart", text=text, bibtex=bibtex_entry("misc", f"chart-{chart.id}", fields),
                  csl=_csl_text(csl))


def cite_block(sheet: Sheet, site: Site, fact: Fact) -> Markup:
    """A collapsed "Cite this fact" box with text, BibTeX and CSL-JSON, kept out of search."""
    provenance = _provenance(sheet, fact)  # the three forms share it
    return render("cite_this.html", text=fact_text(sheet, site, fact, provenance), bibtex=fact_bibtex(sheet, site, fact, provenance),
                  csl=_csl_text(fact_csl(sheet, site, fact, provenance)))
