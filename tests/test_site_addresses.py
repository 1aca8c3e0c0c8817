"""Every address a reader can copy from the site leads somewhere: to a built file, and to an anchor in it.

Cite-this texts (plain, BibTeX, CSL-JSON), the CSV's ``fact_url``, ``facts.json``, the
feed, the sitemap (and its gzipped copy), the JSON-LD and the data package all write
absolute addresses under ``site_url``. The sites are built with ``mkdocs build --strict``
and their own ``site_url``; every address under it, in every file, is resolved to a
file of the built site, and its ``#anchor`` to an element id in that file.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from sitetools import REAL_SITE_URL, TEST_SITE_URL, build_in_process, project_config, write_project

from factsheet.model.urls import placeholder_site_url

_STOP = r"[^\s\"'<>\\`{}|^\[\]]*"


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.add(value)


def _text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".csv":  # cell by cell, as a spreadsheet reads it
        return "\n".join(cell for row in csv.reader(io.StringIO(text)) for cell in row)
    return html.unescape(text) if path.suffix in (".html", ".xml") else text  # as a reader copies it: &quot; is "


def addresses(site: Path, site_url: str) -> dict[str, set[str]]:
    """Every address under ``site_url`` written in any file of a built site, with the files that write it."""
    pattern = re.compile(re.escape(site_url) + _STOP)
    found: dict[str, set[str]] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        for match in pattern.finditer(_text(path)):
            address = match.group(0).rstrip(".,;:)")  # a sentence or a parenthesis may end right after one
            found.setdefault(address, set()).add(path.relative_to(site).as_posix())
    return found


def unresolved(site: Path, site_url: str, found: dict[str, set[str]]) -> list[str]:
    """The addresses that lead to no built file, or to an anchor the file does not have."""
    ids: dict[Path, set[str]] = {}
    problems = []
    for address, where in sorted(found.items()):
        rest = address[len(site_url):]
        path, _, anchor = rest.partition("#")
        target = site / unquote(path)
        if not path or path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            problems.append(f"{address} (in {', '.join(sorted(where))}): no such file {target.relative_to(site)}")
            continue
        if anchor:
            if target.suffix != ".html":
                problems.append(f"{address}: an anchor on a file that is not a page")
                continue
            if target not in ids:
                parser = _Ids()
                parser.feed(target.read_text(encoding="utf-8"))
                ids[target] = parser.ids
            if unquote(anchor) not in ids[target]:
                problems.append(f"{address} (in {', '.join(sorted(where))}): no id {unquote(anchor)!r} in {target.relative_to(site)}")
    return problems


def _check(site: Path, site_url: str) -> dict[str, set[str]]:
    found = addresses(site, site_url)
    assert unresolved(site, site_url, found) == []
    return found


def _written_in(found: dict[str, set[str]], name: str) -> set[str]:
    return {a for a, where in found.items() if name in where}


def test_every_address_of_the_real_site_resolves(real_site):
    """The real sheet, built with its published address: every copied address opens a file and an anchor in it."""
    found = _check(real_site, REAL_SITE_URL)
    for name in ("data/facts.csv", "data/facts.json", "data/datapackage.json", "feed.xml", "sitemap.xml",
                 "sitemap.xml.gz", "data/index.html", "index.html"):
        assert _written_in(found, name), f"no address under site_url in {name}"
    files = _written_in(found, "data/index.html")  # the Dataset's downloads are files, not pages
    for download in ("data/facts.json", "data/facts.csv", "data/sources.csl.json", "data/sources.bib"):
        assert REAL_SITE_URL + download in files
    assert REAL_SITE_URL + "feed.xml" in _written_in(found, "feed.xml")
    assert sum("#" in a for a in found) >= 50  # fact permalinks, from cite-this texts, the CSV, the JSON and the feed


def test_every_address_of_the_example_and_hostile_sites_resolves(example_site, hostile_site):
    """The small example and the site of hostile input (ids and text full of markup) resolve every address too."""
    assert len(_check(example_site, TEST_SITE_URL)) > 10
    assert len(_check(hostile_site, TEST_SITE_URL)) > 10


def test_addresses_resolve_without_directory_urls(tmp_path):
    """With use_directory_urls: false pages are .html files, and every address still names a built file."""
    from sitetools import example_facts

    site_url = "https://newsroom.github.io/sheets/dual-use/"
    config = project_config().replace(f"site_url: {TEST_SITE_URL}", f"site_url: {site_url}") + "use_directory_urls: false\n"
    project = write_project(tmp_path / "project", example_facts(), config=config)
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    found = _check(project / "site", site_url)
    assert site_url + "data/facts.csv" in found and any(".html#" in a for a in found)


@pytest.mark.parametrize("site_url", ["https://example.github.io/factsheet/", ""])
def test_a_strict_build_refuses_a_placeholder_address(tmp_path, site_url):
    """A strict build stops, naming the address and how to set it, and writes no site."""
    from sitetools import example_facts

    line = f"site_url: {site_url}\n" if site_url else ""
    config = project_config().replace(f"site_url: {TEST_SITE_URL}\n", line)
    project = write_project(tmp_path / "project", example_facts(), config=config)
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode != 0
    assert ("site_url is not set" if not site_url else repr(site_url)) in result.stderr
    assert "FACTSHEET_SITE_URL" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists()



def test_a_local_build_says_so_loudly_and_builds(tmp_path):
    """`make site` without FACTSHEET_SITE_URL asks for a local build (FACTSHEET_LOCAL_PREVIEW=1): it builds strict,
    saying where its addresses point; the same build without the switch is refused (above)."""
    from sitetools import example_facts

    config = project_config().replace(f"site_url: {TEST_SITE_URL}\n", "site_url: http://127.0.0.1:8000/\n")
    project = write_project(tmp_path / "project", example_facts(), config=config)
    result = build_in_process(project / "mkdocs.yml", project / "site", FACTSHEET_LOCAL_PREVIEW="1")
    assert result.returncode == 0, result.stderr
    assert "LOCAL PREVIEW" in result.stderr and "http://127.0.0.1:8000/" in result.stderr
    assert (project / "site" / "index.html").is_file()


def test_placeholders_are_recognised():
    """Template and documentation addresses, this machine's and none at all are not a published site's address."""
    for site_url in ("https://example.github.io/factsheet/", "https://example.org/sheet/", "https://www.example.com/",
                     "http://127.0.0.1:8000/", "http://localhost:8000/x/", "https://OWNER.github.io/REPO/",
                     "https://sheet.test/", "https://{owner}.github.io/", "ftp://files.newsroom.org/", ""):
        assert placeholder_site_url(site_url), site_url


def test_real_addresses_are_not_placeholders():
    """Addresses a site is published at are accepted, however they are spelled."""
    for site_url in (REAL_SITE_URL, TEST_SITE_URL, "https://facts.newsroom.co.uk/", "http://reports.example-news.org/x/",
                     "https://ops.github.io/REPORTS/"):
        assert placeholder_site_url(site_url) is None, site_url


class _Links(HTMLParser):
    """The relative ``href`` of every link a page's body writes (not the theme's assets)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and not re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.IGNORECASE):
            self.hrefs.append(href)


