"""Per-fact pieces of the sheet-wide outputs, kept between the builds of a live preview.

A download (``facts.csv``, ``facts.json``) or a list page (figures,
timeline) is the same text for each fact, joined. A live preview keeps each
fact's piece, by fact id and what else the piece depends on (the page it is
written on), so a rebuild makes again only the pieces of the facts an edit
touched and joins them with the kept ones: the same bytes as a full render.

A piece depends on its fact, on the facts a derived fact is computed from,
on the registries (sources, entities) and on the site. An edit of a topic
file drops the pieces of the facts it touched (and of the derived facts
related to them: :func:`factsheet.build.affected_pages`); any other edit
starts from no pieces at all. A piece made from several facts (a figures
page's filter form) is kept with their ids and dropped when any of them is
touched; one made from none (the registries' part of ``facts.json``) lasts
until a registry changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


class Pieces:
    """Each fact's pieces of text (or of encoded text, for a download), by fact id and the piece's key."""

    def __init__(self, by_fact: dict[str, dict[tuple, str | bytes]] | None = None) -> None:
        self.by_fact: dict[str, dict[tuple, str | bytes]] = by_fact if by_fact is not None else {}
        self.by_list: dict[tuple, tuple[tuple[str, ...], str]] = {}  # pieces made from several facts, with their ids
        self.made = 0  # pieces made (not kept) by this build

    def get(self, fact_id: str, key: tuple, make: Callable[[], str | bytes]) -> str | bytes:
        """The piece ``key`` of a fact: the kept one, or ``make()`` kept for the next build."""
        pieces = self.by_fact.get(fact_id)
        if pieces is None:
            pieces = self.by_fact[fact_id] = {}
        text = pieces.get(key)
        if text is None:
            text = pieces[key] = make()
            self.made += 1
        return text

    def of_facts(self, key: tuple, fact_ids: tuple[str, ...], make: Callable[[], str]) -> str:
        """A piece made from several facts (a page's filter form): the kept one while the same facts, none touched since, make it."""
        kept = self.by_list.get(key)
        if kept is None or kept[0] != fact_ids:
            kept = self.by_list[key] = (fact_ids, make())
            self.made += 1
        return kept[1]

    def without(self, touched: Iterable[str], remaining: Iterable[str]) -> Pieces:
        """The pieces still true after an edit that touched the facts ``touched``; only facts in ``remaining`` are kept."""
        dropped = set(touched)
        kept = Pieces({fact_id: self.by_fact[fact_id] for fact_id in remaining
                       if fact_id in self.by_fact and fact_id not in dropped})
        kept.by_list = {key: piece for key, piece in self.by_list.items() if dropped.isdisjoint(piece[0])}
        return kept
