"""Link checks: every internal link and anchor of a built site resolves; citation links still answer.

Internal, over the built HTML (no network; run after ``mkdocs build``)::

    python -m factsheet.check.linkcheck site/

Every ``href``/``src`` that points into the site must name a file that exists,
and a ``#fragment`` must name an ``id`` in that page (text fragments,
``#:~:text=``, are left to the browser). Links are resolved as a browser
resolves them, so ``../topics/x/``, ``x/index.html`` and the absolute
``/base/...`` links of the 404 page all work; the site's address and base
path are read from ``sitemap.xml`` unless ``--site-url`` is given. Problems
are printed as ``path:line:col: message`` and make the exit status 1.

External, over the source registry (needs the network; see
``.github/workflows/links.yml``)::

    python -m factsheet.check.linkcheck --external --facts facts [--markdown report.md]

Every source ``url`` (and ``archive_url``) is requested. A page that is gone
(HTTP 404 or 410, or a host that no longer resolves) is *dead*: the report
points at the source's recorded archived copy, or asks for one. Other
failures (timeouts, 403 from bot walls, 5xx) are listed as *unreachable*,
since they are often passing. Dead links make the exit status 1.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import socket
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src", "source": "src",
              "iframe": "src", "audio": "src", "video": "src", "track": "src", "embed": "src", "form": "action"}
IGNORED_SCHEMES = ("mailto:", "tel:", "data:", "blob:", "about:")
_LOCAL = "site.invalid"
USER_AGENT = "factsheet-linkcheck/1 (checks that cited articles are still online)"


@dataclass(frozen=True, order=True)
class Problem:
    """A link that does not resolve, where it was found."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class _Page(HTMLParser):
    """The ids of one page and the links in it, with positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        wanted = LINK_ATTRS.get(tag)
        if wanted and values.get(wanted) is not None:
            if tag == "link" and "preconnect" in (values.get("rel") or ""):
                return
            line, col = self.getpos()
            self.links.append((values[wanted].strip(), line, col + 1))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def site_address(site: Path) -> str:
    """The site's own address, from the first ``<loc>`` of its sitemap, or '' when there is none."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        match = re.search(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(1)
    return ""


def check_site(site: str | os.PathLike, site_url: str = "") -> tuple[list[Problem], int]:
    """Check every internal link and anchor of a built site; returns the problems and how many links were checked."""
    root = Path(site)
    address = urlsplit(site_url or site_address(root))
    base = address.path if address.path.endswith("/") else address.path + "/"
    pages = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*.html"))}
    parsed: dict[str, _Page] = {}

    def page(rel: str) -> _Page:
        if rel not in parsed:
            parsed[rel] = _parse(pages[rel])
        return parsed[rel]

    problems: list[Problem] = []
    checked = 0
    for rel in pages:
        shown = f"{root.name}/{rel}"
        here = f"http://{_LOCAL}{base}{rel}"
        for link, line, col in page(rel).links:
            if not link or link.lower().startswith(IGNORED_SCHEMES) or link == "javascript:void(0)":
                continue
            if link.lower().startswith("javascript:"):
                problems.append(Problem(shown, line, col, f"script link '{link[:60]}'"))
                continue
            target = urlsplit(urljoin(here, link))
            if target.netloc == address.netloc and target.scheme in ("http", "https") and address.netloc:
                target = target._replace(netloc=_LOCAL)
            if target.netloc != _LOCAL:
                continue  # another site: the external check's business
            checked += 1
            path = unquote(target.path)
            if not path.startswith(base):
                problems.append(Problem(shown, line, col, f"link '{link}' leaves the site's base path {base}"))
                continue
            wanted = posixpath.normpath(path[len(base):]) if path[len(base):] else ""
            wanted = "" if wanted == "." else wanted
            candidates = [wanted] if wanted and not path.endswith("/") else []
            candidates.append(posixpath.join(wanted, "index.html") if wanted else "index.html")
            found = next((c for c in candidates if (root / c).is_file()), None)
            if found is None:
                problems.append(Problem(shown, line, col, f"broken link '{link}': no {candidates[0] or 'index.html'} in the site"))
                continue
            fragment = unquote(target.fragment)
            if fragment and not fragment.startswith(":~:") and found in pages and fragment not in page(found).ids:
                problems.append(Problem(shown, line, col, f"broken anchor '{link}': {found} has no id '{fragment}'"))
    return sorted(problems), checked


# --- external links ----------------------------------------------------------------------------------------