def test_folded_entities_and_a_bounded_nav_keep_every_link_whole(tmp_path):
    """single_fact_entities: folded and a nav of the topics index only: every absolute address and every relative
    link in every page leads to a built file and an anchor in it; a folded entity has no page, an anchor in the index."""
    from sitetools import example_facts

    facts = example_facts()
    topic = facts["topics/machine-tools.yml"]
    facts["topics/machine-tools.yml"] = topic.replace("  order: 10\n", "  order: 10\n  section: Goods\n")
    facts["topics/more-tools.yml"] = (topic.replace("machine-tools", "more-tools").replace("title: Machine tools", "title: More tools")
                                      .replace("[exampleland, acme-tools]", "[exampleland]").replace("no-direct-aid", "more-no-direct-aid"))
    config = project_config(extra="extra:\n  factsheet:\n    single_fact_entities: folded\n    nav_topics_max: 1\n")
    project = write_project(tmp_path / "project", facts, config=config)
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    _check(site, TEST_SITE_URL)
    assert not (site / "entities" / "acme-tools").exists()  # named by one fact: folded into the index
    assert (site / "entities" / "exampleland" / "index.html").is_file()  # named by several: a page of its own
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            address = urljoin(TEST_SITE_URL + page.relative_to(site).as_posix(), href)  # as a browser resolves it
            if address.startswith(TEST_SITE_URL):
                problems += unresolved(site, TEST_SITE_URL, {address: {page.relative_to(site).as_posix()}})
    assert problems == []
    index = (site / "entities" / "index.html").read_text(encoding="utf-8")
    assert 'id="entity-acme-tools"' in index
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert "topics/machine-tools/" not in nav and "topics/more-tools/" not in nav  # the nav lists the topics index only
    topics = (site / "topics" / "index.html").read_text(encoding="utf-8")
    assert ">Goods</h2>" in topics

