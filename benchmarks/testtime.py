"""How long the test suite takes, as a whole command: ``make test`` and ``make test-fast``, each run a few times.

Usage::

    .venv/bin/python benchmarks/testtime.py [--runs 3] [--target test test-fast]
    .venv/bin/python benchmarks/testtime.py --command "make lint"   # any command instead

Each run is timed from start to exit (wall clock) with the CPU time of every
process it started (user and system, from ``getrusage`` of the finished
children: the test workers, the browsers and the builds they ran), and the
load average before and after, as a busy machine makes every number longer.
On Linux it also reads the CPU time the whole machine used during the run
from ``/proc/stat``: on an otherwise idle machine that is the command's, with
what the children's times miss (a process that is never reaped by its parent,
such as Chromium's renderers). Before each run it times a fixed Python loop:
a shared or throttled machine drifts in speed by half within minutes, and
runs are only comparable at like loop times.
On Linux it also samples, five times a second, the CPU time of every process
the command starts (its descendants in ``/proc``), and splits it by program:
the browser (Chromium and Playwright's Node.js driver), Python (the test
processes, builds and benchmarks) and the rest. A process that lives less
than a sample's interval, or whose parent leaves it to the system, may be
missed, so the three add up to somewhat less than the machine's busy time.
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOP = 6 * 10**7  # the fixed loop the README quotes: 1.1 to 1.9 s on the 2-core machine it names


def machine_busy() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (user, nice, system, interrupts; not idle, waiting
    for I/O or stolen by a hypervisor), from ``/proc/stat``; None where there is none."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
    except OSError:
        return None
    if fields[:1] != ["cpu"] or len(fields) < 8:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in fields[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


PARTS = ("browser", "python", "other")
SAMPLE_S = 0.2


def _part(pid: int) -> str:
    """Which part of the split a process's CPU time goes to, by the program it runs."""
    try:
        program = os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return "other"
    if program.startswith(("chrom", "headless_shell", "node")):
        return "browser"
    return "python" if program.startswith("python") else "other"


class Split:
    """CPU seconds of a process and its descendants, by part, sampled from ``/proc`` while it runs (Linux only)."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.seconds = dict.fromkeys(PARTS, 0.0)
        self._seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> Split:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample_until_stopped(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(SAMPLE_S):
                return

    def sample(self) -> None:
        """Add each descendant's CPU time since the last sample to its part."""
        children: dict[int, list[int]] = {}
        used: dict[int, float] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            pid = int(entry)
            children.setdefault(int(fields[1]), []).append(pid)
            used[pid] = (int(fields[11]) + int(fields[12])) / self._tick  # its own user and system time
        stack = [self.root]
        while stack:
            pid = stack.pop()
            stack.extend(children.get(pid, ()))
            if pid in used:
                self.seconds[_part(pid)] += used[pid] - self._seen.get(pid, 0.0)
                self._seen[pid] = used[pid]


def loop_seconds(n: int = LOOP) -> float:
    """How long the machine takes, now, to add up ``range(n)`` in Python: its speed at the time of a run."""
    start = time.perf_counter()
    sum(range(n))
    return time.perf_counter() - start


def run(command: list[str], loop_n: int = LOOP) -> dict:
    """One timed run of ``command`` in the repository, the fixed loop timed first."""
    loop = loop_seconds(loop_n)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    busy = machine_busy()
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        if busy is None:
            stdout, split = process.communicate()[0], None
        else:
            with Split(process.pid) as split:
                stdout = process.communicate()[0]
    done = subprocess.CompletedProcess(command, process.returncode, stdout)
    wall = time.perf_counter() - start
    busy_after = machine_busy()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tests = next((line.strip() for line in reversed(done.stdout.splitlines()) if " passed" in line or " failed" in line), "")
    return {"wall s": wall, "user s": after.ru_utime - before.ru_utime, "sys s": after.ru_stime - before.ru_stime,
            "machine cpu s": None if busy is None or busy_after is None else busy_after - busy, "loop s": loop,
            "load before": load, "load after": os.getloadavg()[0], "exit": done.returncode, "tests": tests,
            "output": done.stdout, **{f"{part} cpu s": None if split is None else split.seconds[part] for part in PARTS}}


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default: 3)")
    parser.add_argument("--target", nargs="+", default=["test", "test-fast"], help="make targets to time (default: test test-fast)")
    parser.add_argument("--command", help="time this command instead of make targets")
    parser.add_argument("--loop", type=int, default=LOOP, metavar="N",
                        help=f"the fixed loop timed before each run adds up range(N) (default: {LOOP:,})")
    args = parser.parse_args(argv)
    commands = [shlex.split(args.command)] if args.command else [["make", "--no-print-directory", t] for t in args.target]
    print(f"{platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}; {args.runs} run(s) each")
    split = " | ".join(f"{part} cpu s" for part in PARTS)
    print(f"| command | run | wall s | user s | sys s | machine cpu s | {split} | loop s | load before | load after | result |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | " + "---: | " * len(PARTS) + "---: | ---: | ---: | --- |")
    failed = False
    summary = []
    for command in commands:
        name = " ".join(command).replace("--no-print-directory ", "")
        rows = []
        for n in range(1, args.runs + 1):
            row = run(command, args.loop)
            rows.append(row)
            failed |= row["exit"] != 0
            result = row["tests"] or f"exit {row['exit']}"
            parts = " | ".join(_seconds(row[f"{part} cpu s"]) for part in PARTS)
            print(f"| {name} | {n} | {row['wall s']:.1f} | {row['user s']:.1f} | {row['sys s']:.1f} | "
                  f"{_seconds(row['machine cpu s'])} | {parts} | {row['loop s']:.2f} | "
                  f"{row['load before']:.2f} | {row['load after']:.2f} | {result} |", flush=True)
            if row["exit"]:
                print(row["output"][-3000:], file=sys.stderr)
        for key in ("wall s", "user s", "sys s", "machine cpu s", *(f"{part} cpu s" for part in PARTS), "loop s"):
            values = [row[key] for row in rows if row[key] is not None]
            if not values:
                continue
            places = 2 if key == "loop s" else 1
            summary.append(f"- {name}, {key[:-2]}: min {min(values):.{places}f} s, median {statistics.median(values):.{places}f} s, "
                           f"max {max(values):.{places}f} s")
    print()
    print("\n".join(summary))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
