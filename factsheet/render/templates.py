"""The page templates (``factsheet/templates/*.html``): Jinja2 with autoescaping, strict about undefined names.

Every value a template writes is escaped as :func:`html.escape` escapes it,
unless it is :class:`~markupsafe.Markup`: HTML the engine built on purpose
(another template's output, a JSON-LD script). So text from a fact file can
only ever reach a page as text.

A template is written for people to read: one element per line, indented.
Line breaks and the indentation after them are not part of the output (the
pages' HTML has no whitespace between tags); a space that matters at the end
of a line is written as ``{{ " " }}``. Keep ``{% ... %}`` tags on one line.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from jinja2.compiler import CodeGenerator
from jinja2.ext import Extension
from jinja2.runtime import new_context
from markupsafe import Markup

from factsheet.templatecache import TEMPLATES

_LINE_BREAK = re.compile(r"\n[ \t]*")


class _JoinLines(Extension):
    """Drops each line break of a template and the indentation after it."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _LINE_BREAK.sub("", source)


def _escaped(value: object) -> str:
    """Escape as html.escape does (``&quot;``, ``&#x27;``), which the pages have always used; HTML on purpose passes."""
    if type(value) is str:
        return escape(value, quote=True)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value), quote=True)


def _text(value: object) -> Markup:
    """The ``text`` filter: a value escaped for an element's text (``&``, ``<``, ``>``), where quotes need no escape.

    For long runs of text full of quotes, such as the "Cite this" box's CSL-JSON
    (five bytes saved a quotation mark); a value in an attribute is never written with it.
    """
    return value if hasattr(value, "__html__") else Markup(escape(str(value), quote=False))


class _EscapeOnce(CodeGenerator):
    """Writes ``{{ value }}`` as ``finalize(value)`` where Jinja writes ``escape(finalize(value))``.

    ``_escaped`` already returns the escaped text (or HTML on purpose), so
    markupsafe's second pass only wrapped it in a Markup again: two object
    creations per value, a fifth of the engine's time at 10,000 facts. The
    output is the same string. Templates that switch autoescaping on and off
    (``{% autoescape %}``) keep Jinja's own code.
    """

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape or finalize.src is None:
            return super()._output_child_pre(node, frame, finalize)
        self.write("(" + finalize.src)


class _Environment(Environment):
    code_generator_class = _EscapeOnce

    def getattr(self, obj, attribute):
        """``row.href`` on a dict row is its key, looked up first: Jinja tries the attribute first and
        raises and catches an AttributeError for each of the million such lookups of a large sheet.
        (No row has a key named like a dict method, which Jinja would have preferred.)"""
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        try:  # Environment.getattr's first step, without a second call per lookup
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)


@cache
def environment() -> Environment:
    """The one environment of the page templates."""
    env = _Environment(
        loader=PackageLoader("factsheet", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_escaped,
        extensions=[_JoinLines],
        keep_trailing_newline=False,
        auto_reload=False,  # packaged templates do not change while a build runs
        bytecode_cache=TEMPLATES,  # compiled once per process, or read back from FACTSHEET_TEMPLATE_CACHE
    )
    env.filters["text"] = _text
    return env


@cache
def template(name: str) -> Template:
    """A page template, looked up once."""
    return environment().get_template(name)


def render(name: str, **context) -> Markup:
    """A template rendered with the context, as HTML ready to place in another template.

    As ``Template.render``, but the context starts from a plain copy of the
    template's globals made once, where Jinja merges its chain of globals into
    a new dict for every rendering (a few of them for each fact of a sheet).
    """
    page_template = template(name)
    env = page_template.environment
    context = new_context(env, page_template.name, page_template.blocks, {**_globals(name), **context}, shared=True)
    try:
        return Markup(env.concat(page_template.root_render_func(context)))
    except Exception:
        env.handle_exception()
        raise  # not reached: handle_exception raises the error with the template's lines in its traceback


@cache
def _globals(name: str) -> dict:
    """A template's globals (the environment's and its own) as one plain dict."""
    return dict(template(name).globals)


def block(template: str, macro: str, *args) -> str:
    """One block of a page: a macro of a template (``lists.html``, ``figures.html``) called with its data."""
    return str(getattr(_module(template), macro)(*args))


@cache
def _module(name: str):
    """A template's macros, made once."""
    return template(name).module
