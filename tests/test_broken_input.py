"""Broken fact files: each stops `factsheet check` and `mkdocs build` with a located error, never a traceback.

Every case starts from the valid example facts and breaks one file. Both
commands run through their real command lines (``factsheet.cli`` and MkDocs'
own), in the test's process (``sitetools.check_in_process`` /
``build_in_process``): what is under test is the validator and the plugin's
handling of its errors, not the start of an interpreter. The inputs built to
exhaust resources (a huge file, deep nesting, the billion laughs) run as
subprocesses, as an editor or CI runs them, with a time limit and a 1 GiB
address-space limit, so an input that made either command hang or balloon
would fail the test instead of the machine. A failed build must also leave
the previously published site/ exactly as it was.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sitetools import EXAMPLE, build_in_process, check_in_process, example_facts, factsheet_check, mkdocs_build, tree_hashes, write_project

pytestmark = pytest.mark.slow  # every test here runs `factsheet check` and `mkdocs build`

TOPIC = "topics/machine-tools.yml"
BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
)


def _topic() -> str:
    return example_facts()[TOPIC]


def _sources() -> str:
    return example_facts()["sources.yml"]


def _outside(root: Path) -> Path:
    outside = root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "topics").mkdir(exist_ok=True)
    (outside / "topics" / "machine-tools.yml").write_text(_topic(), encoding="utf-8")
    (outside / "passwd.yml").write_text("root: x\n", encoding="utf-8")
    return outside


def _link_file(project: Path) -> None:
    (project / "facts" / "topics" / "stolen.yml").symlink_to(_outside(project.parent) / "passwd.yml")


def _link_folder(project: Path) -> None:
    topics = project / "facts" / "topics"
    for path in topics.iterdir():
        path.unlink()
    topics.rmdir()
    topics.symlink_to(_outside(project.parent) / "topics", target_is_directory=True)


# name: (files to replace or add, or None to remove; a function to run on the written project; expected "path:line:col: message")
CASES: dict[str, tuple[dict[str, str | bytes | None], object, str]] = {
    "malformed YAML": ({TOPIC: "topic:\n  id: machine-tools\n  title: [Machine tools\nfacts: []\n"}, None,
                       f"facts/{TOPIC}:3:10: YAML syntax error: the '[' opened here is never closed"),
    "not UTF-8": ({"sources.yml": _sources().replace("Officials describe", "Caf\xe9 officials describe").encode("latin-1")}, None,
                  "facts/sources.yml:4:15: not valid UTF-8 (byte 0xe9)"),
    "UTF-16": ({"sources.yml": _sources().encode("utf-16")}, None, "facts/sources.yml:1:4: NUL byte in file"),
    "byte-order mark": ({"sources.yml": b"\xef\xbb\xbf" + _sources().encode()}, None,
                        "facts/sources.yml:1:1: file starts with a byte-order mark"),
    "NUL byte": ({"sources.yml": _sources().replace("Example Wire", "Example\x00Wire").encode()}, None,
                 "facts/sources.yml:5:20: NUL byte in file"),
    "tab indentation": ({TOPIC: _topic().replace("  id: machine-tools\n", "\tid: machine-tools\n", 1)}, None,
                        f"facts/{TOPIC}:2:1: YAML syntax error"),
    "huge file": ({"topics/huge.yml": b"# " + b"x" * (9 * 1024 * 1024) + b"\n"}, None,
                  "facts/topics/huge.yml:1:1: file is 9,437,187 bytes, over the limit of 8,388,608"),
    "deep nesting": ({"topics/deep.yml": "topic: " + "[" * 100_000 + "]" * 100_000 + "\n"}, None,
                     "facts/topics/deep.yml:1:48: nesting deeper than 40 levels"),
    "billion laughs": ({"topics/laughs.yml": BILLION_LAUGHS}, None, "facts/topics/laughs.yml:1:4: anchor '&a' is not allowed"),
    "empty file": ({TOPIC: ""}, None, f"facts/{TOPIC}:1:1: file is empty"),
    "comments only": ({TOPIC: "# nothing here yet\n"}, None, f"facts/{TOPIC}:1:1: file is empty"),
    "list for a mapping": ({TOPIC: "- id: machine-tools\n  title: Machine tools\n"}, None,
                           f"facts/{TOPIC}:1:1: expected a mapping of keys to values, got a list"),
    "mapping for a list": ({TOPIC: "topic:\n  id: machine-tools\n  title: Machine tools\nfacts:\n  id: x\n"}, None,
                           f"facts/{TOPIC}:5:3: expected a list, got a mapping"),
    "duplicate key": ({TOPIC: _topic().replace("  title: Machine tools\n", "  title: Machine tools\n  title: Lathes\n", 1)}, None,
                      f"facts/{TOPIC}:4:3: duplicate key 'title'"),
    "python tag": ({TOPIC: '!!python/object/apply:os.system ["touch pwned"]\n'}, None,
                   f"facts/{TOPIC}:1:1: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "two documents": ({TOPIC: _topic() + "---\ntopic: {}\n"}, None,
                      f"facts/{TOPIC}:{len(_topic().splitlines()) + 1}:1: more than one YAML document"),
    "symlinked file outside": ({}, _link_file, "facts/topics/stolen.yml:1:1: symbolic link points outside the facts folder"),
    "symlinked folder outside": ({}, _link_folder, f"facts/{TOPIC}:1:1: symbolic link points outside the facts folder"),
}
# The cases that would exhaust time or memory if the loader let them through: checked and built in capped subprocesses.
IN_A_SUBPROCESS = {"huge file", "deep nesting", "billion laughs"}


def _project(name: str, root: Path) -> Path:
    files, setup, _ = CASES[name]
    facts = example_facts()
    for rel, content in files.items():
        facts[rel] = content
    project = write_project(root / name.replace(" ", "-") / "project", facts,
                            docs={"index.md": (EXAMPLE / "docs" / "index.md").read_text(encoding="utf-8")})
    if setup:
        setup(project)
    return project


def _in_a_subprocess(project: Path) -> tuple[Path, object, object]:
    check = factsheet_check(project / "facts", timeout=30)
    build = mkdocs_build(project / "mkdocs.yml", project / "site", timeout=60)
    return project, check, build


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Every broken case checked and built: the resource cases in subprocesses side by side, then the others in-process
    (which set the working directory and environment, so not while a subprocess is being started)."""
    root = tmp_path_factory.mktemp("broken")
    projects = {name: _project(name, root) for name in CASES}
    with ThreadPoolExecutor(max_workers=len(IN_A_SUBPROCESS)) as pool:
        done = dict(zip(IN_A_SUBPROCESS, pool.map(_in_a_subprocess, [projects[name] for name in IN_A_SUBPROCESS]), strict=True))
    for name, project in projects.items():
        if name not in IN_A_SUBPROCESS:
            done[name] = project, check_in_process(project / "facts"), build_in_process(project / "mkdocs.yml", project / "site")
    return done


