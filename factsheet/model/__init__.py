"""The domain objects: sources, entities, facts, topics, charts, and the sheet.

Each record an editor writes is declared here once; its keys' field specs also
give the validator, the JSON Schemas and the format reference's tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from factsheet.model import kinds
from factsheet.model.dates import PartialDate
from factsheet.model.schema import Bool, Choice, Date, ListOf, Number, Record, Slug, Text, Url, record

Pos = tuple  # (path, line, col) of the mapping that defined an object

SOURCE_KINDS = tuple(kinds.SOURCE_KINDS)
RELIABILITY = ("high", "medium", "low", "unknown")
ENTITY_KINDS = tuple(kinds.ENTITY_KINDS)
QUALIFIERS = ("exact", "approximately", "about", "nearly", "over", "under", "at-least", "up-to", "estimated")
STATUSES = ("reported", "disputed", "denied", "needs-better-source", "corrected")
DERIVATIONS = ("sum", "difference", "share")
ANNOTATION_KINDS = ("caveat", "definition", "disagreement", "correction", "context", "thin-evidence", "method")
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
CURRENCIES = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "CN¥", "RUB": "₽"}
QUALIFIER_WORDS = {
    "exact": "", "approximately": "approximately", "about": "about", "nearly": "nearly", "over": "over",
    "under": "under", "at-least": "at least", "up-to": "up to", "estimated": "an estimated",
}


# The records editors write, each declared once: a key is an attribute whose value is its field spec (see
# ``schema.record``); the order is the order of the JSON Schemas and the format reference. ``pos`` and ``key_pos`` are
# filled by the validator, the other attributes without a spec by the checks that follow.


@record()
class SourceWarning:
    """A reliability warning about a source."""

    text: str = Text(required=True, description="The warning, plain text.")
    pos: Pos = None


@record(title="Source")
class Source:
    """One article, report, briefing or statement in the registry."""

    id: str = Slug(required=True, description="Stable id of the source, used in its permalink.")
    title: str = Text(required=True, max_length=400, description="Title of the article or report.")
    title_inferred: bool = Bool(default=False, description="True when the title was inferred, e.g. from the URL.")
    outlet: str = Text(required=True, max_length=200, description="Who published this copy.")
    authors: list[str] = ListOf(Text(max_length=200), default=list, description="Bylines; empty when none is shown "
                                "(a copy we read) or none was found (a report we have not read).")
    published: PartialDate | None = Date(description="Publication date (partial ISO date allowed).")
    published_inferred: bool = Bool(default=False, description="True when the date is an inference.")
    url: str | None = Url(description="Address of this copy (http or https).")
    archive_url: str | None = Url(description="Address of an archived copy.")
    archive_date: PartialDate | None = Date(description="When the archived copy was made.")
    accessed: PartialDate | None = Date(description="When we read it.")
    capture: str | None = Text(max_length=200, description="File name of our stored capture, for the verbatim-quote check.")
    kind: str = Choice(SOURCE_KINDS, required=True, description="What kind of source this is.")
    language: str = Text(max_length=20, default="en", description="BCP 47 language tag.")
    based_on: list[str] = ListOf(Slug(), default=list, unique=True, description="Ids of the sources this one relays.")
    reliability: str = Choice(RELIABILITY, default="unknown", description="Editors' rating.")
    notes: str | None = Text(max_length=4000, description="What is inferred and what is unknown, plain text.")
    warnings: list[SourceWarning] = ListOf(Record.of(SourceWarning), default=list,
                                           description="Reliability warnings shown to readers.")
    pos: Pos = None


@record(title="Entity")
class Entity:
    """A company, weapon, plant, body, person or group that facts are about."""

    id: str = Slug(required=True, description="Stable id of the entity.")
    name: str = Text(required=True, max_length=200, description="Display name.")
    kind: str = Choice(ENTITY_KINDS, required=True, description="What kind of thing this is.")
    aliases: list[str] = ListOf(Text(max_length=200), default=list, description="Other spellings, for search.")
    country: str | None = Text(max_length=100, description="Country, where it helps.")
    description: str | None = Text(max_length=2000, description="One or two plain sentences.")
    url: str | None = Url(description="An official or reference address.")
    pos: Pos = None


@record(title="Figure")
class Figure:
    """The number a fact states, with its unit, scale and qualifier."""

    value: float | None = Number(description="The number, without quotes (required unless the fact is derived).")
    value_max: float | None = Number(description="Upper bound, when the figure is a range.")
    unit: str = Text(required=True, max_length=60, description="percent, a currency code (USD) or a count noun.")
    scale: str | None = Choice(tuple(SCALES), description="thousand, million, billion or trillion.")
    qualifier: str = Choice(QUALIFIERS, default="exact", description="How the figure is hedged.")
    period: str | None = Text(max_length=120, description="The period the figure covers.")
    as_of: PartialDate | None = Date(description="When the figure was stated or true.")
    pos: Pos = None

    @property
    def scaled_value(self) -> float:
        """The value times its scale (``4.9`` billion is ``4.9e9``)."""
        return self.value * SCALES.get(self.scale or "", 1.0)


@record(title="Citation")
class Citation:
    """A source and the verbatim passage that carries the fact."""

    source: str = Slug(required=True, description="Id of the cited source.")
    quote: str = Text(required=True, max_length=1200, description="The shortest verbatim passage that carries the fact.")
    locator: str | None = Text(max_length=120, description="Where in the source: paragraph, page, section.")
    qualifier: str | None = Choice(QUALIFIERS, description="How this source hedges the figure.")
    value: float | None = Number(description="The value this source gives, where it differs.")
    wording: str | None = Text(max_length=200, description="How this source words the thing measured.")
    relays: list[str] | None = ListOf(Slug(), unique=True, description="Ids of the reports this passage relays, "
                                      "overriding the source's based_on; [] when the passage is the copy's own words.")
    pos: Pos = None
    key_pos: dict = field(default_factory=dict)


@record(title="Annotation")
class Annotation:
    """An editor's note on a fact: caveat, definition, disagreement, ..."""

    kind: str = Choice(ANNOTATION_KINDS, required=True, description="What kind of note.")
    text: str = Text(required=True, max_length=4000, description="The note, plain text.")
    date: PartialDate | None = Date(description="When the note was written.")
    pos: Pos = None


