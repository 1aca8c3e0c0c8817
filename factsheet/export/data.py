"""Downloads and machine-readable data: JSON, CSV, CSL-JSON, BibTeX, Atom, JSON-LD."""

from __future__ import annotations

import csv
import heapq
import io
from dataclasses import fields, is_dataclass
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

from factsheet.export.cite import source_bibtex, source_csl
from factsheet.export.jsonfast import Raw, dumps_at, dumps_indented
from factsheet.export.jsonld import jsonld_script
from factsheet.model import RELIABILITY, SCALES, STATUSES, Chart, Citation, Fact, Sheet, urls
from factsheet.model.dates import PartialDate
from factsheet.model.schema import slugify
from factsheet.model.urls import Site
from factsheet.model.wording import figure_text, sentence
from factsheet.render.page import Page, heading_block, make_page
from factsheet.render.pieces import Pieces
from factsheet.render.templates import block

DATA_DIR = "data"
FACTS_JSON = f"{DATA_DIR}/facts.json"
FACTS_CSV = f"{DATA_DIR}/facts.csv"
SOURCES_CSL = f"{DATA_DIR}/sources.csl.json"
SOURCES_BIB = f"{DATA_DIR}/sources.bib"
DATAPACKAGE = f"{DATA_DIR}/datapackage.json"
FEED = "feed.xml"
REGISTRY_FILES = (SOURCES_CSL, SOURCES_BIB)  # made from the source registry alone

CSV_COLUMNS = [
    ("fact_id", "Stable id of the fact; its permalink is the fact_url column."),
    ("topic", "Id of the topic the fact belongs to."),
    ("claim", "The claim in one sentence."),
    ("value", "The figure's number as written (empty for facts without a figure)."),
    ("value_max", "Upper bound when the figure is a range."),
    ("unit", "percent, a currency code such as USD, or a count noun."),
    ("scale", "thousand, million, billion or trillion (empty when none)."),
    ("qualifier", "How the figure is hedged: exact, approximately, about, nearly, over, ..."),
    ("period", "The period the figure covers."),
    ("as_of", "When the figure was stated or true (ISO date, may be partial)."),
    ("event_date", "Date of the event the fact reports (ISO date, may be partial)."),
    ("claimant", "Entity id of who makes the claim."),
    ("claimant_name", "Name of who makes the claim."),
    ("status", "reported, disputed, denied, needs-better-source or corrected."),
    ("n_sources", "How many articles in the registry report the fact."),
    ("n_origins", "How many independent originating reports stand behind them."),
    ("citation_index", "1-based position of this citation within the fact."),
    ("source_id", "Id of the cited source."),
    ("source_outlet", "Outlet of the cited source."),
    ("source_title", "Title of the cited source."),
    ("source_published", "Publication date of the cited source (ISO, may be partial)."),
    ("source_url", "Address of the cited source."),
    ("quote", "The verbatim passage quoted from the source."),
    ("quote_url", "The source address with a text fragment that scrolls to the quote."),
    ("citation_qualifier", "How this source hedges the figure, where it differs."),
    ("citation_value", "The value this source gives, where it differs."),
    ("citation_wording", "How this source words the thing measured."),
    ("added", "When the fact was added to the sheet."),
    ("updated", "When the fact last changed in substance, as its file says; empty when it never has (see last_updated)."),
    ("fact_url", "Permalink of the fact."),
    ("withdrawn", "When the fact was withdrawn (ISO date, may be partial); empty when it stands."),
    ("withdrawn_reason", "Why the fact was withdrawn."),
    ("corrections", "Dated corrections, newest first, each \"DATE: what changed (why)\", separated by \" | \"."),
    ("unhedged", "Why the claim is stated without a hedge its quote carries; empty when it is not."),
    ("derived", "How the sheet computes the figure from other facts, e.g. \"sum of a, b\" (difference: the first minus "
                "the rest; share: the first as a percentage of the second); empty for a reported figure."),
    ("citation_relays", "Ids of the reports this passage relays, separated by spaces, \"own\" when it is the copy's own "
                        "words; empty when the passage relays what its source relays."),
    ("citation_origins", "Ids of the independent originating reports behind this passage, separated by spaces."),
    ("sources_differ", "true when the sources word, qualify or value the fact differently (the site's \"Sources differ\" "
                       "mark), else false."),
    ("last_updated", "The latest of added, updated, a correction and the withdrawal (the page's \"Last updated\")."),
    ("value_normalised", "The figure's number times its scale, in the unit column's unit (4.9 billion USD: 4900000000); "
                         "empty for facts without a figure."),
    ("value_max_normalised", "The upper bound times its scale, when the figure is a range."),
    ("notes", "The fact's notes as the page shows them, each \"Kind: text (date)\", separated by \" | \"."),
    ("source_reliability", "The editors' rating of the cited source: high, medium, low or unknown."),
    ("source_warnings", "Reliability warnings on the cited source, separated by \" | \" (the page's \"reliability "
                        "warning\")."),
    ("source_title_inferred", "true when the cited source's title was inferred (the page's \"(inferred)\"), else false."),
    ("source_published_inferred", "true when the cited source's publication date was inferred, else false."),
]


