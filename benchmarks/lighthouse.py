"""Lighthouse (mobile) on one page of each kind a reader lands on; prints a table of the four scores.

    make lighthouse                                  # builds the site, installs Lighthouse, runs this
    .venv/bin/python benchmarks/lighthouse.py SITE   # a site already built
    .venv/bin/python benchmarks/lighthouse.py SITE --require accessibility best-practices seo
    .venv/bin/python benchmarks/lighthouse.py SITE --runs 1 --pages home figures --reports bench-out/lh

Lighthouse is pinned in ``benchmarks/lighthouse/package.json`` and installed
with ``npm ci`` from its lock (integrity hashes). The site is served on
127.0.0.1 as GitHub Pages serves it: text files (HTML, CSS, JavaScript, JSON,
XML, SVG) gzip-compressed when the browser accepts it, so the transfer sizes
Lighthouse simulates slow 4G with are the real host's. Each page is audited
by a fresh headless run of the system Chromium (``FACTSHEET_CHROMIUM``, else
the PATH, else /usr/bin/chromium) with Lighthouse's default mobile emulation
and simulated throttling. The pages: home, a topic, a source, an entity, the
figures table and the data page.

Lighthouse simulates a slow phone by scaling the CPU time it measures, so a
busy machine scores lower: each page is audited ``--runs`` times (3 unless
told) and the run with the median performance score is printed, with its
first contentful paint, largest contentful paint, total blocking time and
layout shift, and the load average before and after. Performance is a
measurement of this machine as much as of the site, so it is printed, never
required; ``--require`` names categories that must score 1.00 on every run
(the exit status says whether they did), for CI.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from searchweight import chromium  # noqa: E402

HERE = Path(__file__).resolve().parent / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
# What GitHub Pages compresses (text types); images and fonts are sent as they are.
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".bib", ".map")
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS"}


class GitHubPagesLike(http.server.SimpleHTTPRequestHandler):
    """A static file server that gzips text files for browsers that accept it, as GitHub Pages does; quiet."""

    _cache: dict[tuple[str, float], bytes] = {}

    def log_message(self, *_args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.partition("?")[0].endswith("/"):
                return super().send_head()  # its redirect to the folder's address
            path = os.path.join(path, "index.html")
        if not ("gzip" in (self.headers.get("Accept-Encoding") or "") and path.endswith(COMPRESSED)
                and os.path.isfile(path)):
            return super().send_head()
        key = (path, os.path.getmtime(path))
        body = self._cache.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = self._cache[key] = gzip.compress(f.read(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """The gzipped bytes, read once by SimpleHTTPRequestHandler's copyfile."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, _size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def pages(site: Path) -> dict[str, str]:
    """One page of each kind, by kind, from the site's own data download."""
    data = json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))
    fact = data["facts"][0]
    return {
        "home": "", "topic": f"topics/{fact['topic']}/", "source": f"sources/{fact['citations'][0]['source']}/",
        "entity": f"entities/{fact['claimant']}/", "figures": "figures/", "data": "data/",
    }


def audit(url: str, out: Path, executable: str) -> dict:
    """One Lighthouse run: its JSON report."""
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit(f"Lighthouse is not installed: run `npm ci` in {HERE} (make lighthouse does)")
    result = subprocess.run(
        [str(binary), url, "--quiet", f"--chrome-flags={FLAGS}", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}"],
        env=dict(os.environ, CHROME_PATH=executable), capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def shortfalls(report: dict) -> list[str]:
    """The weighted audits that did not score full marks, outside performance: what to fix."""
    found = []
    for name in CATEGORIES[1:]:
        for ref in report["categories"][name]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and result.get("score") is not None and result["score"] < 1:
                found.append(f"{name}: {ref['id']}")
    return found


def metrics(report: dict) -> str:
    """The page's first contentful paint, largest contentful paint, total blocking time and layout shift."""
    return ", ".join(f"{short} {report['audits'][name]['displayValue']}".replace("\u00a0", " ")
                     for name, short in METRICS.items())


def load() -> str:
    """The machine's load average over the last minute, five and fifteen."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def page_options(parser: argparse.ArgumentParser, runs: str) -> None:
    """The options of a benchmark that loads the page kinds of a built site in Chromium (this one, startup.py)."""
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--runs", type=int, default=3, help=runs)
    parser.add_argument("--pages", nargs="*", help="only these page kinds (home topic source entity figures data)")


def chromium_and_pages(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, dict[str, str]]:
    """Chromium's path and the site's page kinds, once :func:`page_options` are checked (or a clear exit)."""
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    executable = chromium()
    if executable is None:
        raise SystemExit("no Chromium found: install it or set FACTSHEET_CHROMIUM")
    kinds = pages(args.site)
    unknown = set(args.pages or ()) - set(kinds)
    if unknown:
        parser.error(f"unknown page kinds: {', '.join(sorted(unknown))} (known: {', '.join(kinds)})")
    return executable, kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    page_options(parser, "audits of each page; the median one is printed (default 3)")
    parser.add_argument("--require", nargs="*", default=[], choices=CATEGORIES[1:],
                        help="categories that must score 1.00 on every page (exit status 1 otherwise)")
    parser.add_argument("--reports", type=Path, help="keep each run's JSON report in this folder")
    args = parser.parse_args(argv)
    executable, kinds = chromium_and_pages(parser, args)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GitHubPagesLike, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    failed = False
    print(f"Lighthouse, {args.runs} run(s) a page, the median printed; load average {load()}", flush=True)
    print("| page | performance (runs) | accessibility | best practices | SEO | median run | below full marks |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.reports or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            for kind, path in kinds.items():
                if args.pages and kind not in args.pages:
                    continue
                reports = [audit(base + path, folder / f"{kind}-{run + 1}.json", executable) for run in range(args.runs)]
                scores = [{name: report["categories"][name]["score"] for name in CATEGORIES} for report in reports]
                failed |= any(score[name] < 1 for score in scores for name in args.require)
                order = sorted(range(len(reports)), key=lambda i: scores[i]["performance"])
                median = order[len(order) // 2]
                performance = statistics.median(score["performance"] for score in scores)
                runs = " ".join(f"{score['performance']:.2f}" for score in scores)
                cells = " | ".join(f"{min(score[name] for score in scores):.2f}" for name in CATEGORIES[1:])
                below = sorted({item for report in reports for item in shortfalls(report)})
                print(f"| {kind} (`/{path}`) | {performance:.2f} ({runs}) | {cells} | {metrics(reports[median])} | "
                      f"{', '.join(below) or '-'} |", flush=True)
    finally:
        server.shutdown()
    print(f"load average afterwards {load()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
