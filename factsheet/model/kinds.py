"""The kinds of sources and entities, each declared once with everything the outputs need to know of it.

A source kind says how readers see it (the heading of its group on the
sources page, its name on a source's page), whether it is an article,
whether it carries a byline, and what it is in each citation format (CSL
type, BibTeX entry type and the field naming its outlet, schema.org type).
An entity kind has its group heading and its name. The renderers and the
exports ask these records; none of them spells a kind's id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceKind:
    """One kind of source and how each output names it."""

    id: str
    title: str
    is_article: bool
    outlet_field: str = "journal"  # the BibTeX field that holds the outlet
    has_byline: bool = True  # false: no source of this kind names its authors (a briefing)

    @property
    def label(self) -> str:
        """Its name in running text: ``original report``."""
        return self.id.replace("-", " ")

    @property
    def csl_type(self) -> str:
        """Its CSL-JSON type."""
        return "article-newspaper" if self.is_article else "document"

    @property
    def bibtex_type(self) -> str:
        """Its BibTeX entry type."""
        return "article" if self.is_article else "misc"

    @property
    def schema_type(self) -> str:
        """Its schema.org type."""
        return "NewsArticle" if self.is_article else "CreativeWork"


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity and the heading of its group."""

    id: str
    title: str

    @property
    def label(self) -> str:
        """Its name in running text: ``government body``."""
        return self.id.replace("-", " ")


SOURCE_KINDS: dict[str, SourceKind] = {k.id: k for k in (
    SourceKind("original-report", "Original reports", True),
    SourceKind("republication", "Republications", True),
    SourceKind("paraphrase", "Paraphrases", True),
    SourceKind("briefing", "Briefings", False, outlet_field="organization", has_byline=False),
    SourceKind("official-statement", "Official statements", False),
    SourceKind("dataset", "Datasets", False),
    SourceKind("other", "Other", False),
)}

ENTITY_KINDS: dict[str, EntityKind] = {k.id: k for k in (
    EntityKind("company", "Companies"),
    EntityKind("weapon", "Weapons systems"),
    EntityKind("plant", "Plants and facilities"),
    EntityKind("government-body", "Government bodies"),
    EntityKind("person", "People"),
    EntityKind("organisation", "Organisations"),
    EntityKind("group", "Groups and claimants"),
    EntityKind("country", "Countries"),
    EntityKind("other", "Other"),
)}
