"""The page templates escape every value by construction, spell escapes as the pages always have, and refuse unknown names."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from factsheet.render.templates import block, environment, render


def test_every_value_is_escaped_as_html_escape_does():
    """Text reaches a template's output escaped, quotes included (``&quot;``, ``&#x27;``), in content and attributes."""
    html = render("cite_marker.html", citation=type("C", (), {"source": "s\"'"})(), href="x?a=1&b=<2>",
                  label="<script>", tip_id="t", preview="it's \"quoted\"")
    assert 'data-source-id="s&quot;&#x27;"' in html and 'href="x?a=1&amp;b=&lt;2&gt;"' in html
    assert ">&lt;script&gt;</a>" in html and "it&#x27;s &quot;quoted&quot;" in html


def test_html_built_on_purpose_is_passed_through():
    """Markup (another template's output) is placed as it is; plain strings that look like HTML are not."""
    fine = render("cite_this.html", text=Markup("<b>kept</b>"), bibtex="<b>escaped</b>", csl="")
    assert '<pre class="fs-cite-this__text"><b>kept</b></pre>' in fine
    assert '<pre class="fs-cite-this__bibtex">&lt;b&gt;escaped&lt;/b&gt;</pre>' in fine


def test_a_name_the_template_does_not_get_is_an_error():
    """A misspelt or missing value stops rendering instead of printing nothing."""
    with pytest.raises(UndefinedError):
        render("cite_this.html", text="t", bibtex="b")


def test_line_breaks_and_indentation_of_a_template_are_not_output():
    """Templates are written one element per line; the pages' HTML has no whitespace between tags."""
    html = block("lists.html", "pager", [(1, ""), (2, "page-2/")])
    assert html == ('<nav class="fs-pager" aria-label="Pages of this list" data-search-exclude>Page '
                    '<strong aria-current="page">1</strong> <a href="page-2/">2</a></nav>')
    assert environment().autoescape is True
