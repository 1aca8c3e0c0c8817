"""A build indexes the generated pages for Material's search as Material's own parser would, entry for entry.

``factsheet.adapter.search_sections`` reads the HTML the engine writes with one
regular expression instead of the standard library's HTML parser; whatever it
cannot read exactly is left to Material. Here both read the same HTML: every
generated page of the real, example and hostile sheets, and HTML made up by
Hypothesis; and an example site built with and without it gives the same index.
"""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser
from payloads import hostile_facts
from sitetools import EXAMPLE, ROOT, build_in_process, tree_hashes, write_project

from factsheet.adapter import material, search_sections
from factsheet.build import generate
from factsheet.model.urls import Site

SITE = Site("https://factsheet-tests.github.io/sheet/", True, "Test sheet")


def materials(html: str) -> list[tuple]:
    """Material's sections of ``html``: heading tag, id, title, text, excluded."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, "".join(s.title).strip(), "".join(s.text).strip(), s.is_excluded()) for s in parser.data]


def ours(html: str) -> list[tuple] | None:
    try:
        found = search_sections._Parser().feed(html)
    except search_sections._UnsupportedError:
        return None
    return [(s.tag, s.id, "".join(s.title).strip(), "".join(s.text).strip(), "data-search-exclude" in s.attrs)
            for s in found]


def _pages(facts: Path) -> dict[str, str]:
    """Each generated page's content as Material's search plugin sees it: the title heading, then the page's HTML."""
    out = generate(facts, SITE, facts.parent)
    return {src: f'<h1 id="title">{escape(page.title)}</h1>\n{page.html}' for src, page in out.pages.items() if page.has_body()}


@pytest.mark.parametrize("sheet", ["real", "example", "hostile"])
def test_every_generated_page_splits_into_the_sections_material_finds(sheet, tmp_path):
    if sheet == "real":
        facts = ROOT / "facts"
    elif sheet == "example":
        facts = EXAMPLE / "facts"
    else:
        facts = write_project(tmp_path / "project", hostile_facts()) / "facts"
    pages = _pages(facts)
    assert len(pages) > 5
    for src, html in pages.items():
        found = ours(html)
        assert found is not None, f"{src}: the engine's HTML is outside what search_sections reads"
        assert found == materials(html), src


# HTML made of the pieces Material's parser treats differently: headings with and without ids, kept and skipped
# tags, excluded blocks, permalinks, void and self-closing tags, scripts, comments, entities, whitespace and pre.
_TAGS = ["h1", "h2", "h3", "p", "div", "span", "a", "code", "pre", "li", "ul", "ol", "sub", "sup", "script", "style",
         "object", "br", "img", "em", "table", "td", "H2", "DIV", "h2", "a", "a", "p"]
_ATTRS = ['id="x"', 'id="x"', 'class="headerlink"', 'id="a&amp;b"', 'id=""', "data-search-exclude", 'class="headerlink"', 'class="linenodiv"',
          'class="y"', 'href="#x"', "hidden", 'title="a > b"']
_TEXT = ["word", " ", "\n", "  two  words ", "&amp;", "&lt;b&gt;", "&#169;", "&copy", "\u00a0", "x\ny", "\t"]


_ODD = ["<", "a < b", "<!doctype html>", "<? x ?>", "<div class='q'>", "</div x>", "<p\u00a0id=\"z\">", "<![CDATA[x]]>",
        "<a b=c>", "<!-- a -- b -->"]


def _element(children):
    tag = st.sampled_from(_TAGS)
    attrs = st.lists(st.sampled_from(_ATTRS), max_size=3).map(lambda a: "".join(" " + x for x in a))
    ending = st.sampled_from(["close", "close", "close", "open", "stray"])
    return st.builds(lambda t, a, inner, end: f"<{t}{a}>{''.join(inner)}" + {"close": f"</{t}>", "open": "",
                                                                           "stray": "</p>"}[end],
                     tag, attrs, st.lists(children, max_size=4), ending)


