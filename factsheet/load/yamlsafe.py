"""Strict YAML reading: located nodes, no aliases, no duplicate keys, no tags.

The parser is libyaml's (``CSafeLoader``) where available. Instead of PyYAML's
constructor, which silently keeps the last of two equal keys and expands
aliases, events are composed here into light nodes that remember their line
and column. Scalars stay text until the schema says what type it wants, so
``no`` is never a boolean and ``1.10`` never loses its zero by accident.
"""

from __future__ import annotations

import yaml
from yaml import events as ev

from factsheet.diagnostics import Report

try:  # libyaml is about six times faster than the pure-Python parser
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40


class Node:
    """A YAML node with its 1-based position."""

    __slots__ = ("line", "col")

    def __init__(self, line: int, col: int):
        self.line = line
        self.col = col


class Scalar(Node):
    """A scalar: its text, and whether it was written plain (unquoted)."""

    __slots__ = ("value", "plain")

    def __init__(self, value: str, plain: bool, line: int, col: int):
        self.line = line  # set here rather than through Node.__init__: there are hundreds of thousands of scalars
        self.col = col
        self.value = value
        self.plain = plain

    @property
    def is_null(self) -> bool:
        """True for an empty plain scalar, ``~`` or ``null``."""
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


class Sequence(Node):
    """A sequence of nodes."""

    __slots__ = ("items",)

    def __init__(self, items: list[Node], line: int, col: int):
        super().__init__(line, col)
        self.items = items


class Mapping(Node):
    """A mapping with string keys, in file order; keys keep their positions."""

    __slots__ = ("items", "keys")

    def __init__(self, line: int, col: int):
        super().__init__(line, col)
        self.items: dict[str, Node] = {}
        self.keys: dict[str, Scalar] = {}


def kind_name(node: Node) -> str:
    """A reader's name for the kind of a node."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if isinstance(node, Scalar) and node.is_null:
        return "nothing (null)"
    return "text"


def decode(data: bytes, path: str, report: Report) -> str | None:
    """Decode UTF-8 input, reporting size, BOM, NUL and bad bytes by position."""
    if len(data) > MAX_BYTES:
        report.error(path, 1, 1, f"file is {len(data):,} bytes, over the limit of {MAX_BYTES:,}; split it into smaller files")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        report.error(path, 1, 1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        report.error(path, line, col, "NUL byte in file; is it binary, or UTF-16? Save it as UTF-8")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        report.error(path, line, col, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def parse(text: str, path: str, report: Report) -> Node | None:
    """Compose one YAML document into located nodes, or report why not."""
    loader = _Loader(text)
    try:
        return _compose(loader, path, report)
    except yaml.MarkedYAMLError as exc:
        line, col, message = _syntax_error(exc, text)
        report.error(path, line, col, f"YAML syntax error: {message}")
        return None
    except yaml.YAMLError as exc:
        report.error(path, 1, 1, f"YAML error: {exc}")
        return None
    finally:
        loader.dispose()


# What the parser says it was inside of when it gave up, for the constructs that stay open until closed.
_OPENED = {"while parsing a flow mapping": "'{'", "while parsing a flow sequence": "'['",
           "while scanning a quoted scalar": "quotation mark"}


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Where to point a YAML syntax error, and what to say.

    An unclosed bracket or quotation mark is only noticed where the parser
    gives up, often lines later; the error points at the opening character,
    which is what the editor has to fix, and says where the parser stopped.
    """
    problem = exc.problem or exc.context or "invalid YAML"
    opened = _OPENED.get(exc.context or "")
    if opened and exc.context_mark is not None:
        start, stop = exc.context_mark, exc.problem_mark
        where = f"line {stop.line + 1}, column {stop.column + 1}" if stop is not None else "the end of the file"
        if "quoted" in (exc.context or ""):
            char = text.splitlines()[start.line][start.column] if start.line < len(text.splitlines()) else '"'
            message = f"the quotation mark {char} opened here is never closed (the parser gave up at {where}: {problem})"
        else:
            message = f"the {opened} opened here is never closed (the parser gave up at {where}: {problem})"
        return start.line + 1, start.column + 1, message
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or "tab" in problem or "\t" in bad_line[: col + 1]:
        problem += "; a tab character is here: indent with spaces, YAML does not allow tabs"
    return line, col, problem


_SCALAR_EVENT = ev.ScalarEvent


class _StopError(Exception):
    """An error that ends composition of this file."""


def _compose(loader, path: str, report: Report) -> Node | None:
    get = loader.get_event
    get()  # StreamStart
    event = get()
    if isinstance(event, ev.StreamEndEvent):
        report.error(path, 1, 1, "file is empty; it must hold a mapping")
        return None
    try:
        root = _node(get, get(), path, report, 0)
    except _StopError:
        return None
    get()  # DocumentEnd
    event = get()
    if not isinstance(event, ev.StreamEndEvent):
        m = event.start_mark
        report.error(path, m.line + 1, m.column + 1, "more than one YAML document in a file; remove the '---'")
    return root


def _node(get, event, path: str, report: Report, depth: int) -> Node:
    if event.__class__ is _SCALAR_EVENT and not event.anchor and depth <= MAX_DEPTH:
        tag = event.tag  # the common case, checked as below in fewer steps
        if not tag or tag == "!" or event.implicit[0]:
            mark = event.start_mark
            return Scalar(event.value, not event.style, mark.line + 1, mark.column + 1)
    mark = event.start_mark
    line, col = mark.line + 1, mark.column + 1
    if isinstance(event, ev.AliasEvent):
        report.error(path, line, col, f"alias '*{event.anchor}' is not allowed; write the value out in full")
        raise _StopError
    if getattr(event, "anchor", None):
        report.error(path, line, col, f"anchor '&{event.anchor}' is not allowed; write values out in full")
        raise _StopError
    tag = getattr(event, "tag", None)
    if tag and tag != "!" and not (isinstance(event, ev.ScalarEvent) and event.implicit[0]):
        report.error(path, line, col, f"tag '{tag}' is not allowed; write plain values")
        raise _StopError
    if depth > MAX_DEPTH:
        report.error(path, line, col, f"nesting deeper than {MAX_DEPTH} levels")
        raise _StopError
    if isinstance(event, ev.ScalarEvent):
        return Scalar(event.value, not event.style, line, col)
    if isinstance(event, ev.SequenceStartEvent):
        items: list[Node] = []
        event = get()
        while not isinstance(event, ev.SequenceEndEvent):
            items.append(_node(get, event, path, report, depth + 1))
            event = get()
        return Sequence(items, line, col)
    mapping = Mapping(line, col)
    event = get()
    while not isinstance(event, ev.MappingEndEvent):
        key = _node(get, event, path, report, depth + 1)
        value = _node(get, get(), path, report, depth + 1)
        if not isinstance(key, Scalar):
            report.error(path, key.line, key.col, "a key must be plain text, not a list or mapping")
        elif key.value in mapping.items:
            first = mapping.keys[key.value]
            report.error(path, key.line, key.col, f"duplicate key '{key.value}' (first at line {first.line}); YAML would silently keep only the last")
        else:
            mapping.items[key.value] = value
            mapping.keys[key.value] = key
        event = get()
    return mapping
