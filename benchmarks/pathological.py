"""Timings of input shapes that once cost the product of two sizes; prints a table, asserts nothing.

    .venv/bin/python benchmarks/pathological.py

- ``unknown refs``: N facts naming N different unknown claimants among N similar
  entity ids (each gets a "did you mean"); was about 40 s at 1,000 x 1,000.
- ``based_on chain``: N sources each relaying the next (once a recursion-limit crash).

Shapes that could cost a product of two sizes and, when audited, did not
(load and the whole engine's output, at N and 4N; a 4N time far over four
times the N time would say otherwise):

- ``citations on one fact``: one fact quoting N sources that relay one origin;
- ``relays of one origin``: N sources relaying one origin, each cited by its own fact;
- ``facts of one entity``: N facts with the same claimant;
- ``topics``: N topic files of one fact each;
- ``entities``: N facts each by its own claimant.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers import ENTITIES, SOURCES, TOPIC, write_facts  # noqa: E402

from factsheet.build import generate  # noqa: E402
from factsheet.load.loader import load  # noqa: E402
from factsheet.model.urls import Site  # noqa: E402


def unknown_refs(n: int) -> tuple[str, str]:
    entities = ENTITIES + "".join(f"  - id: official-{i:05d}\n    name: O{i}\n    kind: person\n" for i in range(n))
    body = TOPIC.split("facts:\n")[1]
    facts = "".join(body.replace("id: share", f"id: share-{i}").replace("claimant: officials", f"claimant: oficial-{i:05d}")
                    for i in range(n))
    return entities, TOPIC.split("facts:\n")[0] + "facts:\n" + facts


def chain(n: int) -> str:
    sources = SOURCES.replace("    kind: original-report\n", "    kind: republication\n    based_on: [s1]\n")
    for i in range(1, n + 1):
        parent = f"\n    based_on: [s{i + 1}]" if i < n else ""
        sources += f"  - id: s{i}\n    title: S{i}\n    outlet: O{i}\n    kind: republication{parent}\n"
    return sources


def _facts(body: str, n: int, **replace: str) -> str:
    """N copies of the example topic's fact, numbered, with ``{i}`` in replacements filled in."""
    fact = body.split("facts:\n")[1]
    copies = []
    for i in range(n):
        text = fact.replace("id: share", f"id: share-{i}")
        for old, new in replace.items():
            text = text.replace(old, new.format(i=i))
        copies.append(text)
    return body.split("facts:\n")[0] + "facts:\n" + "".join(copies)


def _relaying(n: int) -> str:
    return SOURCES + "".join(f"  - id: s{i}\n    title: S{i}\n    outlet: O{i}\n    kind: republication\n    based_on: [paper]\n"
                             for i in range(n))


SHAPES = {
    "citations on one fact": lambda n: {"sources": _relaying(n), "topics": {"tools": TOPIC.replace("    added:", "".join(
        f"      - source: s{i}\n        quote: about 70% of tools came from abroad\n" for i in range(n)) + "    added:")}},
    "relays of one origin": lambda n: {"sources": _relaying(n), "topics": {"tools": _facts(TOPIC, n, **{"source: paper": "source: s{i}"})}},
    "facts of one entity": lambda n: {"topics": {"tools": _facts(TOPIC, n)}},
    "topics": lambda n: {"topics": {f"t{i}": TOPIC.replace("id: tools", f"id: t{i}").replace("id: share", f"id: share-{i}")
                                    for i in range(n)}},
    "entities": lambda n: {"entities": ENTITIES + "".join(f"  - id: e{i}\n    name: E{i}\n    kind: person\n" for i in range(n)),
                           "topics": {"tools": _facts(TOPIC, n, **{"claimant: officials": "claimant: e{i}"})}},
}


def engine(root: Path, **files) -> float:
    """Seconds to load, check and render everything the engine makes (pages and downloads)."""
    facts = write_facts(root, **files)
    start = time.perf_counter()
    generate(facts, Site("https://example.org/sheet/", True, "Sheet"), root)
    return time.perf_counter() - start


def timed(root: Path, **files) -> tuple[float, int]:
    facts = write_facts(root, **files)
    start = time.perf_counter()
    _, report = load(facts)
    return time.perf_counter() - start, len(report.items)


def main() -> None:
    print("| shape | n | load s | diagnostics |")
    print("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1000, 4000):
            entities, topic = unknown_refs(n)
            seconds, found = timed(Path(tmp) / f"refs{n}", entities=entities, topics={"tools": topic})
            print(f"| unknown refs | {n:,} | {seconds:.2f} | {found:,} |")
        for n in (5000, 20000):
            seconds, found = timed(Path(tmp) / f"chain{n}", sources=chain(n))
            print(f"| based_on chain | {n:,} | {seconds:.2f} | {found:,} |")
    print()
    print("| shape | n | engine s | 4n | engine s | growth |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for name, shape in SHAPES.items():
            n = 500
            small = engine(Path(tmp) / f"{name}-{n}".replace(" ", "-"), **shape(n))
            large = engine(Path(tmp) / f"{name}-{4 * n}".replace(" ", "-"), **shape(4 * n))
            print(f"| {name} | {n:,} | {small:.2f} | {4 * n:,} | {large:.2f} | {large / small:.1f}x |")


if __name__ == "__main__":
    main()
