"""Generated HTML blocks kept out of Python-Markdown come back exactly as Markdown would have copied them."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from factsheet.build import generate
from factsheet.passthrough import anchor_ids, is_verbatim_block, restore_blocks, stash_blocks
from factsheet.urls import Site

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "toc"]
TOKEN = "fsrawtestn"


def _convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def _body(page: str) -> str:
    """A generated page without its front matter, as MkDocs hands it to Markdown."""
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return generate(EXAMPLE / "facts", Site("https://example.org/", True, "Example"), EXAMPLE).pages


def test_every_generated_page_converts_identically_with_its_blocks_stashed(pages):
    """Stash, convert, restore gives the same HTML, byte for byte, as converting the page as it is."""
    for name, page in pages.items():
        text = _body(page)
        stashed, blocks = stash_blocks(text, TOKEN)
        assert restore_blocks(_convert(stashed), TOKEN, blocks) == _convert(text), name


def test_most_blocks_of_a_topic_page_are_stashed(pages):
    """Fact blocks, the bulk of a page, do not go through Markdown."""
    topic = next(p for n, p in pages.items() if n.startswith("topics/") and not n.endswith("index.md"))
    _, blocks = stash_blocks(_body(topic), TOKEN)
    assert sum(b.startswith('<article class="fs-fact"') for b in blocks) >= 1


@pytest.mark.parametrize("chunk", [
    '<p class="x">one</p>',
    "<ul><li>a</li><li>b<br>c</li></ul>",
    '<div><div id="a">x</div>\n<p>y</p></div>',
])
def test_one_balanced_block_element_is_verbatim(chunk):
    """A single block-level element that closes at the end of the paragraph is copied verbatim."""
    assert is_verbatim_block(chunk)
    assert restore_blocks(_convert(stash_blocks(chunk, TOKEN)[0]), TOKEN, [chunk]) == _convert(chunk)


@pytest.mark.parametrize("chunk", [
    "<span>inline</span>",
    "<p>a</p><p>b</p>",
    "<p>a</p> tail",
    "<div markdown>*x*</div>",
    "<div><!-- c --></div>",
    "<div>\tx</div>",
    "<script>x</script>",
    "<p>open",
])
def test_anything_else_goes_through_markdown(chunk):
    """Inline tags, siblings, trailing text, markdown attributes, comments, tabs, scripts and open tags are left alone."""
    assert not is_verbatim_block(chunk)


def test_anchor_ids_are_those_mkdocs_collects():
    """Every id attribute, and the name of links, as anchors other pages may link to."""
    blocks = ['<article id="f1"><h2 id="f1-claim" class="x">A</h2><a name="old">x</a><input name="q"></article>']
    assert anchor_ids(blocks) == {"f1", "f1-claim", "old"}


def test_search_sees_the_same_sections_without_the_elements_it_excludes(pages):
    """Material's indexer gives the same sections for a page with its data-search-exclude elements removed."""
    search = pytest.importorskip("material.plugins.search.plugin")

    def sections(content: str) -> list:
        parser = search.Parser()
        parser.feed(content)
        parser.close()
        return [(s.id, "".join(s.title), "".join(s.text)) for s in parser.data if not s.is_excluded()]

    from factsheet.passthrough import without_search_excluded

    for name, page in pages.items():
        content = _convert(_body(page))
        assert sections(without_search_excluded(content)) == sections(content), name


def test_excluded_elements_are_removed_whole_and_nothing_else():
    """An excluded element goes with all it contains, nested same-name tags included; the rest stays."""
    from factsheet.passthrough import without_search_excluded

    html = '<p>a</p><div data-search-exclude><div>x</div><details><summary>s</summary></details></div><p>b</p>'
    assert without_search_excluded(html) == "<p>a</p><p>b</p>"
    assert without_search_excluded("<p>no exclusions</p>") == "<p>no exclusions</p>"
    assert without_search_excluded("<div data-search-exclude>never closed") == "<div data-search-exclude>never closed"
