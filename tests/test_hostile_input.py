"""Untrusted text in fact files: payloads build into inert text; unsafe addresses and invisible characters are refused."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import write_facts
from payloads import ALL, SHORT, field, quoted
from sitetools import build_in_process, check_in_process, project_config, write_project

from factsheet.check.quotes import check_quotes
from factsheet.export.data import data_files
from factsheet.load.loader import load
from factsheet.model.urls import Site

JS_TYPES = ("", "text/javascript", "module", "application/javascript")


class _Scan(HTMLParser):
    """Collects what in a page could run: handlers, script URLs, injected elements, script bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.title = ""
        self.description = ""
        self._in: str | None = None
        self._script_type = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> at line {self.getpos()[0]}")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value[:30]!r}> at line {self.getpos()[0]}")
        if tag == "img" and values.get("src") == "x":
            self.found.append(f"injected <img src=x> at line {self.getpos()[0]}")
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content") or ""
        if tag in ("script", "title"):
            self._in, self._script_type = tag, (values.get("type") or "").lower()

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script" and self._script_type in JS_TYPES and "alert(" in data:
            self.found.append(f"payload inside an executable <script> at line {self.getpos()[0]}")


def scan(path: Path) -> _Scan:
    """Parse one built page as a browser would tokenise it."""
    parser = _Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def plain(text: str) -> str:
    """Text as the loader keeps it: whitespace collapsed."""
    return " ".join(text.split())


# --- the whole build, with a payload in every text field ------------------------------------------------

def test_hostile_text_builds(hostile_site):
    """A facts folder with markup, scripts and Markdown in every text field is valid input and builds strictly."""
    assert (hostile_site / "topics" / "hostile" / "index.html").is_file()
    assert (hostile_site / "sources" / "hostile-source" / "index.html").is_file()


def test_no_page_contains_anything_that_could_run(hostile_site):
    """No built page has an event handler, a script URL, an injected element or a payload in a script."""
    problems = []
    for page in sorted(hostile_site.rglob("*.html")):
        problems += [f"{page.relative_to(hostile_site)}: {p}" for p in scan(page).found]
    assert problems == []


def test_titles_and_descriptions_keep_payloads_as_text(hostile_site):
    """<title> and <meta name=description>, which Material writes unescaped, hold the payload as plain text."""
    topic = scan(hostile_site / "topics" / "hostile" / "index.html")
    assert topic.title.startswith(plain(field("topic.title", SHORT)))
    assert topic.description == plain(field("topic.summary"))[:300]
    source = scan(hostile_site / "sources" / "hostile-source" / "index.html")
    assert "F:source.outlet <script>" in source.title


def test_every_payload_reaches_the_page_as_text(hostile_site):
    """Each payload appears in the topic page's visible text exactly as written."""
    parser = _TextOf()
    parser.feed((hostile_site / "topics" / "hostile" / "index.html").read_text(encoding="utf-8"))
    text = plain(" ".join(parser.text))
    for payload in ALL:
        assert plain(payload) in text, payload


def test_corrections_withdrawals_and_unhedged_reasons_read_as_text(hostile_site):
    """Corrections, the withdrawal reason and the unhedged reason show as text on the topic and corrections pages."""
    for page, fields in [("topics/hostile", ["correction.change", "correction.reason", "withdrawal.reason", "fact.unhedged"]),
                         ("corrections", ["correction.change", "correction.reason", "withdrawal.reason"])]:
        parser = _TextOf()
        parser.feed((hostile_site / page / "index.html").read_text(encoding="utf-8"))
        text = plain("".join(parser.text))
        for name in fields:
            assert plain(field(name)) in text, (page, name)


def test_report_links_carry_hostile_titles_and_claims_as_data(hostile_site):
    """The page's and each fact's "Report a problem" addresses decode to the page title and the claim, exactly."""
    from urllib.parse import parse_qs, urlsplit

    from htmltree import parse

    page = parse((hostile_site / "topics" / "hostile" / "index.html").read_text(encoding="utf-8"))
    query = parse_qs(urlsplit(page.find("p", cls="fs-report-page").find("a")["href"]).query)
    assert query["title"] == [plain(field("topic.title", SHORT))] and query["page"] == ["topics/hostile.md"]
    fact = page.find("article", data_fact_id="hostile-share").find(cls="fs-report").find("a")
    assert parse_qs(urlsplit(fact["href"]).query)["title"] == [plain(quoted(field("fact.claim")))]


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)


def test_downloads_carry_payloads_verbatim_and_defuse_formulas(tmp_path):
    """JSON keeps text as data, and a CSV cell that would start a spreadsheet formula is prefixed with an apostrophe."""
    topic = """\
topic:
  id: tools
  title: Tools
facts:
  - id: share
    claim: "=HYPERLINK(\\"https://evil.example.org\\",\\"70\\") about 70% of tools"
    figure:
      value: 70
      unit: percent
    claimant: officials
    citations:
      - source: paper
        quote: "@SUM(1+1) about 70% of tools came from abroad"
    added: 2026-11-23
"""
    sheet, report = load(write_facts(tmp_path, topics={"tools": topic}))
    assert sheet is not None, report.items
    files = data_files(sheet, Site("https://example.org/"))
    rows = list(csv.DictReader(io.StringIO(files["data/facts.csv"].decode())))
    assert rows[0]["claim"].startswith("'=HYPERLINK(")
    assert rows[0]["quote"].startswith("'@SUM(")
    facts = json.loads(files["data/facts.json"])["facts"]
    assert facts[0]["claim"].startswith("=HYPERLINK(")


