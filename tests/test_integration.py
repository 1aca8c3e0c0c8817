"""A real `mkdocs build --strict` of the example sheet and of the project's own sheet.

The example and the project's own site are the ones ``conftest.py`` builds once
per run (``example_site``, ``real_site``); the variants here are built in-process
(``sitetools.build_in_process``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sitetools import EXAMPLE, REAL_SITE_URL, ROOT, build_in_process, check_in_process


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    """A strict MkDocs build of a project folder into ``site``, at the project's address as CI sets it."""
    return build_in_process(project / "mkdocs.yml", site, FACTSHEET_SITE_URL=REAL_SITE_URL)


def test_figure_links_to_article_with_text_fragment(example_site):
    """The home page's figure links to the article with a text fragment of the quote."""
    html = (example_site / "index.html").read_text(encoding="utf-8")
    assert 'data-fact-id="machine-tools-share"' in html
    assert 'href="https://copy.example.org/news/exports-surge#:~:text=nearly%2070%25%20of%20machine%20tool%20imports' in html
    assert 'href="topics/machine-tools/#machine-tools-share"' in html


def test_topic_page_has_anchored_facts(example_site):
    """Each fact on its topic page is an anchored heading, the target of its permalink."""
    html = (example_site / "topics" / "machine-tools" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="machine-tools-share" class="fs-fact__claim">' in html
    assert '<h2 id="no-direct-aid" class="fs-fact__claim">There is no evidence of direct military support.</h2>' in html


def test_source_page_lists_citing_facts(example_site):
    """A source page lists every fact citing it, with the quote used."""
    html = (example_site / "sources" / "paper-2024-04-13" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../topics/machine-tools/#machine-tools-share"' in html
    assert '<blockquote class="fs-quote">about 70 percent of the machine tools</blockquote>' in html
    assert "Facts citing this source (2)" in html


def test_relay_source_page_shows_chain(example_site):
    """A briefing nobody cites directly shows which copies relay it."""
    html = (example_site / "sources" / "briefing-2024-04-12" / "index.html").read_text(encoding="utf-8")
    assert "Relayed by" in html and "this is an origin" in html


def test_entity_page_lists_facts(example_site):
    """An entity page lists the facts about it and the claims it makes."""
    html = (example_site / "entities" / "exampleland" / "index.html").read_text(encoding="utf-8")
    assert "Facts about Exampleland (2)" in html
    claims = (example_site / "entities" / "officials-anonymous" / "index.html").read_text(encoding="utf-8")
    assert "Claims made by Two officials, speaking anonymously (3)" in claims


def test_figures_index_and_timeline(example_site):
    """The figures table lists each figure; the timeline lists dated facts."""
    figures = (example_site / "figures" / "index.html").read_text(encoding="utf-8")
    assert figures.count('<tr data-fact-id="') == 2
    timeline = (example_site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-04-12">12 April 2024</time>' in timeline


def _ancestors(element) -> list[str]:
    """The tags of the elements around ``element``, innermost first."""
    tags = []
    while element.parent is not None:
        element = element.parent
        tags.append(element.tag)
    return tags


def test_every_source_with_an_address_links_an_archived_copy(real_site):
    """Each source page of the real site with an address links an archived copy among its details, in the page as
    written (so with or without JavaScript): the editor's, else a lookup of the address's captures."""
    from htmltree import parse
    from sitetools import facts_json

    sources = [s for s in facts_json(real_site)["sources"] if s.get("url")]
    assert sources
    for source in sources:
        page = parse((real_site / "sources" / source["id"] / "index.html").read_text(encoding="utf-8"))
        links = [link for link in page.find_all("a", cls="fs-archive") if "dd" in _ancestors(link)]
        assert len(links) == 1, source["id"]
        if source.get("archive_url"):
            assert links[0]["href"] == source["archive_url"]
        else:
            assert links[0]["href"] == "https://web.archive.org/web/*/" + source["url"].split("#")[0]
            assert "archived copies" in links[0].text()


def test_downloads_are_built(example_site):
    """JSON, CSV, CSL-JSON, BibTeX and the feed are written with every build."""
    data = json.loads((example_site / "data" / "facts.json").read_text(encoding="utf-8"))
    assert [f["id"] for f in data["facts"]] == ["machine-tools-share", "machine-tools-value", "no-direct-aid"]
    assert (example_site / "data" / "facts.csv").read_text(encoding="utf-8").startswith("fact_id,topic,claim,")
    assert (example_site / "feed.xml").exists() and (example_site / "data" / "sources.bib").exists()


def test_unknown_fact_reference_fails_and_names_page(tmp_path):
    """An unknown id in [[fact:...]] fails the build, naming the page, without a traceback."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace("../../../", f"{ROOT}/"), encoding="utf-8")
    (project / "docs" / "index.md").write_text("See [[fact:no-such-fact]].\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/index.md:1:5: unknown fact id 'no-such-fact'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_bare_figure_in_authored_page_fails_strict_build(tmp_path):
    """A figure an authored page writes outside [[fact:...]] is a warning naming page and line: --strict stops."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace("../../../", f"{ROOT}/"), encoding="utf-8")
    (project / "docs" / "index.md").write_text("---\ntitle: Home\n---\n\nAbout 70% of imports.\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/index.md:5:7: warning: figure '70%' written outside a fact reference" in result.stderr
    assert not (tmp_path / "site").exists()


def test_invalid_facts_fail_the_build_with_locations(tmp_path):
    """Invalid fact files stop the build with every path:line:col error and no site."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace("../../../", f"{ROOT}/"), encoding="utf-8")
    topic = project / "facts" / "topics" / "machine-tools.yml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("quote: worth approximately", "qoute: worth approximately"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "facts/topics/machine-tools.yml:39:9: unknown key 'qoute', did you mean 'quote'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.skipif(not (ROOT / "facts" / "sources.yml").exists(), reason="the project's own facts/ is not written yet")
def test_project_site_builds_strict(request):
    """The project's own fact sheet validates and builds with --strict (the run's shared build of it, ``real_site``,
    which stops the run if it fails; it would skip on facts that do not validate, which here fail first)."""
    check = check_in_process(ROOT / "facts")
    assert check.returncode == 0, check.stderr[-3000:]
    assert (request.getfixturevalue("real_site") / "index.html").exists()


def test_build_into_a_linked_site_folder_keeps_the_link(tmp_path):
    """When site/ is a link to a web server's root, the new site goes behind the link and the link stays."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace("../../../", f"{ROOT}/"), encoding="utf-8")
    root = tmp_path / "www" / "root"
    root.mkdir(parents=True)
    (root / "stale.html").write_text("from an earlier deployment", encoding="utf-8")
    link = tmp_path / "site"
    link.symlink_to(root, target_is_directory=True)
    result = build(project, link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and (root / "index.html").is_file() and not (root / "stale.html").exists()
    assert sorted(p.name for p in (tmp_path / "www").iterdir()) == ["root"]
