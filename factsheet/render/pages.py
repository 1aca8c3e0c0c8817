"""The generated pages (:class:`~factsheet.render.page.Page`): topics, sources, entities, figures, timeline, corrections."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import astuple

from markupsafe import Markup

from factsheet.export.data import FEED
from factsheet.export.jsonld import claim_jsonld, jsonld_script
from factsheet.model import Citation, Fact, Sheet, kinds, urls
from factsheet.model.urls import Site, archive_lookup_url
from factsheet.model.wording import figure_text, sentence
from factsheet.render.html import (
    badges,
    fact_anchors,
    fact_block,
    source_date,
    source_label,
)
from factsheet.render.layout import (
    ENTITIES_PER_INDEX_PAGE,
    entities_in_order,
    entity_address,
    entity_href,
    entity_index_srcs,
    is_folded,
    page_srcs,
)
from factsheet.render.page import Block, Heading, Page, heading_block, make_page
from factsheet.render.pieces import Pieces
from factsheet.render.templates import block


def _detail(src: str, title: str, blocks: list, description: str = "", **options) -> Page:
    """One of many pages of a kind (a topic, a source, an entity, a later page of a list): reached from its index, not the nav."""
    return make_page(src, title, blocks, description, in_nav=False, **options)


FACTS_PER_LIST_PAGE = 200
FIGURES_PER_PAGE = 500  # at 10,000 facts a page of 1,000 rows was over 150 KB gzipped on first load
TIMELINE_PER_PAGE = 1000


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def _pager(site: Site, current: str, srcs: list[str]) -> str:
    """Links to every page of a split list; empty when there is one page."""
    if len(srcs) < 2:
        return ""
    return block("lists.html", "pager", [(n, "" if src == current else site.relative(current, src)) for n, src in enumerate(srcs, 1)])


def _fact_line(sheet: Sheet, site: Site, page: str, fact: Fact, quotes: list | None = None) -> dict:
    """A fact in a list: its figure, its claim linked to it, and the quotes (each with the copy it came via, or None) the page adds."""
    return {"fact": fact, "figure": figure_text(fact.figure) if fact.figure else "", "href": site.fact_permalink(fact, page),
            "quotes": quotes or []}


def topic_page(sheet: Sheet, site: Site, topic) -> Page:
    """One topic: its summary and every fact as an anchored block; listed under the topics index in the nav."""
    page = urls.TOPIC.format(topic.id)
    blocks: list = []
    if topic.head.summary:
        blocks.append(block("page.html", "summary", topic.head.summary))
    blocks.extend(Block(fact_block(sheet, site, page, fact), (Heading(2, fact.id, fact.claim),), fact_anchors(fact)) for fact in topic.facts)
    blocks.append(jsonld_script({"@context": "https://schema.org", "@graph": [claim_jsonld(sheet, site, f) for f in topic.facts]}))
    return _detail(page, topic.head.title, blocks, topic.head.summary or "", nav_parent=urls.TOPICS_INDEX)


def topic_sections(sheet: Sheet) -> list[tuple[str | None, list]]:
    """The topics by section, in the order each section first comes (topics without one first, under no heading)."""
    sections: dict[str | None, list] = {None: []}
    for topic in sheet.topics:
        sections.setdefault(topic.head.section, []).append(topic)
    return [(name, topics) for name, topics in sections.items() if topics]


def topics_index(sheet: Sheet, site: Site) -> Page:
    """The list of topics, under a heading per section when topics have sections."""
    page = urls.TOPICS_INDEX
    blocks: list = []
    for n, (section, topics) in enumerate(topic_sections(sheet), 1):
        if section is not None:
            blocks.append(heading_block(2, f"section-{n}", section))
        rows = [{"href": site.relative(page, urls.TOPIC.format(t.id)), "title": t.head.title, "count": len(t.facts),
                 "summary": t.head.summary or ""} for t in topics]
        blocks.append(block("lists.html", "topics", rows))
    return make_page(page, "Topics", blocks)


def _breadcrumb(site: Site, page: str, index: str, index_title: str, title: str) -> str:
    """Where a page outside the navigation sits in it: its index (which the navigation lists), then the page itself."""
    return block("page.html", "breadcrumb", site.relative(page, index), index_title, title)


def _source_view(sheet: Sheet, site: Site, page: str, source_id: str, relayed_by: dict[str, list[str]]) -> dict:
    """What a source's table shows beyond its own fields: its kind, the sources it relays and that relay it, its origins."""
    source = sheet.sources[source_id]
    kind = kinds.SOURCE_KINDS[source.kind]

    def related(other: str, some: bool = False) -> dict:
        return {"href": site.relative(page, urls.SOURCE.format(other)),
                "text": f"{sheet.sources[other].outlet}: {sheet.sources[other].title}", "some": some}

    origins = sheet.origins(source_id)
    extras = sheet.passage_origins(source_id)
    origin_items = [related(o) for o in origins if o != source_id]
    if origins == [source_id]:
        origin_items.append({"href": "", "text": "this is an origin", "some": False})
    origin_items += [related(e, True) for e in extras if e != source_id]
    if source_id in extras:
        origin_items.append({"href": "", "text": "the copy’s own words", "some": True})
    if not kind.has_byline:
        no_byline = f"none (a {kind.label})"
    else:  # a copy we read shows none; a report we have not read had none that we could find
        no_byline = "not shown" if source.capture else "not found (we have not read this report)"
    return {
        "source": source, "kind": kind, "no_byline": no_byline,
        "archive_lookup": archive_lookup_url(source.url) if source.url else "",
        "relays": [related(p) for p in source.based_on] + [related(p, True) for p in sheet.passage_relays(source_id)],
        "relayed_by": [related(c) for c in relayed_by.get(source_id, [])],
        "origins": origin_items,
    }


