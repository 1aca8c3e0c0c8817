"""Templates are compiled once per process (and, with a folder, once for every process), and again only when their
source or the environment's syntax differ."""

from __future__ import annotations

import shutil

from jinja2 import DictLoader, Environment, FileSystemBytecodeCache
from sitetools import EXAMPLE, ROOT, build_in_process, tree_hashes

from factsheet.templatecache import TEMPLATES, ProcessTemplateCache, share_compiled_templates


def _env(cache: ProcessTemplateCache, templates: dict[str, str], **settings) -> Environment:
    env = Environment(loader=DictLoader(templates), **settings)
    env.bytecode_cache = cache
    return env


def test_a_template_is_compiled_once_for_every_environment_that_loads_it():
    cache = ProcessTemplateCache(folder=None)  # memory only
    templates = {"page.html": "{% for n in items %}[{{ n }}]{% endfor %}"}
    first = _env(cache, templates).get_template("page.html").render(items=[1, 2])
    second = _env(cache, templates).get_template("page.html").render(items=[3])
    assert (first, second) == ("[1][2]", "[3]")
    assert (cache.compiled, cache.reused) == (1, 1)


def test_a_changed_source_is_compiled_again():
    cache = ProcessTemplateCache(folder=None)  # memory only
    assert _env(cache, {"t.html": "old {{ x }}"}).get_template("t.html").render(x=1) == "old 1"
    assert _env(cache, {"t.html": "new {{ x }}"}).get_template("t.html").render(x=2) == "new 2"
    assert _env(cache, {"t.html": "old {{ x }}"}).get_template("t.html").render(x=3) == "old 3"  # the newest is kept
    assert (cache.compiled, cache.reused) == (3, 0)


def test_environments_that_compile_differently_do_not_share():
    """The same source under autoescaping, other delimiters or another extension compiles to other code."""
    cache = ProcessTemplateCache(folder=None)  # memory only
    source = {"t.html": "{{ x }}<% if x %>!<% endif %>{% if x %}?{% endif %}"}
    plain = _env(cache, source).get_template("t.html").render(x="<b>")
    escaped = _env(cache, source, autoescape=True).get_template("t.html").render(x="<b>")
    angled = _env(cache, source, block_start_string="<%", block_end_string="%>").get_template("t.html").render(x="<b>")
    extended = _env(cache, {"t.html": "{% do items.append(1) %}{{ items }}"}, extensions=["jinja2.ext.do"])
    assert plain == "<b><% if x %>!<% endif %>?"
    assert escaped == "&lt;b&gt;<% if x %>!<% endif %>?"
    assert angled == "<b>!{% if x %}?{% endif %}"
    assert extended.get_template("t.html").render(items=[]) == "[1]"
    assert (cache.compiled, cache.reused) == (4, 0)


def test_the_oldest_templates_go_past_the_limit():
    cache = ProcessTemplateCache(limit=2, folder=None)
    templates = {name: name + "{{ 1 }}" for name in ("a", "b", "c")}
    for name in ("a", "b", "c", "c", "b", "a"):
        assert _env(cache, templates).get_template(name).render() == name + "1"
    assert (cache.compiled, cache.reused) == (4, 2)  # a went when c came; c and b were kept


def test_an_environment_with_its_own_cache_keeps_it(tmp_path):
    own = Environment(bytecode_cache=FileSystemBytecodeCache(str(tmp_path)))
    share_compiled_templates(own)
    assert isinstance(own.bytecode_cache, FileSystemBytecodeCache)
    bare = Environment()
    share_compiled_templates(bare)
    assert bare.bytecode_cache is TEMPLATES


