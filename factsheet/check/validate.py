"""Checks across files: unique ids, references, figures in quotes, unused sources."""

from __future__ import annotations

import difflib

from factsheet.check.derive import derive_all
from factsheet.check.editorial import RUN, Vocabulary, longest_shared_run, own_words
from factsheet.diagnostics import Report
from factsheet.model import Chart, Entity, Fact, Sheet, Source, Topic
from factsheet.model.numbers import figure_in_text


def _at(report: Report, pos: tuple, message: str, warning: bool = False) -> None:
    path, line, col = pos
    (report.warning if warning else report.error)(path, line, col, message)


SUGGESTION_CANDIDATES = 64  # ids compared per unknown reference, at most, whatever the registry's size


class Suggestions:
    """"Unknown id" messages for one registry, with a "did you mean" that compares a bounded number of ids.

    Ids are indexed by length on the first unknown reference; each unknown id is
    compared with at most SUGGESTION_CANDIDATES ids of about its length, and
    answered once however often it is referenced.
    """

    def __init__(self, kind: str, known: dict) -> None:
        self.kind = kind
        self.known = known
        self.by_length: dict[int, list[str]] | None = None
        self.answers: dict[str, str | None] = {}

    def near(self, name: str) -> list[str]:
        """Ids of about the same length, nearest lengths first, at most SUGGESTION_CANDIDATES."""
        if self.by_length is None:
            self.by_length = {}
            for ident in self.known:
                self.by_length.setdefault(len(ident), []).append(ident)
        found: list[str] = []
        for delta in range(0, max(3, len(name) // 4) + 1):
            for length in {len(name) - delta, len(name) + delta}:
                found.extend(self.by_length.get(length, ()))
            if len(found) >= SUGGESTION_CANDIDATES:
                break
        return found[:SUGGESTION_CANDIDATES]

    def closest(self, name: str) -> str | None:
        """The known id most like ``name``, or None."""
        if name not in self.answers:
            close = difflib.get_close_matches(name, self.near(name), n=1)
            self.answers[name] = close[0] if close else None
        return self.answers[name]

    def unknown(self, name: str) -> str:
        """The message for a reference to ``name``, which the registry lacks."""
        close = self.closest(name)
        return f"unknown {self.kind} '{name}'" + (f", did you mean '{close}'?" if close else "")


def _unique(items: list, kind: str, report: Report) -> dict:
    index: dict = {}
    for item in items:
        if item.id in index:
            first = index[item.id].pos
            _at(report, item.pos, f"duplicate {kind} id '{item.id}' (first defined at {first[0]}:{first[1]}:{first[2]})")
        else:
            index[item.id] = item
    return index


def check_sheet(sources: list[Source], entities: list[Entity], topics: list[Topic],
                charts: list[Chart], report: Report, declared: dict[str, set[str] | None] | None = None,
                vocabulary: Vocabulary | None = None, memo: FactChecks | None = None) -> Sheet:
    """Check references between files and the wording of claims, and build the sheet with its indexes.

    ``declared`` holds, per registry, every id its file writes (None when the
    file could not be read), and under ``facts`` every fact id the topic files
    write (None when one could not be read): a reference to a declared id
    whose entry is invalid, or to any id of an unreadable file, is not
    reported again; the file's own error is the root cause.
    ``vocabulary`` is the hedge and attribution words of the hedge check;
    ``memo`` keeps each fact's own checks between the builds of a live preview.
    """
    vocabulary = vocabulary or Vocabulary()
    source_index = _unique(sources, "source", report)
    entity_index = _unique(entities, "entity", report)
    source_hints, entity_hints = Suggestions("source", source_index), Suggestions("entity", entity_index)
    declared = declared or {}
    written_sources = declared.get("sources", set())
    written_entities = declared.get("entities", set())

    def unknown_source(source_id: str) -> bool:
        return source_id not in source_index and written_sources is not None and source_id not in written_sources

    def unknown_entity(entity_id: str) -> bool:
        return entity_id not in entity_index and written_entities is not None and entity_id not in written_entities

    _unique([t.head for t in topics], "topic", report)
    facts = _unique([f for t in topics for f in t.facts], "fact", report)
    topics = sorted(topics, key=lambda t: (t.head.order, t.head.title.casefold(), t.id))

    for source in source_index.values():
        for parent in source.based_on:
            if unknown_source(parent):
                _at(report, source.pos, f"source '{source.id}': based_on names " + source_hints.unknown(parent))
            elif parent == source.id:
                _at(report, source.pos, f"source '{source.id}' cannot be based on itself")
        if source.archive_url and not source.archive_date:
            _at(report, source.pos, f"source '{source.id}' has archive_url but no archive_date")
        if source.url and not source.accessed:
            _at(report, source.pos, f"source '{source.id}' has a url but no accessed date")
    _check_cycles(source_index, report)

    for fact in facts.values():
        if unknown_entity(fact.claimant):
            _at(report, fact.pos, f"fact '{fact.id}': claimant is an " + entity_hints.unknown(fact.claimant))
        for entity_id in fact.entities:
            if unknown_entity(entity_id):
                _at(report, fact.pos, f"fact '{fact.id}': entities lists an " + entity_hints.unknown(entity_id))
        for citation in fact.citations:
            if unknown_source(citation.source):
                _at(report, citation.pos, f"fact '{fact.id}' cites an " + source_hints.unknown(citation.source))
            for relayed in citation.relays or ():
                if unknown_source(relayed):
                    _at(report, citation.key_pos.get("relays", citation.pos),
                        f"fact '{fact.id}': relays names an " + source_hints.unknown(relayed))
    (memo or FactChecks()).run(facts.values(), vocabulary, report)

    written_facts = declared.get("facts", set())

    def unknown_fact(fact_id: str) -> bool:
        return fact_id not in facts and written_facts is not None and fact_id not in written_facts

    derive_all(facts, report, unknown_fact)

    fact_hints = Suggestions("fact", facts)
    for chart in charts:
        _check_chart(chart, facts, fact_hints, report, unknown_fact)
    _unique(charts, "chart", report)

    sheet = Sheet(source_index, entity_index, topics, facts, charts)
    for source in source_index.values() if not report.errors else ():
        if source.id not in sheet.sources_in_use:
            _at(report, source.pos, f"source '{source.id}' is never cited, nor relayed by a cited source", warning=True)
    return sheet


def check_fact(fact: Fact, vocabulary: Vocabulary, report: Report) -> None:
    """The checks of one fact that read nothing but the fact: required parts, figures in quotes, dates, wording."""
    if not fact.citations and fact.derived is None:
        if "citations" in fact.key_pos:
            _at(report, fact.at("citations"), "needs at least 1 item")
        else:
            _at(report, fact.pos, "missing required key 'citations'")
    if fact.figure is not None and fact.figure.value is None and fact.derived is None:
        _at(report, fact.figure.pos, "missing required key 'value'")
    for citation in fact.citations:
        if citation.value is not None and not figure_in_text(
            citation.value, fact.figure.scale if fact.figure else None, citation.quote, fact.figure.unit if fact.figure else None
        ):
            _at(report, citation.pos, f"fact '{fact.id}': this citation's value {citation.value:g} does not appear in its quote")
    if fact.figure is not None and fact.figure.value is not None and fact.derived is None:
        _check_figure(fact, report)
    if fact.updated and fact.updated < fact.added:
        _at(report, fact.pos, f"fact '{fact.id}': updated ({fact.updated}) is before added ({fact.added})")
    for correction in fact.corrections:
        if correction.date < fact.added:
            _at(report, correction.pos, f"fact '{fact.id}': correction dated {correction.date}, before the fact was added ({fact.added})")
    if fact.withdrawn and fact.withdrawn.date < fact.added:
        _at(report, fact.withdrawn.pos, f"fact '{fact.id}': withdrawn {fact.withdrawn.date}, before it was added ({fact.added})")
    check_wording(fact, vocabulary, report)


class FactChecks:
    """What :func:`check_fact` found for each fact, kept by fact object between the builds of a live preview.

    A fact read from a file whose content did not change is the same object
    in the next build (:class:`factsheet.load.loader.FileCache`), so its own
    checks are not run again; a derived fact is a fresh copy every build.
    """

    def __init__(self) -> None:
        self.by_fact: dict[int, tuple[Fact, tuple, list]] = {}

    def run(self, facts, vocabulary: Vocabulary, report: Report) -> None:
        """Check each fact (or replay what checking it found), in order, into ``report``."""
        words = (vocabulary.hedges, vocabulary.attributions)
        kept, self.by_fact = self.by_fact, {}
        for fact in facts:
            found = kept.get(id(fact))
            if found is None or found[0] is not fact or found[1] != words:
                own = Report()
                check_fact(fact, vocabulary, own)
                found = (fact, words, own.items)
            self.by_fact[id(fact)] = found  # holding the fact keeps its id from being reused by another
            report.items.extend(found[2])


def check_wording(fact: Fact, vocabulary: Vocabulary, report: Report) -> None:
    """Warn when a claim drops its quotes' hedge, or copies a run of words from a quote."""
    where = fact.at("claim")
    hedged = [(i, c, w) for i, c in enumerate(fact.citations, 1) if (w := vocabulary.hedge_in(c.quote))]
    if fact.unhedged and not hedged:
        _at(report, fact.at("unhedged"), f"fact '{fact.id}': unhedged: is set but no quote carries a hedge; remove it",
            warning=True)
    elif hedged and not fact.unhedged and not vocabulary.claim_is_hedged(fact.claim):
        index, citation, word = hedged[0]
        _at(report, where, f"fact '{fact.id}': the claim drops the hedge '{word}' of citation {index} "
                           f"({citation.source}: “{_clip(citation.quote)}”); keep the hedge, say who claims it, "
                           "or give the reason in unhedged:", warning=True)
    stretches = own_words(fact.claim)
    for index, citation in enumerate(fact.citations if any(len(s) >= RUN for s in stretches) else (), 1):
        length, run = longest_shared_run(stretches, citation.quote)
        if length >= RUN:
            _at(report, where, f"fact '{fact.id}': the claim repeats {length} consecutive words of citation {index} "
                               f"({citation.source}): “{_clip(run)}”; write it in the sheet's own words or put the "
                               "words in quotation marks", warning=True)
            break


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _check_figure(fact, report: Report) -> None:
    figure = fact.figure
    own = [c for c in fact.citations if c.value is None]
    if own and not any(figure_in_text(figure.value, figure.scale, c.quote, figure.unit) for c in own):
        _at(report, figure.pos, f"fact '{fact.id}': its figure {figure.value:g} does not appear in any of its quotes; "
                                "quote the passage that carries the number")
    if figure.value_max is not None and figure.value_max < figure.value:
        _at(report, figure.pos, f"fact '{fact.id}': value_max is smaller than value")


def _check_cycles(sources: dict[str, Source], report: Report) -> None:
    """Report every based_on loop; an explicit stack, so a chain of any length is fine."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sources:
        if start in state:
            continue
        state[start] = 1
        path = [start]
        stack = [iter(sources[start].based_on)]
        while stack:
            parent = next(stack[-1], None)
            if parent is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if parent not in sources:
                continue
            if state.get(parent) == 1:
                _at(report, sources[path[-1]].pos, f"based_on forms a loop: {' -> '.join(path + [parent])}")
            elif parent not in state:
                state[parent] = 1
                path.append(parent)
                stack.append(iter(sources[parent].based_on))


def _check_chart(chart: Chart, facts: dict, hints: Suggestions, report: Report, unknown_fact=None) -> None:
    units = set()
    for fact_id in [b.fact for b in chart.bars] + ([chart.total] if chart.total else []):
        fact = facts.get(fact_id)
        if fact is None:
            if unknown_fact is None or unknown_fact(fact_id):
                _at(report, chart.pos, f"chart '{chart.id}' shows an " + hints.unknown(fact_id))
        elif fact.figure is None:
            _at(report, chart.pos, f"chart '{chart.id}': fact '{fact_id}' has no figure to show")
        elif fact.withdrawn is not None:
            _at(report, chart.pos, f"chart '{chart.id}' shows fact '{fact_id}', which is withdrawn")
        else:
            units.add((fact.figure.unit, fact.figure.scale))
    if len(units) > 1:
        shown = ", ".join(sorted(f"{u} {s or ''}".strip() for u, s in units))
        _at(report, chart.pos, f"chart '{chart.id}' mixes units ({shown}); a chart's bars must share a unit")
