"""Builder benchmark: one synthetic sheet built with MkDocs, ProperDocs and Zensical, side by side.

Usage::

    .venv/bin/python benchmarks/builders.py --facts 10000     # make bench-builders
    .venv/bin/python benchmarks/builders.py --facts 200
    .venv/bin/python benchmarks/builders.py --facts 40 --quick  # one search query (what the tests run)

It writes a synthetic sheet of N facts (``synth.py``) with the repository's
``mkdocs.yml`` and ``zensical.toml``, then builds it the way ``make site``
does with each builder, each in its own process (``measure.py``):

- ``mkdocs``: ``mkdocs build`` (hook, Material, sharded search);
- ``properdocs``: ``properdocs build`` of the same configuration;
- ``zensical``: ``tools/zensical_site.py build`` (``factsheet render`` of the
  whole sheet, then ``zensical build --strict``; the time covers both).

It prints one table: wall and CPU seconds and peak memory of the build, the
pages and HTML megabytes built, the search index on disk (all its files, raw
and gzipped), and what a reader's search downloads (gzipped): for MkDocs and
ProperDocs, measured in headless Chromium typing the queries of
``searchweight.py`` (the heaviest counts; ``--quick``: one query; without a browser, an upper bound
from the files); Zensical's pages load the whole ``search.json`` as they open,
so for it that is the index itself. Nothing here is
asserted anywhere; it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import platform
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402
from searchweight import QUERIES  # noqa: E402
from searchweight import measure as measure_search  # noqa: E402
from siteweight import Weigher, html_pages, tree_size  # noqa: E402

ROOT = bench.ROOT
BUILDERS = ("mkdocs", "properdocs", "zensical")


def prepare(work: Path, n: int) -> None:
    """A synthetic sheet of ``n`` facts with this repository's two configurations."""
    bench.write_project(work, n)
    shutil.copyfile(ROOT / "zensical.toml", work / "zensical.toml")


def command(builder: str, work: Path) -> list[str]:
    """The build command of a builder, as ``make site`` runs it."""
    if builder == "zensical":
        return [sys.executable, str(ROOT / "tools" / "zensical_site.py"), "build", "--root", str(work)]
    return [sys.executable, "-m", builder, "build", "-q", "-f", "mkdocs.yml"]


def search_files(site: Path) -> list[Path]:
    """The search index files a builder wrote: MkDocs' (sharded) search/ folder, or Zensical's search.json."""
    if (site / "search").is_dir():
        return [p for p in (site / "search").rglob("*") if p.is_file() and p.suffix == ".json"]
    return [site / "search.json"] if (site / "search.json").is_file() else []


def bench_builder(builder: str, work: Path, queries: tuple[str, ...] = QUERIES) -> dict:
    """Build the sheet in ``work`` with one builder and measure the site it wrote (a reader's first search over ``queries``)."""
    shutil.rmtree(work / "site", ignore_errors=True)
    run = bench.run(command(builder, work), work)
    if run.returncode:
        raise RuntimeError(f"{builder} failed:\n{run.output[-4000:]}")
    site = work / "site"
    index = search_files(site)
    weigher = Weigher(site)
    if (site / "search.json").is_file():  # Zensical: every page loads the whole index as it opens, before any search
        first_search, method = weigher.gz("search.json"), "whole index, with the first page"
    else:
        search = measure_search(site, weigher.gz, queries)
        first_search, method = search.bytes, search.method
    return {
        "builder": builder, "build s": run.seconds, "cpu s": run.cpu_seconds, "peak MiB": run.max_rss_mib,
        "pages": len(html_pages(site)), "HTML MB": tree_size(site, ".html") / 1e6,
        "index files": len(index), "index MB": sum(p.stat().st_size for p in index) / 1e6,
        "index gz KB": sum(len(gzip.compress(p.read_bytes(), 6)) for p in index) / 1e3,
        "first search KB": first_search / 1e3, "measured": method,
    }


def table(rows: list[dict]) -> str:
    """The rows as a Markdown table."""
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "|".join(" ---: " if k != "builder" else " --- " for k in keys) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(f"{v:,.2f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else str(v)
                                       for v in row.values()) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, default=10000, help="facts in the synthetic sheet (default: 10000)")
    parser.add_argument("--builders", nargs="+", choices=BUILDERS, default=list(BUILDERS))
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    parser.add_argument("--quick", action="store_true", help="measure the first search with one query, not the whole list")
    args = parser.parse_args(argv)
    missing = [b for b in args.builders if importlib.util.find_spec(b) is None]
    if missing:
        print(f"not installed: {', '.join(missing)} (pip install -r requirements-<builder>.txt)", file=sys.stderr)
        return 1
    bench.ENV["FACTSHEET_SITE_URL"] = bench.SITE_URL  # the address mkdocs.yml's copy has; tools/zensical_site.py reads it here
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="factsheet-builders-"))
    try:
        prepare(work, args.facts)
        queries = bench.QUICK_QUERIES if args.quick else QUERIES
        rows = [bench_builder(b, work, queries) for b in args.builders]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{args.facts:,} facts; {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
