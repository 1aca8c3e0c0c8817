"""Where a build's memory goes: one ``mkdocs build`` of a synthetic sheet, its resident memory at each step and what holds it.

Usage::

    .venv/bin/python benchmarks/memsplit.py --facts 10000 [--keep DIR]

It writes the sheet as ``bench.py`` does (same generator, same configuration),
then builds it in a fresh process that reads its own resident set size and
peak (``VmRSS``, ``VmHWM`` of ``/proc/self/status``, Linux only) at each step:
before and after the plugin loads and renders the sheet (``on_config``), once
MkDocs has converted every page (before it renders the first), once Material
has written the search index, and after sharding and publishing. At the end
of conversion it adds up what is held there: the pages' ``page.content`` and
the engine's generated pages (``sys.getsizeof`` of their strings or packed
bytes); after the search index is written, Material's search entries.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402


def _memory() -> str:
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) // 1024
    return f"{values['VmRSS']:>6,} {values['VmHWM']:>6,}"


def measure(work: Path) -> None:
    """Build the sheet in ``work`` in this process, printing memory at each step."""
    import os

    from mkdocs.commands import build
    from mkdocs.config import load_config

    from factsheet.adapter import plugin as adapter

    print("step                                   RSS MiB  peak MiB")
    instance: list = []

    def mark(step: str) -> None:
        print(f"{step:<38} {_memory()}", flush=True)

    first = [True]
    build_page = build._build_page

    def patched_build_page(page, config, doc_files, *args, **kwargs):
        if first[0]:
            first[0] = False
            mark("every page converted (MkDocs)")
            for kind, generated in (("generated", True), ("authored", False)):
                held = [f.page.content or "" for f in doc_files if f.page and isinstance(f, adapter._GeneratedFile) == generated]
                size = sum(sys.getsizeof(content) for content in held)
                print(f"  page.content of {kind} pages: {size / 2**20:,.0f} MiB "
                      f"({sum(map(len, held)):,} characters, {len(held):,} pages)")
            pages = instance[0].output.pages.values() if instance else ()
            held = sum(sys.getsizeof(p.body) + sum(sys.getsizeof(b) for b in p.blocks) for p in pages)
            print(f"  engine's generated pages: {held / 2**20:,.0f} MiB of bodies ({len(pages):,} pages)")
        return build_page(page, config, doc_files, *args, **kwargs)

    on_config, on_post_build = adapter.FactsheetPlugin.on_config, adapter.FactsheetPlugin.on_post_build

    def patched_on_config(self, config):
        instance.append(self)
        mark("before on_config")
        config = on_config(self, config)
        mark("sheet loaded and rendered (on_config)")
        return config

    @adapter.event_priority(-100)
    def patched_on_post_build(self, *, config):
        mark("search index written (Material)")
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            if index is not None:
                size = sum(sys.getsizeof(e) + sum(sys.getsizeof(v) for v in e.values()) for e in index.entries)
                print(f"  search entries: {size / 2**20:,.0f} MiB ({len(index.entries):,} sections)")
        on_post_build(self, config=config)
        mark("index sharded, site published")

    build._build_page = patched_build_page
    adapter.FactsheetPlugin.on_config = patched_on_config
    adapter.FactsheetPlugin.on_post_build = patched_on_post_build
    os.chdir(work)
    config = load_config("mkdocs.yml")
    config.plugins.on_startup(command="build", dirty=False)
    build.build(config)
    mark("end")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, default=10000, help="sheet size (default: 10000)")
    parser.add_argument("--keep", metavar="DIR", help="keep the sheet and the site in DIR")
    parser.add_argument("--measure", metavar="DIR", help=argparse.SUPPRESS)  # the build process itself
    args = parser.parse_args(argv)
    if args.measure:
        measure(Path(args.measure))
        return 0
    work = bench.workdir(args.keep, "factsheet-memsplit-")
    try:
        bench.write_project(work, args.facts)
        print(f"mkdocs build of {args.facts:,} facts, in a fresh process")
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", str(work)],
                       env=bench.ENV, check=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
