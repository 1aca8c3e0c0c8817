"""A finished page's HTML without the indentation and blank lines its templates leave between tags.

Material's templates (and a site's own) are written one element per line,
indented, with ``{% ... %}`` lines that leave blank lines behind: about a
fifth of an entity page's bytes is that whitespace. :func:`compact_html`
replaces each run of whitespace that starts with a line break by one
character: a space where the run touches a tag (between tags, or at either
end of a text), the line break inside a text. Nothing else changes: a browser
shows a run of whitespace as one space wherever whitespace is not preserved,
and a run never disappears, so no two words or inline elements are ever
joined; a line break inside a text is kept for what reads it as one (a TeX
comment in a math block). Not a line break at a text's ends: axe-core, which
Lighthouse runs, reads a lone line break there as part of a word (Material's
"Next" and "Topics" in a footer link whose name is "Next: Topics" became one
word "Next\nTopics", not in the name). Where whitespace is preserved
the HTML is left exactly as it was: inside ``<pre>``, ``<textarea>``,
``<code>``, ``<kbd>``, ``<samp>``, ``<script>`` and ``<style>``, in comments,
and inside attribute values. (An element that a stylesheet sets to
``white-space: pre`` or ``pre-line`` is not known here; write such text in a
``<pre>``.)

It also drops the ``xmlns`` attribute of the inline SVG icons Material writes
(``<svg xmlns="http://www.w3.org/2000/svg" ...>``, about ten a page): in an
HTML page the parser puts ``<svg>`` in the SVG namespace without it.
"""

from __future__ import annotations

import re

# Elements whose text is kept byte for byte, and comments. An element of these kinds holds no other of them
# (a <code> inside a <pre> ends with the <pre>), so the first closing tag of its kind ends it.
_KEPT = re.compile(r"<(pre|textarea|code|kbd|samp|script|style)(?=[\s/>])[^>]*>.*?</\1\s*>|<!--.*?-->",
                   re.DOTALL | re.IGNORECASE)
_RUN = re.compile(r"\n[ \t\r\n\f]*+")
_EDGE = re.compile(r"\n(?:(?<=>\n)[ \t\r\n\f]*+|[ \t\r\n\f]*+(?=<))")  # a run right after a tag, or right before one
# A quoted attribute value with a line break in it (or, rarely, text that looks like one): its segment is
# collapsed tag by tag instead, so that the value is kept.
_BREAK_IN_VALUE = re.compile(r"""=[ \t\r\n\f]*(?:"[^"]*|'[^']*)\n""")
_TAG = re.compile(r"""(<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>)""")
_SVG_XMLNS = '<svg xmlns="http://www.w3.org/2000/svg" '


def compact_html(html: str) -> str:
    """``html`` with every run of whitespace that starts with a line break, outside the kept elements, made one
    character (a space where it touches a tag, else the line break), and its inline SVG icons without their ``xmlns``."""
    if "\n" not in html and _SVG_XMLNS not in html:
        return html
    out = []
    position = 0
    for kept in _KEPT.finditer(html):
        out.append(_collapse(html[position:kept.start()]))
        out.append(kept.group())
        position = kept.end()
    out.append(_collapse(html[position:]))
    return "".join(out)


def _collapse(segment: str) -> str:
    if _SVG_XMLNS in segment:
        segment = segment.replace(_SVG_XMLNS, "<svg ")
    if "\n" not in segment:
        return segment
    if not _BREAK_IN_VALUE.search(segment):  # the usual case: no tag holds a line break inside a value
        return _runs(segment)
    parts = _TAG.split(segment)  # text, tag, text, tag, ..., text: each text's ends touch a tag
    parts[0::2] = [_runs(text) if "\n" in text else text for text in parts[0::2]]
    return "".join(parts)


def _runs(text: str) -> str:
    """Each run that starts with a line break made a space where it touches a tag or an end of ``text``, else the line break."""
    text = _RUN.sub("\n", _EDGE.sub(" ", text))
    if text[:1] == "\n":
        text = " " + text[1:]
    if text[-1:] == "\n":
        text = text[:-1] + " "
    return text
