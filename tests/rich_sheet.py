"""A small sheet that uses every field a fact may carry, for the rendering tests.

- ``tools-value`` and ``chips-value``: reported figures ($3.1 and $4.9 billion);
- ``parts-total``: their sum, computed by the sheet, citing nothing;
- ``tools-share``: ``tools-value`` as a share of ``parts-total``;
- ``chips-value`` carries two corrections; ``old-estimate`` is withdrawn;
- ``drone-plant``: stated without its quote's "reportedly", saying why (``unhedged``);
- ``engines``: cited from a copy (Newsy Today, ``based_on`` The Telegraph) whose passages
  relay The Telegraph (by default), Latvian media, and the copy's own words.
"""

from __future__ import annotations

from pathlib import Path

from helpers import write_facts

from factsheet.load.loader import load
from factsheet.model import Sheet
from factsheet.model.urls import Site

SITE = Site("https://example.org/sheet/", True, "Example sheet")
REPORTING = Site("https://example.org/sheet/", True, "Example sheet",
                 "https://issues.example.org/new?title=Problem+with+{id}&body={url}%0A{title}")

SOURCES = """\
sources:
  - id: telegraph
    title: An investigation
    outlet: The Telegraph
    published: 2026-01-27
    url: https://telegraph.example.org/investigation
    accessed: 2026-01-10
    kind: original-report
  - id: latvian-media
    title: Reports in Latvian media
    outlet: Latvian media
    kind: other
  - id: copy
    title: A copy with commentary
    outlet: Newsy Today
    published: 2026-01
    url: https://copy.example.org/story
    accessed: 2026-01-10
    kind: republication
    based_on: [telegraph]
  - id: paper
    title: A paper
    outlet: The Paper
    published: 2024-04-13
    url: https://paper.example.org/a
    accessed: 2026-01-10
    kind: original-report
"""

ENTITIES = """\
entities:
  - id: officials
    name: Officials
    kind: group
"""

SUPPLIES = """\
topic:
  id: supplies
  title: Supplies
facts:
  - id: tools-value
    claim: Machine tools worth $3.1 billion went to the arms industry.
    figure: {value: 3.1, unit: USD, scale: billion}
    claimant: officials
    citations:
      - source: paper
        quote: machine tools worth $3.1 billion
    added: 2026-01-10
  - id: chips-value
    claim: Microchips worth $4.9 billion went to the arms industry.
    figure: {value: 4.9, unit: USD, scale: billion}
    claimant: officials
    citations:
      - source: paper
        quote: microchips worth $4.9 billion
    corrections:
      - date: 2026-02-03
        change: The figure was $4.5 billion; it is $4.9 billion
        reason: We misread the article's table.
      - date: 2026-03-15
        change: The claim now names microchips rather than electronics.
        reason: The article says microchips.
    added: 2026-01-10
  - id: parts-total
    claim: The two reported parts add up to $8 billion.
    derived: {op: sum, of: [tools-value, chips-value]}
    claimant: officials
    added: 2026-01-10
  - id: tools-share
    claim: Machine tools make up under two fifths of the two reported parts.
    derived: {op: share, of: [tools-value, parts-total]}
    claimant: officials
    added: 2026-01-10
  - id: old-estimate
    claim: An early estimate put the parts at $9 billion.
    figure: {value: 9, unit: USD, scale: billion}
    event_date: 2025-06-01
    claimant: officials
    citations:
      - source: paper
        quote: an early estimate of $9 billion
    withdrawn:
      date: 2026-03-15
      reason: The article gives no such estimate; we had confused it with another report.
    added: 2026-01-10
"""

PLANTS = """\
topic:
  id: plants
  title: Plants
facts:
  - id: drone-plant
    claim: A plant in the east makes drones.
    claimant: officials
    citations:
      - source: paper
        quote: a plant in the east reportedly makes drones
    unhedged: Satellite images published since confirm the plant's output.
    added: 2026-01-10
  - id: engines
    claim: Engines were shipped through third countries.
    claimant: officials
    citations:
      - source: copy
        quote: engines went through third countries
      - source: copy
        quote: shipments passed through Kazakhstan
        relays: [latvian-media]
      - source: copy
        quote: this is the future of warfare
        relays: []
    added: 2026-01-10
"""


def rich_sheet(tmp_path: Path) -> Sheet:
    """Write the sheet under ``tmp_path`` and load it; it loads with no errors and no warnings."""
    facts = write_facts(tmp_path, SOURCES, ENTITIES, {"supplies": SUPPLIES, "plants": PLANTS})
    sheet, report = load(facts)
    assert sheet is not None and report.items == [], [str(d) for d in report.items]
    return sheet
