"""Golden output, one file per page kind and download, as pymdown-extensions pairs input with expected HTML.

The input is ``tests/rich_sheet.py`` (a small sheet using every field: derived,
corrected, withdrawn, unhedged, per-passage origins) rendered with a report
address; each generated page and data file is compared whole with its file
under ``tests/golden/pages/``. After an intended change, rewrite them with
``FACTSHEET_UPDATE_GOLDEN=1 pytest tests/test_golden_pages.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import write_facts
from rich_sheet import ENTITIES, PLANTS, REPORTING, SOURCES, SUPPLIES

from factsheet.build import generate

GOLDEN = Path(__file__).parent / "golden" / "pages"
PAGES = {
    "topic": "topics/supplies.md", "topics index": "topics/index.md", "source (a copy)": "sources/copy.md",
    "source (an origin)": "sources/telegraph.md", "sources index": "sources/index.md", "entity": "entities/officials.md",
    "entities index": "entities/index.md", "figures": "figures.md", "timeline": "timeline.md",
    "corrections": "corrections.md", "data": "data.md",
}
FILES = ["data/facts.csv", "data/facts.json", "data/sources.bib", "data/sources.csl.json", "data/datapackage.json", "feed.xml"]


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    facts = write_facts(tmp_path_factory.mktemp("golden"), SOURCES, ENTITIES, {"supplies": SUPPLIES, "plants": PLANTS})
    return generate(facts, REPORTING)


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name.replace("/", "__")
    if os.environ.get("FACTSHEET_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"golden file {path} missing; run with FACTSHEET_UPDATE_GOLDEN=1 once and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from {path}"


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_kind_matches_its_golden_file(output, kind):
    """Each kind of generated page renders exactly as its reviewed golden file."""
    _compare(PAGES[kind], output.pages[PAGES[kind]].markdown())


@pytest.mark.parametrize("path", FILES)
def test_download_matches_its_golden_file(output, path):
    """Each download is byte-identical to its reviewed golden file."""
    _compare(path, output.files[path].decode("utf-8"))
