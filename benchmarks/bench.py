"""Performance benchmark: build synthetic fact sheets of N facts with the real MkDocs configuration.

Usage::

    .venv/bin/python benchmarks/bench.py --facts 1000 10000     # make bench
    .venv/bin/python benchmarks/bench.py --facts 200            # make bench-small
    .venv/bin/python benchmarks/bench.py --facts 60 --quick     # what CI runs
    .venv/bin/python benchmarks/bench.py --facts 100000 --build-only --keep /tmp/b   # one build of a very large sheet
    .venv/bin/python benchmarks/bench.py --shape all --quick    # every shape at 1,000 and 10,000 facts

For each N it writes a synthetic sheet (benchmarks/synth.py) and a copy of the
repository's ``mkdocs.yml`` (Material, search, the hook by absolute path) into
a temporary folder, builds it with the real MkDocs in a subprocess, and prints
one table:

- ``shape``: the synthetic sheet's shape (``--shape``: ``realistic``, ``many-topics``,
  ``many-entities``; see benchmarks/synth.py);
- ``build s`` / ``build cpu s`` / ``peak MiB``: wall time, CPU time (the forked children's
  included: a build uses a second core, see ``factsheet/forked.py``) and peak RSS (the largest
  process's) of ``mkdocs build``; ``FACTSHEET_PARALLEL=0 bench.py ...`` times builds on one core;
  ``growth``: build time over that of the previous size of the same shape;
  ``HTML MB/1k facts``: the site's HTML per thousand facts;
- ``engine s``: load + validate + render in-process (``factsheet.build.generate``, in one process);
  ``load+check s``: load + validate alone; ``check s``: ``factsheet check`` as a command;
- ``floor s``: the same pages written with ``factsheet render --out --docs`` and
  built by plain MkDocs without the hook; ``ratio``: build / floor;
- ``site MB``, ``HTML MB``: size of ``site/`` and of its HTML;
- ``first load KB``: gzipped bytes a reader downloads arriving on the heaviest
  page (HTML, CSS, JS, icons, and Material's search worker and index when
  they load eagerly); ``first search KB``: what a first search adds, measured
  in headless Chromium typing several queries (the heaviest counts;
  ``searchweight.py``, with an upper bound from the files when there is no
  browser).

It also times a rebuild after editing one fact of the real sheet (a copy of
the repository): a second ``mkdocs build``, and the rebuild ``mkdocs serve``
does on the change (skipped with ``--quick``). No number here is asserted
anywhere; it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402
from searchweight import QUERIES  # noqa: E402
from searchweight import measure as measure_search  # noqa: E402
from siteweight import Weigher, html_pages, tree_size  # noqa: E402

QUICK_QUERIES = ("4.9 billion",)  # --quick: one first search, not the whole list of queries

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "hooks" / "factsheet_hook.py"
MEASURE = Path(__file__).resolve().parent / "measure.py"
# Every measured build compiles its templates, as a first build on a fresh machine does and as the floor (Material
# without the plugin) always does: no folder of compiled templates from an earlier process (factsheet/templatecache.py).
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", FACTSHEET_TEMPLATE_CACHE="")
COLUMNS = ["shape", "facts", "pages", "build s", "build cpu s", "growth", "peak MiB", "HTML MB/1k facts", "engine s", "load+check s", "check s", "floor s", "ratio",
           "site MB", "HTML MB", "first load KB", "first search KB"]


# ---------------------------------------------------------------- config files

class Tagged:
    """A YAML value with a tag PyYAML cannot construct safely (``!!python/name:``, ``!ENV``), kept as written."""

    def __init__(self, tag: str, value):
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, loader.construct_mapping(node, deep=True))


def _represent_tagged(dumper, data: Tagged):
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def read_config(path: Path) -> dict:
    """The repository's MkDocs configuration, tags kept as written."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def write_config(path: Path, config: dict) -> None:
    """Write a configuration back as YAML."""
    path.write_text(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _nav_paths(nav) -> list[str]:
    out = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += _nav_paths(value)
        elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
            out.append(value)
    return out


SITE_URL = "https://factsheet-bench.github.io/sheet/"  # a published-looking address (mkdocs.yml reads its own from the environment)


def synthetic_config(repo: dict, facts_dir: str = "facts") -> dict:
    """The repository's configuration pointed at a synthetic sheet: hook by absolute path, no watch, not strict, entities folded."""
    config = dict(repo)
    config.update(docs_dir="docs", site_dir="site", strict=False, site_url=SITE_URL)
    config.pop("watch", None)
    hooks = []
    for hook in config.get("hooks") or []:
        path = Path(hook) if Path(hook).is_absolute() else ROOT / hook
        hooks.append(str(HOOK if path.name == HOOK.name else path))
    config["hooks"] = hooks or [str(HOOK)]
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        config["theme"] = dict(theme, custom_dir=str(ROOT / theme["custom_dir"]))
    extra = dict(config.get("extra") or {})
    # A large sheet folds its single-fact entities into the entities index (README, "Large sheets").
    extra["factsheet"] = dict(extra.get("factsheet") or {}, facts_dir=facts_dir, single_fact_entities="folded")
    config["extra"] = extra
    return config


def floor_config(config: dict, topic_pages: list[str]) -> dict:
    """The same site for plain MkDocs: no factsheet hook, rendered docs, topics listed in the nav as the hook does."""
    floor = dict(config)
    floor.update(docs_dir="floor-docs", site_dir="site-floor")
    floor["hooks"] = [h for h in config.get("hooks", []) if Path(h).name != HOOK.name]
    if not floor["hooks"]:
        floor.pop("hooks")
    floor["extra_css"] = list(config.get("extra_css") or []) + ["assets/factsheet/factsheet.css"]
    floor["extra_javascript"] = list(config.get("extra_javascript") or []) + ["assets/factsheet/factsheet.js"]
    floor["not_in_nav"] = "/sources/*\n/entities/*\n"

    def expand(items):
        out = []
        for item in items:
            if isinstance(item, dict):
                (title, value), = item.items()
                if value == "topics/index.md":
                    out.append({title: ["topics/index.md"] + topic_pages})
                elif isinstance(value, list):
                    out.append({title: expand(value)})
                else:
                    out.append(item)
            elif item == "topics/index.md":
                out.append({"Topics": ["topics/index.md"] + topic_pages})
            else:
                out.append(item)
        return out

    nav_max = (config.get("extra", {}).get("factsheet") or {}).get("nav_topics_max", 60)
    if floor.get("nav") and len(topic_pages) <= nav_max:  # as the hook does: past nav_topics_max, the topics index only
        floor["nav"] = expand(floor["nav"])
    return floor


def workdir(keep: str | None, prefix: str) -> Path:
    """The folder a benchmark builds in: ``keep`` emptied afresh, else a new temporary folder."""
    work = Path(keep).resolve() if keep else Path(tempfile.mkdtemp(prefix=prefix))
    if keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    return work


def write_project(work: Path, n: int, *, strict: bool = True) -> dict:
    """A project of ``n`` synthetic facts in ``work``: facts/, docs/ and a mkdocs.yml made from the repository's; its config."""
    from factsheet.build import generate
    from factsheet.model.urls import Site

    made = synth.write_sheet(work / "facts", n)
    config = synthetic_config(read_config(ROOT / "mkdocs.yml"))
    if not strict:
        config.pop("strict", None)
    output = generate(work / "facts", Site(config.get("site_url") or "", True, config.get("site_name", "")), work)
    prepare_docs(work / "docs", config, made["fact_ids"], set(output.pages) | set(output.files))
    del output
    write_config(work / "mkdocs.yml", config)
    return config


def prepare_docs(docs: Path, config: dict, fact_ids: list[str], generated: set[str]) -> None:
    """Authored pages for the synthetic sheet, plus every non-Markdown file of the repository's docs (stylesheets, images)."""
    repo_docs = ROOT / "docs"
    synth.write_docs(docs, fact_ids, repo_docs)
    if repo_docs.is_dir():
        for path in repo_docs.rglob("*"):
            if path.is_file() and path.suffix != ".md":
                target = docs / path.relative_to(repo_docs)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    for rel in _nav_paths(config.get("nav")):
        target = docs / rel
        if rel in generated or target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        source = repo_docs / rel
        if source.is_file() and "[[fact:" not in source.read_text(encoding="utf-8"):
            shutil.copyfile(source, target)
        else:
            target.write_text(f"# {Path(rel).stem.replace('-', ' ').capitalize()}\n\nA page of the real sheet, stubbed.\n", encoding="utf-8")


# ---------------------------------------------------------------- running things

@dataclass
class Run:
    """One finished subprocess: wall time, peak memory, exit status and output."""

    seconds: float
    max_rss_mib: float
    returncode: int
    output: str
    cpu_seconds: float = 0.0


def run(cmd: list[str], cwd: Path) -> Run:
    """Run a command through ``measure.py``: its wall time, CPU time and the peak RSS of that process alone."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "output.log"
        measured = subprocess.run([sys.executable, str(MEASURE), str(log), "--", *cmd], cwd=cwd, env=ENV,
                                  capture_output=True, text=True, check=True)
        numbers = json.loads(measured.stdout)
        output = log.read_text(encoding="utf-8", errors="replace")
    return Run(numbers["seconds"], numbers["max_rss_mib"], numbers["returncode"], output, numbers["cpu_seconds"])


def mkdocs(cwd: Path, config: str = "mkdocs.yml") -> Run:
    """``mkdocs build`` in a fresh process; raises with its output when it fails."""
    result = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config], cwd)
    if result.returncode:
        raise RuntimeError(f"mkdocs build -f {config} failed in {cwd}:\n{result.output[-4000:]}")
    return result


def warnings_in(output: str) -> int:
    """How many MkDocs warnings a build printed."""
    return sum(1 for line in output.splitlines() if line.startswith("WARNING"))


# ---------------------------------------------------------------- one size

def bench_size(n: int, work: Path, repo_config: dict, repeat: int = 1, queries: tuple[str, ...] = QUERIES,
               build_only: bool = False, shape: str = "realistic", floor: bool = True) -> dict:
    """Generate, build and measure a sheet of ``n`` facts of one shape in ``work`` (``build_only``: the hook's build alone; ``floor``: the floor's too)."""
    from factsheet.build import generate
    from factsheet.load.loader import load
    from factsheet.model.urls import Site

    work.mkdir(parents=True, exist_ok=True)
    made = synth.write_sheet(work / "facts", n, shape_name=shape)
    config = synthetic_config(repo_config)
    site = Site(config.get("site_url") or "", config.get("use_directory_urls", True), config.get("site_name", ""))
    start = time.perf_counter()
    sheet, report = load(work / "facts", work)
    load_seconds = time.perf_counter() - start
    if sheet is None:
        raise RuntimeError("synthetic sheet does not validate:\n" + "\n".join(map(str, report.errors[:20])))
    start = time.perf_counter()
    output = generate(work / "facts", site, work)
    engine_seconds = time.perf_counter() - start
    topic_pages = [f"topics/{t.id}.md" for t in output.sheet.topics]
    prepare_docs(work / "docs", config, made["fact_ids"], set(output.pages) | set(output.files))
    write_config(work / "mkdocs.yml", config)
    del sheet, output
    if build_only:
        build = mkdocs(work)
        pages = html_pages(work / "site")
        return {"shape": shape, "facts": n, "build s": build.seconds, "build cpu s": build.cpu_seconds, "peak MiB": build.max_rss_mib,
                "engine s": engine_seconds, "load+check s": load_seconds, "warnings": warnings_in(build.output),
                "pages": len(pages), "site MB": tree_size(work / "site") / 1e6,
                "HTML MB": tree_size(work / "site", ".html") / 1e6, "build only": True}

    check = run([sys.executable, "-m", "factsheet", "--facts", "facts", "check"], work)
    write_config(work / "mkdocs-floor.yml", floor_config(config, topic_pages))
    if floor:
        render = run([sys.executable, "-m", "factsheet", "--facts", "facts", "render", "--out", "floor-docs", "--docs", "docs",
                      "--site-url", config.get("site_url") or "", "--title", config.get("site_name", "")], work)
        if render.returncode:
            raise RuntimeError(f"factsheet render failed:\n{render.output[-4000:]}")
    builds, floors = [], []
    for _ in range(max(1, repeat)):  # alternate, so that a noisy moment hits both alike; keep the fastest of each
        builds.append(mkdocs(work))
        if floor:
            floors.append(mkdocs(work, "mkdocs-floor.yml"))
    build = min(builds, key=lambda r: r.seconds)
    floor_build = min(floors, key=lambda r: r.seconds) if floors else None
    row = {
        "shape": shape, "facts": n, "build s": build.seconds, "peak MiB": build.max_rss_mib, "engine s": engine_seconds,
        "load+check s": load_seconds, "check s": check.seconds, "warnings": warnings_in(build.output),
    }
    pages = html_pages(work / "site")
    row["pages"] = len(pages)
    row["site MB"] = tree_size(work / "site") / 1e6
    row["HTML MB"] = tree_size(work / "site", ".html") / 1e6
    row["HTML MB/1k facts"] = row["HTML MB"] / (n / 1000)
    weigher = Weigher(work / "site")
    weights = [weigher.page(p) for p in pages]
    heaviest = max(weights, key=lambda w: (w.first_load, w.page))
    row["first load KB"] = heaviest.first_load / 1e3
    search = measure_search(work / "site", weigher.gz, queries)
    row["first search KB"] = search.bytes / 1e3
    row["search measured"] = search
    row["heaviest page"] = heaviest.page
    row["search KB"] = heaviest.search / 1e3
    home = weigher.page("index.html") if (work / "site" / "index.html").exists() else heaviest
    row["home load KB"] = home.first_load / 1e3
    row["search deferred"] = heaviest.search_deferred

    row["build cpu s"] = min(r.cpu_seconds for r in builds)
    if floor_build is None:  # --no-floor
        return row
    row["floor cpu s"] = min(r.cpu_seconds for r in floors)
    row["floor s"] = floor_build.seconds
    row["ratio"] = build.seconds / floor_build.seconds
    row["floor HTML MB"] = tree_size(work / "site-floor", ".html") / 1e6
    return row


# ---------------------------------------------------------------- the real sheet

_CLAIM = re.compile(r"^(\s+claim: )([^\"'>|\s].*)$", re.MULTILINE)
_QUOTED_CLAIM = re.compile(r'^\s+claim: "', re.MULTILINE)


def edit_one_fact(facts: Path, marker: str) -> Path:
    """Append ``marker`` to the first plain-scalar claim of a topic file; returns the file edited."""
    for path in sorted((facts / "topics").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        match = _CLAIM.search(text)
        if match:
            path.write_text(text[:match.end()] + marker + text[match.end():], encoding="utf-8")
            return path
    for path in sorted((facts / "topics").glob("*.yml")):  # the synthetic sheets quote every claim
        text = path.read_text(encoding="utf-8")
        match = _QUOTED_CLAIM.search(text)
        if match:
            path.write_text(text[:match.end()] + marker.strip() + " " + text[match.end():], encoding="utf-8")
            return path
    raise RuntimeError(f"no plain claim to edit under {facts}")


def stop(proc: subprocess.Popen) -> None:
    """End a server process: ask, then insist after 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_rebuild(copy: Path, timeout: float = 120) -> float | None:
    """Seconds from editing a fact to ``mkdocs serve`` having rebuilt (None when it cannot be observed)."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"], cwd=copy,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV, text=True)
    built: list[float] = []
    lines: list[str] = []
    ready = threading.Event()

    def reader() -> None:
        for line in proc.stdout:
            lines.append(line)
            if "Documentation built in" in line or "Reloading browsers" in line:
                built.append(time.perf_counter())
            if "Serving on" in line:
                ready.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        if not ready.wait(timeout):
            return None
        time.sleep(1.0)  # let the watcher settle
        before = len(built)
        start = time.perf_counter()
        edit_one_fact(copy / "facts", " Edited again.")
        deadline = start + timeout
        while time.perf_counter() < deadline and len(built) <= before:
            time.sleep(0.02)
        if len(built) <= before:
            return None
        time.sleep(0.3)  # a "Reloading browsers" line may follow the "built" one; take the last of the burst
        return built[-1] - start
    finally:
        stop(proc)


def bench_real(work: Path, quick: bool) -> dict:
    """Build a copy of the repository, edit one fact, and time the rebuild (and ``mkdocs serve``'s rebuild)."""
    copy = work / "real"
    ignore = shutil.ignore_patterns(".git", ".venv", "site", "site.*", "__pycache__", ".pytest_cache", ".ruff_cache", "node_modules")
    shutil.copytree(ROOT, copy, ignore=ignore)
    config = read_config(copy / "mkdocs.yml")
    config["strict"] = False  # the real docs may be mid-edit; a warning must not stop the timing
    write_config(copy / "mkdocs.yml", config)
    out = {"facts": None}
    check = run([sys.executable, "-m", "factsheet", "--facts", "facts", "check"], copy)
    out["check s"] = check.seconds
    match = re.search(r"ok: (\d+) facts", check.output)
    out["facts"] = int(match.group(1)) if match else None
    first = mkdocs(copy)
    edit_one_fact(copy / "facts", " Edited.")
    second = mkdocs(copy)
    out.update({"first build s": first.seconds, "rebuild s": second.seconds, "peak MiB": second.max_rss_mib})
    out["serve rebuild s"] = None if quick else serve_rebuild(copy)
    return out


# ---------------------------------------------------------------- output

def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}" if value < 100 else f"{value:.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def add_growth(rows: list[dict]) -> None:
    """Each row's build time over that of the previous size of its shape (``growth``), as ``x9.8``."""
    last: dict[str, dict] = {}
    for row in rows:
        before = last.get(row["shape"])
        if before and before["build s"]:
            row["growth"] = f"x{row['build s'] / before['build s']:.1f} (facts x{row['facts'] / before['facts']:g})"
        last[row["shape"]] = row


def table(rows: list[dict]) -> str:
    """The results as a Markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join(" ---: " for _ in COLUMNS) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c)) for c in COLUMNS) + " |")
    return "\n".join(lines)


def notes(rows: list[dict], real: dict | None) -> str:
    """What the table does not say: heaviest page, search index share, growth, the real sheet's rebuild."""
    out = []
    for row in rows:
        if row.get("build only"):
            out.append(f"- {row['facts']:,} facts (build only): CPU time {row['build cpu s']:.1f} s; "
                       f"{row['warnings']} MkDocs warnings; no floor, check or search measured.")
            continue
        search = "deferred to the first search" if row["search deferred"] else "fetched on every first page load"
        measured = row["search measured"]
        how = (f"heaviest first search {measured.bytes / 1e3:.0f} KB gz for {measured.query!r} in {measured.requests.get(measured.query, 0)} requests "
               f"(all: {', '.join(f'{q!r} {b / 1e3:.0f}' for q, b in measured.per_query.items())})"
               if measured.method == "browser" else f"first search at most {measured.bytes / 1e3:.0f} KB gz (no browser: upper bound from the files)")
        out.append(f"- {row['shape']}, {row['facts']:,} facts: heaviest first load is {row['heaviest page']} ({row['first load KB']:.0f} KB gz; "
                   f"the home page {row['home load KB']:.0f} KB); search_index.json {row['search KB']:.0f} KB gz, {search}; {how}; "
                   + (f"floor HTML {row['floor HTML MB']:.1f} MB; CPU time build {row['build cpu s']:.1f} s, floor {row['floor cpu s']:.1f} s "
                      f"(ratio {row['build cpu s'] / row['floor cpu s']:.2f}); " if "floor s" in row else f"CPU time build {row['build cpu s']:.1f} s; ")
                   + f"{row['warnings']} MkDocs warnings.")
    for small, big in zip(rows, rows[1:], strict=False):
        if (small["shape"] == big["shape"] and small["facts"] and small.get("build s")
                and not (small.get("build only") or big.get("build only"))):
            scale = big["facts"] / small["facts"]
            floor = f"floor x{big['floor s'] / small['floor s']:.1f}, " if "floor s" in big and "floor s" in small else ""
            out.append(f"- {big['shape']} growth {small['facts']:,} -> {big['facts']:,} facts (x{scale:g}): build x{big['build s'] / small['build s']:.1f}, "
                       f"{floor}HTML x{big['HTML MB'] / small['HTML MB']:.1f}.")
    if real:
        serve = real.get("serve rebuild s")
        serve_text = f"; `mkdocs serve` rebuilt {serve:.2f} s after the edit" if serve is not None else ""
        out.append(f"- real sheet ({real['facts']} facts): `factsheet check` {real['check s']:.2f} s; `mkdocs build` {real['first build s']:.2f} s, "
                   f"after editing one fact {real['rebuild s']:.2f} s (peak {real['peak MiB']:.0f} MiB){serve_text}.")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, nargs="+", default=[1000, 10000], help="sheet sizes (default: 1000 10000)")
    parser.add_argument("--shape", nargs="+", choices=[*synth.SHAPES, "all"], default=["realistic"],
                        help="sheet shapes (benchmarks/synth.py): realistic, many-topics, many-entities, or all (default: realistic)")
    parser.add_argument("--no-floor", action="store_true", help="skip the floor build (plain MkDocs on rendered pages)")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated sheets and sites in DIR")
    parser.add_argument("--quick", action="store_true",
                        help="one build of each kind, one search query, and skip the real sheet's rebuild and serve")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each kind per size; the fastest counts (default: 2)")
    parser.add_argument("--build-only", action="store_true", help="time one build with the hook per size and nothing else "
                        "(no check, floor or search; for very large sheets), and skip the real sheet")
    args = parser.parse_args(argv)

    repo_config = read_config(ROOT / "mkdocs.yml")
    base = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="factsheet-bench-"))
    if args.keep and base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        shapes = list(synth.SHAPES) if "all" in args.shape else list(dict.fromkeys(args.shape))
        for shape in shapes:
            for n in args.facts:
                work = base / (str(n) if shape == "realistic" else f"{shape}-{n}")
                print(f"building {n:,} facts ({shape}) in {work} ...", file=sys.stderr, flush=True)
                rows.append(bench_size(n, work, repo_config, 1 if args.quick else args.repeat,
                                       QUICK_QUERIES if args.quick else QUERIES, build_only=args.build_only, shape=shape,
                                       floor=not args.no_floor))
        add_growth(rows)
        real = None
        if not (args.quick or args.build_only):
            print("timing a rebuild of the real sheet ...", file=sys.stderr, flush=True)
            real = bench_real(base, args.quick)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(table(rows))
    print()
    print(notes(rows, real))
    return 0


if __name__ == "__main__":
    sys.exit(main())
