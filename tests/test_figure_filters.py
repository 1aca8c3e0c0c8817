"""A split figures table's filters: every option leads to the page (or folded entry) listing all of its facts."""

from __future__ import annotations

import posixpath
import sys

import pytest
from htmltree import parse
from sitetools import ROOT

from factsheet.build import generate
from factsheet.model.urls import Site
from factsheet.render import pages as page_render

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    """A many-entities sheet of 90 facts, single-fact entities folded, its figures table in pages of 30 rows."""
    facts = tmp_path_factory.mktemp("filters") / "facts"
    synth.write_sheet(facts, 90, shape_name="many-entities")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page_render, "FIGURES_PER_PAGE", 30)
        return generate(facts, Site("https://example.org/sheet/", True, "Sheet", "", True))


def _page_of(site: Site, output, url: str) -> str:
    """The generated page whose URL (site-relative) is ``url``."""
    return next(src for src in output.pages if site.url_of(src) == url)


def test_every_option_of_a_split_table_leads_to_its_complete_list(output):
    """An option's address is its own data-href, else its select's with the value in place of {}; either way it is
    a page of the sheet, and a folded entity's has the anchor of its entry there. Only options whose address the
    pattern cannot make (folded entities) carry their own."""
    site = Site("https://example.org/sheet/", True, "Sheet", "", True)
    page = "figures/page-2.md"
    form = parse(output.pages[page].html).find("form", cls="fs-filters")
    assert form.get("data-split") is not None
    own = patterned = 0
    for select in form.find_all("select"):
        pattern = select["data-href"]
        assert "{}" in pattern
        for option in select.find_all("option")[1:]:
            href = option.get("data-href")
            if href:
                own += 1
                assert select["name"] == "entities" and href != pattern.replace("{}", option["value"])
            else:
                patterned += 1
                href = pattern.replace("{}", option["value"])
            path, _, anchor = href.partition("#")
            target = _page_of(site, output, posixpath.normpath(posixpath.join(site.url_of(page), path)) + "/")
            if select["name"] == "entities":
                assert anchor == ("" if target == f"entities/{option['value']}.md" else f"entity-{option['value']}")
            if anchor:
                assert f'id="{anchor}"' in output.pages[target].html
    assert own and patterned


def test_an_unsplit_table_has_no_addresses(tmp_path):
    """With every figure on one page, the filters narrow the whole table and carry no addresses."""
    synth.write_sheet(tmp_path / "facts", 40, shape_name="many-entities")
    html = generate(tmp_path / "facts", Site("https://example.org/sheet/", True, "Sheet", "", True)).pages["figures.md"].html
    form = parse(html).find("form", cls="fs-filters")
    assert form.get("data-split") is None and "data-href" not in html
