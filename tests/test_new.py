"""``factsheet new DIR``: a working sheet from the package's templates, refused over existing work, and built from a real install."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitetools import ROOT

from factsheet import scaffold
from factsheet.cli import main
from factsheet.load.settings import load_settings

FILES = [
    ".github/workflows/ci.yml", ".gitignore", "README.md", "docs/index.md", "facts/entities.yml", "facts/sources.yml",
    "facts/topics/shipping.yml", "mkdocs.yml", "requirements.txt", "schema/charts.schema.json",
    "schema/entities.schema.json", "schema/sources.schema.json", "schema/topic.schema.json",
]


class _TagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml with its !ENV tags as plain lists."""


_TagLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node))


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _leftovers(parent: Path, name: str) -> list[str]:
    return [p.name for p in parent.iterdir() if p.name.startswith(f".{name}.new-")]


# --- in process --------------------------------------------------------------------------------

def test_new_writes_a_sheet_that_passes_the_strict_check(tmp_path, capsys):
    """The scaffold has every file, says what it wrote and what to run next, and validates with no warning."""
    sheet = tmp_path / "my-sheet"
    assert main(["new", str(sheet), "--title", 'Ports: the "2024" edition']) == 0
    out = capsys.readouterr().out
    assert _files(sheet) == FILES
    assert all(f"  {rel}\n" in out for rel in FILES)
    assert "factsheet check --strict" in out and "mkdocs serve" in out and f"cd {sheet}" in out
    assert _leftovers(tmp_path, "my-sheet") == []

    assert main(["--facts", str(sheet / "facts"), "check", "--strict"]) == 0
    out = capsys.readouterr()
    assert "ok: 1 facts, 1 citations, 1 sources, 1 entities, 1 topics, 0 charts; 0 warnings" in out.out
    assert out.err == ""

    config = yaml.load((sheet / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TagLoader)
    assert config["site_name"] == 'Ports: the "2024" edition'
    assert config["plugins"][0].keys() == {"search"} and "factsheet" in config["plugins"][1]
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False and config["strict"] is True
    assert [next(iter(item)) for item in config["nav"]] == [
        "Overview", "Topics", "Figures", "Timeline", "Corrections", "Sources", "Entities", "Data"]
    assert "[[fact:harbour-containers-2023]]" in (sheet / "docs" / "index.md").read_text(encoding="utf-8")
    for rel in ("facts/sources.yml", "facts/entities.yml", "facts/topics/shipping.yml"):  # the schemas they name are there
        first = (sheet / rel).read_text(encoding="utf-8").splitlines()[0]
        schema = first.removeprefix("# yaml-language-server: $schema=")
        assert schema != first and (sheet / rel).parent.joinpath(schema).resolve().is_file()
    workflow = (sheet / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    for needed in ("actions/upload-pages-artifact", "actions/deploy-pages", "mkdocs build --strict",
                   "FACTSHEET_REPORT_URL", "FACTSHEET_SITE_URL", "pip install -r requirements.txt"):
        assert needed in workflow
    assert "site/" in (sheet / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "@@" not in "".join(p.read_text(encoding="utf-8") for p in sheet.rglob("*") if p.is_file())


def test_new_with_registries_in_folders(tmp_path, capsys):
    """--registries folders writes facts/sources/ and facts/entities/ with schema lines that resolve; the sheet checks clean."""
    sheet = tmp_path / "team-sheet"
    assert main(["new", str(sheet), "--registries", "folders"]) == 0
    capsys.readouterr()
    rename = {"facts/sources.yml": "facts/sources/shipping.yml", "facts/entities.yml": "facts/entities/shipping.yml"}
    assert _files(sheet) == sorted(rename.get(rel, rel) for rel in FILES)
    for rel in rename.values():
        first = (sheet / rel).read_text(encoding="utf-8").splitlines()[0]
        schema = (sheet / rel).parent / first.removeprefix("# yaml-language-server: $schema=")
        assert schema.resolve() == (sheet / "schema" / f"{rel.split('/')[1]}.schema.json").resolve() and schema.is_file()
    assert main(["--facts", str(sheet / "facts"), "check", "--strict"]) == 0
    assert "ok: 1 facts, 1 citations, 1 sources, 1 entities, 1 topics, 0 charts; 0 warnings" in capsys.readouterr().out
    plain = scaffold.create(tmp_path / "plain", today=None)  # the same content as the one-file layout, apart from the schema line
    for old, new in rename.items():
        text = (sheet / new).read_text(encoding="utf-8").replace("$schema=../../schema/", "$schema=../schema/")
        assert text == (plain.folder / old).read_text(encoding="utf-8")


def test_new_refuses_an_unknown_layout(tmp_path):
    with pytest.raises(scaffold.ScaffoldError, match="registries must be one of files, folders"):
        scaffold.create(tmp_path / "sheet", registries="folder")
    assert not (tmp_path / "sheet").exists()


def test_factsheet_check_reads_the_plugin_settings(tmp_path, monkeypatch):
    """`factsheet check` applies the plugin's options in a scaffolded mkdocs.yml (no extra.factsheet), !ENV included."""
    sheet = scaffold.create(tmp_path / "sheet").folder
    config = sheet / "mkdocs.yml"
    assert load_settings(config).report_url == ""
    monkeypatch.setenv("FACTSHEET_REPORT_URL", "https://git.example.org/issues/new?title={id}")
    assert load_settings(config).report_url == "https://git.example.org/issues/new?title={id}"
    text = config.read_text(encoding="utf-8").replace("# hedges: [rumoured]", "hedges: [rumoured]")
    config.write_text(text, encoding="utf-8")
    assert load_settings(config).hedges == ("rumoured",)


@pytest.mark.parametrize("existing", ["a file inside", "a file"])
def test_new_refuses_a_folder_with_work_in_it(tmp_path, capsys, existing):
    """A DIR that is not empty, or is a file, is refused with exit 1, and nothing is written."""
    target = tmp_path / "sheet"
    if existing == "a file":
        target.write_text("notes\n", encoding="utf-8")
    else:
        target.mkdir()
        (target / "notes.md").write_text("mine\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["new", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"error: {target} exists and is not" in err and "nothing was written" in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_new_fills_an_empty_folder(tmp_path):
    """An existing empty folder is fine: `mkdir sheet && factsheet new sheet`."""
    (tmp_path / "sheet").mkdir()
    assert main(["new", str(tmp_path / "sheet")]) == 0
    assert _files(tmp_path / "sheet") == FILES


def test_a_failure_leaves_no_half_written_folder(tmp_path, monkeypatch, capsys):
    """Everything is written beside DIR first and renamed in one step: a failure part-way leaves nothing."""
    def fail(folder):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(scaffold, "write_schemas", fail)
    assert main(["new", str(tmp_path / "sheet")]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_empty_title(tmp_path, capsys):
    assert main(["new", str(tmp_path / "sheet"), "--title", "  "]) == 1
    assert "the title is empty" in capsys.readouterr().err and not (tmp_path / "sheet").exists()


class _Dist:
    def __init__(self, direct_url: dict | None):
        self.version, self.direct_url = "1.2.3", direct_url

    def read_text(self, name):
        return json.dumps(self.direct_url) if self.direct_url is not None else None


@pytest.mark.parametrize("direct_url,line,known", [
    (None, "factsheet[site]==1.2.3", True),
    ({"url": "https://github.com/org/factsheet", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
     "factsheet[site] @ git+https://github.com/org/factsheet@abc123", True),
    ({"url": "https://example.org/factsheet-1.2.3-py3-none-any.whl", "archive_info": {}},
     "factsheet[site] @ https://example.org/factsheet-1.2.3-py3-none-any.whl", True),
    ({"url": "file:///home/me/factsheet", "dir_info": {"editable": True}}, None, False),
    ({"url": "https://ghp_secret@github.com/org/factsheet", "vcs_info": {"vcs": "git", "commit_id": "abc"}}, None, False),
])
def test_requirements_line_follows_how_factsheet_was_installed(monkeypatch, direct_url, line, known):
    """An index, git or download install is written as such; a local folder, or an address with a token, is a placeholder."""
    monkeypatch.setattr(scaffold.metadata, "distribution", lambda name: _Dist(direct_url))
    got, got_known = scaffold.requirement("1.2.3")
    assert got_known is known
    assert got == (line or "factsheet[site] @ git+https://github.com/OWNER/factsheet@v1.2.3")
    assert "secret" not in got


# --- a real install ----------------------------------------------------------------------------

def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


PROBE = """
import importlib.metadata as md, json, sys
import factsheet
plugin = next(ep for ep in md.entry_points(group="mkdocs.plugins") if ep.name == "factsheet").load()
print(json.dumps({
    "factsheet": factsheet.__file__,
    "dist": str(md.distribution("factsheet").locate_file("factsheet/__init__.py")),
    "plugin": sys.modules[plugin.__module__].__file__,
    "path": sys.path,
    "finders": [type(f).__module__ for f in sys.meta_path],
}))
"""


@pytest.mark.slow
def test_installed_package_makes_a_sheet_that_builds(tmp_path):
    """The issue's test: install this repository (not editable) into a fresh virtual environment, run its
    `factsheet new DIR`, then its `mkdocs build --strict` in DIR, with nothing copied from the repository.

    Fast and offline: the wheel is built from a copy of the package source (so the repository gets no build/
    folder) with the test environment's setuptools (--no-build-isolation), and installed with --no-deps into a
    venv made without pip. MkDocs, Material and the other dependencies come from the test environment's
    site-packages through a .pth file; it only adds those folders to sys.path (the .pth files there, such as
    the editable install's finder, are not run), so the new venv's own site-packages, first on sys.path,
    supplies factsheet: the probe checks that the module, its metadata and the plugin entry point all
    resolve inside the new venv. About 5 s.
    """
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "factsheet", source / "factsheet", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(tmp_path / "dist"), str(source)], tmp_path, env)
    (wheel,) = (tmp_path / "dist").glob("factsheet-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
         tmp_path, env)
    own = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path, env).stdout.strip())
    assert (own / "factsheet" / "skeleton").is_dir()
    import jinja2
    import markdown
    import material
    import mkdocs

    deps = sorted({str(Path(m.__file__).resolve().parents[1]) for m in (mkdocs, material, markdown, jinja2, yaml)})
    (own / "zz_test_dependencies.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)

    probe = json.loads(_run([str(python), "-c", PROBE], tmp_path, env).stdout)
    for key in ("factsheet", "dist", "plugin"):
        assert Path(probe[key]).resolve().is_relative_to(venv.resolve()), (key, probe[key])
    assert str(ROOT) not in probe["path"] and not any("editable" in f for f in probe["finders"]), probe
    hidden = subprocess.run([str(python), "-c", f"import sys; sys.path.remove({str(own)!r}); import factsheet"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert "No module named 'factsheet'" in hidden.stderr  # nothing but the wheel provides factsheet

    made = _run([str(venv / "bin" / "factsheet"), "new", "my-sheet", "--title", "Harbour facts"], tmp_path, env)
    sheet = tmp_path / "my-sheet"
    assert "mkdocs serve" in made.stdout and _files(sheet) == FILES
    assert str(ROOT) not in (sheet / "mkdocs.yml").read_text(encoding="utf-8")
    _run([str(venv / "bin" / "factsheet"), "check", "--strict"], sheet, env)
    refused = subprocess.run([str(python), "-m", "mkdocs", "build", "--strict"], cwd=sheet, env=env, capture_output=True,
                             text=True, timeout=120)
    assert refused.returncode != 0 and "site_url 'http://127.0.0.1:8000/' is this machine's address" in refused.stderr
    assert "FACTSHEET_SITE_URL" in refused.stderr and "Traceback" not in refused.stderr and not (sheet / "site").exists()
    env["FACTSHEET_SITE_URL"] = "https://harbour-facts.github.io/sheet/"  # as the sheet's CI sets it
    _run([str(python), "-m", "mkdocs", "build", "--strict"], sheet, env)

    site = sheet / "site"
    topic = (site / "topics" / "shipping" / "index.html").read_text(encoding="utf-8")
    assert 'id="harbour-containers-2023"' in topic and "about 1.2 million containers" in topic
    assert "data-search-worker=" in topic  # the package's templates, from the new venv
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Harbour facts" in home and 'data-fact-id="harbour-containers-2023"' in home
    assert (site / "data" / "facts.json").is_file() and (site / "assets" / "factsheet" / "search-worker.js").is_file()
