"""Rendering again only what an edit touches gives exactly the pages a full render gives.

``generate(..., previous=...)`` is what the live preview runs after an edit:
it parses again only the files whose content changed, and makes again only
the per-fact pieces of the downloads and list pages the edit touched. Every
case edits real fact files on disk and compares, page by page and file by
file (or error by error), with a fresh full load and render of the same files.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from factsheet.build import generate
from factsheet.diagnostics import FactsheetError
from factsheet.model.urls import Site

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

pytestmark = pytest.mark.slow  # each test renders a synthetic sheet whole three times: `make test`, not the inner loop

SITE = Site("https://factsheet-tests.github.io/sheet/", True, "Test sheet")


def _same_as_full(facts: Path, previous):
    incremental = generate(facts, SITE, facts.parent, previous=previous)
    full = generate(facts, SITE, facts.parent)
    assert list(incremental.pages) == list(full.pages), "the same pages, in the same order"
    different = [src for src in full.pages if incremental.pages[src] != full.pages[src]]
    assert not different, f"pages differ from a full render: {different[:10]}"
    assert incremental.files == full.files
    assert [str(w) for w in incremental.warnings] == [str(w) for w in full.warnings], "the same warnings, in the same order"
    return incremental


def _outcome(facts: Path, previous=None):
    """A build's pages and files, or its errors as the terminal shows them."""
    try:
        out = generate(facts, SITE, facts.parent, previous=previous)
    except FactsheetError as exc:
        return exc.summary(), None
    return None, out


def _same_outcome_as_full(facts: Path, previous):
    """The incremental build fails with the errors a full load gives, or matches a full render; returns (errors, output)."""
    errors, incremental = _outcome(facts, previous)
    full_errors, _ = _outcome(facts)
    assert errors == full_errors
    if errors is None:
        _same_as_full(facts, previous)
    return errors, incremental


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{pattern!r} not found in {path}"
    assert edited != text, f"{pattern!r} -> {replacement!r} changes nothing in {path}"
    path.write_text(edited, encoding="utf-8")


@pytest.fixture
def synthetic(tmp_path):
    synth.write_sheet(tmp_path / "facts", 60, shape_name="many-topics")
    return tmp_path / "facts"


def _pieces_count(out) -> int:
    return sum(len(kept) for kept in out.pieces.by_fact.values())


@pytest.fixture
def real(tmp_path):
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    return tmp_path / "facts"


