"""The performance benchmark runs end to end on a small sheet and prints its table (no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench.py"
COLUMNS = ["facts", "pages", "build s", "peak MiB", "engine s", "load+check s", "check s", "floor s", "ratio",
           "site MB", "HTML MB", "first load KB", "first search KB"]


@pytest.mark.slow
def test_benchmark_prints_its_table_for_a_small_sheet(tmp_path):
    """`bench.py --facts 60 --quick` builds a 60-fact sheet, hooked and as the floor, and prints one row with every column."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, str(BENCH), "--facts", "60", "--quick", "--keep", str(tmp_path / "bench")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == COLUMNS
    row = [cell.strip() for cell in lines[2].strip("|").split("|")]
    assert row[0] == "60"
    assert len(row) == len(COLUMNS) and all(cell not in ("", "-") for cell in row)
    assert (tmp_path / "bench" / "60" / "site" / "index.html").is_file()
    assert (tmp_path / "bench" / "60" / "site-floor" / "index.html").is_file()


@pytest.mark.slow
def test_builder_benchmark_prints_a_row_per_installed_builder(tmp_path):
    """`builders.py --facts 40` builds one small sheet with each installed builder and prints a full row for each."""
    import importlib.util

    builders = [b for b in ("mkdocs", "properdocs", "zensical") if importlib.util.find_spec(b) is not None]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "builders.py"), "--facts", "40", "--builders", *builders,
                             "--keep", str(tmp_path / "bench")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in result.stdout.splitlines() if line.startswith("|")]
    assert [row[0] for row in rows[2:]] == builders
    assert all(len(row) == len(rows[0]) and all(cell not in ("", "0", "0.00") for cell in row) for row in rows[2:])
