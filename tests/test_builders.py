"""The sheet builds with MkDocs, ProperDocs or Zensical, and its references render in any Python-Markdown host.

Zensical and ProperDocs are each pinned in their own requirements file; their
builds skip, saying so, where they are not installed, unless
``FACTSHEET_REQUIRE_BUILDERS=1`` (set by ``.ci/run``), where they fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import markdown
import pytest
import yaml
from sitetools import EXAMPLE, REAL_SITE_URL, ROOT, build_env

from factsheet import mdext
from factsheet.diagnostics import FactsheetError, UnknownReferenceError

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import zensical_site  # noqa: E402
from searchweight import chromium  # noqa: E402

FACTS = EXAMPLE / "facts"
HTML_CODE = re.compile(r"<(code|pre)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def _needs(module: str, requirements: str) -> None:
    """Skip (or, with FACTSHEET_REQUIRE_BUILDERS=1, fail) when a builder is not installed."""
    if importlib.util.find_spec(module) is None:
        message = f"{module} is not installed: pip install -r {requirements}"
        if os.environ.get("FACTSHEET_REQUIRE_BUILDERS") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def _convert(text: str, **config) -> str:
    return markdown.markdown(text, extensions=["factsheet.mdext"], extension_configs={"factsheet.mdext": config})


# --- the extension, loading the facts itself ----------------------------------------------------------------------

def test_plain_markdown_renders_references_with_facts_dir():
    """markdown.markdown with only facts_dir and site_url expands a reference: figure linked to its permalink, citations."""
    html = _convert("Nearly [[fact:machine-tools-share]] of imports.", facts_dir=str(FACTS), site_url="https://example.org/sheet/")
    assert "[[fact:" not in html
    assert 'href="https://example.org/sheet/topics/machine-tools/#machine-tools-share"' in html
    assert re.search(r'<a class="fs-ref__value"[^>]*>nearly 70%</a>', html), html
    assert html.count('class="fs-cite"') == 2  # one marker per citation
    assert html.count('class="fs-reflist__source" href="https://example.org/sheet/sources/') == 2, "the reference list links absolutely"


def test_self_loaded_references_leave_code_alone_and_expand_claims():
    """Code spans keep the reference as written; |claim drops in the claim sentence."""
    html = _convert("`[[fact:machine-tools-share]]` and [[fact:machine-tools-share|claim]]", facts_dir=str(FACTS))
    assert "<code>[[fact:machine-tools-share]]</code>" in html
    assert "Nearly 70% of machine tool imports came from Exampleland" in HTML_CODE.sub("", html)
    assert "[[fact:" not in HTML_CODE.sub("", html)


def test_self_loaded_links_are_root_relative_without_site_url():
    """Without site_url the fact links start at the site root, as the host does not say which page it converts."""
    html = _convert("[[fact:machine-tools-share]]", facts_dir=str(FACTS))
    assert 'href="/topics/machine-tools/#machine-tools-share"' in html


def test_self_loaded_unknown_id_names_it():
    """An unknown id raises UnknownReferenceError naming the id."""
    with pytest.raises(UnknownReferenceError, match="no-such-fact"):
        _convert("[[fact:no-such-fact]]", facts_dir=str(FACTS))


def test_self_loaded_invalid_facts_list_every_problem(tmp_path):
    """Invalid fact files raise FactsheetError with the file, line and column of each problem."""
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    topic = facts / "topics" / "machine-tools.yml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("source: copy-2024-04", "source: no-such-source", 1), encoding="utf-8")
    with pytest.raises(FactsheetError) as caught:
        _convert("[[fact:machine-tools-share]]", facts_dir=str(facts))
    assert re.search(r"topics/machine-tools\.yml:\d+:\d+: .*no-such-source", str(caught.value)), str(caught.value)


def test_self_loaded_sheet_is_loaded_once_per_content(tmp_path):
    """Extensions made page by page share one loaded sheet; an edited fact file is loaded again."""
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    first = mdext.makeExtension(facts_dir=str(facts))
    assert mdext.makeExtension(facts_dir=str(facts)).sheet is first.sheet
    topic = facts / "topics" / "machine-tools.yml"
    topic.write_text(topic.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert mdext.makeExtension(facts_dir=str(facts)).sheet is not first.sheet


# --- the rendered Markdown, clean for any generator ---------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """``factsheet render --docs`` of the example sheet."""
    out = tmp_path_factory.mktemp("rendered") / "docs"
    from factsheet.cli import main

    assert main(["--facts", str(FACTS), "render", "--out", str(out), "--docs", str(EXAMPLE / "docs"),
                 "--site-url", "https://example.org/sheet/"]) == 0
    return out


def test_rendered_markdown_has_no_reference_outside_code(rendered: Path):
    """Every [[fact:...]] of the authored pages is expanded; the one in a code span stays as written."""
    index = (rendered / "index.md").read_text(encoding="utf-8")
    assert "`[[fact:machine-tools-share]]`" in index
    for page in rendered.rglob("*.md"):
        text = re.sub(r"```.*?```|`[^`\n]*`", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
        assert "[[fact:" not in text, page


def test_rendered_markdown_carries_no_theme_templates(rendered: Path):
    """The render writes pages, downloads and the factsheet assets, never a theme template or partial (the
    package's Material partial, factsheet/theme/partials/search.html, would break another generator's search)."""
    assert (ROOT / "factsheet" / "theme" / "partials" / "search.html").is_file()  # shipped for Material only
    files = [p.relative_to(rendered).as_posix() for p in rendered.rglob("*") if p.is_file()]
    assert not [f for f in files if f.endswith(".html") or f.startswith(("partials/", "overrides/"))], files


def test_index_lists_are_kept_out_of_search(rendered: Path):
    """The lists of the sources, entities and topics indexes carry data-search-exclude: each item's own page is indexed."""
    for page in ("sources/index.md", "entities/index.md", "topics/index.md"):
        text = (rendered / page).read_text(encoding="utf-8")
        lists = re.findall(r"<ul class=\"fs-list\"[^>]*>", text)
        assert lists and all("data-search-exclude" in tag for tag in lists), page


