"""How long the test suite takes, as a whole command: ``make test`` and ``make test-fast``, each run a few times.

Usage::

    .venv/bin/python benchmarks/testtime.py [--runs 3] [--target test test-fast]
    .venv/bin/python benchmarks/testtime.py --command "make lint"   # any command instead

Each run is timed from start to exit (wall clock) with the CPU time of every
process it started (user and system, from ``getrusage`` of the finished
children: the test workers, the browsers and the builds they ran), and the
load average before and after, as a busy machine makes every number longer.
It prints a row per run and the minimum, median and maximum of each figure.
Nothing is asserted: the README says what was measured, and on what machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str]) -> dict:
    """One timed run of ``command`` in the repository."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tests = next((line.strip() for line in reversed(done.stdout.splitlines()) if " passed" in line or " failed" in line), "")
    return {"wall s": wall, "user s": after.ru_utime - before.ru_utime, "sys s": after.ru_stime - before.ru_stime,
            "load before": load, "load after": os.getloadavg()[0], "exit": done.returncode, "tests": tests,
            "output": done.stdout}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default: 3)")
    parser.add_argument("--target", nargs="+", default=["test", "test-fast"], help="make targets to time (default: test test-fast)")
    parser.add_argument("--command", help="time this command instead of make targets")
    args = parser.parse_args(argv)
    commands = [shlex.split(args.command)] if args.command else [["make", "--no-print-directory", t] for t in args.target]
    print(f"{platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}; {args.runs} run(s) each")
    print("| command | run | wall s | user s | sys s | load before | load after | result |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    failed = False
    summary = []
    for command in commands:
        name = " ".join(command).replace("--no-print-directory ", "")
        rows = []
        for n in range(1, args.runs + 1):
            row = run(command)
            rows.append(row)
            failed |= row["exit"] != 0
            result = row["tests"] or f"exit {row['exit']}"
            print(f"| {name} | {n} | {row['wall s']:.1f} | {row['user s']:.1f} | {row['sys s']:.1f} | "
                  f"{row['load before']:.2f} | {row['load after']:.2f} | {result} |", flush=True)
            if row["exit"]:
                print(row["output"][-3000:], file=sys.stderr)
        for key in ("wall s", "user s", "sys s"):
            values = [row[key] for row in rows]
            summary.append(f"- {name}, {key[:-2]}: min {min(values):.1f} s, median {statistics.median(values):.1f} s, "
                           f"max {max(values):.1f} s")
    print()
    print("\n".join(summary))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
