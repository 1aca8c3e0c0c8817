"""Loading a facts folder: find the files, parse, validate shape, build the sheet."""

from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from factsheet.check.editorial import Vocabulary
from factsheet.check.validate import check_sheet
from factsheet.diagnostics import FactsheetError, Report
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
    # Linked folders are followed (a link to a folder outside is then reported by read_file, not silently
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


def read_file(path: Path, shown: str, report: Report, facts_root: Path,
              advice: str = "split it into several files") -> Any:
    """Read, decode and parse one file; None after reporting a problem (``advice`` says what to do with one too large)."""
    target = path.resolve()  # the file, or a folder above it, may be a link
    if not target.is_relative_to(facts_root.resolve()):
        report.error(shown, 1, 1, f"symbolic link points outside the facts folder (to {target}); copy the file in instead")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            report.error(shown, 1, 1, f"file is {size:,} bytes, over the limit of {MAX_BYTES:,}; {advice}")
            return None
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        report.error(shown, 1, 1, f"cannot read file: {exc.strerror}")
        return None
    text = decode(data, shown, report)
    if text is None:
        return None
    check_schema_line(path, text, shown, report)
    return parse(text, shown, report)


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


def load(facts_dir: str | os.PathLike, base: str | os.PathLike | None = None,
         vocabulary: Vocabulary | None = None) -> tuple[Sheet | None, Report]:
    """Load and validate a facts folder; the sheet is None when there are errors."""
    with gc_paused():
        return _load(facts_dir, base, vocabulary)


def _load(facts_dir: str | os.PathLike, base: str | os.PathLike | None,
          vocabulary: Vocabulary | None = None) -> tuple[Sheet | None, Report]:
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
    for path in fact_files(root):
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
        node = read_file(path, shown, report, root, _split_advice(role, relative))
        if role in ("sources", "entities"):
            ids = _declared_ids(node, role)
            known = declared.get(role, set())
            declared[role] = None if ids is None or known is None else known | ids
        elif role == "topic" and declared.get("facts", set()) is not None:
            ids = _declared_ids(node, "facts")
            declared["facts"] = None if ids is None else declared.get("facts", set()) | ids
        if node is None:
            report.mark_root(before)  # what references this file's ids is not reported again (check_sheet)
            continue
        value = FILES[role].validate(node, Ctx(shown, report))
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
    for required in ("sources", "entities"):
        if required not in seen_roles:
            report.error(_display(root / f"{required}.yml", base_path), 1, 1,
                         f"missing file: the {required} registry is required ({required}.yml, or files in {required}/)")
    sheet = check_sheet(sources, entities, topics, charts, report, declared, vocabulary)
    if report.errors:
        return None, report
    return sheet, report


def load_or_raise(facts_dir: str | os.PathLike, base: str | os.PathLike | None = None,
                  vocabulary: Vocabulary | None = None) -> tuple[Sheet, Report]:
    """Load a facts folder, raising :class:`FactsheetError` with every error found."""
    sheet, report = load(facts_dir, base, vocabulary)
    if sheet is None:
        raise FactsheetError(report.items)
    return sheet, report


__all__ = ["load", "load_or_raise", "fact_files", "Fact", "REGISTRIES"]
