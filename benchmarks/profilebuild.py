"""Where a build's time goes: one ``mkdocs build`` of a synthetic sheet under cProfile, time split by package.

Usage::

    .venv/bin/python benchmarks/profilebuild.py --facts 10000 [--keep DIR] [--top 25]

It writes the sheet as ``bench.py`` does (same generator, same configuration),
runs ``mkdocs build`` in a subprocess under ``cProfile``, and prints the
profiled seconds of each package's own code (self time, so nothing is counted
twice, and the standard library's and built-ins' time charged to the package
that called them): the engine (``factsheet/`` outside the adapter), the
adapter, MkDocs, Material, Python-Markdown, Jinja2 and the rest; then the
functions with the most self time. ``--stats FILE`` reads a profile already
made instead of building. Profiling slows Python code down by a
roughly constant factor, so read the shares, not the seconds.
"""

from __future__ import annotations

import argparse
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402

ROOT = bench.ROOT


def package_of(filename: str) -> str:
    """The package a profiled function's file belongs to."""
    path = filename.replace("\\", "/")
    if path.startswith("~") or path.startswith("<"):
        return "Python built-ins"
    if "/factsheet/adapter/" in path or path.endswith("hooks/factsheet_hook.py"):
        return "factsheet adapter"
    if "/factsheet/" in path and "site-packages" not in path:
        return "factsheet engine"
    for name, label in (("/material/", "Material"), ("/mkdocs/", "MkDocs"), ("/markdown/", "Python-Markdown"),
                        ("/pymdownx/", "PyMdown Extensions"), ("/jinja2/", "Jinja2"), ("/markupsafe/", "Jinja2"),
                        ("/yaml/", "PyYAML"), ("/watchdog/", "MkDocs"), ("/babel/", "Babel"), ("/pygments/", "Pygments")):
        if name in path:
            return label
    if "site-packages" in path:
        return "other libraries"
    return "Python standard library"


GENERIC = ("Python built-ins", "Python standard library")


def split(stats_file: Path) -> tuple[dict[str, float], list[tuple[float, str]]]:
    """Self seconds by package, and the functions with the most self time.

    Time spent in built-ins and the standard library (``re``, ``html.parser``,
    ``str.join`` ...) is charged to the package that called them, up the call
    graph, in proportion to each caller's share; what no package called stays
    with the built-ins.
    """
    stats = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]
    by_package: dict[str, float] = {}
    functions = []

    shares: dict = {}  # function -> {package: fraction of its time charged there}

    def share(func) -> dict[str, float]:
        if func in shares:
            return shares[func] or {package_of(func[0]): 1.0}  # None: on the current path (recursion)
        package = package_of(func[0])
        callers = stats[func][4] if func in stats else {}
        if package not in GENERIC or not callers:
            shares[func] = {package: 1.0}
            return shares[func]
        shares[func] = None
        total = sum(entry[2] for entry in callers.values())
        out: dict[str, float] = {}
        for caller, entry in callers.items():
            weight = entry[2] / total if total else 1.0 / len(callers)
            for name, fraction in share(caller).items():
                out[name] = out.get(name, 0.0) + weight * fraction
        shares[func] = out
        return out

    for func, (_, _, tottime, _, _) in stats.items():
        for name, fraction in share(func).items():
            by_package[name] = by_package.get(name, 0.0) + tottime * fraction
        functions.append((tottime, f"{package_of(func[0])}: {Path(func[0]).name}:{func[1]} {func[2]}"))
    functions.sort(reverse=True)
    return by_package, functions


def main(argv: list[str] | None = None) -> int:
    """Build one synthetic sheet under the profiler and print the split."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, default=10000, help="sheet size (default: 10000)")
    parser.add_argument("--keep", metavar="DIR", help="keep the sheet, the site and the profile in DIR")
    parser.add_argument("--top", type=int, default=25, help="functions to list (default: 25)")
    parser.add_argument("--stats", metavar="FILE", help="print the split of this profile instead of building")
    args = parser.parse_args(argv)
    if args.stats:
        report(*split(Path(args.stats)), f"profile {args.stats}", args.top)
        return 0

    work = bench.workdir(args.keep, "factsheet-profile-")
    try:
        bench.write_project(work, args.facts)
        profile = work / "build.prof"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "mkdocs", "build", "-q"],
                       cwd=work, env=bench.ENV, check=True)
        wall = time.perf_counter() - start
        by_package, functions = split(profile)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(by_package, functions, f"mkdocs build of {args.facts:,} facts under cProfile: {wall:.1f} s wall", args.top)
    return 0


def report(by_package: dict[str, float], functions: list[tuple[float, str]], title: str, top: int) -> None:
    """Print the split and the top functions."""
    total = sum(by_package.values())
    print(f"{title}, {total:.1f} s profiled")
    print()
    print("| package | s | share |")
    print("| --- | ---: | ---: |")
    for package, seconds in sorted(by_package.items(), key=lambda item: -item[1]):
        print(f"| {package} | {seconds:.1f} | {seconds / total:.0%} |")
    print()
    for seconds, where in functions[:top]:
        print(f"{seconds:7.2f} s  {where}")


if __name__ == "__main__":
    sys.exit(main())