_CSV_NAMES = [name for name, _ in CSV_COLUMNS]
_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, list[str]] = {}


_POSITIONS = ("pos", "key_pos")  # where a value was written in the fact files: not data


def _topic_head(head) -> dict:
    """A topic's heading as data; ``section`` only when the topic has one (sheets without sections keep their files)."""
    data = _plain(head)
    if data.get("section") is None:
        data.pop("section", None)
    return data


def _plain(value):
    """A model value as JSON-ready data; positions are dropped."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, PartialDate):
        return value.iso()
    names = _FIELD_NAMES.get(type(value))  # a record seen before, without asking is_dataclass again
    if names is not None or is_dataclass(value):
        if names is None:
            names = _FIELD_NAMES[type(value)] = [f.name for f in fields(value) if f.name not in _POSITIONS]
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def facts_json(sheet: Sheet, site: Site, facts: list | None = None, sources: list | None = None,
               entities: list | None = None) -> dict:
    """The full model as one JSON document (``facts``, ``sources``, ``entities``: those lists, when already made)."""
    if facts is None:
        facts = [_fact_json(sheet, site, fact) for topic in sheet.topics for fact in topic.facts]
    last = sheet.last_updated
    return {
        "title": site.title,
        "url": site.absolute("index.md"),
        "last_updated": last.iso() if last else None,
        "topics": [_topic_head(t.head) for t in sheet.topics],
        "sources": _sources_json(sheet) if sources is None else sources,
        "entities": _entities_json(sheet) if entities is None else entities,
        "facts": facts,
        "charts": [_plain(c) for c in sheet.charts],
    }


def _sources_json(sheet: Sheet) -> list:
    return [_plain(s) | {"origins": sheet.origins(s.id)} for s in sheet.sources.values()]


def _entities_json(sheet: Sheet) -> list:
    return [_plain(e) for e in sheet.entities.values()]


def _fact_json(sheet: Sheet, site: Site, fact: Fact) -> dict:
    """One fact of the JSON download: its fields, and what the sheet knows of it (permalink, support, origins)."""
    item = _plain(fact)
    for citation, plain in zip(fact.citations, item["citations"], strict=True):
        plain["origins"] = sheet.citation_origins(citation)
    support = sheet.corroboration(fact)
    item.update({
        "url": site.fact_permalink(fact),
        "n_sources": support.n_sources,
        "n_origins": support.n_origins,
        "sources_differ": support.differs,
        "origins": sheet.fact_origins(fact),
        "figure_text": figure_text(fact.figure) if fact.figure else None,
        "last_updated": fact.last_updated.iso(),
        "value_normalised": normalised(fact.figure.value, fact.figure.scale) if fact.figure else None,
        "value_max_normalised": normalised(fact.figure.value_max, fact.figure.scale) if fact.figure else None,
    })
    return item


_FACTS_MARK = Raw('"\0facts\0"')  # where the facts go in the JSON download's text (no text from a fact file holds a NUL)


def _facts_json_bytes(sheet: Sheet, site: Site, pieces: Pieces | None) -> bytes:
    """The JSON download; with ``pieces``, each fact's encoded text is the kept one unless the fact changed."""
    if pieces is None:
        return (dumps_indented(facts_json(sheet, site), 1) + "\n").encode()
    items = [pieces.get(fact.id, ("json",), lambda fact=fact: dumps_at(_fact_json(sheet, site, fact), 1, 2).encode())
             for topic in sheet.topics for fact in topic.facts]
    joined = b"[" + b",".join(b"\n  " + item for item in items) + b"\n ]" if items else b"[]"  # as written at level 1
    # The registries' parts depend on nothing else: kept until a registry changes (which starts the pieces afresh).
    sources = Raw(pieces.of_facts(("json", "sources"), (), lambda: dumps_at(_sources_json(sheet), 1, 1)))
    entities = Raw(pieces.of_facts(("json", "entities"), (), lambda: dumps_at(_entities_json(sheet), 1, 1)))
    head, tail = (dumps_indented(facts_json(sheet, site, _FACTS_MARK, sources, entities), 1) + "\n").split(_FACTS_MARK)
    return head.encode() + joined + tail.encode()


