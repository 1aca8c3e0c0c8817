"""Live-preview benchmark: what a rebuild costs under ``mkdocs serve`` after editing one fact, and where the time goes.

Usage::

    .venv/bin/python benchmarks/preview.py --facts 1000 10000      # make bench-preview
    .venv/bin/python benchmarks/preview.py --facts 60 --no-serve   # quick

For each N it writes the synthetic sheet (``synth.py``) with the repository's
``mkdocs.yml`` (as ``bench.py`` does), then, in a fresh process:

1. builds it once as ``mkdocs serve`` does (``on_startup(command="serve")``,
   the serve address), which warms what a running preview keeps in memory;
2. edits one fact's claim, loads the configuration again (serve makes a new
   one for every rebuild) and builds again, timing every MkDocs event and
   the work between events;
3. does all of it again as ``mkdocs serve --dirty`` (``make serve``) builds.

and, unless ``--no-serve``, starts a real ``mkdocs serve --livereload`` (and
``--dirty``), edits one fact and times the edit until the server says it
reloads browsers.

The split of a rebuild:

- ``engine``: the factsheet plugin's ``on_config`` (load, validate and render
  the sheet's pages and downloads: ``factsheet.build.generate``);
- ``markdown``: reading every page (MkDocs' ``_populate_page``: Python-Markdown
  on the authored pages and on each generated page's title, the plugin's
  ``on_page_markdown`` / ``on_page_content``);
- ``theme``: rendering Material's template for every page and writing it
  (``_build_page``, less the search plugin's share), and the theme's static
  templates (404, sitemap);
- ``search``: Material's search plugin collecting each page's sections
  (``on_page_context``) and writing its index, plus the sharding;
- ``files+clean+swap``: listing the docs, emptying the build folder, swapping
  the finished site in;
- ``other``: the rest (configuration, nav, static files, anchor validation).

No number is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402

ROOT = bench.ROOT


def prepare(n: int, work: Path) -> Path:
    """A project folder with a synthetic sheet of ``n`` facts and the repository's configuration."""
    work.mkdir(parents=True, exist_ok=True)
    bench.write_project(work, n, strict=False)
    return work


class Timer:
    """Adds up the time spent in named functions and in every MkDocs event handler (by event and owner)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def patch(self, module, name: str, key: str) -> None:
        setattr(module, name, self._timed(getattr(module, name), key))

    def wrap(self, plugins) -> None:
        for event, methods in plugins.events.items():
            plugins.events[event] = [self._timed(m, f"{event}:{self._owner(m)}") for m in methods]

    @staticmethod
    def _owner(method) -> str:
        """Who handles the event, and with which method (a plugin may have more than one handler for an event)."""
        owner = getattr(method, "__self__", None)
        who = owner.__class__.__name__ if owner is not None else getattr(method, "__module__", "?")
        return f"{who}.{getattr(method, '__name__', '?')}"

    def _timed(self, function, key: str):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            self.calls[key] += 1
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[key] += time.perf_counter() - start
        return timed

    def total(self, prefix: str, who: str = "") -> float:
        return sum(v for k, v in self.spent.items() if k.startswith(prefix) and who in k)


def split_once(project: Path, dirty: bool) -> dict:
    """Build as serve does, edit one fact, rebuild; the rebuild's time by phase."""
    from mkdocs.commands import build as mkbuild
    from mkdocs.config import load_config

    from factsheet import publish
    from factsheet.adapter import material

    site_dir = tempfile.mkdtemp(prefix="preview-bench-")
    serve_url = "http://127.0.0.1:8000/sheet/"

    def config():
        loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
        loaded.site_url = serve_url
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=dirty)
    start = time.perf_counter()
    mkbuild.build(first, serve_url=serve_url, dirty=dirty)
    first_seconds = time.perf_counter() - start
    bench.edit_one_fact(project / "facts", " Edited for the preview benchmark.")
    second = config()
    timer = Timer()
    timer.wrap(second.plugins)
    timer.patch(mkbuild, "_populate_page", "markdown")
    timer.patch(mkbuild, "_build_page", "page template")
    timer.patch(mkbuild, "_build_theme_template", "theme template")
    timer.patch(mkbuild, "get_files", "files")
    timer.patch(mkbuild.utils, "clean_directory", "clean")
    timer.patch(material, "shard_search_index", "shard")
    timer.patch(publish, "swap_in", "swap")
    start, cpu = time.perf_counter(), time.process_time()
    mkbuild.build(second, serve_url=serve_url, dirty=dirty)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    t = timer.total
    engine = t("config:", "Factsheet") + t("config:", "factsheet_hook")
    search_pages = t("page_context:", "Search")
    search = search_pages + t("post_build:", "Search") + t("shard")
    theme = t("page template") - search_pages + t("theme template")
    markdown = t("markdown")
    named = engine + search + theme + markdown + t("files") + t("clean") + t("swap")
    return {
        "first build s": first_seconds, "rebuild s": total, "rebuild cpu s": cpu, "engine s": engine, "markdown s": markdown,
        "theme s": theme, "search s": search, "files+clean+swap s": t("files") + t("clean") + t("swap"),
        "other s": total - named, "pages": len(list(Path(site_dir).rglob("*.html"))),
        # Each page_context handler (Material's search, each of the plugin's, ...) runs once for every page rendered.
        "rendered": max((n for k, n in timer.calls.items() if k.startswith("page_context:")), default=0),
    }


