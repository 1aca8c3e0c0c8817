"""Registries as one file, a folder of files, or both: one set of ids, a stated order, located duplicates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ENTITIES, SOURCES, TOPIC, messages, split_registry, write_facts
from sitetools import REAL_REPORT_URL, REAL_SITE_URL, ROOT, build_in_process, tree_hashes

from factsheet.build import content_hash
from factsheet.load.loader import fact_files, load
from factsheet.load.yamlsafe import MAX_BYTES

WIRE = """\
sources:
  - id: wire
    title: Wire story
    outlet: Wire
    kind: original-report
"""

CITES_BOTH = TOPIC.replace(
    "        quote: about 70% of tools came from abroad\n",
    "        quote: about 70% of tools came from abroad\n      - source: wire\n        quote: some 70% of the tools came from abroad\n",
)


def _source(ident: str) -> str:
    return f"  - id: {ident}\n    title: Story {ident}\n    outlet: Outlet {ident}\n    kind: original-report\n"


def test_sources_in_a_file_and_a_folder_are_one_registry(tmp_path):
    """sources.yml and sources/*.yml together: a fact cites a source from each."""
    facts = write_facts(tmp_path, topics={"tools": CITES_BOTH}, extra={"sources/wires.yml": WIRE})
    sheet, report = load(facts)
    assert report.errors == [] and report.warnings == []
    assert list(sheet.sources) == ["paper", "wire"]


def test_a_registry_may_be_a_folder_alone(tmp_path):
    """No sources.yml or entities.yml at all: their folders are the registries."""
    facts = write_facts(tmp_path, topics={"tools": CITES_BOTH},
                        extra={"sources/a.yml": SOURCES, "sources/b.yml": WIRE, "entities/all.yml": ENTITIES})
    (facts / "sources.yml").unlink()
    (facts / "entities.yml").unlink()
    sheet, report = load(facts)
    assert report.errors == [], [str(e) for e in report.errors]
    assert list(sheet.sources) == ["paper", "wire"] and list(sheet.entities) == ["officials", "acme"]


def test_records_are_ordered_by_file_then_position(tmp_path):
    """<name>.yml first, then the folder's files by name (code-point order), each as written; not the order on disk."""
    folder = {
        "sources/b-later.yml": "sources:\n" + _source("s4") + _source("s3"),
        "sources/A-capital.yml": "sources:\n" + _source("s2"),  # capitals sort before lower case
        "sources/a-first.yml": "sources:\n" + _source("s9"),
    }
    facts = write_facts(tmp_path, sources="sources:\n" + _source("s1") + _source("paper")[:-1]
                        .replace("original-report", "original-report\n    url: https://paper.example.org/a\n    accessed: 2026-11-23") + "\n",
                        extra=folder)
    sheet, report = load(facts)
    assert report.errors == [], [str(e) for e in report.errors]
    assert list(sheet.sources) == ["s1", "paper", "s2", "s9", "s4", "s3"]


@pytest.mark.parametrize(("first", "second", "where_first", "where_second"), [
    ("sources.yml", "sources/more.yml", "facts/sources.yml:2:5", "facts/sources/more.yml:6:5"),
    ("sources/a.yml", "sources/b.yml", "facts/sources/a.yml:2:5", "facts/sources/b.yml:6:5"),
])
def test_a_duplicate_id_across_files_names_both_places(tmp_path, first, second, where_first, where_second):
    """The same source id in two files is one error, at the second, naming the first by file, line and column."""
    extra = {second: "sources:\n" + _source("other") + _source("paper")}
    if first != "sources.yml":
        extra[first] = SOURCES
    facts = write_facts(tmp_path, extra=extra)
    if first != "sources.yml":
        (facts / "sources.yml").unlink()
    _, report = load(facts)
    duplicates = [str(e) for e in report.errors if "duplicate" in e.message]
    assert duplicates == [f"{where_second}: duplicate source id 'paper' (first defined at {where_first})"]


def test_a_duplicate_entity_and_chart_across_files(tmp_path):
    """Entities and charts are checked across files the same way."""
    chart = ("charts:\n  - id: shares\n    title: Shares\n    description: Shares.\n    bars:\n      - fact: share\n        label: Tools\n")
    facts = write_facts(tmp_path, extra={
        "entities/more.yml": "entities:\n  - id: acme\n    name: Acme again\n    kind: company\n",
        "charts.yml": chart, "charts/more.yml": chart,
    })
    out = [str(e) for e in load(facts)[1].errors]
    assert "facts/entities/more.yml:2:5: duplicate entity id 'acme' (first defined at facts/entities.yml:5:5)" in out
    assert "facts/charts/more.yml:2:5: duplicate chart id 'shares' (first defined at facts/charts.yml:2:5)" in out


def test_references_to_an_entry_of_a_broken_registry_file_are_not_reported_twice(tmp_path):
    """A fact citing a source whose file has an error gets no second "unknown source" error."""
    facts = write_facts(tmp_path, topics={"tools": CITES_BOTH},
                        extra={"sources/wires.yml": WIRE.replace("kind: original-report", "kind: gossip")})
    out = [str(e) for e in load(facts)[1].errors]
    assert len(out) == 1 and out[0].startswith("facts/sources/wires.yml:5:11:"), out


def test_a_reference_to_a_source_in_no_file_is_still_unknown(tmp_path):
    """Splitting does not hide a real unknown reference."""
    facts = write_facts(tmp_path, topics={"tools": CITES_BOTH.replace("source: wire", "source: wirr")},
                        extra={"sources/wires.yml": WIRE})
    out = [str(e) for e in load(facts)[1].errors]
    assert any("cites an unknown source 'wirr', did you mean 'wire'?" in m for m in out), out


def test_files_out_of_place_are_reported(tmp_path):
    """A subfolder inside a registry folder, or a second top-level file, is an error; a folder with no file is a missing registry."""
    out = messages(tmp_path, extra={"sources/desk/a.yml": WIRE, "sources.yaml": WIRE, "entities/.keep": ""})
    assert any(m.startswith("facts/sources/desk/a.yml:1:1: unexpected file") and "files in sources/" in m for m in out), out
    assert ("facts/sources.yml:1:1: a second sources file beside facts/sources.yaml; "
            "keep one sources.yml and put more files in sources/") in out
    assert not any("unknown source" in m for m in out), "a file that was not read hides its ids from the reference checks"


def test_an_empty_registry_folder_is_a_missing_registry(tmp_path):
    facts = write_facts(tmp_path)
    (facts / "entities.yml").unlink()
    (facts / "entities").mkdir()
    out = [str(e) for e in load(facts)[1].errors]
    assert "facts/entities.yml:1:1: missing file: the entities registry is required (entities.yml, or files in entities/)" in out


@pytest.mark.parametrize(("rel", "advice"), [
    ("topics/big.yml", "split it into several topic files"),
    ("sources.yml", "move its entries into several files in a sources/ folder beside it (see CONTRIBUTING.md)"),
    ("entities/people.yml", "split it into several files in entities/"),
])
def test_the_size_limit_says_what_to_do_for_each_kind_of_file(tmp_path, rel, advice):
    """A topic file is split into topics; a registry file into files of its folder."""
    facts = write_facts(tmp_path)
    path = facts / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    out = [str(e) for e in load(facts)[1].errors]
    assert f"facts/{rel}:1:1: file is {MAX_BYTES + 1:,} bytes, over the limit of {MAX_BYTES:,}; {advice}" in out, out


def test_the_content_hash_covers_registry_folders(tmp_path):
    """A serve rebuild notices an edit, an added file or a renamed file inside a registry folder."""
    facts = write_facts(tmp_path, topics={"tools": CITES_BOTH}, extra={"sources/wires.yml": WIRE})
    first = content_hash(facts)
    (facts / "sources" / "wires.yml").write_text(WIRE.replace("Wire story", "Wire report"), encoding="utf-8")
    edited = content_hash(facts)
    (facts / "sources" / "wires.yml").rename(facts / "sources" / "agency.yml")
    renamed = content_hash(facts)
    assert len({first, edited, renamed}) == 3


def _copy_real_project(target: Path) -> Path:
    """The repository's sheet (facts, pages, configuration, schemas) in another folder, built as it would be."""
    for name in ("facts", "docs", "schema", "hooks", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    watched = "\n  - facts\n  - factsheet\n"
    assert watched in config, "mkdocs.yml's watch list changed; update this copy"
    (target / "mkdocs.yml").write_text(config.replace(watched, "\n  - facts\n"), encoding="utf-8")  # no package folder here
    return target


def test_the_real_sheet_split_into_folders_builds_byte_identical(real_site, tmp_path):
    """Sources all in a folder, entities half in entities.yml and half in a folder, one chart per file: every built file is the same."""
    project = _copy_real_project(tmp_path / "split")
    facts = project / "facts"
    written = (split_registry(facts, "sources", keep=0, per_file=5) + split_registry(facts, "entities", keep=20, per_file=10)
               + split_registry(facts, "charts", keep=0, per_file=1))
    assert not (facts / "sources.yml").exists() and (facts / "entities.yml").exists() and not (facts / "charts.yml").exists()
    assert len(written) == 3 + 4 + 2, written
    result = build_in_process(project / "mkdocs.yml", tmp_path / "site", FACTSHEET_REPORT_URL=REAL_REPORT_URL,
                          FACTSHEET_SITE_URL=REAL_SITE_URL)  # as the real_site fixture builds it
    assert result.returncode == 0, result.stdout + result.stderr
    single, split = tree_hashes(real_site), tree_hashes(tmp_path / "site")
    assert len(single) > 100
    assert sorted(name for name in single.keys() | split.keys() if single.get(name) != split.get(name)) == []


@pytest.mark.parametrize("folder", ["facts", "factsheet/skeleton/facts"])
def test_every_registry_file_names_the_schema_of_its_kind(folder):
    """Each registry and topic file's first line points editors at its kind's JSON Schema, wherever the file sits."""
    root = ROOT / folder
    expected = {"sources": "sources", "entities": "entities", "charts": "charts", "topics": "topic"}
    checked = 0
    for path in fact_files(root):
        kind = expected[path.relative_to(root).parts[0].split(".")[0]]
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), f"{path}: no schema line"
        target = (path.parent / first.removeprefix("# yaml-language-server: $schema=")).resolve()
        assert target.name == f"{kind}.schema.json", f"{path} names {target.name}"
        if not folder.startswith("factsheet/skeleton"):  # the scaffold writes its schemas (tests/test_new.py)
            assert target.is_file(), f"{path}: {target} does not exist"
        checked += 1
    assert checked >= 3


def test_a_schema_line_left_one_folder_too_high_is_a_warning(tmp_path):
    """A file moved into sources/ with its old ../schema/ line is told the path that works; a correct line, or none, is quiet."""
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "sources.schema.json").write_text("{}\n", encoding="utf-8")
    moved = "# yaml-language-server: $schema=../schema/sources.schema.json\n" + WIRE
    facts = write_facts(tmp_path, topics={"tools": CITES_BOTH},
                        sources="# yaml-language-server: $schema=../schema/sources.schema.json\n" + SOURCES,
                        extra={"sources/wires.yml": moved})
    sheet, report = load(facts)
    assert sheet is not None
    assert [str(w) for w in report.warnings] == [
        "facts/sources/wires.yml:1:33: warning: the schema line names ../schema/sources.schema.json, which is not there "
        "from this file; write ../../schema/sources.schema.json so editors can complete and check it"]
    (facts / "sources" / "wires.yml").write_text(moved.replace("../schema/", "../../schema/"), encoding="utf-8")
    assert load(facts)[1].warnings == []
