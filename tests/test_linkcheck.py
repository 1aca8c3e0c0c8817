"""The link checker: internal links and anchors of built sites resolve; dead citation links point at archives."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from helpers import write_facts

from factsheet.check.linkcheck import check_site, check_sources, main, markdown_report
from factsheet.load.loader import load


def test_example_site_links_all_resolve(example_site):
    """Every internal link and anchor of the built example site resolves."""
    problems, checked = check_site(example_site)
    assert [str(p) for p in problems] == []
    assert checked > 100


def test_real_site_links_all_resolve(real_site):
    """Every internal link and anchor of the built real site resolves."""
    problems, checked = check_site(real_site)
    assert [str(p) for p in problems] == []
    assert checked > 1000


PAGE = """<!doctype html><html><head><link rel="canonical" href="https://example.org/base/">
<link rel="stylesheet" href="assets/missing.css"></head><body>
<a href="good/">good</a> <a href="good/index.html#there">anchor</a> <a href="good/#nowhere">no anchor</a>
<a href="missing/">missing</a> <a href="https://elsewhere.example.org/x">external</a>
<a href="javascript:alert(1)">script</a> <a href="https://news.example.org/a#:~:text=quoted">fragment</a>
<a href="/base/good/">absolute</a> <a href="https://example.org/base/gone/">own address</a>
<a href="../outside/">outside</a> <a href="#top">top</a> <a id="top" href="mailto:editors@example.org">mail</a>
<img src="img/pixel.png" alt=""></body></html>
"""


@pytest.fixture
def small_site(tmp_path) -> Path:
    """A hand-made built site with one of each kind of good and bad link."""
    site = tmp_path / "site"
    (site / "good").mkdir(parents=True)
    (site / "img").mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "good" / "index.html").write_text('<p id="there">here</p><a href="../">home</a>', encoding="utf-8")
    (site / "img" / "pixel.png").write_bytes(b"\x89PNG")
    (site / "sitemap.xml").write_text("<urlset><url><loc>https://example.org/base/</loc></url></urlset>", encoding="utf-8")
    return site


def test_broken_links_and_anchors_are_reported_with_their_position(small_site):
    """Missing pages, files and anchors, script links and links out of the base path are reported as path:line:col."""
    problems, checked = check_site(small_site)
    assert [str(p) for p in problems] == [
        "site/index.html:2:1: broken link 'assets/missing.css': no assets/missing.css in the site",
        "site/index.html:3:69: broken anchor 'good/#nowhere': good/index.html has no id 'nowhere'",
        "site/index.html:4:1: broken link 'missing/': no missing/index.html in the site",
        "site/index.html:5:1: script link 'javascript:alert(1)'",
        "site/index.html:6:36: broken link 'https://example.org/base/gone/': no gone/index.html in the site",
        "site/index.html:7:1: link '../outside/' leaves the site's base path /base/",
    ]
    assert checked == 12  # every internal link of both pages, the canonical address included


def test_command_line_exit_status(small_site, example_site, capsys):
    """`python -m factsheet.check.linkcheck SITE` exits 1 and lists problems when links are broken, 0 when none are."""
    assert main([str(small_site)]) == 1
    out = capsys.readouterr()
    assert "site/index.html:4:1: broken link 'missing/'" in out.err
    assert "6 broken" in out.out
    assert main([str(example_site)]) == 0
    assert ": 0 broken" in capsys.readouterr().out


# --- external links, against a local server ---------------------------------------------------------------

class _Articles(http.server.BaseHTTPRequestHandler):
    """/ok and /archived answer; /gone is gone; /no-head refuses HEAD but answers GET."""

    def _answer(self, head: bool) -> None:
        if self.path in ("/ok", "/archived") or (self.path == "/no-head" and not head):
            code = 200
        elif self.path == "/no-head":
            code = 405
        else:
            code = 404
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802 - http.server's API name
        self._answer(head=True)

    def do_GET(self):  # noqa: N802 - http.server's API name
        self._answer(head=False)

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def articles():
    """A local stand-in for the publishers' servers."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Articles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _source(source_id: str, url: str, archive: str | None = None) -> str:
    lines = [f"  - id: {source_id}", "    title: An article", "    outlet: A paper", f"    url: {url}",
             "    accessed: 2026-11-23", "    kind: original-report"]
    if archive:
        lines += [f"    archive_url: {archive}", "    archive_date: 2026-01-01"]
    return "\n".join(lines) + "\n"


def test_dead_citation_links_point_at_the_archived_copy(tmp_path, articles):
    """A source that answers 404 is dead and the report points at its archive_url; one without asks for an archive."""
    sources = "sources:\n" + "".join([
        _source("paper", f"{articles}/ok"),
        _source("gone-archived", f"{articles}/gone", f"{articles}/archived"),
        _source("gone-bare", f"{articles}/gone-too"),
        _source("no-head", f"{articles}/no-head"),
    ])
    topic = """\
topic:
  id: tools
  title: Tools
facts:
  - id: share
    claim: About 70% of tools came from abroad.
    claimant: officials
    citations:
""" + "".join(f"      - source: {s}\n        quote: about 70% of tools came from abroad\n"
              for s in ("paper", "gone-archived", "gone-bare", "no-head")) + "    added: 2026-11-23\n"
    sheet, report = load(write_facts(tmp_path, sources=sources, topics={"tools": topic}))
    assert sheet is not None, report.items
    reports = {r.source_id: r for r in check_sources(sheet, timeout=5)}
    assert reports["paper"].url.ok and reports["no-head"].url.ok
    assert reports["gone-archived"].url.dead
    assert reports["gone-archived"].advice() == f"point readers at the archived copy {articles}/archived"
    assert reports["gone-bare"].url.dead
    assert "record an archive_url (e.g. from https://web.archive.org/web/*/" in reports["gone-bare"].advice()
    text = markdown_report(list(reports.values()))
    assert text.startswith("2 dead and 0 unreachable citation links (of 4).")
    assert f"| `gone-archived` | {articles}/gone | dead: HTTP 404 | point readers at the archived copy {articles}/archived |" in text
    assert main(["--external", "--facts", str(tmp_path / "facts"), "--timeout", "5",
                 "--markdown", str(tmp_path / "report.md")]) == 1
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == text