def source_page(sheet: Sheet, site: Site, source_id: str, relayed_by: dict[str, list[str]],
                relaying: dict[str, list[tuple[Fact, Citation]]] | None = None) -> Page:
    """One source: what it is, what it relays (per passage too), its warnings, every fact citing it and every fact relaying it."""
    source = sheet.sources[source_id]
    page = urls.SOURCE.format(source.id)
    blocks: list = [_breadcrumb(site, page, urls.SOURCES_INDEX, "Sources", source.outlet),
                    block("source.html", "meta", _source_view(sheet, site, page, source_id, relayed_by))]
    if source.title_inferred or (source.published and source.published_inferred):
        blocks.append(Block(block("source.html", "inferred_note"), anchors=("inferred",)))
    if source.notes:
        blocks.append(block("source.html", "notes", source.notes))
    if source.warnings:  # the "reliability warning" badge of each citation of this source links here
        blocks.append(Block(block("source.html", "warnings", source.warnings), anchors=("warnings",)))
    facts = sheet.citing.get(source.id, [])
    blocks.append(heading_block(2, "facts", f"Facts citing this source ({len(facts)})"))
    if facts:
        lines = [_fact_line(sheet, site, page, f, [(c.quote, None) for c in f.citations if c.source == source.id]) for f in facts]
        blocks.append(block("lists.html", "fact_list", lines))
    else:
        blocks.append(block("source.html", "no_facts"))
    blocks.extend(_relaying_facts(sheet, site, page, (relaying or {}).get(source.id, [])))
    return _detail(page, f"{source.outlet}: {source.title}", blocks, f"Source record: {source.title} ({source_label(sheet, source.id)})")


def _relaying_facts(sheet: Sheet, site: Site, page: str, passages: list[tuple[Fact, Citation]]) -> list:
    """The facts whose cited passages relay a source, each with the copy that carries the passage and its quote."""
    if not passages:
        return []
    by_fact: dict[str, list[Citation]] = defaultdict(list)
    for fact, citation in passages:
        by_fact[fact.id].append(citation)
    lines = [
        _fact_line(sheet, site, page, sheet.facts[fact_id],
                   [(c.quote, (site.relative(page, urls.SOURCE.format(c.source)), sheet.sources[c.source].outlet)) for c in citations])
        for fact_id, citations in by_fact.items()
    ]
    return [
        heading_block(2, "relayed", f"Facts relaying this source ({len(by_fact)})"),
        block("source.html", "relaying_intro"),
        block("lists.html", "fact_list", lines),
    ]


