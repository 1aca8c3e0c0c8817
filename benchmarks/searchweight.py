"""What a reader's first search downloads, measured in a real browser.

The site is served over http; for each query a fresh headless Chromium opens
the home page, waits until it has loaded, clicks into search and types the
query key by key (100 ms a key, a brisk typist), waits until the search
worker has answered the last query it was sent and the network has been
quiet for half a second (``ANSWERED``), and adds up the gzipped size of every file fetched after the page
had loaded: the search worker's script (``search-lazy.js`` starts it then),
``search_index.json``, the sharded index's ``meta.json``, term
shards and document chunks (``factsheet/render/searchindex.py``), or Material's
whole index when the site keeps it. The heaviest query counts.

Without Chromium (or Playwright) it falls back to an upper bound read from the
files: the worker, the index manifest, the biggest term shard for each word of the
longest query, and the biggest document chunk for every document the worker
may show.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

QUERIES = ("china", "machine tools", "4.9 billion", "report 42", "Volga Company", "kazakhstan", "microelectronics-share")
TYPING_DELAY_MS = 100
WORKER = Path(__file__).resolve().parent.parent / "factsheet" / "assets" / "search-worker.js"
# Whether the search worker has answered the last query the page sent it, in Material's protocol (which the sheet's
# sharded worker speaks too: a query is message type 2, a result type 3). A worker that drops a stale query answers
# only the newest, so a result after the last query is its answer; every file it fetched for it was asked for before.
ANSWERED = """(() => {
  const Native = window.Worker;
  if (!Native) return;
  window.__searchAnswered = false;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === 3) window.__searchAnswered = true;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) window.__searchAnswered = false;
      return super.postMessage(message, ...rest);
    }
  };
})();"""
ANSWER_TIMEOUT_MS = 30_000


def _worker_constant(name: str) -> int:
    """A limit of the search worker (``var NAME = 10;``), read from the worker itself so the two cannot drift."""
    match = re.search(rf"\bvar {name} = (\d+);", WORKER.read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError(f"{WORKER}: no 'var {name} = <number>;'")
    return int(match.group(1))


@dataclass
class SearchWeight:
    """The heaviest first search, and how it was measured."""

    bytes: int
    query: str
    method: str  # "browser" or "estimate"
    per_query: dict[str, int] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def _snap_stub(path: str) -> bool:
    """Whether a browser command is Ubuntu's transitional script that only asks for the snap (no browser behind it)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return True
    return head.startswith(b"#!") and b"/snap/bin/" in head


def chromium() -> str | None:
    """The Chrome or Chromium to drive, or None (the tests use this too).

    ``FACTSHEET_CHROMIUM`` if set; else the first of chromium, chromium-browser, google-chrome,
    google-chrome-stable and chrome on the PATH that is not a snap stub (GitHub's Ubuntu runners
    ship Google Chrome, and their chromium-browser only asks for the snap); else /usr/bin/chromium.
    """
    wanted = os.environ.get("FACTSHEET_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).is_file() else None
    for name in BROWSERS:
        found = shutil.which(name)
        if found and not _snap_stub(found):
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def measure(site: Path, gz: Callable[[str], int], queries: tuple[str, ...] = QUERIES) -> SearchWeight:
    """The gzipped bytes of the heaviest first search over ``queries`` (browser when possible, else an upper bound)."""
    executable = chromium()
    if executable:
        try:
            return _in_browser(site, gz, queries, executable)
        except ImportError:
            pass
    return _estimate(site, gz, queries)


def _in_browser(site: Path, gz: Callable[[str], int], queries: tuple[str, ...], executable: str) -> SearchWeight:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    per_query: dict[str, int] = {}
    requests: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
            try:
                for query in queries:
                    context = browser.new_context(service_workers="block")
                    context.add_init_script(ANSWERED)
                    page = context.new_page()
                    seen: list[str] = []
                    page.on("request", lambda request, seen=seen: seen.append(request.url))
                    page.goto(base)
                    page.wait_for_load_state("networkidle")
                    loaded = len(seen)
                    page.click("input.md-search__input")
                    page.keyboard.type(query, delay=TYPING_DELAY_MS)
                    try:
                        page.wait_for_function("() => window.__searchAnswered === true", timeout=ANSWER_TIMEOUT_MS)
                    except PlaywrightTimeout:
                        raise RuntimeError(f"the search for {query!r} got no answer in {ANSWER_TIMEOUT_MS // 1000} s "
                                           f"(the site at {site})") from None
                    page.wait_for_load_state("networkidle")
                    fetched = {u[len(base):].split("?", 1)[0].split("#", 1)[0] for u in seen[loaded:] if u.startswith(base)}
                    per_query[query] = sum(gz(rel) for rel in fetched)
                    requests[query] = len(fetched)
                    context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
    worst = max(per_query, key=lambda q: (per_query[q], q))
    return SearchWeight(per_query[worst], worst, "browser", per_query, requests)


def _first_search_files(site: Path) -> list[str]:
    """The files any first search from the home page fetches before the index's parts: the search worker's script
    and ``search_index.json``, as the page weight model finds them (``siteweight.py``)."""
    from siteweight import Weigher  # beside this module, as bench.py and builders.py import both

    try:
        return Weigher(site).page("index.html").search_files or ["search/search_index.json"]
    except OSError:
        return ["search/search_index.json"]


def _estimate(site: Path, gz: Callable[[str], int], queries: tuple[str, ...]) -> SearchWeight:
    index = site / "search" / "search_index.json"
    try:
        config = json.loads(index.read_text(encoding="utf-8")).get("config", {})
    except (OSError, ValueError):
        return SearchWeight(0, "", "estimate")
    where = (config.get("factsheet") or {}).get("path")
    start = sum(gz(f) for f in _first_search_files(site))
    if not where:  # Material's own index: the whole file, with the worker
        return SearchWeight(start, "", "estimate")
    root = f"search/{where}"
    shards = sorted((gz(f"{root}t/{p.name}") for p in (site / root / "t").glob("*.json")), reverse=True)
    chunks = sorted((gz(f"{root}d/{p.name}") for p in (site / root / "d").glob("*.json")), reverse=True)
    words = max(len(q.split()) for q in queries)
    docs = _worker_constant("TOP_PAGES") * (_worker_constant("SECTIONS_PER_PAGE") + 1)
    total = start + gz(f"{root}meta.json") + sum(shards[:words]) + sum(chunks[:docs])
    return SearchWeight(total, "(upper bound)", "estimate")