@dataclass
class LinkStatus:
    """What requesting one address gave."""

    url: str
    status: int | None
    error: str = ""

    @property
    def dead(self) -> bool:
        """Gone for good: 404, 410, or a host that no longer resolves."""
        return self.status in (404, 410) or self.error.startswith("host not found")

    @property
    def ok(self) -> bool:
        """Answered with a page."""
        return self.status is not None and self.status < 400


def probe(url: str, timeout: float = 20) -> LinkStatus:
    """Request an address (HEAD, then GET where HEAD is refused) and say how it answered."""
    status, error = None, ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, by the schema
                return LinkStatus(url, response.status)
        except urllib.error.HTTPError as exc:
            status, error = exc.code, f"HTTP {exc.code}"
            if exc.code not in (403, 405, 501):
                break
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, socket.gaierror):
                return LinkStatus(url, None, f"host not found ({reason.strerror})")
            return LinkStatus(url, None, f"no answer ({reason})")
        except (TimeoutError, OSError) as exc:
            return LinkStatus(url, None, f"no answer ({exc})")
    return LinkStatus(url, status, error)


@dataclass
class SourceReport:
    """The state of one source's address and of its archived copy."""

    source_id: str
    title: str
    url: LinkStatus
    archive_url: str | None
    archive: LinkStatus | None

    def advice(self) -> str:
        """What readers should be pointed at, or what editors should do."""
        if self.archive_url and (self.archive is None or self.archive.ok):
            return f"point readers at the archived copy {self.archive_url}"
        if self.archive_url:
            return f"the archived copy {self.archive_url} fails too ({self.archive.error}); find another"
        return f"record an archive_url (e.g. from https://web.archive.org/web/*/{self.url.url})"


def check_sources(sheet, timeout: float = 20, workers: int = 8) -> list[SourceReport]:
    """Request every source address and archived copy of a loaded sheet."""
    sources = [s for s in sheet.sources.values() if s.url]
    addresses = sorted({s.url for s in sources} | {s.archive_url for s in sources if s.archive_url})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        status = dict(zip(addresses, pool.map(lambda u: probe(u, timeout), addresses), strict=True))
    return [SourceReport(s.id, s.title, status[s.url], s.archive_url, status.get(s.archive_url)) for s in sources]


def markdown_report(reports: list[SourceReport]) -> str:
    """The broken citation links as a Markdown table, for an issue or a job summary."""
    bad = [r for r in reports if not r.url.ok]
    if not bad:
        return f"All {len(reports)} citation links answered.\n"
    lines = [f"{sum(r.url.dead for r in bad)} dead and {sum(not r.url.dead for r in bad)} unreachable citation links "
             f"(of {len(reports)}).", "", "| source | address | state | what to do |", "| --- | --- | --- | --- |"]
    for r in sorted(bad, key=lambda r: (not r.url.dead, r.source_id)):
        state = ("dead: " if r.url.dead else "unreachable: ") + (r.url.error or f"HTTP {r.url.status}")
        advice = r.advice() if r.url.dead else "check again later; " + r.advice()
        lines.append(f"| `{r.source_id}` | {r.url.url} | {state} | {advice} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the internal check on a built site, or the external check on a facts folder."""
    parser = argparse.ArgumentParser(prog="python -m factsheet.check.linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", help="built site folder (internal check)")
    parser.add_argument("--site-url", default="", help="the site's address, if not in its sitemap.xml")
    parser.add_argument("--external", action="store_true", help="request every source address instead")
    parser.add_argument("--facts", default="facts", help="facts folder, for --external (default: facts)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds to wait for each address (default: 20)")
    parser.add_argument("--markdown", help="also write the --external report as Markdown to this file")
    args = parser.parse_args(argv)
    if args.external:
        from factsheet.load.loader import load

        sheet, report = load(args.facts)
        if sheet is None:
            for item in report.sorted():
                print(item, file=sys.stderr)
            return 1
        reports = check_sources(sheet, args.timeout)
        text = markdown_report(reports)
        if args.markdown:
            Path(args.markdown).write_text(text, encoding="utf-8")
        print(text, end="")
        return 1 if any(r.url.dead for r in reports) else 0
    if not args.site or not Path(args.site).is_dir():
        parser.error("give the folder of a built site, or --external")
    problems, checked = check_site(args.site, args.site_url)
    for problem in problems:
        print(problem, file=sys.stderr)
    pages = sum(1 for _ in Path(args.site).rglob("*.html"))
    print(f"checked {checked} internal links in {pages} pages: {len(problems)} broken")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