def serve_rebuild(project: Path, args: tuple[str, ...] = (), timeout: float = 900, edits: int = 3) -> float | None:
    """Seconds from editing a fact to a real ``mkdocs serve --livereload`` (with ``args``) reloading browsers.

    The median of ``edits`` edits in a row (each a new claim text), as an editor saves again and again.
    """
    port = bench._free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}", *args],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=bench.ENV, text=True)
    reloaded: list[float] = []
    ready = threading.Event()

    def reader() -> None:
        for line in proc.stdout:
            if "Reloading browsers" in line or "Preview not updated" in line:
                reloaded.append(time.perf_counter())
            if "Serving on" in line:
                ready.set()

    threading.Thread(target=reader, daemon=True).start()
    seconds: list[float] = []
    try:
        if not ready.wait(timeout):
            return None
        for n in range(edits):
            time.sleep(1.0)  # let the watcher settle
            seen = len(reloaded)
            start = time.perf_counter()
            bench.edit_one_fact(project / "facts", f" Edited for the serve benchmark ({n + 1}).")
            while time.perf_counter() < start + timeout and len(reloaded) == seen:
                time.sleep(0.02)
            if len(reloaded) == seen:
                return None
            seconds.append(reloaded[seen] - start)
        return statistics.median(seconds)
    finally:
        bench.stop(proc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-serve", action="store_true", help="skip the real mkdocs serve timing")
    parser.add_argument("--modes", nargs="+", choices=("full", "dirty"), default=["full", "dirty"],
                        help="which rebuilds to time: full (make serve-full) and dirty (make serve)")
    parser.add_argument("--split", help=argparse.SUPPRESS)  # internal: run one split in this process
    parser.add_argument("--dirty", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.split:
        print(json.dumps(split_once(Path(args.split), args.dirty)))
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as tmp:
        for n in args.facts:
            project = prepare(n, Path(tmp) / f"n{n}")
            for mode in args.modes:
                out = subprocess.run([sys.executable, __file__, "--split", str(project)] + (["--dirty"] if mode == "dirty" else []),
                                     capture_output=True, text=True, env=bench.ENV)
                if out.returncode:
                    print(out.stderr[-3000:], file=sys.stderr)
                    return 1
                row = {"facts": n, "mode": mode, **json.loads(out.stdout.strip().splitlines()[-1])}
                if not args.no_serve:
                    row["serve s"] = serve_rebuild(project, ("--dirty",) if mode == "dirty" else ())
                rows.append(row)
                print(f"{n} facts, {mode}: {json.dumps(row)}", file=sys.stderr, flush=True)
    columns = ["facts", "mode", "pages", "rendered", "first build s", "rebuild s", "rebuild cpu s", "engine s", "markdown s", "theme s",
               "search s", "files+clean+swap s", "other s", "serve s"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join(" ---: " for _ in columns) + "|")
    for row in rows:
        print("| " + " | ".join(bench._cell(row.get(c)) for c in columns) + " |")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