def facts_csv(sheet: Sheet, site: Site) -> str:
    """One row per fact and citation; a fact with no citation of its own (a computed one) gets one row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_NAMES)
    by_source: dict[str, dict] = {}  # a source's cells, made once: its facts' rows repeat them
    for topic in sheet.topics:
        for fact in topic.facts:
            _write_rows(writer, sheet, site, fact, by_source)
    return out.getvalue()


def _facts_csv_bytes(sheet: Sheet, site: Site, pieces: Pieces | None) -> bytes:
    """The CSV download; with ``pieces``, each fact's encoded rows are the kept ones unless the fact changed."""
    if pieces is None:
        return facts_csv(sheet, site).encode()
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(_CSV_NAMES)
    by_source: dict[str, dict] = {}
    return header.getvalue().encode() + b"".join(
        pieces.get(fact.id, ("csv",), lambda fact=fact: _fact_rows(sheet, site, fact, by_source).encode())
        for topic in sheet.topics for fact in topic.facts)


def _fact_rows(sheet: Sheet, site: Site, fact: Fact, by_source: dict[str, dict]) -> str:
    """A fact's rows of the CSV download."""
    out = io.StringIO()
    _write_rows(csv.writer(out, lineterminator="\n"), sheet, site, fact, by_source)
    return out.getvalue()


def _write_rows(writer, sheet: Sheet, site: Site, fact: Fact, by_source: dict[str, dict]) -> None:
    row = {name: _csv_safe(value) for name, value in _fact_columns(sheet, site, fact).items()}
    for index, citation in enumerate(fact.citations or [None], 1):
        row.update(_citation_cells(sheet, citation, index, by_source))
        writer.writerow([row[name] for name in _CSV_NAMES])


