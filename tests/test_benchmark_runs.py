"""The performance benchmark runs end to end on a small sheet and prints its table (no timing is asserted)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import driven_browser_path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench.py"
COLUMNS = ["shape", "facts", "pages", "build s", "build cpu s", "growth", "peak MiB", "HTML MB/1k facts", "engine s", "load+check s", "check s", "floor s", "ratio",
           "site MB", "HTML MB", "first load KB", "first search KB"]


@pytest.mark.slow
def test_benchmark_prints_its_table_and_the_growth_of_a_shape_built_at_two_sizes(tmp_path):
    """`bench.py --shape many-entities --facts 10 20 --quick` builds that shape twice, hooked and as the floor, and prints
    a row per size with every column; the second row gives its growth from the first. Without a browser (a Chromium
    that does not exist), so the first search is the upper bound read from the files; the builder benchmark's test
    below measures it in Chromium."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", FACTSHEET_CHROMIUM=str(tmp_path / "no-chromium"))
    result = subprocess.run([sys.executable, str(BENCH), "--shape", "many-entities", "--facts", "10", "20", "--quick",
                             "--keep", str(tmp_path / "bench")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == COLUMNS
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    assert [row[:2] for row in rows] == [["many-entities", "10"], ["many-entities", "20"]]
    assert all(len(row) == len(COLUMNS) for row in rows)
    assert all(cell not in ("", "-") for n, cell in enumerate(rows[0]) if COLUMNS[n] != "growth")
    assert all(cell not in ("", "-") for cell in rows[1])
    growth = rows[1][COLUMNS.index("growth")]
    assert growth.startswith("x") and "(facts x2)" in growth
    for n in (10, 20):
        assert (tmp_path / "bench" / f"many-entities-{n}" / "site" / "index.html").is_file()
        assert (tmp_path / "bench" / f"many-entities-{n}" / "site-floor" / "index.html").is_file()
    assert (tmp_path / "bench" / "many-entities-20" / "site" / "entities" / "index.html").is_file()
    assert "first search at most" in result.stdout and "(no browser: upper bound from the files)" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="memsplit.py reads /proc/self/status (Linux only)")
def test_memory_split_prints_each_step_of_a_build(tmp_path):
    """`memsplit.py --facts 60` builds in a fresh process and prints its memory at each step, and a build holds no page body at the end of conversion."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "memsplit.py"), "--facts", "60", "--keep", str(tmp_path / "m")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    steps = [line.split("  ")[0] for line in result.stdout.splitlines() if line and not line.startswith((" ", "mkdocs", "step"))]
    assert steps == ["before on_config", "sheet loaded and rendered (on_config)", "every page converted (MkDocs)",
                     "search index written (Material)", "index sharded, site published", "end"]
    [held] = re.findall(r"page\.content of generated pages: \d+ MiB \(([\d,]+) characters, ([\d,]+) pages\)", result.stdout)
    characters, pages = (int(n.replace(",", "")) for n in held)
    assert pages > 20 and characters < 200 * pages  # the title headings only, until each page is rendered
    assert (tmp_path / "m" / "site" / "index.html").is_file()


@pytest.mark.slow
def test_builder_benchmark_prints_a_row_per_builder_kind(tmp_path):
    """`builders.py --facts 40 --quick` builds one small sheet with each kind of builder installed and prints a full
    row for each: MkDocs (the plugin through the hook, the search measured in the browser) and Zensical (what
    `factsheet render` writes, its whole index). ProperDocs takes MkDocs' path in the benchmark (the same
    configuration, another command name); its build is tested in test_builders.py."""
    import importlib.util

    builders = [b for b in ("mkdocs", "zensical") if importlib.util.find_spec(b) is not None]
    browser = driven_browser_path()  # the browser the other tests drive: the runs are checked here, not their numbers
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **({"FACTSHEET_CHROMIUM": browser} if browser else {}))
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "builders.py"), "--facts", "40", "--quick", "--builders", *builders,
                             "--keep", str(tmp_path / "bench")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in result.stdout.splitlines() if line.startswith("|")]
    assert [row[0] for row in rows[2:]] == builders
    assert all(len(row) == len(rows[0]) and all(cell not in ("", "0", "0.00") for cell in row) for row in rows[2:])
    in_browser = "browser" if browser and importlib.util.find_spec("playwright") else "estimate"
    measured = {row[0]: row[rows[0].index("measured")] for row in rows[2:]}
    assert all(measured[b] == (in_browser if b != "zensical" else "whole index, with the first page") for b in builders), measured


def test_the_generator_writes_large_registries_as_folders(tmp_path, monkeypatch):
    """Past PER_FILE records a registry is a folder of numbered files; the sheet loads the same as from single files."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    from factsheet.load.loader import load

    synth.write_sheet(tmp_path / "single" / "facts", 300)
    monkeypatch.setattr(synth, "PER_FILE", 8)
    synth.write_sheet(tmp_path / "split" / "facts", 300)
    split = tmp_path / "split" / "facts"
    assert not (split / "sources.yml").exists() and not (split / "entities.yml").exists()
    assert sorted(p.name for p in (split / "sources").iterdir()) == ["1.yml", "2.yml", "3.yml", "4.yml"]
    assert len(list((split / "entities").iterdir())) == 2
    one, report_one = load(tmp_path / "single" / "facts")
    many, report_many = load(split)
    assert report_one.errors == report_many.errors == []
    assert list(one.sources) == list(many.sources) and list(one.entities) == list(many.entities)
    assert [s.title for s in one.sources.values()] == [s.title for s in many.sources.values()]


