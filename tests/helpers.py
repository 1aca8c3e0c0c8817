"""Shared helpers for the tests: write a small facts folder and load it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from factsheet.loader import load

SOURCES = """\
sources:
  - id: paper
    title: A paper
    outlet: The Paper
    published: 2024-04-13
    url: https://paper.example.org/a
    accessed: 2026-11-23
    kind: original-report
"""

ENTITIES = """\
entities:
  - id: officials
    name: Officials
    kind: group
  - id: acme
    name: Acme
    kind: company
"""

TOPIC = """\
topic:
  id: tools
  title: Tools
facts:
  - id: share
    claim: About 70% of tools came from abroad.
    figure:
      value: 70
      unit: percent
      qualifier: about
    claimant: officials
    citations:
      - source: paper
        quote: about 70% of tools came from abroad
    added: 2026-11-23
"""


def write_facts(root: Path, sources: str = SOURCES, entities: str = ENTITIES,
                topics: dict[str, str] | None = None, extra: dict[str, str | bytes] | None = None) -> Path:
    """Write a facts folder under ``root`` and return its path."""
    facts = root / "facts"
    (facts / "topics").mkdir(parents=True, exist_ok=True)
    (facts / "sources.yml").write_text(textwrap.dedent(sources), encoding="utf-8")
    (facts / "entities.yml").write_text(textwrap.dedent(entities), encoding="utf-8")
    for name, text in (topics if topics is not None else {"tools": TOPIC}).items():
        (facts / "topics" / f"{name}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    for rel, content in (extra or {}).items():
        path = facts / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return facts


def messages(root: Path, **kwargs) -> list[str]:
    """Write a facts folder, load it, and return every diagnostic as text."""
    facts = write_facts(root, **kwargs)
    _, report = load(facts)
    return [str(d) for d in report.sorted()]