def _fact_columns(sheet: Sheet, site: Site, fact: Fact) -> dict:
    figure = fact.figure
    support = sheet.corroboration(fact)
    return {
        "fact_id": fact.id, "topic": fact.topic, "claim": fact.claim,
        "value": _num(figure.value) if figure else "", "value_max": _num(figure.value_max) if figure else "",
        "unit": figure.unit if figure else "", "scale": (figure.scale or "") if figure else "",
        "qualifier": figure.qualifier if figure else "", "period": (figure.period or "") if figure else "",
        "as_of": figure.as_of.iso() if figure and figure.as_of else "",
        "event_date": fact.event_date.iso() if fact.event_date else "",
        "claimant": fact.claimant, "claimant_name": sheet.entities[fact.claimant].name,
        "status": fact.status, "n_sources": support.n_sources, "n_origins": support.n_origins,
        "sources_differ": _bool(support.differs),
        "added": fact.added.iso(), "updated": fact.updated.iso() if fact.updated else "",
        "last_updated": fact.last_updated.iso(),
        "value_normalised": _num(normalised(figure.value, figure.scale)) if figure else "",
        "value_max_normalised": _num(normalised(figure.value_max, figure.scale)) if figure else "",
        "notes": " | ".join(note_text(note) for note in fact.annotations),
        "fact_url": site.fact_permalink(fact),
        "withdrawn": fact.withdrawn.date.iso() if fact.withdrawn else "",
        "withdrawn_reason": fact.withdrawn.reason if fact.withdrawn else "",
        "corrections": " | ".join(f"{c.date.iso()}: {c.change} ({c.reason})" for c in fact.corrections_newest_first),
        "unhedged": fact.unhedged or "",
        "derived": f"{fact.derived.op} of {', '.join(fact.derived.of)}" if fact.derived else "",
    }


def _citation_cells(sheet: Sheet, citation: Citation | None, index: int, by_source: dict[str, dict]) -> dict:
    """A citation's cells of its row, formula-safe; its source's cells are taken from ``by_source`` or added to it."""
    if citation is None:
        return dict.fromkeys(_CITATION_COLUMNS, "")
    source = sheet.sources[citation.source]
    cells = by_source.get(source.id)
    if cells is None:
        cells = by_source[source.id] = {name: _csv_safe(value) for name, value in {
            "source_id": source.id, "source_outlet": source.outlet,
            "source_title": source.title, "source_published": source.published.iso() if source.published else "",
            "source_url": source.url or "",
            "source_reliability": source.reliability, "source_warnings": " | ".join(w.text for w in source.warnings),
            "source_title_inferred": _bool(source.title_inferred), "source_published_inferred": _bool(source.published_inferred),
        }.items()}
    relays = "" if citation.relays is None else " ".join(citation.relays) or "own"
    own = {
        "citation_index": index, "quote": citation.quote,
        "quote_url": urls.cite_url(source.url, citation.quote) if source.url else "",
        "citation_qualifier": citation.qualifier or "", "citation_value": _num(citation.value),
        "citation_wording": citation.wording or "", "citation_relays": relays,
        "citation_origins": " ".join(sheet.citation_origins(citation)),
    }
    return {**cells, **{name: _csv_safe(value) for name, value in own.items()}}


_CITATION_COLUMNS = (
    "citation_index", "source_id", "source_outlet", "source_title", "source_published", "source_url", "quote", "quote_url",
    "citation_qualifier", "citation_value", "citation_wording", "citation_relays", "citation_origins",
    "source_reliability", "source_warnings", "source_title_inferred", "source_published_inferred",
)


def normalised(value: float | None, scale: str | None) -> int | float | None:
    """A figure's number times its scale (4.9 billion: 4900000000), computed in decimal so no binary error creeps in."""
    if value is None:
        return None
    number = Decimal(repr(float(value))) * (Decimal(SCALE_EXPONENT[scale]) if scale else 1)
    return int(number) if number == number.to_integral_value() else float(number)


SCALE_EXPONENT = {name: f"1e{len(str(int(factor))) - 1}" for name, factor in SCALES.items()}


def note_text(note) -> str:
    """A note as the page shows it: "Kind: text (date)"."""
    dated = f" ({note.date.iso()})" if note.date else ""
    return f"{note.kind.replace('-', ' ').capitalize()}: {note.text}{dated}"


def _bool(flag: bool) -> str:
    return "true" if flag else "false"