@pytest.mark.parametrize("pattern, replacement", [
    (r'^(\s+claim: ")', r"\1Edited: "),  # a claim's wording
    (r"^\s+entities: \[[^\]]*\]\n", ""),  # a fact leaves its entities' pages
    (r"^(\s+claimant: )claimant-\d+", r"\1claimant-0"),  # another claimant
    (r"^(\s+- source: )\S+", r"\1{source}"),  # a citation of another source
    (r"^  - id: (\S+)\n", r"  - id: \1-renamed\n"),  # a fact's id
])
def test_a_topic_edit_renders_only_what_it_touches_and_matches_a_full_render(synthetic, pattern, replacement):
    """An edit of one topic: that file parsed again, the other files' readings and most per-fact pieces kept, only
    the pages it touches rendered again; the output is a full render's."""
    previous = generate(synthetic, SITE, synthetic.parent, keep=True)
    files = len(previous.readings.readings)
    topic = sorted((synthetic / "topics").glob("*.yml"))[6]
    cited = re.search(r"^\s+- source: (\S+)", topic.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    ids = re.findall(r"^  - id: (\S+)", (synthetic / "sources.yml").read_text(encoding="utf-8"), re.MULTILINE)
    source = next(i for i in ids if i != cited)
    _edit(topic, pattern, replacement.replace("{source}", source))
    out = _same_as_full(synthetic, previous)
    assert out.rendered is not None, "a topic edit is rendered incrementally"
    assert topic.stem in out.rendered.topics
    assert len(out.rendered.topics) < len(out.sheet.topics), "other topics' pages are the previous ones"
    assert len(out.rendered.entities) < len(out.sheet.entities)
    assert (out.readings.read, out.readings.reused) == (1, files - 1)
    assert 0 < out.pieces.made < _pieces_count(out) / 2


def test_an_input_of_derived_facts_and_charts_in_the_real_sheet(real):
    """The real sheet: editing a fact other topics derive from re-renders their pages too, and matches a full render."""
    previous = generate(real, SITE, real.parent, keep=True)
    path = real / "topics" / "machine-tools.yml"
    _edit(path, r"^(\s+- id: machine-tools-value-since-2022\n\s+claim: )", r"\1Reportedly, ")
    out = _same_as_full(real, previous)
    assert out.rendered is not None and {"machine-tools", "overview"} <= out.rendered.topics


def test_a_registry_edit_renders_everything(synthetic):
    previous = generate(synthetic, SITE, synthetic.parent, keep=True)
    _edit(synthetic / "entities.yml", r"^(\s+name: )", r"\1Renamed ")
    out = _same_as_full(synthetic, previous)
    assert out.rendered is None


def test_two_edits_in_a_row(synthetic):
    """Each build starts from the last one's output, as a preview does."""
    out = generate(synthetic, SITE, synthetic.parent, keep=True)
    for n, topic in enumerate(sorted((synthetic / "topics").glob("*.yml"))[:2]):
        _edit(topic, r'^(\s+claim: ")', rf"\1Edit {n}: ")
        out = _same_as_full(synthetic, out)


@pytest.mark.parametrize("pattern, replacement", [
    (r"^(\s+entities: \[)", r"\1company-{lone}, "),  # a folded entity gains a second fact: it gets a page, links move
    (r'^(\s+claim: ")', r"\1Edited: "),  # a claim's wording, nothing folds or unfolds
])
def test_with_folded_entities_an_edit_matches_a_full_render(tmp_path, pattern, replacement):
    """With single-fact entities folded, an edit renders the same pages as a full render, also when an entity unfolds."""
    synth.write_sheet(tmp_path / "facts", 100, shape_name="many-entities")
    facts = tmp_path / "facts"
    site = Site("https://factsheet-tests.github.io/sheet/", True, "Test sheet", fold_entities=True)
    previous = generate(facts, site, tmp_path, keep=True)
    lone = next(e for e in previous.sheet.entities if e.startswith("company-")
                and len(previous.sheet.about.get(e, ())) + len(previous.sheet.claimed.get(e, ())) == 1)
    folded = [src for src in previous.pages if src.startswith("entities/") and lone in src]
    assert folded == []  # folded: no page of its own
    topic = sorted((facts / "topics").glob("*.yml"))[-1]
    _edit(topic, pattern, replacement.replace("{lone}", lone.removeprefix("company-")))
    incremental = generate(facts, site, tmp_path, previous=previous)
    full = generate(facts, site, tmp_path)
    assert list(incremental.pages) == list(full.pages)
    assert [src for src in full.pages if incremental.pages[src] != full.pages[src]] == []
    assert (f"entities/{lone}.md" in full.pages) == ("{lone}" in replacement)  # unfolded by the edit, or still folded


def test_a_file_touched_but_unchanged_is_not_read_again(synthetic):
    """Only the modification time changes: every reading and every piece is kept, and the output is the same."""
    previous = generate(synthetic, SITE, synthetic.parent, keep=True)
    topic = sorted((synthetic / "topics").glob("*.yml"))[6]
    later = topic.stat().st_mtime + 60
    os.utime(topic, (later, later))
    out = _same_as_full(synthetic, previous)
    assert out.readings.read == 0 and out.readings.reused == len(previous.readings.readings)
    assert out.pieces.made == 0
    assert out.rendered is not None and out.rendered.count() == 0


@pytest.mark.parametrize("pattern, replacement, expected", [
    (r"^(\s+claimant: )claimant-\d+", r"\1claimant-nobody", "claimant is an unknown entity 'claimant-nobody'"),
    (r"^(\s+- source: )\S+", r"\1no-such-source", "cites an unknown source 'no-such-source'"),
    (r"^  - id: \S+", "  - id: {other}", "duplicate fact id"),  # the id of a fact in another file
    (r'^(\s+claim: ")[^"\n]*("\n[\s\S]*?\n\s+quote: ")', r"\1China sent shipments to Russia.\2reportedly ",  # a warning: the build goes on
     "drops the hedge 'reportedly'"),
])
def test_an_edit_that_breaks_a_check_across_files_is_reported_as_a_full_load_does(synthetic, pattern, replacement, expected):
    """An error (or warning) the edit brings in through other files' records is found with them kept, at the same place."""
    previous = generate(synthetic, SITE, synthetic.parent, keep=True)
    topics = sorted((synthetic / "topics").glob("*.yml"))
    other = re.search(r"^  - id: (\S+)", topics[4].read_text(encoding="utf-8"), re.MULTILINE).group(1)
    good = topics[3].read_text(encoding="utf-8")
    _edit(topics[3], pattern, replacement.replace("{other}", other))
    errors, out = _same_outcome_as_full(synthetic, previous)
    shown = errors if errors is not None else "\n".join(str(w) for w in out.warnings)
    assert re.search(rf"facts/topics/[a-z0-9-]+\.yml:\d+:\d+: .*{re.escape(expected)}", shown), shown  # a duplicate: at the later file
    topics[3].write_text(good, encoding="utf-8")  # the fix, from the last good build as a preview has it
    _, fixed = _same_outcome_as_full(synthetic, out or previous)
    assert fixed is not None and not any(expected in str(w) for w in fixed.warnings)


def test_renaming_a_topic_file(synthetic):
    """Renamed, the file is read afresh under its new name: first the id mismatch at the new path, then, id changed too, a full render's pages."""
    previous = generate(synthetic, SITE, synthetic.parent, keep=True)
    topic = sorted((synthetic / "topics").glob("*.yml"))[6]
    renamed = topic.with_name("renamed-topic.yml")
    topic.rename(renamed)
    errors, _ = _same_outcome_as_full(synthetic, previous)
    assert errors is not None and "facts/topics/renamed-topic.yml:" in errors and "must equal the file name 'renamed-topic'" in errors
    _edit(renamed, r"^  id: \S+", "  id: renamed-topic")
    _, out = _same_outcome_as_full(synthetic, previous)
    assert out is not None and "topics/renamed-topic.md" in out.pages and f"topics/{topic.stem}.md" not in out.pages
    assert str(topic) not in out.readings.readings, "the old name's reading is forgotten"


def test_deleting_a_topic_file(synthetic):
    """A topic file deleted: its facts leave every page and download (or what needs them is an error), as in a full load."""
    previous = generate(synthetic, SITE, synthetic.parent, keep=True)
    topic = sorted((synthetic / "topics").glob("*.yml"))[6]
    ids = re.findall(r"^  - id: (\S+)", topic.read_text(encoding="utf-8"), re.MULTILINE)
    topic.unlink()
    errors, out = _same_outcome_as_full(synthetic, previous)
    if out is not None:
        assert not any(i in out.sheet.facts for i in ids)
        assert ids[0] not in out.files["data/facts.csv"].decode()
    else:
        assert "unknown fact" in errors


def test_a_file_of_a_registry_folder_edited(synthetic):
    """Sources kept as a folder of files: an edit of one file re-reads that file only and renders what a full render does;
    an id it duplicates from another file of the folder is reported at the same place as a full load reports it."""
    registry = synthetic / "sources.yml"
    text = registry.read_text(encoding="utf-8")
    (synthetic / "sources").mkdir()
    (synthetic / "sources" / "main.yml").write_text(text, encoding="utf-8")
    first = re.search(r"^  - id: \S+\n(    .*\n)+", text, re.MULTILINE).group(0)
    (synthetic / "sources" / "more.yml").write_text("sources:\n" + first.replace("  - id: ", "  - id: more-", 1), encoding="utf-8")
    registry.unlink()
    previous = generate(synthetic, SITE, synthetic.parent, keep=True)
    _edit(synthetic / "sources" / "more.yml", r'^(\s+outlet: ")', r"\1Renamed ")
    out = _same_as_full(synthetic, previous)
    assert out.rendered is None, "a registry edit renders everything"
    assert out.readings.read == 1
    _edit(synthetic / "sources" / "more.yml", r"^  - id: more-", "  - id: ")
    errors, _ = _same_outcome_as_full(synthetic, out)
    assert errors is not None and re.search(r"facts/sources/more\.yml:2:\d+: duplicate source id .* \(first defined at facts/sources/main\.yml:", errors)


def test_a_computed_figure_follows_an_edit_of_its_input_in_another_file(real):
    """Derived facts state no value, so checking the sheet computes and writes it: a kept reading hands out a fresh copy,
    and after the input changes in another file the computed figures are the new ones, as in a full render."""
    overview = real / "topics" / "overview.yml"
    _edit(overview, r"(- id: itemised-parts-since-2022\n[\s\S]*?\n)      value: 8\n", r"\1")
    _edit(overview, r"(- id: unitemised-remainder-since-2022\n[\s\S]*?\n)      value: 2.3\n", r"\1")
    previous = generate(real, SITE, real.parent, keep=True)
    assert previous.sheet.facts["itemised-parts-since-2022"].figure.value == 8
    machine_tools = real / "topics" / "machine-tools.yml"
    _edit(machine_tools, r"(- id: machine-tools-value-since-2022\n[\s\S]*?\n      value: )3\.1\n", r"\g<1>3.2\n")
    _edit(machine_tools, r"(quote: This includes )\$3\.1 billion", r"\1$3.2 billion")
    out = _same_as_full(real, previous)
    assert out.readings.read == 1, "overview.yml is not read again"
    assert out.sheet.facts["itemised-parts-since-2022"].figure.value == 8.1
    assert previous.sheet.facts["itemised-parts-since-2022"].figure.value == 8, "the previous build's records are its own"
