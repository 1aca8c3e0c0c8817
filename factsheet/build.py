"""Everything a site needs from a facts folder, in one call, with no site generator involved."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from factsheet import forked
from factsheet.check.editorial import Vocabulary
from factsheet.export.data import REGISTRY_FILES, data_files, data_page
from factsheet.forked import Forked
from factsheet.load.loader import FileCache, fact_files, gc_paused, load_or_raise
from factsheet.model import Sheet, urls
from factsheet.model.urls import Site
from factsheet.render import pages as render
from factsheet.render.charts import charts_page
from factsheet.render.layout import entity_address, is_folded
from factsheet.render.page import Page
from factsheet.render.pages import all_pages
from factsheet.render.pieces import Pieces

ASSETS = ("factsheet.css", "factsheet.js", "palette.js", "search-lazy.js", "search-worker.js")
ASSET_DIR = "assets/factsheet"
# The share of the facts whose topic pages a parallel build makes in the child that makes the downloads.
CHILD_SHARE = 0.5


@dataclass
class Output:
    """Generated pages (by source path), plain files (bytes) and the warnings of the load."""

    sheet: Sheet
    pages: dict[str, Page]
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # each fact file's content hash, for the next build
    rendered: Affected | None = None  # what was rendered again from a previous output (None: everything)
    readings: FileCache | None = None  # each fact file's parsed records, for the next build of a live preview
    pieces: Pieces | None = None  # each fact's part of the downloads and list pages, for the same


def asset(name: str) -> bytes:
    """The bytes of a packaged stylesheet or script."""
    return resources.files("factsheet").joinpath("assets", name).read_bytes()


def content_hash(facts_dir: Path) -> str:
    """A hash of the content of every fact file, for caching across rebuilds."""
    digest = hashlib.sha256()
    for path in fact_files(facts_dir):
        digest.update(path.as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def file_digests(facts_dir: Path) -> dict[str, str]:
    """A hash of each fact file's content, by path relative to the facts folder."""
    digests = {}
    for path in fact_files(facts_dir):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"<unreadable>"
        digests[path.relative_to(facts_dir).as_posix()] = hashlib.sha256(data).hexdigest()
    return digests


def generate(facts_dir: str | Path, site: Site, base: str | Path | None = None,
             vocabulary: Vocabulary | None = None, previous: Output | None = None, keep: bool = False,
             pack: bool = False, parallel: bool = False) -> Output:
    """Load, validate and render a facts folder; raises FactsheetError listing every problem.

    ``previous`` is the output of the same folder with the same ``site`` and
    ``vocabulary`` (a live preview's last build): only the files an edit
    changed are parsed again, and when only topic files changed, only the
    pages those topics' facts appear on are rendered again
    (:func:`affected_pages`); the others are the previous build's, unchanged.
    ``keep`` (implied by ``previous``) keeps in the output what the next such
    build reuses. ``pack`` holds every page :meth:`~factsheet.render.page.Page.packed`
    (a one-off build of a large sheet: a sixteenth of the memory, the same HTML).
    ``parallel`` has forked children on another core read half the topic
    files, and make the downloads and half the topic pages, while this process
    does the rest (:mod:`factsheet.forked`), when nothing is kept for a next build.
    """
    digests = file_digests(Path(facts_dir))
    readings = (previous.readings if previous is not None else None) or (FileCache() if keep or previous else None)
    sheet, report = load_or_raise(facts_dir, base, vocabulary, readings, parallel)
    with gc_paused():
        affected = affected_pages(previous, sheet, digests) if previous is not None else None
        if affected is not None and previous.pieces is not None:  # no registry changed: what the edit left alone is kept
            pieces = previous.pieces.without(affected.facts, sheet.facts)
            registries = {path: previous.files[path] for path in REGISTRY_FILES if path in previous.files}
        else:
            pieces, registries = (Pieces() if keep or previous is not None else None), None
        # In parallel, a forked child makes the downloads and the pages of the last topics (about half of the
        # facts: the two processes then take about as long) while this process makes the other pages. Otherwise the
        # downloads come first: writing them needs several times their size for a moment, which is then free again
        # before the pages (kept for the whole build) are made.
        fork = parallel and pieces is None and forked.available()
        later = _last_topics(sheet, CHILD_SHARE) if fork and affected is None else frozenset()
        child = Forked(lambda: (data_files(sheet, site, pieces, registries), render.topic_pages(sheet, site, later, pack)),
                       fork=fork)
        if not child.forked:
            child.result()  # made now, before the pages (the value is kept for below)
        try:
            if affected is None:
                pages = all_pages(sheet, site, pieces, pack, elsewhere=later)
            else:
                pages = _render_again(previous, sheet, site, affected, pieces)
        except BaseException:
            child.cancel()
            raise
        data, topics = child.result()
        pages.update(topics)
        del child, topics
        files = {f"{ASSET_DIR}/{name}": asset(name) for name in ASSETS}
        files.update(data)
        del data
        pages[urls.DATA] = data_page(sheet, site)
        if sheet.charts:
            pages[urls.CHARTS] = charts_page(sheet, site)
        if pack:
            pages = {src: page.packed() for src, page in pages.items()}
    return Output(sheet, pages, files, report.warnings, digests, affected, readings, pieces)


