"""Pages are written without the templates' indentation and blank lines, and read exactly as before by an HTML parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitetools import EXAMPLE, build_in_process

from factsheet.adapter import plugin
from factsheet.render.compact import compact_html

KEPT = {"pre", "textarea", "code", "kbd", "samp", "script", "style"}
RUN = re.compile(r"[ \t\n\r\f]+")


class _Events(HTMLParser):
    """What the standard parser reads: tags with their attributes, comments, and the text between them, in order;
    each text with whether it lies inside an element whose whitespace is kept."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        self.open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, _attrs(tag, attrs)))
        if tag in KEPT:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.events.append(("start", tag, _attrs(tag, attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        kept = bool(self.open)
        if self.events and self.events[-1][0] == "text" and self.events[-1][2] == kept:
            self.events[-1] = ("text", self.events[-1][1] + data, kept)
        else:
            self.events.append(("text", data, kept))

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))


def _attrs(tag: str, attrs: list) -> tuple:
    """A tag's attributes; an <svg>'s SVG namespace declaration left out (the HTML parser puts it in that namespace)."""
    return tuple(a for a in attrs if not (tag == "svg" and a == ("xmlns", "http://www.w3.org/2000/svg")))


def _same_but_for_whitespace(before: str, after: str) -> None:
    """The parser reads the same tags, attributes (but an <svg>'s xmlns), comments and kept text; other text differs
    at most in the length of its whitespace runs, and no run disappears (so no two words or elements are joined)."""
    old, new = _Events(before).events, _Events(after).events
    assert len(old) == len(new)
    for a, b in zip(old, new, strict=True):
        if a[0] == "text" and not a[2]:
            assert b[0] == "text" and not b[2] and RUN.sub(" ", a[1]) == RUN.sub(" ", b[1]), (a, b)
        else:
            assert a == b


def test_runs_that_start_with_a_line_break_become_one_character():
    """A space where the run touches a tag (or an end), the line break inside a text (a TeX comment ends there)."""
    html = '<ul>\n    <li>\n      <a href="x">One</a>\n\n   </li>\n  <li><a>Two</a> <a>Three</a></li>\n</ul>\n'
    assert compact_html(html) == '<ul> <li> <a href="x">One</a> </li> <li><a>Two</a> <a>Three</a></li> </ul> '
    assert compact_html('<div class="arithmatex">\n  x % a comment\n  + y\n</div>') == '<div class="arithmatex"> x % a comment\n+ y </div>'


def test_preserved_whitespace_comments_and_attribute_values_are_kept():
    kept = [
        "<pre class='x'>  a\n\n    b\n</pre>", '<pre><code>{\n  "id": 1\n}</code></pre>', "<textarea>\n   x\n</textarea>",
        "<code>a\n   b</code>", "<script>\n  var a = 1;\n\n  var b = '\\n  ';\n</script>", "<style>\n  p { }\n</style>",
        "<!-- a\n   b -->", "<kbd>Ctrl\n  C</kbd>", "<samp>\n  out</samp>",
    ]
    for html in kept:
        assert compact_html("<p>\n  x</p>" + html) == "<p> x</p>" + html
    value = '<div title="two\n    lines" data-x=\'a\n  b\'>\n    text\n</div>'
    assert compact_html(value) == '<div title="two\n    lines" data-x=\'a\n  b\'> text </div>'
    _same_but_for_whitespace(value, compact_html(value))


def test_inline_svg_icons_lose_their_namespace_declaration_only():
    icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'
    kept = '<pre><code>&lt;svg xmlns="http://www.w3.org/2000/svg" </code></pre><script>s=\'<svg xmlns="http://www.w3.org/2000/svg" \'</script>'
    assert compact_html(f"<a>{icon}</a>{kept}") == '<a><svg viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg></a>' + kept


def test_text_without_line_breaks_is_untouched():
    html = "<p>a  b\t c</p>  <p> d </p>"
    assert compact_html(html) == html


@pytest.fixture(scope="module")
def uncollapsed(tmp_path_factory):
    """The example site built as before this change: every page written as Material's templates leave it."""
    site = tmp_path_factory.mktemp("uncollapsed") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plugin, "compact_html", lambda html: html)
        result = build_in_process(EXAMPLE / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_every_page_reads_the_same_and_is_smaller(uncollapsed: Path, example_site: Path):
    """Each page of the example site is the uncollapsed page collapsed, which a parser reads as the same document."""
    pages = sorted(p.relative_to(uncollapsed) for p in uncollapsed.rglob("*.html"))
    assert len(pages) > 10
    total_before = total_after = 0
    for rel in pages:
        before = (uncollapsed / rel).read_text(encoding="utf-8")
        after = (example_site / rel).read_text(encoding="utf-8")
        if rel.name == "404.html" and rel.parent == Path("."):  # a static template, not a page: MkDocs writes it as is
            assert after == before
            continue
        assert after == compact_html(before), rel
        _same_but_for_whitespace(before, after)
        total_before, total_after = total_before + len(before), total_after + len(after)
        assert "<svg xmlns=" not in after
    assert total_after < 0.9 * total_before
