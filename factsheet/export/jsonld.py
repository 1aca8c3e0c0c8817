"""schema.org JSON-LD: each fact as a ``Claim`` whose ``appearance`` is the article."""

from __future__ import annotations

import json

from factsheet.model import Fact, Sheet
from factsheet.model.kinds import SOURCE_KINDS
from factsheet.model.urls import Site
from factsheet.model.wording import sentence

ENTITY_TYPES = {"person": "Person", "government-body": "GovernmentOrganization", "company": "Corporation",
                "organisation": "Organization", "group": "Organization", "country": "Country"}


def claim_jsonld(sheet: Sheet, site: Site, fact: Fact) -> dict:
    """A schema.org Claim for a fact: its text, claimant, the articles it appears in, corrections and withdrawal.

    A derived fact appears in no article unless it cites one: it is based on the facts it is computed from.
    ``firstAppearance`` names the first of ``appearance`` by its ``@id`` (its address), so the article is
    written once (a fifth of the JSON-LD of a topic page); an article without an address is written again.
    """
    claimant = sheet.entities[fact.claimant]
    appearances = []
    for source_id in dict.fromkeys(c.source for c in fact.citations):
        source = sheet.sources[source_id]
        item = {
            "@type": SOURCE_KINDS[source.kind].schema_type,
            "headline": source.title,
            "publisher": {"@type": "Organization", "name": source.outlet},
        }
        if source.url:
            item["url"] = source.url
        if source.published:
            item["datePublished"] = source.published.iso()
        if source.authors:
            item["author"] = [{"@type": "Person", "name": a} for a in source.authors]
        appearances.append(item)
    permalink = site.fact_permalink(fact)
    claim = {
        "@type": "Claim",
        "@id": permalink,
        "url": permalink,
        "text": fact.claim,
        "author": {"@type": ENTITY_TYPES.get(claimant.kind, "Thing"), "name": claimant.name},
        "appearance": appearances,
        "dateCreated": fact.added.iso(),
        "dateModified": fact.last_updated.iso(),
    }
    if appearances:  # the first appearance again, by reference when it has an address to be named by
        first = appearances[0]
        if "url" in first:
            appearances[0] = {"@id": first["url"], **first}
            claim["firstAppearance"] = {"@id": first["url"]}
        else:
            claim["firstAppearance"] = first
    if fact.derived:
        claim["isBasedOn"] = [{"@id": site.fact_permalink(sheet.facts[i])} for i in fact.derived.of]
    corrections = [
        {"@type": "CorrectionComment", "datePublished": c.date.iso(), "text": f"{sentence(c.change)} {sentence(c.reason)}"}
        for c in fact.corrections_newest_first
    ]
    if fact.withdrawn:
        claim["creativeWorkStatus"] = "Withdrawn"
        corrections.insert(0, {"@type": "CorrectionComment", "datePublished": fact.withdrawn.date.iso(),
                               "text": f"Withdrawn: {fact.withdrawn.reason}"})
    if corrections:
        claim["correction"] = corrections
    return claim


def jsonld_script(data: dict) -> str:
    """A JSON-LD script element, without spaces after separators; ``<``, ``>`` and ``&`` are escaped so text cannot close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json" data-search-exclude>{text}</script>'