def _grouped_by_kind(items: list, vocabulary: dict, sort_key, row, macro: str, level: int = 2, suffix: str = "") -> list:
    """Headed lists of items grouped by their ``kind``, in the order of the ``vocabulary`` of kinds (heading ids: the kind,
    then ``suffix``; heading text: the kind's title)."""
    by_kind: dict[str, list] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    blocks = []
    for kind in (k for k in vocabulary.values() if k.id in by_kind):
        blocks.append(heading_block(level, kind.id + suffix, kind.title))
        rows = [row(item) for item in sorted(by_kind[kind.id], key=sort_key)]
        blocks.append(block("lists.html", macro, rows))
    return blocks


def sources_index(sheet: Sheet, site: Site) -> Page:
    """Every source, grouped by kind, with how many facts cite it: first the copies the sheet read and quotes,
    then the reports behind them, which no fact cites directly."""
    page = urls.SOURCES_INDEX

    def row(source) -> dict:
        return {"source": source, "href": site.relative(page, urls.SOURCE.format(source.id)),
                "count": len(sheet.citing.get(source.id, [])), "date": source_date(sheet, source.id)}

    def key(source):
        return (source.outlet.casefold(), source.id)

    read = [s for s in sheet.sources.values() if sheet.citing.get(s.id)]
    behind = [s for s in sheet.sources.values() if not sheet.citing.get(s.id)]
    if not read or not behind:  # one kind of source only: no need to tell them apart
        return make_page(page, "Sources", _grouped_by_kind(read or behind, kinds.SOURCE_KINDS, key, row, "sources"))
    blocks: list = [
        heading_block(2, "read", f"Copies we read and quote ({len(read)})"),
        block("lists.html", "sources_read_intro"),
        *_grouped_by_kind(read, kinds.SOURCE_KINDS, key, row, "sources", 3),
        heading_block(2, "behind", f"Reports behind them ({len(behind)})"),
        block("lists.html", "sources_behind_intro"),
        *_grouped_by_kind(behind, kinds.SOURCE_KINDS, key, row, "sources", 3, "-behind"),
    ]
    return make_page(page, "Sources", blocks)


