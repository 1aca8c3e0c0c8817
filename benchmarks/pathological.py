"""Timings of input shapes that once cost the product of two sizes; prints a table, asserts nothing.

    .venv/bin/python benchmarks/pathological.py

- ``unknown refs``: N facts naming N different unknown claimants among N similar
  entity ids (each gets a "did you mean"); was about 40 s at 1,000 x 1,000.
- ``based_on chain``: N sources each relaying the next (once a recursion-limit crash).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers import ENTITIES, SOURCES, TOPIC, write_facts  # noqa: E402

from factsheet.loader import load  # noqa: E402


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


if __name__ == "__main__":
    main()
