"""Theme templates are compiled once per process, and again only when their source or the environment's syntax differ."""

from __future__ import annotations

import shutil

from jinja2 import DictLoader, Environment, FileSystemBytecodeCache
from sitetools import EXAMPLE, ROOT, build_in_process, tree_hashes

from factsheet.adapter.templatecache import TEMPLATES, ProcessTemplateCache, share_compiled_templates


def _env(cache: ProcessTemplateCache, templates: dict[str, str], **settings) -> Environment:
    env = Environment(loader=DictLoader(templates), **settings)
    env.bytecode_cache = cache
    return env


def test_a_template_is_compiled_once_for_every_environment_that_loads_it():
    cache = ProcessTemplateCache()
    templates = {"page.html": "{% for n in items %}[{{ n }}]{% endfor %}"}
    first = _env(cache, templates).get_template("page.html").render(items=[1, 2])
    second = _env(cache, templates).get_template("page.html").render(items=[3])
    assert (first, second) == ("[1][2]", "[3]")
    assert (cache.compiled, cache.reused) == (1, 1)


def test_a_changed_source_is_compiled_again():
    cache = ProcessTemplateCache()
    assert _env(cache, {"t.html": "old {{ x }}"}).get_template("t.html").render(x=1) == "old 1"
    assert _env(cache, {"t.html": "new {{ x }}"}).get_template("t.html").render(x=2) == "new 2"
    assert _env(cache, {"t.html": "old {{ x }}"}).get_template("t.html").render(x=3) == "old 3"  # the newest is kept
    assert (cache.compiled, cache.reused) == (3, 0)


def test_environments_that_compile_differently_do_not_share():
    """The same source under autoescaping, other delimiters or another extension compiles to other code."""
    cache = ProcessTemplateCache()
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
    cache = ProcessTemplateCache(limit=2)
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