@pytest.mark.slow
def test_build_only_times_one_build(tmp_path):
    """`--build-only` builds once with the hook and fills the build's columns; the floor's and search's stay empty."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, str(BENCH), "--facts", "10", "--build-only", "--keep", str(tmp_path / "bench")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    row = dict(zip(COLUMNS, [c.strip() for c in result.stdout.splitlines()[2].strip("|").split("|")], strict=True))
    assert row["facts"] == "10" and all(row[c] != "-" for c in ("pages", "build s", "peak MiB", "HTML MB"))
    assert row["floor s"] == row["first search KB"] == "-"
    assert "10 facts (build only): CPU time" in result.stdout
    assert not (tmp_path / "bench" / "10" / "site-floor").exists()


def test_test_time_benchmark_times_a_whole_command_and_summarises_its_runs():
    """`testtime.py --command ... --runs 2` times a command twice as a whole, its children's CPU included, with the
    machine's busy time and the command's CPU split by program (on Linux) and a fixed loop's time before each run,
    and prints a row a run and the minimum, median and maximum of each; a failing command makes it fail."""
    script = ROOT / "benchmarks" / "testtime.py"
    busy = f"{sys.executable} -c 'sum(range(2 * 10**7))'"
    result = subprocess.run([sys.executable, str(script), "--runs", "2", "--loop", str(10**7), "--command", busy], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in result.stdout.splitlines()
            if line.startswith("| ") and not line.startswith("| ---")]
    assert rows[0] == ["command", "run", "wall s", "user s", "sys s", "machine cpu s", "browser cpu s", "python cpu s",
                       "other cpu s", "loop s", "load before", "load after", "result"]
    assert [row[1] for row in rows[1:]] == ["1", "2"]
    runs = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert all(float(run["user s"]) + float(run["sys s"]) > 0 for run in runs), "the child's CPU time is counted"
    linux = Path("/proc/stat").is_file()
    # The busy loop's 2 * 10**7 additions take at least the 10**7 of the fixed loop: the machine was that busy at least.
    assert all(float(run["machine cpu s"]) >= float(run["loop s"]) > 0 if linux else run["machine cpu s"] == "-" for run in runs), rows
    # The command is one Python process, sampled while it runs (a browser another test drives is not its own).
    assert all(float(run["python cpu s"]) > 0 and run["browser cpu s"] == run["other cpu s"] == "0.0" if linux
               else run["python cpu s"] == "-" for run in runs), rows
    name = " ".join(shlex.split(busy))
    assert [row[0] for row in rows[1:]] == [name, name]
    assert sum(line.startswith(f"- {name}, ") for line in result.stdout.splitlines()) == (8 if linux else 4)
    failing = subprocess.run([sys.executable, str(script), "--runs", "1", "--loop", "1000", "--command", f"{sys.executable} -c 'raise SystemExit(3)'"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert failing.returncode == 1 and "| exit 3 |" in failing.stdout