def _last_topics(sheet: Sheet, share: float) -> frozenset[str]:
    """The last topics, holding about ``share`` of the facts."""
    counts: dict[str, int] = {}
    for fact in sheet.facts.values():
        counts[fact.topic] = counts.get(fact.topic, 0) + 1
    left, later = share * len(sheet.facts), set()
    for topic in reversed(sheet.topics):
        if left <= 0:
            break
        later.add(topic.id)
        left -= counts.get(topic.id, 0)
    return frozenset(later)


@dataclass
class Affected:
    """What an edit of some topic files changes: those topics' pages, and the sources and entities their facts name."""

    topics: set[str]
    sources: set[str]
    entities: set[str]
    facts: set[str] = field(default_factory=set)  # the facts of the edited topics, before and after, and their derived relatives

    def count(self) -> int:
        return len(self.topics) + len(self.sources) + len(self.entities)


def affected_pages(previous: Output, sheet: Sheet, digests: dict[str, str]) -> Affected | None:
    """The pages an edit touches, or None when everything must be rendered again.

    Everything is rendered again when a file other than a topic changed (a
    source, entity or chart registry is shown on many pages), or a topic was
    added, removed, renamed or reordered. Otherwise the facts of the changed
    topic files, before and after the edit, plus the derived facts that use
    them or that they use, name what changes: their topics' pages, the pages
    of the sources they cite or relay (and of every source those relay
    through ``based_on``), and the pages of their claimants and entities.
    The indexes, figures, timeline, corrections, data and charts pages and
    the downloads are always rendered again.
    """
    before = previous.digests
    if not before:
        return None
    changed = {p for p in set(before) | set(digests) if before.get(p) != digests.get(p)}
    if any(not p.startswith("topics/") for p in changed):
        return None
    old = previous.sheet
    if ([(t.id, t.head.title, t.head.order, t.head.section) for t in old.topics]
            != [(t.id, t.head.title, t.head.order, t.head.section) for t in sheet.topics]):
        return None
    topics = {Path(p).stem for p in changed}
    facts = set()
    for one in (old, sheet):
        ids = {f.id for f in one.facts.values() if f.topic in topics}
        grew = True
        while grew:  # derived facts using these, and those these use, in either direction
            grew = False
            for fact in one.facts.values():
                uses = set(fact.derived.of) if fact.derived is not None else set()
                if (fact.id not in ids and uses & ids) or (fact.id in ids and uses - ids):
                    ids |= {fact.id} | (uses if fact.id in ids else set())
                    grew = True
        facts |= ids
    affected = Affected(set(topics), set(), set(), facts)
    for one in (old, sheet):
        for fact_id in facts:
            fact = one.facts.get(fact_id)
            if fact is None:
                continue
            affected.topics.add(fact.topic)
            affected.entities.update(e for e in (fact.claimant, *fact.entities) if e)
            stack = [s for c in fact.citations for s in (c.source, *(c.relays or ()))]
            while stack:
                source_id = stack.pop()
                if source_id in affected.sources or source_id not in one.sources:
                    continue
                affected.sources.add(source_id)
                stack.extend(one.sources[source_id].based_on)
    return affected


