"""Where the pages of a long list live: split lists, and each entity's address (its own page, or folded into the index).

An entity gets a page of its own (``entities/<id>.md``) unless the site folds
single-fact entities (``single_fact_entities: folded``, :attr:`Site.fold_entities`):
then an entity named by one fact at most, as its subject or its claimant, is
an entry of the entities index, at the anchor ``entity-<id>`` of the index
page that lists it. The index is split into pages of
``ENTITIES_PER_INDEX_PAGE`` entries, so no page of it grows with the sheet.
"""

from __future__ import annotations

from factsheet.model import ENTITY_KINDS, Entity, Sheet, urls
from factsheet.model.urls import Site

ENTITIES_PER_INDEX_PAGE = 1000


def page_srcs(base: str, count: int) -> list[str]:
    """Source paths of the pages of a long list: ``x.md``, then ``x/page-2.md``, ``x/page-3.md``..."""
    return [base] + [f"{base[:-3]}/page-{n}.md" for n in range(2, count + 1)]


def fact_count(sheet: Sheet, entity_id: str) -> int:
    """How many facts name an entity: those about it and those it claims."""
    return len(sheet.about.get(entity_id, ())) + len(sheet.claimed.get(entity_id, ()))


def is_folded(sheet: Sheet, site: Site, entity_id: str) -> bool:
    """Whether an entity is an entry of the entities index rather than a page of its own."""
    return site.fold_entities and fact_count(sheet, entity_id) <= 1


def entities_in_order(sheet: Sheet) -> list[Entity]:
    """Every entity as the index lists it: by kind (in the kinds' order), then by name."""
    rank = {kind: n for n, kind in enumerate(ENTITY_KINDS)}
    return sorted(sheet.entities.values(), key=lambda e: (rank[e.kind], e.name.casefold(), e.id))


def entity_index_srcs(sheet: Sheet) -> list[str]:
    """The pages of the entities index."""
    pages = max(1, -(-len(sheet.entities) // ENTITIES_PER_INDEX_PAGE))
    return page_srcs(urls.ENTITIES_INDEX, pages)


def _index_page_of(sheet: Sheet) -> dict[str, str]:
    """Each entity's page of the entities index (computed once per sheet)."""
    if not sheet._entity_index:
        srcs = entity_index_srcs(sheet)
        for n, entity in enumerate(entities_in_order(sheet)):
            sheet._entity_index[entity.id] = srcs[n // ENTITIES_PER_INDEX_PAGE]
    return sheet._entity_index


def entity_address(sheet: Sheet, site: Site, entity_id: str) -> tuple[str, str | None]:
    """An entity's page and anchor: its own page, or its entry in the entities index when folded."""
    if is_folded(sheet, site, entity_id):
        return _index_page_of(sheet)[entity_id], f"entity-{entity_id}"
    return urls.ENTITY.format(entity_id), None


def entity_href(sheet: Sheet, site: Site, page: str, entity_id: str) -> str:
    """A link from ``page`` to an entity."""
    src, anchor = entity_address(sheet, site, entity_id)
    return site.relative(page, src, anchor)
