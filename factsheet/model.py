"""The domain objects: sources, entities, facts, topics, charts, and the sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from . import kinds
from .dates import PartialDate

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


@dataclass
class SourceWarning:
    """A reliability warning about a source."""

    text: str
    pos: Pos = None


@dataclass
class Source:
    """One article, report, briefing or statement in the registry."""

    id: str
    title: str
    outlet: str
    kind: str
    pos: Pos = None
    title_inferred: bool = False
    authors: list[str] = field(default_factory=list)
    published: PartialDate | None = None
    published_inferred: bool = False
    url: str | None = None
    archive_url: str | None = None
    archive_date: PartialDate | None = None
    accessed: PartialDate | None = None
    capture: str | None = None
    language: str = "en"
    based_on: list[str] = field(default_factory=list)
    reliability: str = "unknown"
    notes: str | None = None
    warnings: list[SourceWarning] = field(default_factory=list)


@dataclass
class Entity:
    """A company, weapon, plant, body, person or group that facts are about."""

    id: str
    name: str
    kind: str
    pos: Pos = None
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    description: str | None = None
    url: str | None = None


@dataclass
class Figure:
    """The number a fact states, with its unit, scale and qualifier."""

    value: float | None
    unit: str
    pos: Pos = None
    value_max: float | None = None
    scale: str | None = None
    qualifier: str = "exact"
    period: str | None = None
    as_of: PartialDate | None = None


@dataclass
class Citation:
    """A source and the verbatim passage that carries the fact."""

    source: str
    quote: str
    pos: Pos = None
    locator: str | None = None
    qualifier: str | None = None
    value: float | None = None
    wording: str | None = None
    relays: list[str] | None = None  # overrides the source's based_on for this passage; [] = the copy's own words
    key_pos: dict = field(default_factory=dict)


@dataclass
class Annotation:
    """An editor's note on a fact: caveat, definition, disagreement, ..."""

    kind: str
    text: str
    pos: Pos = None
    date: PartialDate | None = None


@dataclass
class Correction:
    """A dated change to a fact: what changed and why."""

    date: PartialDate
    change: str
    reason: str
    pos: Pos = None


@dataclass
class Withdrawal:
    """Why and when a fact was withdrawn; its permalink stays and says so."""

    date: PartialDate
    reason: str
    pos: Pos = None


@dataclass
class Derivation:
    """How a derived fact's figure is computed from other facts' figures."""

    op: str
    of: list[str]
    pos: Pos = None
    computed: float | None = None  # the result, set when the sheet is checked


@dataclass
class Fact:
    """One claim, optionally with a figure, and the citations behind it."""

    id: str
    claim: str
    claimant: str
    added: PartialDate
    citations: list[Citation] = field(default_factory=list)
    pos: Pos = None
    figure: Figure | None = None
    event_date: PartialDate | None = None
    status: str = "reported"
    annotations: list[Annotation] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    updated: PartialDate | None = None
    unhedged: str | None = None
    derived: Derivation | None = None
    corrections: list[Correction] = field(default_factory=list)
    withdrawn: Withdrawal | None = None
    topic: str = ""
    key_pos: dict = field(default_factory=dict)

    @property
    def last_updated(self) -> PartialDate:
        """The latest of ``added``, ``updated``, a correction's date and the withdrawal's date."""
        dates = [self.added, self.updated, *(c.date for c in self.corrections), self.withdrawn.date if self.withdrawn else None]
        return max(d for d in dates if d)

    def at(self, key: str) -> Pos:
        """Where a key's value was written (the fact's own position when unknown)."""
        return self.key_pos.get(key, self.pos)


@dataclass
class TopicHead:
    """The heading of a topic file."""

    id: str
    title: str
    pos: Pos = None
    order: float = 100
    summary: str | None = None


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


@dataclass
class Bar:
    """One bar of a chart: a fact and its label."""

    fact: str
    label: str
    pos: Pos = None


@dataclass
class Chart:
    """A chart whose marks are facts' figures."""

    id: str
    title: str
    description: str
    bars: list[Bar]
    pos: Pos = None
    kind: str = "bar"
    total: str | None = None


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
        """The origins a source relays: sources reached through ``based_on`` with none of their own."""
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
        """Articles reporting a fact, independent origins behind them, and whether they differ."""
        return Corroboration(len(self.fact_sources(fact)), len(self.fact_origins(fact)), self.sources_differ(fact))

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