def _num(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _csv_safe(value) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ gets a leading apostrophe."""
    text = str(value)
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _xml_attribute(text: str) -> str:
    """Text for a double-quoted XML attribute: ``xml_escape`` leaves ``"`` alone, which would end the attribute."""
    return xml_escape(text, {'"': "&quot;"})


def atom_feed(sheet: Sheet, site: Site) -> str:
    """An Atom feed of the 200 facts changed last, newest change first, dated by the facts' own dates (corrections and withdrawals too)."""
    facts = heapq.nlargest(200, sheet.facts.values(), key=lambda f: (f.last_updated, f.id))  # sorted(...)[:200], ids unique
    last = sheet.last_updated
    updated = _atom_date(last) if last else "1970-01-01T00:00:00Z"
    base = site.absolute("index.md")
    entries = []
    for fact in facts:
        link = site.fact_permalink(fact)
        title, summary = _feed_text(fact)
        entries.append(
            "<entry>"
            f"<title>{xml_escape(title)}</title>"
            f'<link href="{_xml_attribute(link)}"/>'
            f"<id>{xml_escape(link)}</id>"
            f"<published>{_atom_date(fact.added)}</published>"
            f"<updated>{_atom_date(fact.last_updated)}</updated>"
            f"<summary>{xml_escape(summary)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{xml_escape(site.title)}: new and updated facts</title>"
        f'<link href="{_xml_attribute(base)}"/>'
        f'<link rel="self" href="{_xml_attribute(site.absolute(FEED))}"/>'
        f"<id>{xml_escape(base)}</id><updated>{updated}</updated>"
        f"<author><name>{xml_escape(site.title)} editors</name></author>"
        + "".join(entries) + "</feed>\n"
    )


def _feed_text(fact: Fact) -> tuple[str, str]:
    """A feed entry's title and summary: a withdrawn fact says so and why; a corrected one, its latest correction."""
    summary = fact.claim + (f" Figure: {figure_text(fact.figure)}." if fact.figure else "")
    if fact.withdrawn:
        return f"Withdrawn: {fact.claim}", f"Withdrawn {fact.withdrawn.date.human()}: {sentence(fact.withdrawn.reason)} {summary}"
    if fact.corrections:
        latest = fact.corrections_newest_first[0]
        return fact.claim, f"Corrected {latest.date.human()}: {sentence(latest.change)} {sentence(latest.reason)} {summary}"
    return fact.claim, summary


def _atom_date(date: PartialDate) -> str:
    return date.start().isoformat() + "T00:00:00Z"


_INTEGERS = ("n_sources", "n_origins", "citation_index")
_NUMBERS = ("value", "value_max", "citation_value", "value_normalised", "value_max_normalised")
_BOOLEANS = ("sources_differ", "source_title_inferred", "source_published_inferred")
_ADDRESSES = ("fact_url", "source_url", "quote_url")
_DATES = ("as_of", "event_date", "source_published", "added", "updated", "last_updated", "withdrawn")
_ENUMS = {"status": list(STATUSES), "source_reliability": list(RELIABILITY)}
_REQUIRED = ("fact_id", "topic", "claim", "claimant", "claimant_name", "status", "n_sources", "n_origins", "added",
             "last_updated", "fact_url", "sources_differ")
_PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _table_field(name: str, description: str) -> dict:
    """A CSV column as a Table Schema field: its type, format and constraints."""
    spec: dict = {"name": name, "description": description, "type": "string"}
    constraints: dict = {}
    if name in _INTEGERS:
        spec["type"] = "integer"
    elif name in _NUMBERS:
        spec["type"] = "number"
    elif name in _BOOLEANS:
        spec["type"] = "boolean"
    elif name in _ADDRESSES:
        spec["format"] = "uri"
    elif name in _DATES:  # a partial date (2024, 2024-04 or 2024-04-12), which Table Schema's date type cannot hold
        constraints["pattern"] = _PARTIAL_DATE
    if name in _ENUMS:
        constraints["enum"] = _ENUMS[name]
    if name in _REQUIRED:
        constraints["required"] = True
    if constraints:
        spec["constraints"] = constraints
    return spec


def datapackage(sheet: Sheet, site: Site) -> dict:
    """A Frictionless Data Package describing the downloads in ``data/``, with a Table Schema for the CSV."""
    last = sheet.last_updated
    package: dict = {
        "name": slugify(site.title) or "fact-sheet",
        "title": site.title,
        "description": f"{len(sheet.facts)} facts with their citations, drawn from {len(sheet.sources)} sources. "
                       "Every file is rebuilt from the fact files on every build.",
        "homepage": site.absolute(urls.DATA),
        "profile": "data-package",
    }
    if last:
        package["created"] = last.start().isoformat() + "T00:00:00Z"
    package["resources"] = [
        {
            "name": "facts-csv", "path": FACTS_CSV.split("/", 1)[1], "title": "All facts as CSV",
            "description": "One row per fact and citation (one row for a computed fact citing nothing).",
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True, "lineTerminator": "\n"},
            "schema": {"fields": [_table_field(name, text) for name, text in CSV_COLUMNS],
                       "missingValues": [""]},
        },
        {"name": "facts-json", "path": FACTS_JSON.split("/", 1)[1], "title": "All facts as JSON",
         "description": "The full model: topics, sources (with their origins), entities, facts, charts.",
         "profile": "data-resource", "format": "json", "mediatype": "application/json", "encoding": "utf-8"},
        {"name": "sources-csl", "path": SOURCES_CSL.split("/", 1)[1], "title": "Sources as CSL-JSON",
         "profile": "data-resource", "format": "json", "mediatype": "application/vnd.citationstyles.csl+json",
         "encoding": "utf-8"},
        {"name": "sources-bibtex", "path": SOURCES_BIB.split("/", 1)[1], "title": "Sources as BibTeX",
         "profile": "data-resource", "format": "bib", "mediatype": "application/x-bibtex", "encoding": "utf-8"},
    ]
    package["resources"] += [
        {"name": f"chart-{chart.id}", "path": urls.CHART_CSV.format(chart.id).split("/", 1)[1], "title": f"Chart data: {chart.title}",
         "description": "One row per bar of the chart, the total first where it has one.",
         "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
         "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True, "lineTerminator": "\n"},
         "schema": {"fields": CHART_FIELDS, "missingValues": [""]}}
        for chart in sheet.charts
    ]
    package["sources"] = [
        {"title": f"{s.outlet}: {s.title}", "path": s.url} for s in sheet.sources.values() if s.url
    ]
    return package