@pytest.mark.parametrize("name", list(CASES))
def test_check_reports_located_error(results, name):
    """`factsheet check` exits 1 with the error at its file, line and column, and no traceback."""
    _, check, _ = results[name]
    expected = CASES[name][2]
    assert check.returncode == 1, check.stdout + check.stderr
    assert expected in check.stderr, check.stderr
    assert "Traceback" not in check.stdout + check.stderr


@pytest.mark.parametrize("name", list(CASES))
def test_build_reports_located_error_and_writes_nothing(results, name):
    """`mkdocs build` exits non-zero with the same located error, no traceback, and no site or half-built folder."""
    project, _, build = results[name]
    expected = CASES[name][2]
    output = build.stdout + build.stderr
    assert build.returncode != 0, output
    assert expected in output, output
    assert "Traceback" not in output
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == []


# --- a failed build leaves the published site alone ----------------------------------------------------------

FAILURES = {
    "broken fact file": ({"facts/" + TOPIC: "topic: [\n"}, "YAML syntax error"),
    "strict mode: link to a missing page": ({"docs/extra.md": "# Extra\n\nSee [nothing](missing.md).\n"},
                                            "warning(s) in strict mode"),
    "strict mode: link to a missing anchor": ({"docs/extra.md": "# Extra\n\nSee [it](topics/machine-tools.md#no-such-fact).\n"},
                                              "warning(s) in strict mode"),
    "unknown fact in prose": ({"docs/index.md": "# Home\n\n[[fact:no-such-fact]]\n"}, "unknown fact id 'no-such-fact'"),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project with a successfully built site/, and the hash of every file in it."""
    docs = {"index.md": (EXAMPLE / "docs" / "index.md").read_text(encoding="utf-8")}
    project = write_project(tmp_path_factory.mktemp("published") / "project", example_facts(), docs)
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, tree_hashes(project / "site")


def _write(project: Path, files: dict[str, str]) -> dict[Path, bytes | None]:
    before = {}
    for rel, text in files.items():
        path = project / rel
        before[path] = path.read_bytes() if path.exists() else None
        path.write_text(text, encoding="utf-8")
    return before


def _restore(before: dict[Path, bytes | None]) -> None:
    for path, data in before.items():
        if data is None:
            path.unlink()
        else:
            path.write_bytes(data)


@pytest.mark.parametrize("name", list(FAILURES))
def test_failed_build_leaves_previous_site_byte_for_byte(published, name):
    """A build that fails (bad facts, a strict-mode warning, an unknown fact) leaves site/ exactly as it was, and no temporary folders."""
    project, hashes = published
    files, message = FAILURES[name]
    before = _write(project, files)
    try:
        result = build_in_process(project / "mkdocs.yml", project / "site")
    finally:
        _restore(before)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert message in output
    assert "Traceback" not in output
    assert tree_hashes(project / "site") == hashes
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_successful_build_replaces_the_site_whole(published, tmp_path):
    """A build that succeeds swaps in the new site: changed pages change, removed pages go, no temporary folders stay."""
    project, hashes = published
    copy = tmp_path / "project"
    shutil.copytree(project, copy, symlinks=True)
    topic = copy / "facts" / TOPIC
    topic.write_text(topic.read_text(encoding="utf-8").replace("title: Machine tools", "title: Lathes and mills"), encoding="utf-8")
    (copy / "site" / "stale.html").write_text("left over from an old build", encoding="utf-8")
    result = build_in_process(copy / "mkdocs.yml", copy / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    rebuilt = tree_hashes(copy / "site")
    assert "stale.html" not in rebuilt
    assert rebuilt["topics/machine-tools/index.html"] != hashes["topics/machine-tools/index.html"]
    assert "Lathes and mills" in (copy / "site" / "topics" / "machine-tools" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in copy.iterdir() if p.name.startswith("site")) == ["site"]
