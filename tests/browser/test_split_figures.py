"""A figures table split into pages: the filters say they narrow one page and link to the complete lists."""

from __future__ import annotations

import sys

import pytest
from sitetools import ROOT, build_in_process, serve, write_project

from factsheet.render import pages as page_render

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def split_url(tmp_path_factory):
    """A synthetic sheet with more figures than one figures page holds, built (in-process, with pages of 40 rows
    instead of 500, so that a sheet of 60 facts splits as one of 650 would) and served."""
    project = write_project(tmp_path_factory.mktemp("split") / "project", {})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page_render, "FIGURES_PER_PAGE", 40)
        synth.write_sheet(project / "facts", page_render.FIGURES_PER_PAGE + 20)
        result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project / "site" / "figures" / "page-2" / "index.html").is_file()
    with serve(project / "site") as url:
        yield url


def test_filters_on_a_split_table_link_to_the_complete_list(reused_page, split_url):
    """Choosing an entity narrows this page, says so, and links to the entity's page with all its facts."""
    page = reused_page().page
    page.goto(split_url + "figures/page-2/")
    form = page.locator("form.fs-filters")
    form.wait_for(state="visible")
    count = form.locator(".fs-filters__count")
    assert count.inner_text().endswith("figures on this page shown")
    select = form.locator('select[name="entities"]')
    value = select.locator("option").nth(3).get_attribute("value")
    name = select.locator("option").nth(3).inner_text()
    select.select_option(value)
    note = page.locator(".fs-filters__more")
    assert "filters this one" in note.inner_text()
    link = note.locator("a")
    assert link.inner_text() == name
    link.click()
    page.wait_for_url(f"**/entities/{value}/")
    assert page.locator("h1").first.inner_text().startswith(name)
