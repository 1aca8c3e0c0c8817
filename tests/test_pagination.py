"""Long lists (an entity's facts, the figures table) are split into pages, so no page grows with the whole sheet."""

from __future__ import annotations

from helpers import write_facts

from factsheet.load.loader import load
from factsheet.model.urls import Site
from factsheet.render import pages as page_render


def _sheet(tmp_path, n: int, dated: bool = False):
    facts = "".join(
        f"  - id: f{i}\n    claim: Fact {i} is {i} percent.\n    figure: {{value: {i}, unit: percent}}\n"
        f"    claimant: officials\n" + (f"    event_date: 2024-01-{i:02d}\n" if dated else "") +
        f"    citations:\n      - source: paper\n        quote: it was {i}%\n"
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




def test_timeline_splits_in_date_order(tmp_path, monkeypatch):
    """The timeline is split into pages of TIMELINE_PER_PAGE dated facts, oldest first, each page linked from the others."""
    monkeypatch.setattr(page_render, "TIMELINE_PER_PAGE", 4)
    pages = page_render.timeline_pages(_sheet(tmp_path, dated=True, n=9), Site())
    assert list(pages) == ["timeline.md", "timeline/page-2.md", "timeline/page-3.md"]
    out = {src: page.html for src, page in pages.items()}
    assert [text.count('<li data-fact-id="') for text in out.values()] == [4, 4, 1]
    assert out["timeline/page-2.md"].index('data-fact-id="f5"') < out["timeline/page-2.md"].index('data-fact-id="f8"')
    assert 'href="page-3/"' in out["timeline.md"] and pages["timeline/page-2.md"].in_nav is False


def test_one_page_timeline_has_no_pager(tmp_path):
    """A timeline that fits one page is one page without page links, as before the split."""
    pages = page_render.timeline_pages(_sheet(tmp_path, dated=True, n=3), Site())
    assert list(pages) == ["timeline.md"] and "fs-pager" not in pages["timeline.md"].html


def test_folded_entities_split_the_index_and_keep_their_anchor(tmp_path, monkeypatch):
    """With single-fact entities folded, the entities index splits into pages and each folded entity's
    links point at its entry (an element id) on the index page that lists it; an entity of many facts keeps its page."""
    from factsheet.render import layout

    monkeypatch.setattr(layout, "ENTITIES_PER_INDEX_PAGE", 2)
    monkeypatch.setattr(page_render, "ENTITIES_PER_INDEX_PAGE", 2)
    from helpers import ENTITIES

    extra = "".join(f"  - id: lone-{i}\n    name: Lone {i}\n    kind: company\n" for i in range(3))
    folder = write_facts(tmp_path, entities=ENTITIES + extra, topics={"tools": "topic:\n  id: tools\n  title: Tools\nfacts:\n"
        "  - id: f1\n    claim: Fact 1 is 1 percent.\n    figure: {value: 1, unit: percent}\n    claimant: officials\n"
        "    citations:\n      - source: paper\n        quote: it was 1%\n    entities: [acme, lone-1]\n    added: 2026-11-23\n"
        "  - id: f2\n    claim: Fact 2 is 2 percent.\n    figure: {value: 2, unit: percent}\n    claimant: officials\n"
        "    citations:\n      - source: paper\n        quote: it was 2%\n    entities: [acme]\n    added: 2026-11-23\n"})
    sheet, report = load(folder)
    assert sheet is not None, [str(d) for d in report.items]
    site = Site(fold_entities=True)
    pages = page_render.all_pages(sheet, site)
    index = [src for src in pages if src.startswith("entities/index")]
    assert index == ["entities/index.md", "entities/index/page-2.md", "entities/index/page-3.md"]  # 5 entities, 2 a page
    assert "entities/acme.md" in pages  # two facts: a page of its own
    assert 'href="../../entities/index/page-2/#entity-lone-1"' in pages["topics/tools.md"].html  # Acme, Lone 0 | Lone 1, Lone 2 | ...
    folded = [e for e in sheet.entities if layout.entity_address(sheet, site, e)[1]]
    assert folded, "the helper's sheet has entities named by no fact"
    for entity_id in sheet.entities:
        src, anchor = layout.entity_address(sheet, site, entity_id)
        if anchor:
            assert f"entities/{entity_id}.md" not in pages
            assert anchor in pages[src].anchors and f'id="{anchor}"' in pages[src].html


def test_topics_index_lists_topics_under_their_sections(tmp_path):
    """Topics with a section are listed under its heading, in the order each section first comes; the rest first."""
    topics = {
        "a": "topic:\n  id: a\n  title: Alpha\n  order: 1\n  section: Goods\nfacts: []\n",
        "b": "topic:\n  id: b\n  title: Beta\n  order: 2\nfacts: []\n",
        "c": "topic:\n  id: c\n  title: Gamma\n  order: 3\n  section: Routes\nfacts: []\n",
        "d": "topic:\n  id: d\n  title: Delta\n  order: 4\n  section: Goods\nfacts: []\n",
    }
    sheet, report = load(write_facts(tmp_path, topics=topics))
    assert sheet is not None, [str(d) for d in report.items]
    html = page_render.topics_index(sheet, Site()).html
    order = [html.index(text) for text in (">Beta<", ">Goods</h2>", ">Alpha<", ">Delta<", ">Routes</h2>", ">Gamma<")]
    assert order == sorted(order)


def test_split_figures_pages_offer_only_their_own_rows_in_the_filters(tmp_path, monkeypatch):
    """A page of a split figures table offers the topics, sources and entities of its own rows, not the whole sheet's."""
    import re

    monkeypatch.setattr(page_render, "FIGURES_PER_PAGE", 2)
    facts = "".join(
        f"  - id: f{i}\n    claim: Fact {i} is {i} percent.\n    figure: {{value: {i}, unit: percent}}\n"
        f"    claimant: officials\n    citations:\n      - source: paper\n        quote: it was {i}%\n"
        f"    entities: [{'acme' if i <= 2 else 'officials'}]\n    added: 2026-11-23\n"
        for i in range(1, 5)
    )
    sheet, report = load(write_facts(tmp_path, topics={"tools": "topic:\n  id: tools\n  title: Tools\nfacts:\n" + facts}))
    assert sheet is not None, [str(d) for d in report.items]
    pages = page_render.figures_pages(sheet, Site())
    options = {src: re.findall(r'<select name="entities".*?</select>', page.html, re.S)[0] for src, page in pages.items()}
    assert 'value="acme"' in options["figures.md"] and 'value="officials"' not in options["figures.md"]
    assert 'value="officials"' in options["figures/page-2.md"] and 'value="acme"' not in options["figures/page-2.md"]