@record(title="Correction")
class Correction:
    """A dated change to a fact: what changed and why."""

    date: PartialDate = Date(required=True, description="When the correction was made.")
    change: str = Text(required=True, max_length=1000, description="What changed, plain text.")
    reason: str = Text(required=True, max_length=1000, description="Why it changed, plain text.")
    pos: Pos = None


@record(title="Withdrawal")
class Withdrawal:
    """Why and when a fact was withdrawn; its permalink stays and says so."""

    date: PartialDate = Date(required=True, description="When the fact was withdrawn.")
    reason: str = Text(required=True, max_length=1000, description="Why, shown at the fact's permalink.")
    pos: Pos = None


@record(title="Derivation")
class Derivation:
    """How a derived fact's figure is computed from other facts' figures."""

    op: str = Choice(DERIVATIONS, required=True, description="sum of the facts; difference (the first minus the "
                     "rest); share (the first as a percentage of the second).")
    of: list[str] = ListOf(Slug(), required=True, min_items=2,
                           description="Ids of the facts whose figures are the inputs, in order.")
    pos: Pos = None
    computed: float | None = None  # the result, set when the sheet is checked


@record(title="Fact")
class Fact:
    """One claim, optionally with a figure, and the citations behind it."""

    id: str = Slug(required=True, description="Stable id, used in the fact's permalink.")
    claim: str = Text(required=True, max_length=600, description="The claim in one plain sentence.")
    figure: Figure | None = Record.of(Figure)
    event_date: PartialDate | None = Date(description="Date of the event the fact reports; puts it on the timeline.")
    claimant: str = Slug(required=True, description="Entity id of who makes the claim.")
    status: str = Choice(STATUSES, default="reported", description="Standing of the claim.")
    citations: list[Citation] = ListOf(Record.of(Citation), default=list,
                                       description="Sources with verbatim quotes (required unless the fact is derived).")
    annotations: list[Annotation] = ListOf(Record.of(Annotation), default=list, description="Editors' notes.")
    entities: list[str] = ListOf(Slug(), default=list, unique=True, description="Ids of entities the fact is about.")
    tags: list[str] = ListOf(Slug(), default=list, unique=True, description="Plain tags.")
    added: PartialDate = Date(required=True, description="When the fact was added.")
    updated: PartialDate | None = Date(description="When the fact last changed in substance.")
    unhedged: str | None = Text(max_length=1000, description="Why the claim is stated without a hedge its quote "
                                "carries; shown to readers.")
    derived: Derivation | None = Record.of(Derivation)
    corrections: list[Correction] = ListOf(Record.of(Correction), default=list,
                                           description="Dated corrections: what changed and why.")
    withdrawn: Withdrawal | None = Record.of(Withdrawal)
    pos: Pos = None
    topic: str = ""  # the id of the topic file, set by the loader
    key_pos: dict = field(default_factory=dict)

    @property
    def last_updated(self) -> PartialDate:
        """The latest of ``added``, ``updated``, a correction's date and the withdrawal's date."""
        dates = [self.added, self.updated, *(c.date for c in self.corrections), self.withdrawn.date if self.withdrawn else None]
        return max(d for d in dates if d)

    @property
    def corrections_newest_first(self) -> list[Correction]:
        """The fact's corrections, the latest first (those of one day in the order written)."""
        return sorted(self.corrections, key=lambda c: c.date.start(), reverse=True)

    def at(self, key: str) -> Pos:
        """Where a key's value was written (the fact's own position when unknown)."""
        return self.key_pos.get(key, self.pos)


