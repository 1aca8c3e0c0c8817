"""Loading a facts folder: find the files, parse, validate shape, build the sheet."""

from __future__ import annotations

import copy
import gc
import hashlib
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factsheet import forked
from factsheet.check.editorial import Vocabulary
from factsheet.check.validate import FactChecks, check_sheet
from factsheet.diagnostics import Diagnostic, FactsheetError, Report
from factsheet.forked import Forked
from factsheet.load.yamlsafe import MAX_BYTES, Mapping, Node, Scalar, Sequence, decode, parse
from factsheet.model import Chart, Entity, Fact, Sheet, Source, Topic, TopicHead
from factsheet.model.schema import MISSING, Ctx, ListOf, Record

YAML_SUFFIXES = (".yml", ".yaml")

# What each kind of fact file holds; the records inside are declared in ``model``.
FILES: dict[str, Record] = {
    "sources": Record({"sources": ListOf(Record.of(Source), required=True, description="The source registry.")},
                      title="Sources file"),
    "entities": Record({"entities": ListOf(Record.of(Entity), required=True, description="The entity registry.")},
                       title="Entities file"),
    "topic": Record({"topic": Record.of(TopicHead, required=True),
                     "facts": ListOf(Record.of(Fact), required=True, description="The facts of this topic.")},
                    title="Topic file"),
    "charts": Record({"charts": ListOf(Record.of(Chart), required=True, description="Chart definitions.")},
                     title="Charts file"),
}


def fact_files(root: Path) -> list[Path]:
    """Every YAML file under a facts folder, in a stable order."""
    files, seen = [], set()
    # Linked folders are followed (a link to a folder outside is then reported by _read_bytes, not silently
    # skipped); each real folder is walked once, so a link loop ends.
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files.extend(Path(dirpath) / name for name in sorted(filenames) if name.endswith(YAML_SUFFIXES))
    return files


def _display(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


REGISTRIES = ("sources", "entities", "charts")


def _role(relative: Path) -> str | None:
    """What a file under the facts folder holds: a registry's name, "topic", or None for a file out of place.

    A registry is ``<name>.yml`` at the top, files directly in ``<name>/``, or both.
    """
    parts = relative.parts
    if len(parts) == 1 and relative.stem in REGISTRIES:
        return relative.stem
    if len(parts) == 2 and parts[0] in REGISTRIES:
        return parts[0]
    if len(parts) == 2 and parts[0] == "topics":
        return "topic"
    return None


def _split_advice(role: str, relative: Path) -> str:
    """What to do with a fact file over the size limit."""
    if role == "topic":
        return "split it into several topic files"
    if len(relative.parts) == 1:
        return f"move its entries into several files in a {role}/ folder beside it (see CONTRIBUTING.md)"
    return f"split it into several files in {role}/"


_SCHEMA_LINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


def check_schema_line(path: Path, text: str, shown: str, report: Report) -> None:
    """Warn when a file's editor schema line names a schema that is not there, and say the path that is.

    A registry file moved into its folder keeps working for the build but
    loses completion in editors if its ``../schema/`` line is not made
    ``../../schema/``. Only a relative reference is checked, and only when a
    ``schema/`` folder above the file has the schema it names.
    """
    match = _SCHEMA_LINE.match(text[:text.find("\n")] if "\n" in text else text)
    if match is None or ":" in match.group(1) or (path.parent / match.group(1)).is_file():
        return
    name = match.group(1).rsplit("/", 1)[-1]
    for depth in range(1, len(path.parents)):
        candidate = "../" * depth + "schema/" + name
        if (path.parent / candidate).is_file():
            report.warning(shown, 1, match.start(1) + 1, f"the schema line names {match.group(1)}, which is not there "
                                                         f"from this file; write {candidate} so editors can complete and check it")
            return


def _read_bytes(path: Path, shown: str, report: Report, facts_root: Path, advice: str) -> bytes | None:
    """A fact file's bytes, or None after reporting why it cannot be read (a link out of the folder, too large, unreadable)."""
    target = path.resolve()  # the file, or a folder above it, may be a link
    if not target.is_relative_to(facts_root.resolve()):
        report.error(shown, 1, 1, f"symbolic link points outside the facts folder (to {target}); copy the file in instead")
        return None
    try:
        size = path.stat().st_size
        data = b""
        if size <= MAX_BYTES:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)  # the file may have grown since
        if max(size, len(data)) > MAX_BYTES:
            report.error(shown, 1, 1, f"file is {max(size, len(data)):,} bytes, over the limit of {MAX_BYTES:,}; {advice}")
            return None
        return data
    except OSError as exc:
        report.error(shown, 1, 1, f"cannot read file: {exc.strerror}")
        return None


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector: a load or render makes a great many small objects and no cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _declared_ids(node: Node | None, role: str) -> set[str] | None:
    """Every id a registry file writes, valid entry or not; None when the file could not be read.

    References to these are not reported again as unknown: the broken entry
    or file has its own error already.
    """
    if not isinstance(node, Mapping) or not isinstance(node.items.get(role), Sequence):
        return None
    ids = set()
    for item in node.items[role].items:
        if isinstance(item, Mapping) and isinstance(item.items.get("id"), Scalar):
            ids.add(item.items["id"].value)
    return ids