def test_a_second_build_in_the_process_compiles_no_template_and_writes_the_same_site(tmp_path):
    """Two builds of the example sheet in this process: the second takes every template from the cache, and both
    write the same files byte for byte (the determinism tests compare builds in fresh processes with these)."""
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../", ROOT.as_posix() + "/"), encoding="utf-8")
    first = build_in_process(config, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    compiled, reused = TEMPLATES.compiled, TEMPLATES.reused
    second = build_in_process(config, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    assert TEMPLATES.compiled == compiled and TEMPLATES.reused > reused
    assert tree_hashes(tmp_path / "one") == tree_hashes(tmp_path / "two")


# --- between processes: FACTSHEET_TEMPLATE_CACHE ------------------------------------------------------------------

def _on_disk(folder, templates: dict[str, str]) -> tuple[ProcessTemplateCache, Environment]:
    """A fresh process's cache (nothing in memory) over ``folder``, and an environment that uses it."""
    cache = ProcessTemplateCache(folder=folder)
    return cache, _env(cache, templates)


PROBE = """
import json, sys
from factsheet.render.templates import render
from factsheet.templatecache import TEMPLATES
html = str(render("inline_figure.html", fact={"id": "f", "withdrawn": False}, href="#f", title="t", text="70%", markers=[]))
print(json.dumps({"compiled": TEMPLATES.compiled, "read": TEMPLATES.read, "html": html}))
"""


def test_a_new_process_reads_the_templates_an_earlier_one_compiled(tmp_path):
    """The engine's page templates, compiled in one process, are read back by the next (their keys name the
    environment's finalize function by module and name, the same in every process, not by its address)."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, FACTSHEET_TEMPLATE_CACHE=str(tmp_path / "templates"))
    runs = [json.loads(subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True,
                                      cwd=tmp_path).stdout) for _ in range(2)]
    assert runs[0]["compiled"] >= 1 and runs[0]["read"] == 0
    assert runs[1] == {**runs[0], "compiled": 0, "read": runs[0]["compiled"]}
    assert "70%" in runs[1]["html"]
    assert len(list((tmp_path / "templates").glob("*.jinja"))) == runs[0]["compiled"]
    assert not list((tmp_path / "templates").glob("*.part"))


def test_the_folder_is_made_for_its_user_alone_and_one_others_can_write_to_is_not_used(tmp_path):
    import stat

    templates = {"t.html": "{{ x }}!"}
    made = tmp_path / "made" / "templates"
    cache, env = _on_disk(made, templates)
    assert env.get_template("t.html").render(x=1) == "1!"
    assert stat.S_IMODE(made.stat().st_mode) == 0o700 and len(list(made.iterdir())) == 1

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    cache, env = _on_disk(shared, templates)
    assert env.get_template("t.html").render(x=2) == "2!"
    assert cache.folder() is None and list(shared.iterdir()) == []

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    cache, env = _on_disk(not_a_folder, templates)
    assert env.get_template("t.html").render(x=3) == "3!" and cache.folder() is None


def test_a_damaged_file_or_one_for_another_source_is_compiled_again_and_replaced(tmp_path):
    folder = tmp_path / "templates"
    first, env = _on_disk(folder, {"t.html": "old {{ x }}"})
    assert env.get_template("t.html").render(x=1) == "old 1"
    (kept,) = folder.iterdir()

    changed, env = _on_disk(folder, {"t.html": "new {{ x }}"})
    assert env.get_template("t.html").render(x=2) == "new 2"
    assert (changed.compiled, changed.read) == (1, 0)

    kept.write_bytes(b"\x00not bytecode at all")
    damaged, env = _on_disk(folder, {"t.html": "new {{ x }}"})
    assert env.get_template("t.html").render(x=3) == "new 3"
    assert (damaged.compiled, damaged.read) == (1, 0)

    again, env = _on_disk(folder, {"t.html": "new {{ x }}"})
    assert env.get_template("t.html").render(x=4) == "new 4"
    assert (again.compiled, again.read) == (0, 1)  # the damaged file was replaced by good code


def test_environments_whose_autoescape_closures_share_a_name_do_not_share_files(tmp_path):
    """Two ``select_autoescape`` closures have one name and decide differently: keyed by name, one environment would
    run the other's code."""
    from jinja2 import select_autoescape

    folder, source = tmp_path / "templates", {"t.html": "{{ x }}"}
    html_only, env = _on_disk(folder, source)
    env.autoescape = select_autoescape(["html"])
    assert env.get_template("t.html").render(x="<b>") == "&lt;b&gt;"
    none, env = _on_disk(folder, source)
    env.autoescape = select_autoescape([], default_for_string=False, default=False)
    assert env.get_template("t.html").render(x="<b>") == "<b>"
    assert (none.compiled, none.read) == (1, 0)