@record(title="Topic")
class TopicHead:
    """The heading of a topic file."""

    id: str = Slug(required=True, description="Topic id; equals the file name.")
    title: str = Text(required=True, max_length=200, description="Heading of the topic page.")
    order: float = Number(default=100, description="Sort key in navigation.")
    section: str | None = Text(max_length=100, description="The section the topic is listed under in the topics "
                               "index and the navigation; topics of one section are listed together.")
    summary: str | None = Text(max_length=4000, description="Introduction, plain text.")
    pos: Pos = None


@dataclass
class Topic:
    """A topic file: its heading and facts."""

    head: TopicHead
    facts: list[Fact]
    pos: Pos = None

    @property
    def id(self) -> str:
        """The topic's id."""
        return self.head.id


@record()
class Bar:
    """One bar of a chart: a fact and its label."""

    fact: str = Slug(required=True, description="Id of a fact with a figure.")
    label: str = Text(required=True, max_length=80, description="Label of the bar.")
    pos: Pos = None


@record(title="Chart")
class Chart:
    """A chart whose marks are facts' figures."""

    id: str = Slug(required=True, description="Chart id.")
    title: str = Text(required=True, max_length=200, description="Title of the chart.")
    description: str = Text(required=True, max_length=1000, description="Text alternative of the chart.")
    kind: str = Choice(("bar",), default="bar", description="Chart type.")
    total: str | None = Slug(description="Id of the fact whose figure is the whole.")
    bars: list[Bar] = ListOf(Record.of(Bar), required=True, min_items=1, description="The marks.")
    pos: Pos = None


@dataclass(frozen=True)
class Corroboration:
    """How well a fact is supported: articles reporting it, independent origins behind them, and whether they differ."""

    n_sources: int
    n_origins: int
    differs: bool


