"""Indented JSON, byte-identical to ``json.dumps(value, ensure_ascii=False, indent=n)``, several times faster.

The standard library only uses its C encoder for compact output; with ``indent``
it falls back to a generator per token. Downloads and cite-this boxes are
indented JSON written for every fact, so this module writes the same text
with plain recursion, quoting strings with the C routine. Anything but
dicts with string keys, lists, tuples, strings, numbers, booleans and None
is handed to :func:`json.dumps` unchanged.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_CONSTANTS = {True: "true", False: "false", None: "null"}


class Raw(str):
    """JSON text written as it is: a value written earlier by :func:`dumps_at` at the same place of the document."""


class _FallbackError(Exception):
    """A value this module does not write itself."""


def _float(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise _FallbackError
    return float.__repr__(value)


def _write(value, out: list[str], indent: str, level: int) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None or kind is bool:
        out.append(_CONSTANTS[value])
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        out.append(_float(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = "\n" + indent * (level + 1)
        out.append("{")
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _FallbackError
            out.append(inner if first else "," + inner)
            first = False
            out.append(encode_basestring(key))
            out.append(": ")
            _write(item, out, indent, level + 1)
        out.append("\n" + indent * level + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = "\n" + indent * (level + 1)
        out.append("[")
        first = True
        for item in value:
            out.append(inner if first else "," + inner)
            first = False
            _write(item, out, indent, level + 1)
        out.append("\n" + indent * level + "]")
    elif kind is Raw:
        out.append(value)
    else:
        raise _FallbackError


def dumps_indented(value, indent: int) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent)``, written faster; a :class:`Raw` value is written as it is."""
    out: list[str] = []
    try:
        _write(value, out, " " * indent, 0)
    except (_FallbackError, RecursionError):
        return _standard(value, indent)
    return "".join(out)


def dumps_at(value, indent: int, level: int) -> str:
    """``value`` as :func:`dumps_indented` writes it at nesting ``level`` of a larger document (its lines indented so)."""
    out: list[str] = []
    try:
        _write(value, out, " " * indent, level)
    except (_FallbackError, RecursionError):
        return _standard(value, indent, level)
    return "".join(out)


def _standard(value, indent: int, level: int = 0) -> str:
    """The standard library's text (at nesting ``level``), with each :class:`Raw` value put in where it wrote a placeholder."""
    raws: list[Raw] = []

    def swap(item):
        kind = type(item)
        if kind is Raw:
            raws.append(item)
            return f"\0raw{len(raws) - 1}\0"  # text from a fact file never holds a control character (the loader refuses them)
        if kind is dict:
            return {k: swap(v) for k, v in item.items()}
        if kind is list or kind is tuple:
            return [swap(v) for v in item]
        return item

    text = json.dumps(swap(value), ensure_ascii=False, indent=indent)
    if level:  # JSON text has no line breaks but its own
        text = text.replace("\n", "\n" + " " * indent * level)
    for n, raw in enumerate(raws):
        text = text.replace(json.dumps(f"\0raw{n}\0"), raw, 1)
    return text