def _render_again(previous: Output, sheet: Sheet, site: Site, affected: Affected, pieces: Pieces | None) -> dict[str, Page]:
    """The previous pages with those the edit touched rendered again from the new sheet."""
    old = previous.sheet
    if site.fold_entities and any(e in old.entities and e in sheet.entities and is_folded(old, site, e) != is_folded(sheet, site, e)
                                  for e in affected.entities):
        if pieces is not None:
            pieces.by_list.clear()  # the figures filters link to entities
        return all_pages(sheet, site, pieces)  # an entity folded or unfolded: every link to it, on any page, moves
    pages = dict(previous.pages)
    for entity_id in affected.entities:  # an entity's fact list may have gained or lost a page
        if entity_id in old.entities:
            for src in render.entity_page_srcs(old, entity_id):
                pages.pop(src, None)
    for base in (urls.FIGURES, urls.TIMELINE, urls.ENTITIES_INDEX):  # split lists: their pages may have come or gone
        for src in [s for s in pages if s == base or s.startswith(base[:-3] + "/page-")]:
            del pages[src]
    relayed_by, relaying = sheet.relayed_by, sheet.relaying
    for topic in sheet.topics:
        if topic.id in affected.topics:
            pages[urls.TOPIC.format(topic.id)] = render.topic_page(sheet, site, topic)
    for source_id in affected.sources:
        if source_id in sheet.sources:
            pages[urls.SOURCE.format(source_id)] = render.source_page(sheet, site, source_id, relayed_by, relaying)
    for entity_id in affected.entities:  # a folded entity (single_fact_entities: folded) is an entry of the index instead
        if entity_id in sheet.entities and entity_address(sheet, site, entity_id)[1] is None:
            pages.update(render.entity_pages(sheet, site, entity_id, pieces))
    pages[urls.TOPICS_INDEX] = render.topics_index(sheet, site)
    pages[urls.SOURCES_INDEX] = render.sources_index(sheet, site)
    pages.update(render.entities_index(sheet, site))
    pages.update(render.figures_pages(sheet, site, pieces))
    pages.update(render.timeline_pages(sheet, site, pieces))
    pages[urls.CORRECTIONS] = render.corrections_page(sheet, site)
    # The same order as a full render: MkDocs lists generated files in the order they are added.
    order = list(all_page_order(sheet, pages))
    return {src: pages[src] for src in order}


def all_page_order(sheet: Sheet, pages: dict[str, Page]):
    """The order of :func:`all_pages` for the pages at hand (indexes, topics, sources, entities, figures, timeline, corrections)."""
    later: dict[str, list[str]] = {}  # the pages each "<prefix>/page-" starts, found in one pass
    for src in pages:
        at = src.find("/page-")
        while at >= 0:
            later.setdefault(src[:at], []).append(src)
            at = src.find("/page-", at + 1)

    def with_more(base: str):  # a list's first page, then its later pages in the order they were rendered
        return [base, *later.get(base[:-3], ())]

    order = [urls.TOPICS_INDEX, *(urls.TOPIC.format(t.id) for t in sheet.topics), urls.SOURCES_INDEX,
             *(urls.SOURCE.format(s) for s in sheet.sources), *with_more(urls.ENTITIES_INDEX)]
    for entity_id in sheet.entities:
        order += with_more(urls.ENTITY.format(entity_id))
    order += [*with_more(urls.FIGURES), *with_more(urls.TIMELINE), urls.CORRECTIONS]
    seen = set()
    for src in [*order, *pages]:
        if src in pages and src not in seen:
            seen.add(src)
            yield src
