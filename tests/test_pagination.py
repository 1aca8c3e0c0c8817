"""Long lists (an entity's facts, the figures table) are split into pages, so no page grows with the whole sheet."""

from __future__ import annotations

from helpers import write_facts

from factsheet.loader import load
from factsheet.render import pages as page_render
from factsheet.urls import Site


def _sheet(tmp_path, n: int):
    facts = "".join(
        f"  - id: f{i}\n    claim: Fact {i} is {i} percent.\n    figure: {{value: {i}, unit: percent}}\n"
        f"    claimant: officials\n    citations:\n      - source: paper\n        quote: it was {i}%\n"
        f"    entities: [acme]\n    added: 2026-11-23\n"
        for i in range(1, n + 1)
    )
    folder = write_facts(tmp_path, topics={"tools": "topic:\n  id: tools\n  title: Tools\nfacts:\n" + facts})
    sheet, report = load(folder)
    assert sheet is not None, [str(d) for d in report.items]
    return sheet


def test_entity_facts_split_into_pages_of_200(tmp_path):
    """450 facts about one entity make three linked pages, each listing at most 200."""
    out = {src: page.html for src, page in page_render.entity_pages(_sheet(tmp_path, 450), Site(), "acme").items()}
    assert list(out) == ["entities/acme.md", "entities/acme/page-2.md", "entities/acme/page-3.md"]
    assert [text.count('<li data-fact-id="') for text in out.values()] == [200, 200, 50]
    assert 'href="page-2/"' in out["entities/acme.md"] and '<strong aria-current="page">2</strong>' in out["entities/acme/page-2.md"]
    assert 'href="../../../topics/tools/#f201"' in out["entities/acme/page-2.md"]


def test_small_lists_have_no_pager(tmp_path):
    """A list that fits one page has no page links."""
    out = {src: page.html for src, page in page_render.entity_pages(_sheet(tmp_path, 3), Site(), "acme").items()}
    assert list(out) == ["entities/acme.md"] and "fs-pager" not in out["entities/acme.md"]


def test_figures_table_splits(tmp_path, monkeypatch):
    """The figures table is split into pages of FIGURES_PER_PAGE rows, every figure on exactly one."""
    monkeypatch.setattr(page_render, "FIGURES_PER_PAGE", 4)
    out = {src: page.html for src, page in page_render.figures_pages(_sheet(tmp_path, 10), Site()).items()}
    assert list(out) == ["figures.md", "figures/page-2.md", "figures/page-3.md"]
    assert sum(text.count('<tr data-fact-id="') for text in out.values()) == 10
