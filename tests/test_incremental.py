"""Rendering again only what an edit touches gives exactly the pages a full render gives.

``generate(..., previous=...)`` is what the live preview runs after an edit;
every case edits real fact files on disk and compares, page by page and file
by file, with a fresh full render of the same files.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from factsheet.build import generate
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
    return incremental


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{pattern!r} not found in {path}"
    path.write_text(edited, encoding="utf-8")


@pytest.fixture
def synthetic(tmp_path):
    synth.write_sheet(tmp_path / "facts", 250)
    return tmp_path / "facts"


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
    previous = generate(synthetic, SITE, synthetic.parent)
    topic = sorted((synthetic / "topics").glob("*.yml"))[3]
    cited = re.search(r"^\s+- source: (\S+)", topic.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    ids = re.findall(r"^  - id: (\S+)", (synthetic / "sources.yml").read_text(encoding="utf-8"), re.MULTILINE)
    source = next(i for i in ids if i != cited)
    _edit(topic, pattern, replacement.replace("{source}", source))
    out = _same_as_full(synthetic, previous)
    assert out.rendered is not None, "a topic edit is rendered incrementally"
    assert topic.stem in out.rendered.topics
    assert len(out.rendered.topics) < len(out.sheet.topics), "other topics' pages are the previous ones"
    assert len(out.rendered.entities) < len(out.sheet.entities)


def test_an_input_of_derived_facts_and_charts_in_the_real_sheet(real):
    """The real sheet: editing a fact other topics derive from re-renders their pages too, and matches a full render."""
    previous = generate(real, SITE, real.parent)
    path = real / "topics" / "machine-tools.yml"
    _edit(path, r"^(\s+- id: machine-tools-value-since-2022\n\s+claim: )", r"\1Reportedly, ")
    out = _same_as_full(real, previous)
    assert out.rendered is not None and {"machine-tools", "overview"} <= out.rendered.topics


def test_a_registry_edit_renders_everything(synthetic):
    previous = generate(synthetic, SITE, synthetic.parent)
    _edit(synthetic / "entities.yml", r"^(\s+name: )", r"\1Renamed ")
    out = _same_as_full(synthetic, previous)
    assert out.rendered is None


def test_two_edits_in_a_row(synthetic):
    """Each build starts from the last one's output, as a preview does."""
    out = generate(synthetic, SITE, synthetic.parent)
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
    previous = generate(facts, site, tmp_path)
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
