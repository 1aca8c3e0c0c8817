"""benchmarks/startup.py runs on a built site and prints, for the page it loads, the work its start-up took."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import driven_browser_path

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def test_startup_benchmark_prints_the_work_of_a_page(example_site):
    """One load of the home page: a table row with elements restyled and layout objects laid out (both above zero,
    since the page was drawn), and the load average before and after. Recorded half a second past the load event,
    not two: the run is checked here, not what the page does later."""
    env = dict(os.environ, FACTSHEET_CHROMIUM=driven_browser_path())  # the tests' browser: the run is checked, not its numbers
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup.py"), str(example_site), "--runs", "1",
                             "--pages", "home", "--after-load", "0.5"], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    row = re.search(r"^\| home \(`/`\) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d.]+) \|$",
                    result.stdout, re.MULTILINE)
    assert row, result.stdout
    restyled, laid_out = (int(row.group(i).replace(",", "")) for i in (1, 2))
    assert restyled > 0 and laid_out > 0
    assert "load average" in result.stdout and "load average afterwards" in result.stdout
