"""The packaged MkDocs adapter: the engine stays free of MkDocs, the plugin works on its own, the hook is a shim."""

from __future__ import annotations

import ast
import re
import shutil
from html.parser import HTMLParser
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sitetools import EXAMPLE, ROOT, build_in_process

PACKAGE = ROOT / "factsheet"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_engine_imports_nothing_from_mkdocs_or_material():
    """Only factsheet/adapter/ may import mkdocs or material; the rest is the engine, usable with any site generator."""
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if "adapter" not in path.relative_to(PACKAGE).parts and _imports(path) & {"mkdocs", "material"}
    ]
    assert offenders == []


def test_hook_is_a_thin_shim():
    """hooks/factsheet_hook.py holds no logic of its own: at most 30 lines of code over the packaged plugin."""
    source = (ROOT / "hooks" / "factsheet_hook.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstring_end = tree.body[0].end_lineno if isinstance(tree.body[0], ast.Expr) else 0
    code = [line for n, line in enumerate(source.splitlines(), 1) if n > docstring_end and line.strip() and not line.strip().startswith("#")]
    assert len(code) <= 30, code
    assert "factsheet.adapter.plugin" in source


def test_plugin_is_registered_as_an_entry_point():
    """`plugins: [factsheet]` finds the packaged plugin."""
    found = {ep.name: ep.value for ep in entry_points(group="mkdocs.plugins")}
    assert found.get("factsheet") == "factsheet.adapter.plugin:FactsheetPlugin"


def test_theme_templates_ship_with_the_package():
    """The templates the plugin adds to Material's are package data, not files a site must copy."""
    from factsheet.adapter.material import THEME_DIR

    assert (THEME_DIR / "main.html").is_file() and (THEME_DIR / "partials" / "search.html").is_file()
    assert (THEME_DIR / "partials" / "palette.html").is_file() and (THEME_DIR / "partials" / "palette-script.html").is_file()
    assert (THEME_DIR / "partials" / "javascripts" / "palette.html").is_file()
    assert THEME_DIR.parent == PACKAGE


def _plugin_project(tmp_path: Path, options: str) -> Path:
    """The example sheet configured with the plugin instead of the hook, and without any template folder of its own."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("hooks:\n  - ../../../hooks/factsheet_hook.py\n", "").replace("  - search\n", "  - search\n" + options)
    assert "hooks" not in text and "custom_dir" not in text
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    return project


class _Scripts(HTMLParser):
    """Every <script src> of a page in document order (with its attributes, and whether it is in the head), and the
    head's stylesheets."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str]] = []
        self.in_head = False
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = {name: value or "" for name, value in attrs}
        if tag in ("head", "body"):
            self.in_head = tag == "head"
        elif tag == "script" and found.get("src"):
            self.scripts.append(dict(found, in_head=str(self.in_head)))
        elif tag == "link" and self.in_head and found.get("rel") == "stylesheet":
            self.styles.append(found["href"])


def test_plugin_builds_a_sheet_with_nothing_copied_and_no_script_file_holds_up_the_first_paint(tmp_path):
    """A strict build with `plugins: [search, factsheet]` makes the sheet's pages with the package's templates. On
    them only stylesheets are fetched in the head: the search loader comes at the end of the body, just before
    Material's bundle (which it must precede), then a site's own extra_javascript and factsheet.js; every script and
    stylesheet is a file of the site; the classes Material's bundle sets are set in the head."""
    project = _plugin_project(tmp_path, "  - factsheet:\n      report_url: https://issues.example.org/new?t={id}\n")
    (project / "docs" / "extra").mkdir()
    (project / "docs" / "extra" / "own.js").write_text("/* a site's own script */\n", encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("extra_javascript:\n  - extra/own.js\n")
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    page = project / "site" / "topics" / "machine-tools" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert 'class="fs-fact' in html and "Report a problem with this page" in html
    assert "data-search-worker=" in html  # the package's main.html is in use
    assert (project / "site" / "data" / "facts.json").is_file()
    parser = _Scripts()
    parser.feed(html)
    names = [script["src"].rsplit("/", 1)[-1] for script in parser.scripts]
    assert names[0] == "search-lazy.js" and re.fullmatch(r"bundle\.[0-9a-f]+\.min\.js", names[1]), names
    assert names[2:] == ["own.js", "factsheet.js"], names
    assert [script["src"] for script in parser.scripts if script["in_head"] == "True"] == []
    for src in [script["src"] for script in parser.scripts] + parser.styles:
        assert (page.parent / src).resolve().is_file(), f"{src} is not in the site"
    assert parser.styles
    assert 'class="no-js"' in html and '.replace(/(^|\\s)no-js(\\s|$)/,"$1js$2")+" js-focus-visible"' in html


def test_plugin_option_of_the_wrong_kind_is_a_clear_error(tmp_path):
    """A bad plugin option stops the build with MkDocs' own message naming the option, and no traceback."""
    project = _plugin_project(tmp_path, "  - factsheet:\n      search: pagefind\n")
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode != 0
    assert "Expected one of: ('sharded', 'material') but received: 'pagefind'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("option,message", [
    ("topics_in_nav: maybe", "extra.factsheet.topics_in_nav: Expected type: <class 'bool'> but received: <class 'str'>"),
    ("surch: material", "extra.factsheet.surch: Unrecognised configuration name: surch"),
])
def test_hook_options_are_checked_as_the_plugin_checks_them(tmp_path, option, message):
    """Through the hook, extra.factsheet gets the same typed checks; an unknown key is a warning that stops a strict build."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("../../../", ROOT.as_posix() + "/")
    (project / "mkdocs.yml").write_text(text + f"extra:\n  factsheet:\n    {option}\n", encoding="utf-8")
    result = build_in_process(project / "mkdocs.yml", project / "site")
    assert result.returncode != 0
    assert message in result.stderr
    assert not (project / "site").exists()


def _toc_links(page_html: str) -> list[str]:
    start = page_html.index('aria-label="Table of contents"')
    nav = page_html[start:page_html.index('<div class="md-content"', start)]
    return list(dict.fromkeys(re.findall(r'<a href="#([^"]+)" class="md-nav__link">', nav)))  # Material writes it twice (sidebar and drawer)


def test_topic_pages_list_their_facts_in_the_table_of_contents(example_site):
    """A topic page's table of contents lists every fact, in order, linking to its anchor."""
    import json

    facts = json.loads((example_site / "data" / "facts.json").read_text(encoding="utf-8"))["facts"]
    topic = facts[0]["topic"]
    page = (example_site / "topics" / topic / "index.html").read_text(encoding="utf-8")
    assert _toc_links(page) == [f["id"] for f in facts if f["topic"] == topic]


