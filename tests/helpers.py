"""Shared helpers for the tests: write a small facts folder and load it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from factsheet.load.loader import load

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


def split_registry(facts: Path, name: str, keep: int, per_file: int) -> list[Path]:
    """Move a registry's entries from ``<name>.yml`` into ``<name>/NN.yml``, as an editor would, keeping their order.

    The first ``keep`` entries stay in ``<name>.yml`` (which is removed when
    ``keep`` is 0); the rest go ``per_file`` to a file, each file with its
    schema line. An entry takes the comments and blank lines written above it.
    Returns the files written.
    """
    path = facts / f"{name}.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    key = next(i for i, line in enumerate(lines) if line.rstrip() == f"{name}:")
    first = next(i for i in range(key + 1, len(lines)) if lines[i].lstrip().startswith("- "))
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())] + "- "
    starts = []
    for i in range(first, len(lines)):
        if lines[i].startswith(indent):
            start = i
            while start - 1 > key and (not lines[start - 1].strip() or lines[start - 1].lstrip().startswith("#")):
                start -= 1
            starts.append(start)
    entries = ["".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    head = "".join(lines[:starts[0]])
    written = []
    if keep:
        path.write_text(head + "".join(entries[:keep]), encoding="utf-8")
    else:
        path.unlink()
    rest = entries[keep:]
    (facts / name).mkdir(exist_ok=True)
    for n, index in enumerate(range(0, len(rest), per_file), 1):
        target = facts / name / f"{n:02d}.yml"
        target.write_text(f"# yaml-language-server: $schema=../../schema/{name}.schema.json\n{name}:\n"
                          + "".join(rest[index:index + per_file]), encoding="utf-8")
        written.append(target)
    return written


# --- the standard BibTeX readers, each set up once per process ----------------------------------------------------

def pybtex_read(text: str):
    """What ``pybtex.database.parse_string(text, "bibtex")`` reads, by the reader that call finds among the installed
    plugins, found once here (looking it up takes most of a call's time on a short entry)."""
    from pybtex.database.input.bibtex import Parser

    return Parser().parse_string(text)


_BIBTEXPARSERS: dict[tuple, object] = {}


def bibtexparser_read(text: str, **options):
    """What ``bibtexparser.loads(text, BibTexParser(**options))`` reads, by a parser whose grammar is built once per
    set of options (building it takes about as long as reading a short entry); each call reads into a new database."""
    from bibtexparser.bibdatabase import BibDatabase
    from bibtexparser.bparser import BibTexParser

    key = tuple(sorted(options.items()))
    parser = _BIBTEXPARSERS.get(key)
    if parser is None:
        parser = _BIBTEXPARSERS[key] = BibTexParser(**options)
        parser.expect_multiple_parse = True  # each call below gets a database of its own
    database = BibDatabase()
    if parser.common_strings:
        database.load_common_strings()
    parser.bib_database = database
    return parser.parse(text)
