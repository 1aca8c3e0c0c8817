"""The live-preview benchmark runs end to end on a small sheet and prints its split (no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_preview_benchmark_prints_both_modes():
    """`preview.py --facts 20 --no-serve` prints a full and a dirty row; the dirty one renders fewer pages."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "preview.py"), "--facts", "20", "--no-serve"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {cells[1]: dict(zip(header, cells, strict=True))
            for cells in ([c.strip() for c in line.strip("|").split("|")] for line in lines[2:])}
    assert set(rows) == {"full", "dirty"}
    assert int(rows["dirty"]["rendered"]) < int(rows["full"]["rendered"]) <= int(rows["full"]["pages"])
    assert all(rows["full"][c] not in ("", "-") for c in header if c != "serve s")