def test_hostile_claims_stay_text_in_the_table_of_contents(hostile_site):
    """A claim full of markup is listed in the table of contents as escaped text, never as markup."""
    page = (hostile_site / "topics" / "hostile" / "index.html").read_text(encoding="utf-8")
    start = page.index('aria-label="Table of contents"')
    nav = page[start:page.index('<div class="md-content"', start)]
    assert "hostile-share" in _toc_links(page)
    assert "<script" not in nav and "<img" not in nav and "&lt;script&gt;" in nav


def test_generated_page_reaches_mkdocs_as_html_with_its_table_of_contents(tmp_path):
    """In process, step by step as MkDocs builds a page: Markdown gets only the title heading, the content is the
    Page's own HTML after it, the metadata and table of contents come from the Page, and its anchors are known."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page as MkDocsPage

    project = _plugin_project(tmp_path, "  - factsheet\n")
    config = load_config(str(project / "mkdocs.yml"))
    plugins = config.plugins
    plugins.on_startup(command="serve", dirty=False)
    config = plugins.on_config(config)
    files = plugins.on_files(Files([]), config=config)
    plugin = plugins["factsheet"]
    generated = plugin.output.pages["topics/machine-tools.md"]
    page = MkDocsPage(None, files.get_file_from_path("topics/machine-tools.md"), config)
    page.read_source(config)
    source = plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    assert source == generated.title_markdown() and "<" not in source
    page.render(config, files)
    heading = page.content
    content = plugins.on_page_content(page.content, page=page, config=config, files=files)
    assert heading.startswith("<h1 ") and "\n" not in heading
    assert content == heading + "\n" + generated.html
    assert page.meta == generated.front_matter() and page.title == generated.front_matter()["title"]
    [title] = page.toc.items
    assert [(link.id, link.level) for link in title.children] == [(h.id, h.level) for h in generated.headings]
    assert generated.anchors and generated.anchors <= page.present_anchor_ids
    assert not files.get_file_from_path("topics/machine-tools.md").inclusion.is_in_nav()


HOSTILE_TITLES = ["Machine tools", "<script>alert(1)</script> & *emphasis* `code` [link](http://x) {#id .cls}",
                  "# ## ### heading marks", "Title ending in a backslash \\", "  spaces  ", "Ünïcödé — “quotes” ‘s’ 中文",
                  "[[fact:machine-tools-1]] ![img](x.png) <!-- comment --> &amp; &#65;", "Same title", "Same title", "a\tb"]


@given(st.lists(st.one_of(st.sampled_from(HOSTILE_TITLES), st.text(min_size=1, max_size=40).filter(str.strip)),
                min_size=1, max_size=6))
@example(["Machine tools", "\r0", "Same title", "Same title"])
@settings(max_examples=60, deadline=None)
def test_one_title_converter_gives_what_mkdocs_gives_each_page(titled_config, titles):
    """The converter kept for every generated page's title heading (one per build) gives the HTML, table of
    contents, anchors and title that MkDocs' own render (a converter per page) gives, page after page."""
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page as MkDocsPage

    from factsheet.adapter.plugin import _TitleConverter
    from factsheet.render.page import Page

    config = titled_config
    converter = _TitleConverter(config)
    for n, title in enumerate(titles):
        source = Page(f"t{n}.md", title, ()).title_markdown()
        pages = []
        for _ in range(2):
            page = MkDocsPage(None, File.generated(config, f"t{n}.md", content=source), config)
            page.read_source(config)
            pages.append(page)
        ours, theirs = pages
        ours.render = converter.renderer(ours, source)
        ours.render(config, Files([]))
        theirs.render(config, Files([]))
        assert ours.content == theirs.content
        assert str(ours.toc) == str(theirs.toc) and [i.id for i in ours.toc] == [i.id for i in theirs.toc]
        assert ours.present_anchor_ids == theirs.present_anchor_ids
        assert ours._title_from_render == theirs._title_from_render  # "" for a title Markdown reads as empty ("\r0")
        if title == "Machine tools":
            assert ours._title_from_render == "Machine tools"
        assert ours.links_to_anchors == theirs.links_to_anchors


