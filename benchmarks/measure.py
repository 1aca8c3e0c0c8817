"""Run one command and report its wall time, CPU time and peak memory as JSON on stdout.

Usage: ``python benchmarks/measure.py OUTPUT_LOG -- COMMAND [ARG...]``

Why a separate process: on Linux a forked child starts with its parent's
resident memory counted in its peak (``ru_maxrss`` survives fork and exec),
so a benchmark holding a large sheet in memory would report its own size as
the build's. This small process forks the command instead, and reads that
command's own usage with ``wait4``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    """Run the command after ``--``, its output going to the log file; print the measurements."""
    log_path, separator, *command = argv
    if separator != "--" or not command:
        print(__doc__, file=sys.stderr)
        return 2
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    print(json.dumps({
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "max_rss_mib": usage.ru_maxrss / 1024,
        "returncode": proc.returncode,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
