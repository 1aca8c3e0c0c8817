"""The same input builds byte-identical output, whatever the day, the hash seed or the folder it is built in."""

from __future__ import annotations

import shutil

from sitetools import EXAMPLE, REAL_REPORT_URL, REAL_SITE_URL, ROOT, mkdocs_build, tree_hashes

from factsheet.cli import main as factsheet

# A build on another day (SOURCE_DATE_EPOCH is what MkDocs reads the date from) with another string-hash seed.
ANOTHER_DAY = {"SOURCE_DATE_EPOCH": "1000000000", "PYTHONHASHSEED": "12345"}


def differences(first: dict[str, str], second: dict[str, str]) -> list[str]:
    """Files that are missing from one build or differ between two."""
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def test_example_builds_identically_on_another_day_elsewhere(example_site, tmp_path):
    """The example site rebuilt in another folder, on another date, with another hash seed, and compiling every
    template itself (no folder of compiled templates, which the other builds of a test run share), is byte-identical."""
    project = tmp_path / "elsewhere" / "example"
    shutil.copytree(EXAMPLE, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../", ROOT.as_posix() + "/"), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site", FACTSHEET_TEMPLATE_CACHE="", **ANOTHER_DAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert differences(tree_hashes(example_site), tree_hashes(tmp_path / "site")) == []


def test_hostile_site_builds_identically(hostile_project, hostile_site, tmp_path):
    """The site built from hostile, Unicode-heavy input is byte-identical when rebuilt on another day."""
    result = mkdocs_build(hostile_project / "mkdocs.yml", tmp_path / "site", **ANOTHER_DAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert differences(tree_hashes(hostile_site), tree_hashes(tmp_path / "site")) == []


def test_real_site_builds_identically(real_site, tmp_path):
    """The project's own site is byte-identical when rebuilt on another day with another hash seed."""
    result = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site", FACTSHEET_REPORT_URL=REAL_REPORT_URL,
                          FACTSHEET_SITE_URL=REAL_SITE_URL, **ANOTHER_DAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert differences(tree_hashes(real_site), tree_hashes(tmp_path / "site")) == []


def test_sitemap_dates_come_from_the_facts(example_site):
    """The sitemap's <lastmod> is the facts' last change, not the day of the build."""
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-11-23</lastmod>" in sitemap
    assert sitemap.count("<lastmod>") == sitemap.count("<lastmod>2026-11-23</lastmod>")


def test_markdown_export_is_identical_twice(tmp_path):
    """`factsheet render` writes the same files, byte for byte, every time."""
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        args = ["--facts", str(EXAMPLE / "facts"), "render", "--out", str(out), "--docs", str(EXAMPLE / "docs"),
                "--site-url", "https://example.org/sheet/"]
        assert factsheet(args) == 0
        outputs.append(tree_hashes(out))
    assert outputs[0] and differences(*outputs) == []