# --- refused input ---------------------------------------------------------------------------------------

SOURCE_WITH_URL = """\
sources:
  - id: paper
    title: A paper
    outlet: The Paper
    url: {url}
    accessed: 2026-11-23
    kind: original-report
"""


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "URL scheme 'javascript:' is not allowed"),
        ("JaVaScRiPt:alert(1)", "URL scheme 'JaVaScRiPt:' is not allowed"),
        ('"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="', "URL scheme 'data:' is not allowed"),
        ("vbscript:msgbox(1)", "URL scheme 'vbscript:' is not allowed"),
        ("//evil.example.org/a", "is not an absolute http(s) URL"),
        ("'https://paper.example.org/a\" onmouseover=\"alert(1)'", "is not an absolute http(s) URL"),
        ('"https://paper.example.org/<script>"', "is not an absolute http(s) URL"),
        ('"https://paper.example.org/\u202egpj.exe"', "invisible character U+202E in URL"),
        ('"https://pay\u200bpal.example.org/"', "invisible character U+200B in URL"),
    ],
)
def test_unsafe_urls_are_refused_with_their_position(tmp_path, url, message):
    """Script, data and scheme-relative URLs, attribute breakers and invisible characters are errors at the url's line."""
    sheet, report = load(write_facts(tmp_path, sources=SOURCE_WITH_URL.format(url=url)))
    assert sheet is None
    errors = [str(d) for d in report.errors]
    assert any(e.startswith("facts/sources.yml:5:10: ") and message in e for e in errors), errors


@pytest.mark.parametrize(
    ("fact_id", "shown"),
    [
        ("share\u202e", "\\u202e"),        # right-to-left override
        ("sha\u200bre", "\\u200b"),        # zero-width space
        ("sh\u200dare", "\\u200d"),        # zero-width joiner
        ("shаre", "\\u0430"),              # Cyrillic a, looks the same
        ("share\\n", "\\n"),                # a trailing newline, which '$' alone would accept
    ],
)
def test_invisible_or_lookalike_characters_in_ids_are_refused(tmp_path, fact_id, shown):
    """An id with a bidi control, a zero-width or look-alike character, or a newline is refused and shown escaped."""
    topic = f"""\
topic:
  id: tools
  title: Tools
facts:
  - id: "{fact_id}"
    claim: A claim.
    claimant: officials
    citations:
      - source: paper
        quote: about 70% of tools came from abroad
    added: 2026-11-23
"""
    sheet, report = load(write_facts(tmp_path, topics={"tools": topic}))
    assert sheet is None
    errors = [str(d) for d in report.errors]
    assert any(e.startswith("facts/topics/tools.yml:5:9: ") and "is not a valid id" in e and shown in e for e in errors), errors


def test_bidi_controls_in_text_are_refused(tmp_path):
    """A right-to-left override in a claim, which can make text read backwards, is an error at its position."""
    topic = """\
topic:
  id: tools
  title: Tools
facts:
  - id: share
    claim: "Exports fell \u202e%07 yb"
    claimant: officials
    citations:
      - source: paper
        quote: about 70% of tools came from abroad
    added: 2026-11-23
"""
    sheet, report = load(write_facts(tmp_path, topics={"tools": topic}))
    assert sheet is None
    assert any(str(d).startswith("facts/topics/tools.yml:6:12: invisible control character U+202E") for d in report.errors)


def test_refused_input_stops_check_and_build_without_a_traceback(tmp_path):
    """`factsheet check` and `mkdocs build` both exit non-zero on a javascript: URL, naming file, line and column."""
    facts = {
        "sources.yml": SOURCE_WITH_URL.format(url="javascript:alert(document.cookie)"),
        "entities.yml": "entities:\n  - id: officials\n    name: Officials\n    kind: group\n",
    }
    project = write_project(tmp_path / "project", facts, config=project_config())
    check = check_in_process(project / "facts")
    assert check.returncode == 1
    assert "facts/sources.yml:5:10: URL scheme 'javascript:' is not allowed" in check.stderr
    build = build_in_process(project / "mkdocs.yml", project / "site")
    assert build.returncode != 0
    assert "facts/sources.yml:5:10: URL scheme 'javascript:' is not allowed" in build.stderr
    assert "Traceback" not in build.stdout + build.stderr + check.stdout + check.stderr
    assert not (project / "site").exists()


def test_quote_check_reads_captures_only_inside_the_articles_folder(tmp_path):
    """A capture name that climbs out of the articles folder is reported, not read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("about 70% of tools came from abroad", encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    sources = SOURCE_WITH_URL.format(url="https://paper.example.org/a") + "    capture: ../secret.txt\n"
    sheet, report = load(write_facts(tmp_path / "repo", sources=sources))
    assert sheet is not None, report.items
    result = check_quotes(sheet, articles)
    assert result.matched == 0
    assert any("capture '../secret.txt'" in p and "file name" in p for p in result.problems), result.problems