@dataclass
class _Reading:
    """What reading one fact file gave: the diagnostics of decoding it and of parsing and validating it, the ids
    it writes, and its records as validated (never handed out to be changed: see :meth:`records`)."""

    shown: str
    digest: bytes
    decode_items: list[Diagnostic]
    first_line: str | None  # None when the bytes are not text
    parse_items: list[Diagnostic]
    parsed: bool
    ids: set[str] | None
    value: Any

    def records(self) -> Any:
        """The validated records, with a copy of each derived fact (checking the sheet writes its computed figure into it)."""
        if self.value is MISSING or "facts" not in self.value:
            return self.value
        return {**self.value, "facts": [copy.deepcopy(f) if f.derived is not None else f for f in self.value["facts"]]}


class FileCache:
    """Each fact file's reading, kept while its path and content (by hash) stay the same: a live preview's rebuild
    parses and validates again only the files an edit changed. Cross-file checks always run again."""

    def __init__(self) -> None:
        self.readings: dict[str, _Reading] = {}
        self.checks = FactChecks()  # each fact's own checks, by fact object (the same object while its file is unchanged)
        self.reused = 0  # files whose reading came from the cache in the last load
        self.read = 0  # files parsed in the last load

    def get(self, path: Path, shown: str, digest: bytes) -> _Reading | None:
        """The reading of this file with this content, if kept."""
        kept = self.readings.get(str(path))
        return kept if kept is not None and kept.shown == shown and kept.digest == digest else None

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone (deleted or renamed)."""
        self.readings = {p: r for p, r in self.readings.items() if p in paths}


def _read_fresh(path: Path, data: bytes, shown: str, role: str, digest: bytes) -> _Reading:
    """Decode, parse and validate one file's bytes, keeping what each step reported."""
    decoding, parsing = Report(), Report()
    text = decode(data, shown, decoding)
    node = parse(text, shown, parsing) if text is not None else None
    ids = _declared_ids(node, "facts" if role == "topic" else role) if role != "charts" else None
    value = FILES[role].validate(node, Ctx(shown, parsing)) if node is not None else MISSING
    first = None if text is None else text[:text.find("\n")] if "\n" in text else text
    return _Reading(shown, digest, decoding.items, first, parsing.items, node is not None, ids, value)


def _read_records(path: Path, shown: str, role: str, report: Report, root: Path, advice: str,
                  cache: FileCache | None, read_ahead: _ReadAhead | None = None) -> _Reading | None:
    """Read one file (from ``cache`` when its content is unchanged, or as ``read_ahead`` read it when that read the
    same bytes) and report what reading it found; None when unreadable."""
    data = _read_bytes(path, shown, report, root, advice)
    if data is None:
        return None
    digest = hashlib.sha256(data).digest() if cache is not None else b""
    reading = cache.get(path, shown, digest) if cache is not None else None
    if reading is None and read_ahead is not None:  # (a load with a cache reads nothing ahead)
        reading = read_ahead.reading(path, data, shown)
    if reading is None:
        reading = _read_fresh(path, data, shown, role, digest)
        if cache is not None:
            cache.readings[str(path)] = reading
            cache.read += 1
    elif cache is not None:
        cache.reused += 1
    report.items.extend(reading.decode_items)
    if reading.first_line is not None:  # whether the schema it names is there is not the file's content: asked every time
        check_schema_line(path, reading.first_line, shown, report)
    report.items.extend(reading.parse_items)
    return reading


def load(facts_dir: str | os.PathLike, base: str | os.PathLike | None = None,
         vocabulary: Vocabulary | None = None, cache: FileCache | None = None,
         parallel: bool = False) -> tuple[Sheet | None, Report]:
    """Load and validate a facts folder; the sheet is None when there are errors.

    With a ``cache`` (a live preview keeps one between rebuilds), a file whose
    content is unchanged is not parsed and validated again: its records and
    diagnostics are the kept ones, and the checks across files run over them
    as over freshly read ones, so the report is the same as a full load's.
    ``parallel`` (without a cache) has a forked child parse and validate the
    second half of the topic files while this process reads the others
    (:mod:`factsheet.forked`); the report and the sheet are the same.
    """
    if cache is not None:
        cache.reused = cache.read = 0
    with gc_paused():
        return _load(facts_dir, base, vocabulary, cache, parallel)


@dataclass
class _ReadAhead:
    """A forked child reading some topic files: each one's content hash and reading, by path."""

    paths: frozenset[str]
    child: Forked

    def reading(self, path: Path, data: bytes, shown: str) -> _Reading | None:
        """The child's reading of ``path``, if it read it and read the same bytes (``data``, as this process read them)."""
        if str(path) not in self.paths:
            return None
        ahead = self.child.result().get(str(path))
        return ahead[1] if ahead is not None and ahead[0] == hashlib.sha256(data).digest() and ahead[1].shown == shown else None


