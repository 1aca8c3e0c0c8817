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
    else:
        raise _FallbackError


def dumps_indented(value, indent: int) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent)``, written faster."""
    out: list[str] = []
    try:
        _write(value, out, " " * indent, 0)
    except (_FallbackError, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=indent)
    return "".join(out)
