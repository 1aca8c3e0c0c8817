"""A real strict build with ``report_url`` set: "Report a problem" on every page and fact, and the corrections page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from htmltree import parse
from rich_sheet import ENTITIES, PLANTS, SOURCES, SUPPLIES
from sitetools import build_in_process, project_config, write_project

REPORT_URL = "https://issues.example.org/new?title={title}&body={url}&page={id}"
DOCS = {
    "index.md": "# Home\n\nTogether [[fact:parts-total]]; once [[fact:old-estimate]].\n",
    "story.md": "# Risks & rewards: 50/50?\n\nText.\n",
}


def read(site: Path, path: str):
    return parse((site / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The rich sheet built with a report address."""
    config = project_config(extra=f"extra:\n  factsheet:\n    report_url: {REPORT_URL!r}\n")
    project = write_project(tmp_path_factory.mktemp("report") / "project",
                            {"sources.yml": SOURCES, "entities.yml": ENTITIES,
                             "topics/supplies.yml": SUPPLIES, "topics/plants.yml": PLANTS}, DOCS, config)
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def page_report_link(page) -> dict[str, list[str]]:
    """The query of the page's "Report a problem with this page" link, decoded."""
    paragraph = page.find("p", cls="fs-report-page")
    assert "data-search-exclude" in paragraph.attrs
    link = paragraph.find("a")
    assert link.text() == "Report a problem with this page"
    return parse_qs(urlsplit(link["href"]).query)


def test_every_page_has_a_report_link_with_its_own_id_url_and_title(site):
    """The link carries the page's source path, address and title, each URL-encoded."""
    query = page_report_link(read(site, "story/index.html"))
    assert query == {"title": ["Risks & rewards: 50/50?"], "body": ["https://factsheet-tests.github.io/sheet/story/"], "page": ["story.md"]}


def test_report_link_values_are_encoded_in_the_address(site):
    """Ampersands, colons and spaces in the values are percent-encoded, so they cannot split the query."""
    href = read(site, "story/index.html").find("p", cls="fs-report-page").find("a")["href"]
    assert href.startswith("https://issues.example.org/new?title=Risks%20%26%20rewards%3A%2050/50%3F&body=https%3A//")


def test_generated_pages_have_the_report_link_too(site):
    """Topic, source and corrections pages carry the link, naming their own source path."""
    for path, src in [("topics/supplies/index.html", "topics/supplies.md"), ("sources/copy/index.html", "sources/copy.md"),
                      ("corrections/index.html", "corrections.md")]:
        assert page_report_link(read(site, path))["page"] == [src]


def test_each_fact_has_its_own_report_link(site):
    """In a topic page, each fact's foot links to the report address with the fact's id, permalink and claim."""
    article = read(site, "topics/supplies/index.html").find("article", data_fact_id="tools-value")
    query = parse_qs(urlsplit(article.find(cls="fs-report").find("a")["href"]).query)
    assert query == {"title": ["Machine tools worth $3.1 billion went to the arms industry."],
                     "body": ["https://factsheet-tests.github.io/sheet/topics/supplies/#tools-value"], "page": ["tools-value"]}


def test_no_report_link_when_unset(example_site):
    """Without report_url, no page or fact shows a report link."""
    for path in ("index.html", "topics/machine-tools/index.html"):
        page = read(example_site, path)
        assert page.find_all(cls="fs-report-page") == [] and page.find_all(cls="fs-report") == []


def test_corrections_page_is_built_and_linked_from_facts(site):
    """The strict build has a corrections page whose links reach the corrected facts' anchors."""
    page = read(site, "corrections/index.html")
    links = [a["href"] for a in page.find_all("ul", cls="fs-corrections-log")[0].find_all("a")]
    assert links == ["../topics/supplies/#chips-value", "../topics/supplies/#old-estimate"]


def test_prose_references_to_computed_and_withdrawn_facts(site):
    """In prose, a computed fact links to its calculation and a withdrawn one says "(withdrawn)"."""
    home = read(site, "index.html")
    computed = home.find(cls="fs-ref", data_fact_id="parts-total")
    assert computed.find("a", cls="fs-ref__value").text() == "$8 billion" and computed.find_all(cls="fs-cite") == []
    withdrawn = home.find(cls="fs-ref", data_fact_id="old-estimate")
    assert withdrawn.find(cls="fs-ref__withdrawn").text() == "(withdrawn)"


def test_real_site_offers_a_report_link_on_every_page_and_fact(real_site):
    """As the methodology page promises: the published sheet has the link at the top of every page and under every fact."""
    pages = [p for p in real_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 50
    for path in pages:
        tree = parse(path.read_text(encoding="utf-8"))
        assert tree.find("p", cls="fs-report-page") is not None, f"{path.relative_to(real_site)} has no report link"
    topics = sorted((real_site / "topics").glob("*/index.html"))
    facts = 0
    for path in topics:
        html = path.read_text(encoding="utf-8")
        for fact_id in re.findall(r'<article class="fs-fact[^"]*" data-fact-id="([^"]+)"', html):
            facts += 1
            assert f"title=Problem%20with%20{fact_id}&" in html, f"fact {fact_id} has no report link"
    assert facts >= 80