CHART_FIELDS = [
    {"name": "bar", "type": "string", "description": "The bar's label.", "constraints": {"required": True}},
    {"name": "fact_id", "type": "string", "description": "Id of the bar's fact.", "constraints": {"required": True}},
    {"name": "figure", "type": "string", "description": "The figure as the page shows it."},
    {"name": "value", "type": "number", "description": "The figure's value, in its scale."},
    {"name": "value_max", "type": "number", "description": "Upper end of a range, in its scale."},
    {"name": "scale", "type": "string", "description": "thousand, million, billion or trillion, or empty."},
    {"name": "unit", "type": "string", "description": "The figure's unit (a currency code, percent, or a count noun)."},
    {"name": "value_normalised", "type": "number", "description": "The value times its scale, in its unit."},
    {"name": "qualifier", "type": "string", "description": "How the figure is hedged (exact, about, over, ...)."},
    {"name": "fact_url", "type": "string", "format": "uri", "description": "The fact's permalink."},
]


def chart_csv(sheet: Sheet, site: Site, chart: Chart) -> str:
    """The numbers behind one chart, one row per bar, the figure as shown and as a plain number."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["bar", "fact_id", "figure", "value", "value_max", "scale", "unit", "value_normalised", "qualifier", "fact_url"])
    for label, fact, _ in sheet.chart_rows(chart):
        figure = fact.figure
        writer.writerow([_csv_safe(v) for v in (
            label, fact.id, figure_text(figure), _num(figure.value), _num(figure.value_max), figure.scale or "",
            figure.unit, _num(figure.scaled_value), figure.qualifier, site.fact_permalink(fact))])
    return out.getvalue()


def data_files(sheet: Sheet, site: Site, pieces: Pieces | None = None,
               registries: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """Every download, by its path in the built site.

    A live preview passes the ``pieces`` it keeps (each fact's part of the
    JSON and CSV downloads) and, when no registry changed, the previous
    build's files made from the registries alone (:data:`REGISTRY_FILES`).
    """
    registries = registries or {}
    csl = registries.get(SOURCES_CSL) or (dumps_indented([source_csl(s) for s in sheet.sources.values()], 1) + "\n").encode()
    return {
        FACTS_JSON: _facts_json_bytes(sheet, site, pieces),
        FACTS_CSV: _facts_csv_bytes(sheet, site, pieces),
        SOURCES_CSL: csl,
        SOURCES_BIB: registries.get(SOURCES_BIB) or ("\n\n".join(source_bibtex(s) for s in sheet.sources.values()) + "\n").encode(),
        FEED: atom_feed(sheet, site).encode(),
        DATAPACKAGE: (dumps_indented(datapackage(sheet, site), 1) + "\n").encode(),
        **{urls.CHART_CSV.format(c.id): chart_csv(sheet, site, c).encode() for c in sheet.charts},
    }


def dataset_jsonld(sheet: Sheet, site: Site) -> dict:
    """schema.org Dataset describing the sheet and its downloads."""
    last = sheet.last_updated
    formats = [(FACTS_JSON, "application/json", "All facts (full model)"),
               (FACTS_CSV, "text/csv", "One row per fact and citation"),
               (SOURCES_CSL, "application/vnd.citationstyles.csl+json", "Sources as CSL-JSON"),
               (SOURCES_BIB, "application/x-bibtex", "Sources as BibTeX"),
               (DATAPACKAGE, "application/json", "Frictionless Data Package describing the downloads")]
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": site.title,
        "description": f"{len(sheet.facts)} facts with their citations, drawn from {len(sheet.sources)} sources.",
        "url": site.absolute(urls.DATA),
        "isAccessibleForFree": True,
        "distribution": [
            {"@type": "DataDownload", "name": name, "encodingFormat": mime, "contentUrl": site.absolute(path)}
            for path, mime, name in formats
        ],
    }
    if last:
        data["dateModified"] = last.iso()
    return data


def data_page(sheet: Sheet, site: Site) -> Page:
    """The data page: downloads, every column and field explained, and the Dataset JSON-LD."""

    page = urls.DATA
    last = sheet.last_updated
    downloads = [
        (FACTS_JSON, "All facts as JSON", "The full model: topics, sources (with their origins), entities, facts, charts."),
        (FACTS_CSV, "All facts as CSV", "One row per fact and citation (one row for a computed fact citing nothing); columns below."),
        (SOURCES_CSL, "Sources as CSL-JSON", "For Zotero, Pandoc and other reference managers."),
        (SOURCES_BIB, "Sources as BibTeX", "For LaTeX."),
        (DATAPACKAGE, "Data Package (datapackage.json)", "Describes the downloads as a Frictionless Data Package, with a "
                      "Table Schema giving each CSV column's type, so frictionless and other tools can read and validate them."),
        (FEED, "Atom feed", "New, updated, corrected and withdrawn facts, dated by the facts' own dates."),
    ]
    blocks = [
        block("data.html", "summary", last, len(sheet.facts), len(sheet.sources), len(sheet.entities)),
        block("data.html", "downloads", [(site.relative(page, path), title, text) for path, title, text in downloads]),
        heading_block(2, "csv-columns", "CSV columns"),
        block("data.html", "csv_columns", CSV_COLUMNS),
        heading_block(2, "json-fields", "JSON fields"),
        block("data.html", "json_fields"),
        jsonld_script(dataset_jsonld(sheet, site)),
    ]
    return make_page(page, "Data and downloads", blocks, "Download every fact and source as JSON, CSV, CSL-JSON and BibTeX.")