# --- the configurations stay in step ------------------------------------------------------------------------------

class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1]
                           if isinstance(node, yaml.SequenceNode) else None)


def test_zensical_config_follows_mkdocs_config():
    """zensical.toml has mkdocs.yml's nav, site name, address default and search separator."""
    mk = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)  # noqa: S506 - a SafeLoader
    zen = tomllib.loads((ROOT / "zensical.toml").read_text(encoding="utf-8"))["project"]
    assert zen["nav"] == mk["nav"]
    assert (zen["site_name"], zen["site_url"]) == (mk["site_name"], mk["site_url"])
    assert zen["plugins"]["search"]["separator"] == mk["plugins"][0]["search"]["separator"]


# --- workflows ----------------------------------------------------------------------------------------------------

def _uses(path: Path) -> list[str]:
    return re.findall(r"^\s*-?\s*uses:\s*(.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)


@pytest.mark.parametrize("workflow", sorted((ROOT / ".github" / "workflows").glob("*.yml"))
                         + sorted((ROOT / "factsheet" / "skeleton" / "dot-github" / "workflows").glob("*.yml")),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_actions_are_pinned_to_commits_with_their_version(workflow: Path):
    """Every action is pinned to a full commit SHA, its version in a comment (``owner/name@<40 hex> # vX.Y.Z``)."""
    uses = _uses(workflow)
    assert uses
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", use.strip()), use


def test_ci_has_one_job_per_builder():
    """CI builds the sheet strictly in one job per builder; each builder's install (Makefile) takes only its requirements."""
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    runs = {name: " ".join(str(s.get("run", "")) for s in job["steps"]) for name, job in ci["jobs"].items()}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for builder, requirements in (("mkdocs", "requirements.lock"), ("properdocs", "requirements-properdocs.lock"),
                                  ("zensical", "requirements-zensical.lock")):
        assert [name for name, run in runs.items() if f"make site BUILDER={builder}" in run] == [builder]
        stamp = ".site-installed" if builder == "mkdocs" else f".{builder}-installed"
        rule = re.search(rf"^\$\(BIN\)/{re.escape(stamp)}:.*?(?=^\S)", makefile, re.MULTILINE | re.DOTALL).group(0)
        assert re.findall(r"-r (\S+)", rule) == [requirements], rule


# --- finding a browser --------------------------------------------------------------------------------------------

def _executable(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def test_browser_is_found_past_a_snap_stub(tmp_path, monkeypatch):
    """A chromium-browser that only asks for the snap is passed over for Google Chrome further down the PATH."""
    _executable(tmp_path / "chromium-browser", "#!/bin/sh\necho \"requires the chromium snap\"; exec /snap/bin/chromium \"$@\"\n")
    chrome = _executable(tmp_path / "google-chrome", "#!/bin/bash\nexec /opt/google/chrome/chrome \"$@\"\n")
    monkeypatch.delenv("FACTSHEET_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chromium() == str(chrome)


def test_browser_override_wins(tmp_path, monkeypatch):
    """FACTSHEET_CHROMIUM names the browser to use, whatever the PATH holds."""
    mine = _executable(tmp_path / "my-chrome", "#!/bin/sh\n")
    monkeypatch.setenv("FACTSHEET_CHROMIUM", str(mine))
    assert chromium() == str(mine)


def test_the_tests_drive_the_headless_shell_where_there_is_one(tmp_path, monkeypatch):
    """The browser tests drive Chromium's headless shell when one is on the PATH, the full browser when none is, and
    FACTSHEET_CHROMIUM whatever the PATH holds; the readers' benchmarks keep the full browser."""
    from conftest import driven_browser_path

    chromium_browser = _executable(tmp_path / "chromium", "#!/bin/sh\n")
    monkeypatch.delenv("FACTSHEET_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert driven_browser_path() == str(chromium_browser)
    shell = _executable(tmp_path / "chromium-headless-shell", "#!/bin/sh\n")
    assert driven_browser_path() == str(shell) and chromium() == str(chromium_browser)
    mine = _executable(tmp_path / "my-chrome", "#!/bin/sh\n")
    monkeypatch.setenv("FACTSHEET_CHROMIUM", str(mine))
    assert driven_browser_path() == str(mine)


# --- real builds --------------------------------------------------------------------------------------------------

def _copy_project(target: Path) -> Path:
    for name in ("facts", "docs"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("mkdocs.yml", "zensical.toml"):
        shutil.copyfile(ROOT / name, target / name)
    return target


@pytest.fixture(scope="module")
def zensical_built(tmp_path_factory) -> Path:
    """The real sheet built with Zensical (tools/zensical_site.py build, strict) in a copy of the repository."""
    _needs("zensical", "requirements-zensical.txt")
    project = _copy_project(tmp_path_factory.mktemp("zensical"))
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "zensical_site.py"), "build", "--root", str(project)],
                          env=build_env(FACTSHEET_SITE_URL=REAL_SITE_URL), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"


def test_zensical_builds_every_page_with_references_expanded(zensical_built: Path):
    """Every page is built, and no built page shows a raw [[fact: reference outside code."""
    pages = sorted(zensical_built.rglob("*.html"))
    assert len(pages) > 50
    assert zensical_site_refs(zensical_built) == []
    home = (zensical_built / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home  # theme font off, as with Material: no third-party request
    assert f'<link rel="canonical" href="{REAL_SITE_URL}">' in home  # Zensical's own links take the address too
    assert f"<loc>{REAL_SITE_URL}builders/</loc>" in (zensical_built / "sitemap.xml").read_text(encoding="utf-8")
    assert home.count('class="fs-ref__value"') == (ROOT / "docs" / "index.md").read_text(encoding="utf-8").count("[[fact:")


def zensical_site_refs(site: Path) -> list[str]:
    """Built pages with a raw reference outside code (the check tools/zensical_site.py makes before publishing)."""
    return [p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if "[[fact:" in HTML_CODE.sub("", p.read_text(encoding="utf-8"))]


def test_zensical_search_skips_index_lists_and_finds_facts(zensical_built: Path):
    """Zensical's search index leaves the index lists out (so no field nears its size limit) and holds the facts."""
    items = json.loads((zensical_built / "search.json").read_text(encoding="utf-8"))["items"]
    by_location = {i["location"]: i["text"] for i in items}
    for location, text in by_location.items():
        if location.startswith(("sources/#", "entities/#")) or location == "topics/":
            assert "<li" not in text and "<a " not in text and len(text) < 300, location  # an intro sentence, never the list
    assert max(len(t.encode()) for t in by_location.values()) < 65536
    assert any(loc.startswith("topics/") and "#" in loc for loc in by_location)


def test_zensical_strict_failure_keeps_the_published_site(tmp_path):
    """A broken link fails the strict build with Zensical's own message and no traceback; site/ stays as it was.
    On a small sheet with this repository's configurations (the benchmark's): the real one is built above."""
    _needs("zensical", "requirements-zensical.txt")
    import builders

    project = tmp_path
    builders.prepare(project, 10)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("previous", encoding="utf-8")
    with (project / "docs" / "methodology.md").open("a", encoding="utf-8") as f:
        f.write("\n[A broken link](nowhere.md)\n")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "zensical_site.py"), "build", "--root", str(project)],
                          env=build_env(FACTSHEET_SITE_URL=REAL_SITE_URL), capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert "page does not exist" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert "is unchanged" in done.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "previous"


def test_zensical_build_refuses_an_address_readers_cannot_use(tmp_path):
    """Without FACTSHEET_SITE_URL (zensical.toml's preview address) the build stops before rendering; site/ stays."""
    _needs("zensical", "requirements-zensical.txt")
    project = _copy_project(tmp_path)
    env = {k: v for k, v in build_env().items() if k != "FACTSHEET_SITE_URL"}
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "zensical_site.py"), "build", "--root", str(project)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "site_url 'http://127.0.0.1:8000/' is this machine's address" in done.stderr and "Traceback" not in done.stderr
    assert not (project / "site").exists() and not (project / "build").exists()


def test_zensical_site_check_finds_a_raw_reference(tmp_path):
    """The check before publishing names a built page still showing a reference outside code."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>see [[fact:x]]</p>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p><code>[[fact:x]]</code></p>", encoding="utf-8")
    assert [line.split(":")[0] for line in zensical_site.unexpanded(tmp_path)] == ["a/index.html"]


def test_properdocs_builds_the_example_sheet_strictly(tmp_path):
    """ProperDocs builds the example sheet with the hook and Material, strict, as MkDocs does."""
    _needs("properdocs", "requirements-properdocs.txt")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(EXAMPLE / "mkdocs.yml"),
                           "-d", str(site)], env=build_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs' in home
    assert 'class="fs-ref__value"' in home and "[[fact:" not in HTML_CODE.sub("", home)