@dataclass
class Sheet:
    """Everything loaded from a facts folder, with indexes built once."""

    sources: dict[str, Source]
    entities: dict[str, Entity]
    topics: list[Topic]
    facts: dict[str, Fact]
    charts: list[Chart]
    citing: dict[str, list[Fact]] = field(default_factory=dict)
    about: dict[str, list[Fact]] = field(default_factory=dict)
    claimed: dict[str, list[Fact]] = field(default_factory=dict)
    _origins: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _support: dict[str, Corroboration] = field(default_factory=dict, init=False, repr=False, compare=False)
    _entity_index: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)  # render.layout

    def __post_init__(self) -> None:
        for fact in self.facts.values():
            for source_id in dict.fromkeys(c.source for c in fact.citations):
                self.citing.setdefault(source_id, []).append(fact)
            for entity_id in fact.entities:
                self.about.setdefault(entity_id, []).append(fact)
            self.claimed.setdefault(fact.claimant, []).append(fact)

    def citation_origins(self, citation: Citation) -> list[str]:
        """The origins one passage relays: its own ``relays`` when set (``[]``: the copy's own words), else its source's."""
        if citation.relays is None:
            return self.origins(citation.source)
        if not citation.relays:
            return [citation.source]
        found: dict[str, None] = {}
        for relayed in citation.relays:
            found.update(dict.fromkeys(self.origins(relayed)))
        return list(found)

    def origins(self, source_id: str) -> list[str]:
        """The origins a source relays: sources reached through ``based_on`` with none of their own (computed once)."""
        found = self._origins.get(source_id)
        if found is None:
            found = self._origins[source_id] = self._find_origins(source_id)
        return found

    def _find_origins(self, source_id: str) -> list[str]:
        found: dict[str, None] = {}
        stack, seen = [source_id], set()
        while stack:
            current = stack.pop()
            if current in seen or current not in self.sources:
                continue
            seen.add(current)
            parents = self.sources[current].based_on
            if not parents:
                found[current] = None
            stack.extend(reversed(parents))
        return list(found)

    def relayed_origins(self, citation: Citation) -> list[str]:
        """The independent origins behind the reports a passage's ``relays`` names, when they are not those reports
        themselves (``[]`` then, and for a passage that names none)."""
        if not citation.relays:
            return []
        found = self.citation_origins(citation)
        return found if set(found) != set(citation.relays) else []

    @cached_property
    def _passages_naming_relays(self) -> dict[str, list[Citation]]:
        """For each source, its cited passages that say what they relay (``relays`` set), in the sheet's order."""
        found: dict[str, list[Citation]] = {}
        for fact in self.facts.values():
            for citation in fact.citations:
                if citation.relays is not None:
                    found.setdefault(citation.source, []).append(citation)
        return found

    def passage_relays(self, source_id: str) -> list[str]:
        """What some passages of a source relay beyond its ``based_on``: the other reports their ``relays`` name."""
        return self._beyond(source_id, self.sources[source_id].based_on, lambda c: c.relays)

    def passage_origins(self, source_id: str) -> list[str]:
        """The origins some passages of a source relay beyond the source's own (the source itself: a passage in its own words)."""
        return self._beyond(source_id, self.origins(source_id), self.citation_origins)

    def _beyond(self, source_id: str, default: list[str], pick) -> list[str]:
        found: dict[str, None] = {}
        for citation in self._passages_naming_relays.get(source_id, ()):
            found.update(dict.fromkeys(i for i in pick(citation) if i not in default))
        return list(found)

    def fact_origins(self, fact: Fact) -> list[str]:
        """The distinct independent origins behind a fact's citations."""
        found: dict[str, None] = {}
        for citation in self.fact_citations(fact):
            for origin in self.citation_origins(citation):
                found[origin] = None
        return list(found)

    def fact_citations(self, fact: Fact) -> list[Citation]:
        """A fact's citations; for a derived fact, those of the facts it is computed from."""
        if fact.derived is None:
            return fact.citations
        found: list[Citation] = list(fact.citations)
        seen = {fact.id}
        stack = list(reversed(fact.derived.of))
        while stack:
            current = self.facts.get(stack.pop())
            if current is None or current.id in seen:
                continue
            seen.add(current.id)
            found.extend(current.citations)
            if current.derived is not None:
                stack.extend(reversed(current.derived.of))
        return found

    def fact_sources(self, fact: Fact) -> list[str]:
        """The distinct sources a fact cites, in citation order."""
        return list(dict.fromkeys(c.source for c in self.fact_citations(fact)))

    def sources_differ(self, fact: Fact) -> bool:
        """Whether the sources word, qualify or value the fact differently, or an editor notes a disagreement."""
        citations = self.fact_citations(fact)
        differs = len(citations) > 1 and any(c.qualifier or c.value is not None or c.wording for c in citations)
        return differs or any(a.kind == "disagreement" for a in fact.annotations)

    def corroboration(self, fact: Fact) -> Corroboration:
        """Articles reporting a fact, independent origins behind them, and whether they differ (computed once per fact)."""
        support = self._support.get(fact.id)
        if support is None:
            support = Corroboration(len(self.fact_sources(fact)), len(self.fact_origins(fact)), self.sources_differ(fact))
            self._support[fact.id] = support
        return support

    def chart_rows(self, chart: Chart) -> list[tuple[str, Fact, bool]]:
        """The bars of a chart in order (the total first), each as (label, fact, is the total)."""
        rows = [("Total", self.facts[chart.total], True)] if chart.total else []
        rows.extend((bar.label, self.facts[bar.fact], False) for bar in chart.bars)
        return rows

    @cached_property
    def sources_in_use(self) -> set[str]:
        """Every source a fact cites or a passage relays, and every source those relay through ``based_on``."""
        used: set[str] = set()
        relayed = [r for f in self.facts.values() for c in f.citations for r in c.relays or ()]
        stack = [*self.citing, *relayed]
        while stack:
            current = stack.pop()
            if current in used or current not in self.sources:
                continue
            used.add(current)
            stack.extend(self.sources[current].based_on)
        return used

    @cached_property  # every source page asks; computed once
    def relayed_by(self) -> dict[str, list[str]]:
        """For each source, the sources that relay it: by ``based_on``, or in a cited passage's ``relays``."""
        found: dict[str, list[str]] = {}
        for source in self.sources.values():
            for parent in source.based_on:
                found.setdefault(parent, []).append(source.id)
        for fact in self.facts.values():
            for citation in fact.citations:
                for relayed in citation.relays or ():
                    copies = found.setdefault(relayed, [])
                    if citation.source not in copies:
                        copies.append(citation.source)
        return found

    @cached_property
    def relaying(self) -> dict[str, list[tuple[Fact, Citation]]]:
        """For each source, the cited passages that relay it, directly or through the copies between."""
        found: dict[str, list[tuple[Fact, Citation]]] = {}
        for fact in self.facts.values():
            for citation in fact.citations:
                for relayed in self.citation_relayed(citation):
                    found.setdefault(relayed, []).append((fact, citation))
        return found

    def citation_relayed(self, citation: Citation) -> list[str]:
        """Every source a passage relays, directly or through ``based_on`` (origins and the copies between), nearest first."""
        if citation.relays is not None:
            start = citation.relays
        else:
            start = self.sources[citation.source].based_on if citation.source in self.sources else []
        found: dict[str, None] = {}
        stack = list(reversed(start))
        while stack:
            current = stack.pop()
            if current in found or current == citation.source or current not in self.sources:
                continue
            found[current] = None
            stack.extend(reversed(self.sources[current].based_on))
        return list(found)

    @cached_property  # a sheet does not change once loaded; every page asks for this
    def last_updated(self) -> PartialDate | None:
        """The latest date any fact was added or updated."""
        dates = [f.last_updated for f in self.facts.values()]
        return max(dates) if dates else None