_LEAF = st.one_of(st.sampled_from(_TEXT), st.sampled_from(_TEXT), st.sampled_from([
    "<br>", "<img src=\"x\"/>", "<span/>", "<h2 id=\"v\"/>", "<!-- c -->", "<!---->",
    '<h2 id="s">Title <a class="headerlink" href="#s">#</a></h2>', '<h3 id="t"><code>x</code> y</h3>',
    "<div data-search-exclude><div>in</div> after</div>", "<pre>a\n  b</pre>", "<p> </p>", "<li><p>z</p></li>"]))
# Mostly what the engine writes (well-formed tags with double-quoted attributes, nested), now and then what it never does.
_TREE = st.recursive(_LEAF, _element, max_leaves=30)
_html = st.lists(st.tuples(st.integers(0, 11), _TREE, st.sampled_from(_ODD)).map(lambda p: p[2] if p[0] == 0 else p[1]),
                 max_size=6).map("".join)


@settings(max_examples=min(100, settings.default.max_examples), deadline=None)
@given(_html)
def test_any_html_gives_materials_sections_or_is_left_to_material(html):
    """For any mix of what matters to Material's parser, the sections are Material's, or the page is left to it."""
    found = ours(html)
    if found is not None:
        try:
            expected = materials(html)
        except ValueError:  # Material's parser fails on this HTML: ours must not read it either
            pytest.fail("read HTML that Material's parser cannot")
        assert found == expected


