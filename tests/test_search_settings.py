"""``extra.factsheet.search``: the sharded index by default, Material's own on request, and clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sitetools import EXAMPLE, ROOT, build_in_process, serve

from factsheet.adapter.material import shard_search_index


def _project(tmp_path: Path, search: str | None = None, theme: str = "material") -> Path:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("../../../", ROOT.as_posix() + "/")
    if theme != "material":
        text = text.replace("  name: material\n", f"  name: {theme}\n")
        assert f"name: {theme}" in text
    if search is not None:
        text += f"extra:\n  factsheet:\n    search: {search}\n"
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def material_site(tmp_path_factory) -> Path:
    """The example built with ``search: material``."""
    project = _project(tmp_path_factory.mktemp("material"), "material")
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_search_material_keeps_materials_index_and_worker(material_site):
    """Material's whole index is written as it is, and pages keep Material's worker."""
    index = json.loads((material_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert len(index["docs"]) > 10 and "factsheet" not in index["config"]
    assert [p for p in (material_site / "search").iterdir() if p.is_dir()] == []
    home = (material_site / "index.html").read_text(encoding="utf-8")
    assert "data-search-lazy" in home and "data-search-worker" not in home


@pytest.mark.browser
def test_search_material_still_finds_facts(open_page, material_site):
    """With Material's own worker the search box works as before."""
    with serve(material_site) as url:
        visit = open_page()
        visit.page.goto(url)
        visit.page.locator("input.md-search__input").click()
        visit.page.keyboard.type("$900 million", delay=20)
        visit.page.locator('a.md-search-result__link[href$="#machine-tools-value"]').first.wait_for()
        assert not any("/search/v" in u for u in visit.requests)


def test_an_unknown_search_setting_fails_the_build_and_says_why(tmp_path):
    project = _project(tmp_path, "pagefind")
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode != 0
    assert "extra.factsheet.search: Expected one of: ('sharded', 'material') but received: 'pagefind'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_sharded_search_without_material_is_refused_not_broken(tmp_path):
    """With another theme the pages would keep that theme's search on an empty index: the strict build stops and says so."""
    project = _project(tmp_path, theme="mkdocs")
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode != 0
    assert "the pages do not load its worker: the sharded search needs Material's theme" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def _fake_site(tmp_path: Path, home: str, index: str) -> Path:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "index.html").write_text(home, encoding="utf-8")
    (site / "search" / "search_index.json").write_text(index, encoding="utf-8")
    return site


GOOD_HOME = ('<script src="a/search-lazy.js" data-search-lazy data-search-worker="assets/factsheet/search-worker.js"></script>'
             '<script id="__config" type="application/json">{"search": "assets/javascripts/workers/search.a7633da7.min.js"}</script>')
INDEX = json.dumps({"config": {"separator": "[\\s\\-]+"}, "docs": [{"location": "", "title": "Home", "text": "Hello"}]})


@pytest.mark.parametrize(
    ("home", "index", "warning"),
    [
        (GOOD_HOME.replace("search.a7633da7.min.js", "search-worker.mjs"), INDEX, "names its search worker differently"),
        (GOOD_HOME, json.dumps({"config": {}, "items": []}), "unexpected shape"),
    ],
)
def test_a_material_that_changed_keeps_its_own_index_and_says_so(tmp_path, caplog, home, index, warning):
    """If Material renames its worker or changes its index, the hook leaves search as Material made it, with a warning."""
    site = _fake_site(tmp_path, home, index)
    with caplog.at_level("WARNING"):
        shard_search_index(site)
    assert warning in caplog.text
    assert (site / "search" / "search_index.json").read_text(encoding="utf-8") == index
    assert [p.name for p in (site / "search").iterdir()] == ["search_index.json"]


def test_the_hook_shards_what_material_wrote(tmp_path):
    site = _fake_site(tmp_path, GOOD_HOME, INDEX)
    shard_search_index(site)
    written = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert written["docs"] == [] and (site / "search" / written["config"]["factsheet"]["path"] / "meta.json").is_file()