def entity_page_srcs(sheet: Sheet, entity_id: str) -> list[str]:
    """The paths of an entity's pages (one per 200 facts about it or claimed by it)."""
    count = len(sheet.about.get(entity_id, [])) + len(sheet.claimed.get(entity_id, []))
    return page_srcs(urls.ENTITY.format(entity_id), max(1, -(-count // FACTS_PER_LIST_PAGE)))


def entity_pages(sheet: Sheet, site: Site, entity_id: str, pieces: Pieces | None = None) -> dict[str, Page]:
    """One entity: what it is, and every fact about it or claimed by it, split into pages of 200 facts.

    With ``pieces`` (a live preview's), each fact's line is the kept one unless the fact changed.
    """
    entity = sheet.entities[entity_id]
    meta = block("entity.html", "meta", entity, kinds.ENTITY_KINDS[entity.kind])
    about = sheet.about.get(entity.id, [])
    claimed = sheet.claimed.get(entity.id, [])
    items = [("facts", f) for f in about] + [("claims", f) for f in claimed]
    chunks = _chunks(items, FACTS_PER_LIST_PAGE)
    srcs = entity_page_srcs(sheet, entity_id)
    headings = {"facts": f"Facts about {entity.name} ({len(about)})", "claims": f"Claims made by {entity.name} ({len(claimed)})"}
    pages = {}
    for n, (src, chunk) in enumerate(zip(srcs, chunks, strict=True), 1):
        blocks: list = [_breadcrumb(site, src, urls.ENTITIES_INDEX, "Entities", entity.name)]
        if entity.description:
            blocks.append(block("entity.html", "description", entity.description))
        blocks.append(meta)
        pager = _pager(site, src, srcs)
        blocks.append(pager)
        for section in ("facts", "claims"):
            facts = [f for kind, f in chunk if kind == section]
            if facts:
                blocks.append(heading_block(2, section, headings[section]))
                lines = _rows("lists.html", "fact_lines", facts, lambda f, src=src: _fact_line(sheet, site, src, f),
                              pieces, ("entity", src))
                blocks.append(block("lists.html", "fact_list_of", lines))
        if len(srcs) > 1:
            blocks.append(pager)
        title = entity.name if n == 1 else f"{entity.name} (page {n})"
        pages[src] = _detail(src, title, blocks, entity.description or "")
    return pages


def entities_index(sheet: Sheet, site: Site) -> dict[str, Page]:
    """Every entity, grouped by kind, in pages of 1,000; a folded entity is an anchored entry with its fact."""
    srcs = entity_index_srcs(sheet)
    ordered = entities_in_order(sheet)
    pages = {}
    for n, page in enumerate(srcs, 1):
        def row(entity, page=page) -> dict:
            folded = is_folded(sheet, site, entity.id)
            about, claimed = sheet.about.get(entity.id, []), sheet.claimed.get(entity.id, [])
            return {"entity": entity, "href": "" if folded else entity_href(sheet, site, page, entity.id),
                    "count": len(about) + len(claimed), "folded": folded,
                    "lines": [(role, _fact_line(sheet, site, page, f)) for role, facts in (("About", about), ("Claimed", claimed))
                              for f in facts] if folded else []}

        chunk = ordered[(n - 1) * ENTITIES_PER_INDEX_PAGE:n * ENTITIES_PER_INDEX_PAGE]
        blocks = _grouped_by_kind(chunk, kinds.ENTITY_KINDS, lambda e: (e.name.casefold(), e.id), row, "entities")
        anchors = tuple(f"entity-{e.id}" for e in chunk if is_folded(sheet, site, e.id))
        pager = _pager(site, page, srcs)
        blocks = [pager, *blocks, pager] if pager else blocks
        title = "Entities" if n == 1 else f"Entities (page {n})"
        make = make_page if n == 1 else _detail
        pages[page] = make(page, title, [*blocks, Block("", anchors=anchors)] if anchors else blocks)
    return pages


def timeline_pages(sheet: Sheet, site: Site, pieces: Pieces | None = None) -> dict[str, Page]:
    """Every fact with an event date, in date order, 1,000 a page; withdrawn facts are left out.

    With ``pieces`` (a live preview's), each fact's entry is the kept one unless the fact changed.
    """
    page = urls.TIMELINE
    dated = sorted((f for f in sheet.facts.values() if f.event_date and not f.withdrawn), key=lambda f: (f.event_date.start(), f.event_date, f.id))
    intro = block("lists.html", "timeline_intro")
    chunks = _chunks(dated, TIMELINE_PER_PAGE)
    srcs = page_srcs(page, len(chunks))
    pages = {}
    for n, (src, chunk) in enumerate(zip(srcs, chunks, strict=True), 1):
        def entry(fact: Fact, src: str = src) -> dict:
            return {"fact": fact, "href": site.fact_permalink(fact, src)}

        pager = _pager(site, src, srcs)
        title = "Timeline" if n == 1 else f"Timeline (page {n})"
        make = make_page if n == 1 else _detail
        pages[src] = make(src, title, [intro, pager, block("lists.html", "timeline", _rows(
            "lists.html", "timeline_entries", chunk, entry, pieces, ("timeline", src))), pager])
    return pages


def _rows(template: str, macro: str, facts: list[Fact], row, pieces: Pieces | None, key: tuple) -> Markup:
    """The rows of a list of facts, by a template's rows macro; with ``pieces``, each fact's row is kept between builds."""
    if pieces is None:
        return Markup(block(template, macro, [row(fact) for fact in facts]))
    return Markup("".join(pieces.get(fact.id, key, lambda fact=fact: block(template, macro, [row(fact)])) for fact in facts))


def figures_pages(sheet: Sheet, site: Site, pieces: Pieces | None = None) -> dict[str, Page]:
    """Tables of every figure (value, period, claimant, sources), filterable in the browser, 500 rows a page.

    Withdrawn facts are left out: their permalinks say why. With ``pieces``
    (a live preview's), each fact's row is the kept one unless the fact changed.
    """
    figures = [f for t in sheet.topics for f in t.facts if f.figure is not None and not f.withdrawn]
    chunks = _chunks(figures, FIGURES_PER_PAGE)
    srcs = page_srcs(urls.FIGURES, len(chunks))
    topic_titles = {t.id: t.head.title for t in sheet.topics}
    pages = {}
    for n, (page, chunk) in enumerate(zip(srcs, chunks, strict=True), 1):
        shown = chunk if len(srcs) > 1 else figures
        if pieces is None:
            filters = _filters(sheet, site, page, len(srcs) > 1, shown)
        else:
            filters = pieces.of_facts(("filters", page, len(srcs) > 1), tuple(f.id for f in shown),
                                      lambda shown=shown, page=page: _filters(sheet, site, page, len(srcs) > 1, shown))
        pager = _pager(site, page, srcs)
        table = _figures_table(sheet, site, page, chunk, topic_titles, len(srcs) > 1, pieces)
        title = "Figures" if n == 1 else f"Figures (page {n})"
        make = make_page if n == 1 else _detail
        pages[page] = make(page, title, [filters, pager, Block(table, anchors=("figures-table",)), pager if pager else ""],
                           "Every figure in the fact sheet with its period, claimant and sources.", hide=("navigation", "toc"))
    return pages


def _figures_table(sheet: Sheet, site: Site, page: str, facts: list[Fact], topic_titles: dict, split: bool,
                   pieces: Pieces | None = None) -> str:
    def row(fact: Fact) -> dict:
        sources = sheet.fact_sources(fact)
        n_sources, n_origins, differs = astuple(sheet.corroboration(fact))
        return {
            "fact": fact, "href": site.fact_permalink(fact, page), "figure": figure_text(fact.figure), "sources": sources,
            "source_links": [(site.relative(page, urls.SOURCE.format(s)), sheet.sources[s].outlet) for s in sources],
            "claimant": sheet.entities[fact.claimant].name, "n_sources": n_sources, "n_origins": n_origins, "differs": differs,
            "topic_href": site.relative(page, urls.TOPIC.format(fact.topic)), "topic": topic_titles[fact.topic],
        }

    return block("figures.html", "table", _rows("figures.html", "rows", facts, row, pieces, ("figures", page)), split)


def _filters(sheet: Sheet, site: Site, page: str, split: bool, figures: list[Fact]) -> str:
    """The filter form of the figures table; hidden until the script enables it.

    It offers only the topics, sources and entities of ``figures``: an option
    that could only ever show no rows is left out.

    When the table is split into pages the filters narrow this page only, so
    ``figures`` are this page's rows (the whole sheet's options would weigh
    on every page of a large sheet), and each option has the address of its
    own page, which lists all of its facts; the script offers that link. The
    select holds the pattern of those addresses (``../../sources/{}/``, where
    the script puts the option's value in place of ``{}``); only an option
    whose address differs (a folded entity's anchor) carries its own.
    """
    targets = {"topic": urls.TOPIC, "sources": urls.SOURCE, "entities": urls.ENTITY}

    def href(name: str, value: str) -> str:
        if name == "entities":
            return entity_href(sheet, site, page, value)
        return site.relative(page, targets[name].format(value))

    def select(name: str, label: str, items: list[tuple[str, str]]) -> tuple:
        if not split:
            return name, label, "", [(value, text, "") for value, text in items]
        pattern = site.relative(page, targets[name].format("{}"))
        own = [(value, text, href(name, value)) for value, text in items]
        return name, label, pattern, [(value, text, "" if h == pattern.replace("{}", value) else h) for value, text, h in own]

    in_topics = {f.topic for f in figures}
    in_sources = {s for f in figures for s in sheet.fact_sources(f)}
    in_entities = {e for f in figures for e in f.entities}
    topics = [(t.id, t.head.title) for t in sheet.topics if t.id in in_topics]
    sources = sorted(((s.id, f"{s.outlet}") for s in sheet.sources.values() if s.id in in_sources), key=lambda x: x[1].casefold())
    entities = sorted(((e.id, e.name) for e in sheet.entities.values() if e.id in in_entities), key=lambda x: x[1].casefold())
    selects = [select("topic", "Topic", topics), select("sources", "Source", sources), select("entities", "Entity", entities)]
    return block("figures.html", "filters", selects, split)


def corrections_page(sheet: Sheet, site: Site) -> Page:
    """Every correction and withdrawal, newest first, grouped by date, each linked to its fact."""
    page = urls.CORRECTIONS
    entries = []  # (date, fact, what happened)
    for topic in sheet.topics:
        for fact in topic.facts:
            if fact.withdrawn:
                entries.append((fact.withdrawn.date, fact, "Withdrawn", sentence(fact.withdrawn.reason)))
            for c in fact.corrections_newest_first:
                entries.append((c.date, fact, "Corrected", f"{sentence(c.change)} {sentence(c.reason)}"))
    entries.sort(key=lambda e: (e[0].start(), e[0]), reverse=True)  # stable: one day's entries stay in sheet order
    feed = site.relative(page, FEED)
    blocks = [block("lists.html", "corrections_intro", feed)]
    if not entries:
        blocks.append(block("lists.html", "no_corrections"))
    by_date: dict = {}
    for date, fact, what, text in entries:
        by_date.setdefault(date, []).append({"fact": fact, "href": site.fact_permalink(fact, page), "what": what, "text": text})
    for date, items in by_date.items():
        blocks.append(Block(block("lists.html", "corrections_date", date), (Heading(2, date.iso(), date.human()),), (date.iso(),)))
        blocks.append(block("lists.html", "corrections_day", items))
    return make_page(page, "Corrections", blocks, "Every correction and withdrawal in the fact sheet, dated, with what changed and why.")


def all_pages(sheet: Sheet, site: Site, pieces: Pieces | None = None, pack: bool = False,
              elsewhere: Collection[str] = ()) -> dict[str, Page]:
    """Every generated page, by its path in the docs tree (``pieces``: a live preview's kept rows of the list pages;
    ``pack``: each held :meth:`Page.packed` as soon as it is made; ``elsewhere``: topics whose pages the caller
    makes with :func:`topic_pages`, their places in the order held by ``None``)."""
    pages: dict[str, Page] = {}

    def put(items: Iterable[tuple[str, Page]]) -> None:
        for src, page in items:
            pages[src] = page.packed() if pack else page

    relayed_by, relaying = sheet.relayed_by, sheet.relaying
    put([(urls.TOPICS_INDEX, topics_index(sheet, site))])
    for topic in sheet.topics:
        if topic.id in elsewhere:
            pages[urls.TOPIC.format(topic.id)] = None
        else:
            put([(urls.TOPIC.format(topic.id), topic_page(sheet, site, topic))])
    put([(urls.SOURCES_INDEX, sources_index(sheet, site))])
    put((urls.SOURCE.format(source_id), source_page(sheet, site, source_id, relayed_by, relaying))
        for source_id in sheet.sources)
    put(entities_index(sheet, site).items())
    for entity_id in sheet.entities:
        if entity_address(sheet, site, entity_id)[1] is None:
            put(entity_pages(sheet, site, entity_id, pieces).items())
    put(figures_pages(sheet, site, pieces).items())
    put(timeline_pages(sheet, site, pieces).items())
    put([(urls.CORRECTIONS, corrections_page(sheet, site))])
    return pages


def topic_pages(sheet: Sheet, site: Site, topic_ids: Collection[str], pack: bool = False) -> dict[str, Page]:
    """The pages of the topics ``topic_ids``, as :func:`all_pages` makes them."""
    made = {urls.TOPIC.format(t.id): topic_page(sheet, site, t) for t in sheet.topics if t.id in topic_ids}
    return {src: page.packed() for src, page in made.items()} if pack else made


__all__ = ["all_pages", "badges", "topic_pages"]
