"""The downloads carry what the page shows, and describe themselves as a Frictionless Data Package.

Read as a reuser reads them: the CSV with ``csv``, the JSON with ``json``, and the
whole package with the ``frictionless`` library, which checks every CSV cell against
the Table Schema in ``data/datapackage.json``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import write_facts
from rich_sheet import ENTITIES, PLANTS, SITE, SOURCES, SUPPLIES

from factsheet.build import generate
from factsheet.export.data import CSV_COLUMNS

# The rich sheet, plus what a page shows that the rich sheet does not exercise: a source with an inferred
# title and date and a reliability warning, and a fact with notes and an `updated` date of its own.
WARNED_SOURCES = SOURCES.replace(
    "    published: 2026-01\n    url: https://copy.example.org/story\n",
    "    published: 2026-01\n    published_inferred: true\n    title_inferred: true\n    reliability: low\n"
    "    warnings:\n      - text: Copies other outlets without saying so.\n"
    "    url: https://copy.example.org/story\n",
)
NOTED_SUPPLIES = SUPPLIES.replace(
    "  - id: parts-total\n",
    "    updated: 2026-02-01\n"
    "    annotations:\n      - kind: caveat\n        text: Customs codes overlap.\n        date: 2026-02-01\n"
    "      - kind: definition\n        text: Parts means components.\n"
    "  - id: parts-total\n",
    1,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    """The sheet's downloads written to disk, as a site serves them."""
    assert WARNED_SOURCES != SOURCES and NOTED_SUPPLIES != SUPPLIES, "the rich sheet changed: update the test's edits"
    root = tmp_path_factory.mktemp("data-package")
    facts = write_facts(root / "project", WARNED_SOURCES, ENTITIES, {"supplies": NOTED_SUPPLIES, "plants": PLANTS})
    output = generate(facts, SITE)
    site = root / "site"
    for path, data in output.files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    return site, output


def _rows(site: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "data" / "facts.csv").read_text(encoding="utf-8"))))


def _json(site: Path) -> dict:
    return json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))


