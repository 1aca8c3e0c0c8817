"""Generated pages as data: their headings and anchors are declared, and their Markdown says what their HTML says."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
import yaml
from helpers import write_facts
from rich_sheet import ENTITIES, PLANTS, REPORTING, SOURCES, SUPPLIES
from sitetools import EXAMPLE, ROOT

from factsheet.build import generate
from factsheet.model import urls
from factsheet.model.urls import Site
from factsheet.render.page import Heading, Page, make_page

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "toc"]  # as the sites' mkdocs.yml


class _Ids(HTMLParser):
    """Every id attribute, and each heading (h2, h3) that has one with its text, as a standard parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.headings: list[tuple[int, str, str]] = []
        self._heading: list | None = None

    def handle_starttag(self, tag, attrs):
        ident = dict(attrs).get("id")
        if ident is not None:
            self.ids.append(ident)
            if tag in ("h2", "h3"):
                self._heading = [int(tag[1]), ident, ""]

    def handle_endtag(self, tag):
        if self._heading is not None and tag == f"h{self._heading[0]}":
            self.headings.append(tuple(self._heading))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[2] += data


def _read(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> dict[str, dict[str, Page]]:
    """The pages of the rich test sheet, the example fixture and, when it is there, this repository's own sheet."""
    found = {
        "rich": generate(write_facts(tmp_path_factory.mktemp("rich"), SOURCES, ENTITIES, {"supplies": SUPPLIES, "plants": PLANTS}),
                         REPORTING).pages,
        "example": generate(EXAMPLE / "facts", Site("https://example.org/", True, "Example"), EXAMPLE).pages,
    }
    if (ROOT / "facts" / "sources.yml").is_file():
        found["real"] = generate(ROOT / "facts", Site("https://example.org/", True, "Real"), ROOT).pages
    return found


def _every_page(sheets):
    return [(name, src, page) for name, pages in sheets.items() for src, page in pages.items()]


def test_every_page_declares_exactly_the_ids_its_html_has(sheets):
    """A page's anchors (which MkDocs checks links against) are the id attributes of its HTML, no more, no fewer."""
    assert "real" not in sheets or urls.CHARTS in sheets["real"]  # charts carry ids too
    for name, src, page in _every_page(sheets):
        ids = _read(page.html).ids
        assert len(ids) == len(set(ids)), (name, src, "an id is used twice")
        assert page.anchors == frozenset(ids), (name, src)


def test_every_page_declares_its_headings_in_order(sheets):
    """A page's headings (its table of contents) are the h2 and h3 elements with an id in its HTML, with their text."""
    for name, src, page in _every_page(sheets):
        declared = [(h.level, h.id, " ".join(h.title.split())) for h in page.headings]
        assert declared == [(level, ident, " ".join(text.split())) for level, ident, text in _read(page.html).headings], (name, src)
    topic = sheets["rich"][urls.TOPIC.format("supplies")]
    assert topic.headings[0] == Heading(2, "tools-value", "Machine tools worth $3.1 billion went to the arms industry.")


def test_markdown_of_a_page_converts_to_the_html_the_site_shows(sheets):
    """`factsheet render`'s Markdown, converted, is the title heading then exactly the page's HTML, as the plugin gives MkDocs."""
    for name, src, page in _every_page({k: v for k, v in sheets.items() if k != "real"}):  # every kind but charts; fast
        body = page.markdown().split("\n---\n", 1)[1]
        title = markdown.Markdown(extensions=EXTENSIONS).convert(page.title_markdown())
        assert markdown.Markdown(extensions=EXTENSIONS).convert(body) == title + "\n" + page.html, (name, src)


def test_front_matter_of_the_markdown_is_the_page_metadata(sheets):
    """The YAML front matter `factsheet render` writes reads back as the metadata the plugin sets, escaped for the theme."""
    for name, src, page in _every_page(sheets):
        text = page.markdown()
        assert text.startswith("---\n")
        assert yaml.safe_load(text[4:text.index("\n---\n")]) == page.front_matter(), (name, src)
    figures = sheets["rich"][urls.FIGURES].front_matter()
    assert figures["hide"] == ["navigation", "toc"] and figures["title"] == "Figures"


def test_title_and_description_are_escaped_for_themes_that_write_them_raw():
    """Material writes the title and description into <title> and <meta content> unescaped, so the metadata carries them escaped."""
    page = make_page("x.md", "<b>A & B</b>", ["<p>x</p>"], 'say "hi" <now>')
    assert page.front_matter() == {"title": "&lt;b&gt;A &amp; B&lt;/b&gt;", "description": "say &quot;hi&quot; &lt;now&gt;"}
    assert page.title_markdown() == "# &#60;b&#62;A &#38; B&#60;/b&#62;\n"


def test_a_page_kept_out_of_search_says_so_in_both_forms():
    """`searchable=False` becomes the theme's search exclusion, in the metadata and in the Markdown's front matter."""
    page = make_page("x.md", "Hidden", ["<p>x</p>"], searchable=False)
    assert page.front_matter()["search"] == {"exclude": True}
    assert yaml.safe_load(page.markdown().split("---\n")[1]) == {"title": "Hidden", "search": {"exclude": True}}


def test_nav_placement_is_part_of_each_page(sheets):
    """Index pages go in the nav; one page per topic, source, entity or later list page stays out, topics listed under their index."""
    pages = sheets["rich"]
    assert all(pages[src].in_nav for src in (urls.TOPICS_INDEX, urls.SOURCES_INDEX, urls.ENTITIES_INDEX, urls.FIGURES, urls.DATA))
    topic = pages[urls.TOPIC.format("supplies")]
    assert not topic.in_nav and topic.nav_parent == urls.TOPICS_INDEX
    detail = [src for src in pages if src.startswith(("sources/", "entities/", "topics/", "figures/")) and not src.endswith("index.md")]
    assert detail and all(not pages[src].in_nav for src in detail)
    assert [src for src, p in pages.items() if p.nav_parent] == [urls.TOPIC.format("plants"), urls.TOPIC.format("supplies")]


def test_empty_blocks_are_left_out():
    """A block that renders to nothing (a pager of one page) leaves no blank paragraph behind."""
    page = make_page("x.md", "T", ["<p>a</p>", "", "<p>b</p>"])
    assert page.blocks == ("<p>a</p>", "<p>b</p>") and page.html == "<p>a</p>\n\n<p>b</p>"



def test_a_packed_page_gives_back_the_same_html_and_markdown():
    """A page held packed (a large build's pages until MkDocs writes them) keeps its body compressed and returns it unchanged."""
    page = make_page("x.md", "Tête “à” tête", ["<p>a — é</p>", "<p>€ 4.9 billion…</p>"], "d", in_nav=False)
    packed = page.packed()
    assert packed.blocks == () and packed.body and packed.has_body()
    assert packed.html == page.html and packed.markdown() == page.markdown()
    assert len(packed.body) < len(page.html.encode("utf-8")) + 16
    assert (packed.title, packed.in_nav, packed.headings, packed.anchors) == (page.title, page.in_nav, page.headings, page.anchors)
    assert packed.packed() is packed
    empty = make_page("y.md", "T", [])
    assert empty.packed() is empty and not empty.has_body()


def test_a_packed_sheet_renders_the_same_pages(tmp_path):
    """generate(pack=True) holds every page packed, with the same HTML as an unpacked generate."""
    site = Site("https://example.org/sheet/", True, "Sheet")
    plain = generate(EXAMPLE / "facts", site, EXAMPLE)
    packed = generate(EXAMPLE / "facts", site, EXAMPLE, pack=True)
    assert list(packed.pages) == list(plain.pages)
    assert all(p.blocks == () for p in packed.pages.values())
    assert [p.html for p in packed.pages.values()] == [p.html for p in plain.pages.values()]
    assert packed.files == plain.files