def test_a_title_heading_another_plugin_changed_is_converted_by_mkdocs(titled_project, tmp_path):
    """When a plugin after this one changes a generated page's Markdown (a link, raw HTML with an id), the page is
    converted by MkDocs' own render, links rewritten and anchors found, not by the converter kept for title headings."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page as MkDocsPage

    from factsheet.adapter.plugin import _TitleConverter

    config = load_config(str(titled_project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    target = File.generated(config, "other.md", content="# Other\n")
    files = Files([target])
    changed = '# Title [a link](other.md)\n\n<span id="raw-anchor">x</span>\n'
    pages = []
    for _ in range(2):
        page = MkDocsPage(None, File.generated(config, "t.md", content="# Title\n"), config)
        page.read_source(config)
        pages.append(page)
    ours, theirs = pages
    ours.render = _TitleConverter(config).renderer(ours, "# Title\n")
    ours.markdown = theirs.markdown = changed
    ours.render(config, files)
    theirs.render(config, files)
    assert 'href="../other/"' in ours.content and ours.content == theirs.content
    assert "raw-anchor" in ours.present_anchor_ids and ours.present_anchor_ids == theirs.present_anchor_ids


@pytest.fixture(scope="module")
def titled_project(tmp_path_factory):
    return _plugin_project(tmp_path_factory.mktemp("titles"), "  - factsheet\n")


@pytest.fixture(scope="module")
def titled_config(titled_project):
    """The titled project's configuration after the plugins' ``on_config`` (the sheet loaded once, not per example:
    converting a page reads the configuration and changes none of it)."""
    from mkdocs.config import load_config

    config = load_config(str(titled_project / "mkdocs.yml"))
    return config.plugins.on_config(config)


def _build_in_process(project: Path, command: str, site_dir: Path):
    """One MkDocs build of the project in this process, as ``mkdocs build`` or a ``mkdocs serve`` rebuild would run it."""
    from mkdocs.commands import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command=command, dirty=False)
    build.build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)
    return config, config.plugins["factsheet"]


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_build_lets_go_of_each_page_once_written_and_serve_keeps_them(tmp_path, monkeypatch):
    """`mkdocs build` releases every generated page and its HTML once the page is written (a 100,000-fact build holds
    one page's HTML at a time); a `mkdocs serve` rebuild keeps them for the next edit; both write the same site."""
    from factsheet.adapter import plugin as plugin_module

    seen: list = []  # each build's files, as on_nav receives them
    on_nav = plugin_module.FactsheetPlugin.on_nav

    def keep_files(self, nav, *, config, files):
        seen.append(files)
        return on_nav(self, nav, config=config, files=files)

    monkeypatch.setattr(plugin_module.FactsheetPlugin, "on_nav", keep_files)
    project = _plugin_project(tmp_path, "  - factsheet\n")
    _, built = _build_in_process(project, "build", tmp_path / "built")
    assert built.release and built.output.pages == {} and built.output.files == {}
    assert plugin_module._CACHE.get(str(project / "facts")) is None  # nothing kept for a later build
    generated = [f.page for f in seen[0] if isinstance(f, plugin_module._GeneratedFile)]
    assert len(generated) > 10 and all(p.content is None for p in generated)
    authored = seen[0].get_file_from_path("index.md").page
    assert authored.content  # an authored page is MkDocs' own: left as it was

    _, served = _build_in_process(project, "serve", tmp_path / "served")
    assert not served.release and "topics/machine-tools.md" in served.output.pages and served.output.files
    topic = served.output.pages["topics/machine-tools.md"]
    assert topic.blocks and not topic.body  # serve holds pages as rendered, for its incremental rebuilds
    page = seen[1].get_file_from_path("topics/machine-tools.md").page
    assert page.content.endswith(topic.html)
    built_files, served_files = _site_files(tmp_path / "built"), _site_files(tmp_path / "served")
    assert built_files.keys() == served_files.keys()
    differ = [name for name in built_files if built_files[name] != served_files[name]]
    assert differ == [], differ
    assert 'class="fs-fact' in built_files["topics/machine-tools/index.html"].decode("utf-8")