def _example(tmp_path: Path, name: str) -> Path:
    project = tmp_path / name
    shutil.copytree(EXAMPLE, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("../../../", ROOT.as_posix() + "/")
    config.write_text(text + "extra:\n  factsheet:\n    search: material\n", encoding="utf-8")
    return project


def test_a_build_writes_the_index_material_writes(tmp_path, monkeypatch):
    """The example built three times: with the generated pages indexed in a forked child (the default), indexed here
    in the build's own process (``FACTSHEET_PARALLEL=0``), and (``leave_to_us`` leaving every page to Material) by
    Material alone: the same search_index.json and pages, byte for byte, and every generated page indexed here."""
    from factsheet.adapter import plugin

    children = []

    class Recorded(plugin.Forked):
        def __init__(self, work, fork=True):
            super().__init__(work, fork)
            children.append(self.forked)

    monkeypatch.setattr(plugin, "Forked", Recorded)
    forked = _example(tmp_path, "forked")
    assert build_in_process(forked / "mkdocs.yml", forked / "site").returncode == 0
    assert children == [True], "the entries were made in a forked child"
    indexed = []
    entries = search_sections.entries

    def counting(*args):
        found = entries(*args)
        indexed.append(found is not None)
        return found

    monkeypatch.setattr(search_sections, "entries", counting)
    here = _example(tmp_path, "here")
    assert build_in_process(here / "mkdocs.yml", here / "site", FACTSHEET_PARALLEL="0").returncode == 0
    assert len(indexed) > 10 and all(indexed), "every generated page read here, none left to Material's indexer"
    monkeypatch.setattr(material, "leave_to_us", lambda page: False)
    made = len(indexed)
    slow = _example(tmp_path, "material")
    assert build_in_process(slow / "mkdocs.yml", slow / "site", FACTSHEET_PARALLEL="0").returncode == 0
    assert len(indexed) == made, "the Material-only build made no entries here"
    materials = (slow / "site" / "search" / "search_index.json").read_bytes()
    for built in (forked, here):
        assert (built / "site" / "search" / "search_index.json").read_bytes() == materials
        assert tree_hashes(built / "site") == tree_hashes(slow / "site"), "every page the same, search attributes removed"
    docs = json.loads(materials)["docs"]
    assert any(d["location"].startswith("topics/") for d in docs) and any("#" in d["location"] for d in docs)


LATE_HOOK = """
from mkdocs.plugins import event_priority


@event_priority(50)  # after the factsheet plugin's first look at the page, before Material's search plugin
def on_page_context(context, page, config, nav):
    if page.file.src_uri == "index.md":
        page.content += "<p>Added after the pages were converted</p>"
    return context
"""


def _sharded_example(tmp_path: Path, name: str, late: bool) -> Path:
    project = tmp_path / name
    shutil.copytree(EXAMPLE, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("../../../", ROOT.as_posix() + "/")
    if late:  # a hook that changes a page Material indexes once the child has been given it
        (project / "late.py").write_text(LATE_HOOK, encoding="utf-8")
        text = text.replace("hooks:\n", "hooks:\n  - late.py\n", 1)
    config.write_text(text, encoding="utf-8")
    return project


@pytest.mark.parametrize("late", [False, True], ids=["as-expected", "page-changed-later"])
def test_the_child_splits_the_search_index_only_when_material_indexes_what_it_expected(tmp_path, monkeypatch, late):
    """With the sharded search, on_env's child splits the search index, and the build's own process splits nothing:
    the site is the one a build on one core writes, byte for byte. When a page Material indexes changes after
    on_env (a hook adds to its content before Material's search plugin reads it), the build splits the index
    itself, and again writes what one core writes, the late text found by search."""
    from factsheet.render import searchindex

    splits = []
    build = searchindex.build

    def counted(index, *args):
        splits.append(len(index["docs"]))
        return build(index, *args)

    monkeypatch.setattr(searchindex, "build", counted)
    parallel = _sharded_example(tmp_path, "parallel", late)
    assert build_in_process(parallel / "mkdocs.yml", parallel / "site").returncode == 0
    assert len(splits) == (1 if late else 0), "split here only when the child's split does not hold"
    one = _sharded_example(tmp_path, "one", late)
    assert build_in_process(one / "mkdocs.yml", one / "site", FACTSHEET_PARALLEL="0").returncode == 0
    assert len(splits) == (2 if late else 1)
    assert tree_hashes(parallel / "site") == tree_hashes(one / "site")
    texts = b"".join(p.read_bytes() for p in (parallel / "site" / "search").rglob("d/*.json"))
    assert (b"Added after the pages were converted" in texts) == late


def test_a_page_outside_the_subset_gets_materials_own_entries_in_the_child():
    """``page_entries`` (what the forked child runs) gives a page whose HTML :mod:`.search_sections` declines the
    entries Material's own indexer makes, instead of none."""
    from types import SimpleNamespace

    html = '<h1 id="t">Title</h1><p class=x>unquoted attribute</p><h2 id="s">Sub</h2><p>more</p>'
    assert search_sections.entries(html, [], "p/", "Title", {}) is None
    page = SimpleNamespace(content="<h1>old</h1>", meta={"search": {"exclude": True}}, toc=[], url="p/", title="Title")
    found = material.page_entries(page, html, {})
    assert found == [{"location": "p/", "title": "Title", "text": "<p>unquoted attribute</p>"},
                     {"location": "p/#s", "title": "Sub", "text": "<p>more</p>"}]
    assert page.content == "<h1>old</h1>" and page.meta == {"search": {"exclude": True}}


def test_merge_puts_entries_where_material_would():
    """Entries made here go between Material's, in the order the pages were rendered; Material's keep their order."""
    docs = [{"location": ""}, {"location": "#a"}, {"location": "about/"}, {"location": "about/#b"}]
    order = [("", None), ("topics/", [{"location": "topics/"}]), ("about/", None), ("facts/", [{"location": "facts/#c"}])]
    assert [d["location"] for d in search_sections.merge(docs, order)] == ["", "#a", "topics/", "about/", "about/#b",
                                                                          "facts/#c"]


@given(st.lists(st.sampled_from(["data-search-exclude", 'data-search-exclude="x"', ' data-search-boost="2"', "\n",
                                 " ", "\u00a0", '"', "=", 'data-search-="y"', "data-search-a=\"\"", "<p>", "text",
                                 'data-search-x="a"data-search-y="b"', "\t\t", "data-"]), max_size=12).map("".join))
def test_search_attributes_are_removed_as_materials_search_plugin_removes_them(html):
    """The body of a page indexed here joins its content after Material's search plugin has run: the attributes that
    plugin removes from a page's content (with a space before them) are removed the same way."""
    expected = re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", html)  # material/plugins/search/plugin.py, on_page_context
    assert material.without_search_attributes(html) == expected