def test_package_validates_with_frictionless(built):
    """frictionless reads data/datapackage.json and finds every CSV cell valid against its Table Schema."""
    from frictionless import Package, validate

    site, _ = built
    report = validate(site / "data" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(site / "data" / "datapackage.json")
    csv_resource = package.get_resource("facts-csv")
    assert [f.name for f in csv_resource.schema.fields] == [name for name, _ in CSV_COLUMNS]
    assert {r.path for r in package.resources} == {"facts.csv", "facts.json", "sources.csl.json", "sources.bib"}
    types = {f.name: f.type for f in csv_resource.schema.fields}
    assert types["value_normalised"] == "number" and types["n_origins"] == "integer" and types["sources_differ"] == "boolean"


def test_package_rejects_a_csv_that_breaks_its_schema(built, tmp_path):
    """The schema has teeth: a count that is not a number and an unknown status fail validation."""
    from frictionless import validate

    site, _ = built
    copy = tmp_path / "data"
    copy.mkdir()
    for name in ("datapackage.json", "facts.json", "sources.csl.json", "sources.bib"):
        (copy / name).write_bytes((site / "data" / name).read_bytes())
    rows = _rows(site)
    rows[0]["n_sources"], rows[1]["status"] = "many", "rumoured"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (copy / "facts.csv").write_text(out.getvalue(), encoding="utf-8")
    report = validate(copy / "datapackage.json")
    assert not report.valid
    bad = {(e[0], e[1]) for e in report.flatten(["fieldName", "type"])}
    assert ("n_sources", "type-error") in bad and ("status", "constraint-error") in bad


def test_csv_and_json_give_the_normalised_value(built):
    """$4.9 billion is 4900000000 USD in both downloads; a percentage stays as it is."""
    site, _ = built
    rows = {r["fact_id"]: r for r in _rows(site)}
    assert (rows["chips-value"]["value"], rows["chips-value"]["scale"]) == ("4.9", "billion")
    assert (rows["chips-value"]["value_normalised"], rows["chips-value"]["unit"]) == ("4900000000", "USD")
    facts = {f["id"]: f for f in _json(site)["facts"]}
    assert facts["chips-value"]["value_normalised"] == 4_900_000_000
    assert facts["tools-value"]["value_normalised"] == 3_100_000_000
    for fact in facts.values():
        figure = fact["figure"]
        if figure and figure["scale"] is None and figure["value"] is not None:
            assert fact["value_normalised"] == figure["value"]
        assert rows[fact["id"]]["value_normalised"] == ("" if fact["value_normalised"] is None else
                                                        format(fact["value_normalised"], "g" if isinstance(fact["value_normalised"], float) else "d"))


def test_csv_carries_notes_reliability_and_inferred_flags(built):
    """What a citation shows (reliability warning, "(inferred)") and the fact's notes are columns of its rows."""
    site, _ = built
    rows = [r for r in _rows(site) if r["source_id"] == "copy"]
    assert rows
    for row in rows:
        assert row["source_reliability"] == "low"
        assert row["source_warnings"] == "Copies other outlets without saying so."
        assert row["source_title_inferred"] == "true" and row["source_published_inferred"] == "true"
    plain = next(r for r in _rows(site) if r["source_id"] == "paper")
    assert (plain["source_title_inferred"], plain["source_published_inferred"], plain["source_warnings"]) == ("false", "false", "")
    chips = next(r for r in _rows(site) if r["fact_id"] == "chips-value")
    assert chips["notes"] == "Caveat: Customs codes overlap. (2026-02-01) | Definition: Parts means components."
    json_source = next(s for s in _json(site)["sources"] if s["id"] == "copy")
    assert json_source["reliability"] == "low" and json_source["title_inferred"] is True
    assert [w["text"] for w in json_source["warnings"]] == ["Copies other outlets without saying so."]


def test_updated_agrees_between_csv_and_json(built):
    """updated is the fact file's own date (empty/null when it has none) and last_updated the page's, in both files."""
    site, _ = built
    facts = {f["id"]: f for f in _json(site)["facts"]}
    rows = _rows(site)
    assert rows
    for row in rows:
        fact = facts[row["fact_id"]]
        assert row["updated"] == (fact["updated"] or "")
        assert row["last_updated"] == fact["last_updated"]
        assert row["sources_differ"] == str(fact["sources_differ"]).lower()
    assert facts["chips-value"]["updated"] == "2026-02-01" and facts["chips-value"]["last_updated"] == "2026-03-15"


def test_data_page_links_the_package(built):
    """The data page offers datapackage.json, and its Dataset JSON-LD lists it with the other downloads as files."""
    _, output = built
    page = output.pages["data.md"].html
    assert 'href="datapackage.json" download' in page
    script = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.DOTALL).group(1)
    urls = {d["contentUrl"] for d in json.loads(script)["distribution"]}
    for name in ("facts.json", "facts.csv", "sources.csl.json", "sources.bib", "datapackage.json"):
        assert f"https://example.org/sheet/data/{name}" in urls


def test_chart_data_is_in_the_package_and_validates(tmp_path):
    """Each chart's CSV is a resource of the package, with a Table Schema frictionless finds every cell valid against."""
    from frictionless import Package, validate

    root = Path(__file__).resolve().parents[1]
    if not (root / "facts" / "charts.yml").is_file():
        pytest.skip("the project's facts/charts.yml is not written yet")
    output = generate(root / "facts", SITE)
    for path, data in output.files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    report = validate(tmp_path / "data" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(tmp_path / "data" / "datapackage.json")
    charts = output.sheet.charts
    assert charts
    for chart in charts:
        resource = package.get_resource(f"chart-{chart.id}")
        assert resource.path == f"charts/{chart.id}.csv"
        rows = resource.read_rows()
        assert [r["fact_id"] for r in rows] == ([chart.total] if chart.total else []) + [b.fact for b in chart.bars]
        assert all(isinstance(r["value_normalised"], (int, float, Decimal)) for r in rows)
