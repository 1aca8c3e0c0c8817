"""Lighthouse (mobile) on one page of each kind a reader lands on; prints a table of the four scores.

    make lighthouse                                  # builds the site, installs Lighthouse, runs this
    .venv/bin/python benchmarks/lighthouse.py SITE   # a site already built
    .venv/bin/python benchmarks/lighthouse.py SITE --require accessibility best-practices seo

Lighthouse is pinned in ``benchmarks/lighthouse/package.json`` and installed
with ``npm ci`` from its lock (integrity hashes). The site is served on
127.0.0.1; each page is audited by a fresh headless run of the system
Chromium (``FACTSHEET_CHROMIUM``, else the PATH, else /usr/bin/chromium) with
Lighthouse's default mobile emulation and simulated throttling. The pages:
home, a topic, a source, an entity, the figures table and the data page.

Performance is a measurement of this machine as much as of the site, so it is
printed, never required; ``--require`` names categories that must score 1.00
(the exit status says whether they did), for CI.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--require", nargs="*", default=[], choices=CATEGORIES[1:],
                        help="categories that must score 1.00 on every page (exit status 1 otherwise)")
    args = parser.parse_args(argv)
    executable = chromium()
    if executable is None:
        raise SystemExit("no Chromium found: install it or set FACTSHEET_CHROMIUM")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    failed = False
    print("| page | performance | accessibility | best practices | SEO | below full marks |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for kind, path in pages(args.site).items():
                report = audit(base + path, Path(tmp) / f"{kind}.json", executable)
                scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
                failed |= any(scores[name] < 1 for name in args.require)
                cells = " | ".join(f"{scores[name]:.2f}" for name in CATEGORIES)
                print(f"| {kind} (`/{path}`) | {cells} | {', '.join(shortfalls(report)) or '-'} |", flush=True)
    finally:
        server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