def _read_ahead(root: Path, base: Path, paths: list[Path]) -> _ReadAhead | None:
    """The last topic files (about half of the topics' bytes), read in a forked child."""
    topics = []
    for path in paths:
        try:
            if _role(path.relative_to(root)) == "topic":
                topics.append((path, path.stat().st_size))
        except OSError:
            continue
    half, later = sum(size for _, size in topics) / 2, []
    for path, size in reversed(topics):
        if half <= 0:
            break
        later.append(path)
        half -= size

    def read() -> dict[str, tuple[bytes, _Reading]]:
        found = {}
        for path in later:
            try:
                data = path.read_bytes()
            except OSError:
                continue  # the build's own process reports it
            found[str(path)] = (hashlib.sha256(data).digest(), _read_fresh(path, data, _display(path, base), "topic", b""))
        return found

    return _ReadAhead(frozenset(str(p) for p in later), Forked(read)) if later else None


def _load(facts_dir: str | os.PathLike, base: str | os.PathLike | None,
          vocabulary: Vocabulary | None = None, cache: FileCache | None = None,
          parallel: bool = False) -> tuple[Sheet | None, Report]:
    root = Path(facts_dir)
    base_path = Path(base) if base else root.parent
    report = Report()
    if not root.is_dir():
        report.error(_display(root, base_path), 1, 1, "facts folder not found")
        return None, report
    sources: list[Source] = []
    entities: list[Entity] = []
    topics: list[Topic] = []
    charts: list[Chart] = []
    seen_roles: set[str] = set()
    top_files: dict[str, str] = {}
    declared: dict[str, set[str] | None] = {}
    # fact_files lists a folder's own files before its subfolders, each sorted by name: a registry's
    # records come from <name>.yml first, then from <name>/ file by file, each in the order written.
    paths = fact_files(root)
    read_ahead = _read_ahead(root, base_path, paths) if parallel and cache is None and forked.available() else None
    try:
        for path in paths:
            shown = _display(path, base_path)
            relative = path.relative_to(root)
            role = _role(relative)
            if role is None:
                report.error(shown, 1, 1, "unexpected file: fact files are sources.yml, entities.yml and charts.yml "
                                          "(or files in sources/, entities/ and charts/) and topics/<topic-id>.yml")
                continue
            if role != "topic" and len(relative.parts) == 1:
                if role in top_files:
                    report.error(shown, 1, 1, f"a second {role} file beside {top_files[role]}; keep one {role}.yml "
                                              f"and put more files in {role}/")
                    if role in ("sources", "entities"):
                        declared[role] = None  # its ids are unknown: references to them are not reported again
                    continue
                top_files[role] = shown
            seen_roles.add(role)
            before = len(report.items)
            reading = _read_records(path, shown, role, report, root, _split_advice(role, relative), cache, read_ahead)
            if role in ("sources", "entities"):
                ids = reading.ids if reading is not None else None
                known = declared.get(role, set())
                declared[role] = None if ids is None or known is None else known | ids
            elif role == "topic" and declared.get("facts", set()) is not None:
                ids = reading.ids if reading is not None else None
                declared["facts"] = None if ids is None else declared.get("facts", set()) | ids
            if reading is None or not reading.parsed:
                report.mark_root(before)  # what references this file's ids is not reported again (check_sheet)
                continue
            value = reading.records()
            if value is MISSING:
                continue
            if role == "sources":
                sources.extend(value["sources"])
            elif role == "entities":
                entities.extend(value["entities"])
            elif role == "charts":
                charts.extend(value["charts"])
            else:
                head = value["topic"]
                if head.id != path.stem:
                    report.error(shown, head.pos[1], head.pos[2], f"topic id '{head.id}' must equal the file name '{path.stem}'")
                for fact in value["facts"]:
                    fact.topic = head.id
                topics.append(Topic(head, value["facts"], value["pos"]))
    finally:
        if read_ahead is not None:  # done by now, unless reading stopped early
            read_ahead.child.cancel()
    if cache is not None:
        cache.keep_only({str(p) for p in paths})
    for required in ("sources", "entities"):
        if required not in seen_roles:
            report.error(_display(root / f"{required}.yml", base_path), 1, 1,
                         f"missing file: the {required} registry is required ({required}.yml, or files in {required}/)")
    sheet = check_sheet(sources, entities, topics, charts, report, declared, vocabulary, cache.checks if cache else None)
    if report.errors:
        return None, report
    return sheet, report


def load_or_raise(facts_dir: str | os.PathLike, base: str | os.PathLike | None = None,
                  vocabulary: Vocabulary | None = None, cache: FileCache | None = None,
                  parallel: bool = False) -> tuple[Sheet, Report]:
    """Load a facts folder, raising :class:`FactsheetError` with every error found."""
    sheet, report = load(facts_dir, base, vocabulary, cache, parallel)
    if sheet is None:
        raise FactsheetError(report.items)
    return sheet, report


__all__ = ["load", "load_or_raise", "fact_files", "FileCache", "Fact", "REGISTRIES"]
