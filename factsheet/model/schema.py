"""Schema as code: typed fields that validate located YAML nodes.

Each field type checks a node, returns a Python value and reports problems to
a :class:`~factsheet.diagnostics.Report` with the node's position; it never
raises. Each can also describe itself as JSON Schema, so the published
editor schemas (``schema/*.schema.json``) are generated from this one place.

A record (a source, a fact, a citation, ...) is declared once, in ``model``, as a
class whose keys are written as fields (:func:`record`); that one declaration
gives the dataclass, the validator (``Record.of(cls)``), the JSON Schema and the
field table of the format reference (``reference``).
"""

from __future__ import annotations

import copy
import difflib
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import MISSING as NO_DEFAULT
from dataclasses import dataclass, fields
from dataclasses import field as dataclass_field
from typing import Any
from urllib.parse import urlsplit

from factsheet.diagnostics import Report
from factsheet.load.yamlsafe import Mapping, Node, Scalar, Sequence, kind_name
from factsheet.model.dates import PartialDate

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)
INT_RE = re.compile(r"^[-+]?[0-9]+$")
FLOAT_RE = re.compile(r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
class _Missing:
    """The one value of an absent field: stays the same object through pickling (a file read in a forked child)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING = _Missing()
MAX_NUMBER = 1e18  # larger than any figure a sheet states, small enough for exact float arithmetic on its digits
MAX_NUMBER_CHARS = 40
MAX_URL = 2048


@dataclass
class Ctx:
    """Where validation is: the file's path and the report to write to."""

    path: str
    report: Report

    def error(self, node: Node, message: str) -> None:
        """Report an error at a node."""
        self.report.error(self.path, node.line, node.col, message)

    def warning(self, node: Node, message: str) -> None:
        """Report a warning at a node."""
        self.report.warning(self.path, node.line, node.col, message)


class Field:
    """Base of all field types."""

    description = ""

    def __init__(self, required: bool = False, default: Any = None, description: str = ""):
        self.required = required
        self.default = default
        if description:
            self.description = description

    def validate(self, node: Node, ctx: Ctx) -> Any:
        """Check a node and return its value, or MISSING after reporting."""
        raise NotImplementedError

    def json_schema(self) -> dict:
        """This field as JSON Schema."""
        raise NotImplementedError

    def _described(self, schema: dict) -> dict:
        if self.description:
            schema["description"] = self.description
        return schema


class _ScalarField(Field):
    expected = "text"

    def validate(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node, Scalar):
            ctx.error(node, f"expected {self.expected}, got {kind_name(node)}")
            return MISSING
        return self.convert(node, ctx)

    def convert(self, node: Scalar, ctx: Ctx) -> Any:
        raise NotImplementedError


# Control characters (C0 and C1), direction overrides and marks, and Unicode noncharacters (U+FDD0-FDEF and the
# last two code points of every plane, which XML forbids): none belongs in a fact sheet's text, and some would make
# the Atom feed ill-formed, so they are refused where they are written rather than dropped on output.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufdd0-\ufdef\ufffe\uffff" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17)) + "]")


_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


def _clean_text(value: str) -> str:
    return " ".join(value.split())


class Text(_ScalarField):
    """Plain text, whitespace collapsed; never Markdown or HTML."""

    def __init__(self, *a, max_length: int = 2000, **k):
        super().__init__(*a, **k)
        self.max_length = max_length

    def convert(self, node: Scalar, ctx: Ctx) -> Any:
        bad = _FORBIDDEN.search(node.value)
        if bad:
            ctx.error(node, f"invisible control character U+{ord(bad.group()):04X} in text; remove it")
            return MISSING
        value = _clean_text(node.value)
        if not value:
            ctx.error(node, "must not be empty")
            return MISSING
        if len(value) > self.max_length:
            ctx.error(node, f"text is {len(value)} characters, over the limit of {self.max_length}")
            return MISSING
        return value

    def json_schema(self) -> dict:
        return self._described({"type": "string", "minLength": 1, "maxLength": self.max_length})


class Slug(_ScalarField):
    """An id: lower-case ASCII letters, digits and single hyphens."""

    expected = "an id"

    def convert(self, node: Scalar, ctx: Ctx) -> Any:
        value = node.value
        if not SLUG_RE.fullmatch(value):  # fullmatch: '$' alone would accept a trailing newline
            suggestion = slugify(value)
            hint = f"; try '{suggestion}'" if suggestion else ""
            shown = value.encode("unicode_escape").decode("ascii")  # newlines and invisible characters made visible
            ctx.error(node, f"'{shown}' is not a valid id: use lower-case a-z, 0-9 and single hyphens{hint}")
            return MISSING
        if len(value) > 80:
            ctx.error(node, "id is longer than 80 characters")
            return MISSING
        return value

    def json_schema(self) -> dict:
        return self._described({"type": "string", "pattern": SLUG_RE.pattern, "maxLength": 80})


def slugify(text: str) -> str:
    """The id a title would get: ASCII lower case, words joined by hyphens."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


class Url(_ScalarField):
    """An absolute http(s) URL whose host reads as it goes.

    Refused: addresses over 2,048 characters; a user name or password before the
    host (``https://trusted.example@evil.example/``); invisible or formatting
    characters anywhere (soft hyphens, zero-width spaces, direction marks);
    a host label that mixes scripts (a Cyrillic letter in a Latin name);
    empty host labels (``a..example``); a port that is not a number from 1 to 65535.
    """

    expected = "a URL"

    def convert(self, node: Scalar, ctx: Ctx) -> Any:
        value = node.value.strip()
        if len(value) > MAX_URL:
            ctx.error(node, f"URL is {len(value):,} characters, over the limit of {MAX_URL:,}")
            return MISSING
        hidden = _FORBIDDEN.search(value) or _ZERO_WIDTH.search(value) or next(
            (m for m in _FORMAT_CHARS.finditer(value)), None)
        if hidden:  # a bidi override or zero-width space makes the address read differently than it goes
            ctx.error(node, f"invisible character U+{ord(hidden.group()):04X} in URL; remove it or percent-encode it")
            return MISSING
        if not URL_RE.match(value) or any(ord(ch) < 32 or ch in "<>\"'`\\" for ch in value):
            scheme = value.split(":", 1)[0] if ":" in value else ""
            if scheme and scheme.lower() not in ("http", "https"):
                ctx.error(node, f"URL scheme '{scheme}:' is not allowed; use an http:// or https:// address")
            else:
                ctx.error(node, f"'{value[:80]}' is not an absolute http(s) URL")
            return MISSING
        problem = _deceptive(value)
        if problem:
            ctx.error(node, f"URL '{value[:80]}': {problem}")
            return MISSING
        return value

    def json_schema(self) -> dict:
        return self._described({"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": MAX_URL})


_FORMAT_CHARS = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0]")


# Alphabets whose letters imitate each other; Japanese, Chinese and Korean labels mix their own scripts legitimately.
_LOOKALIKE_ALPHABETS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN", "CHEROKEE", "COPTIC"})


def _script(ch: str) -> str:
    """The script of a letter, from its Unicode name (LATIN, CYRILLIC, GREEK, ...); digits and marks have none."""
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else "UNKNOWN"


def _deceptive(url: str) -> str | None:
    """Why an address could mislead a reader about where it goes, or None."""
    parts = urlsplit(url)
    if "@" in parts.netloc:
        return "a user name before the host ('...@') can make another host look like the destination; remove it"
    try:
        port = parts.port
    except ValueError:
        return "its port is not a number from 1 to 65535"
    if port == 0:
        return "its port is not a number from 1 to 65535"
    host = parts.hostname or ""
    if not host or any(label == "" for label in host.rstrip(".").split(".")):
        return "its host has an empty label ('..' or a leading dot)"
    if any(unicodedata.category(ch) == "Cf" for ch in host):
        return "its host contains an invisible formatting character"
    for label in host.split("."):
        if label.startswith("xn--"):  # punycode: judge the name a browser shows
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                return f"its host label '{label}' is not valid punycode"
        scripts = {s for s in map(_script, label) if s in _LOOKALIKE_ALPHABETS}
        if len(scripts) > 1:
            return f"its host label '{label}' mixes {' and '.join(sorted(s.title() for s in scripts))} letters, which can imitate another name"
    return None


class Date(_ScalarField):
    """A partial ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD."""

    expected = "a date"

    def convert(self, node: Scalar, ctx: Ctx) -> Any:
        try:
            return PartialDate.parse(node.value)
        except ValueError as exc:
            ctx.error(node, f"{exc}")
            return MISSING

    def json_schema(self) -> dict:
        return self._described({"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"})


class Number(_ScalarField):
    """A number written without quotes."""

    expected = "a number"

    def convert(self, node: Scalar, ctx: Ctx) -> Any:
        text = node.value.replace("_", "")
        if node.plain and (INT_RE.match(text) or FLOAT_RE.match(text)):
            if len(text) > MAX_NUMBER_CHARS:
                ctx.error(node, f"number written with {len(text):,} characters; at most {MAX_NUMBER_CHARS} are accepted")
                return MISSING
            value = int(text) if INT_RE.match(text) else float(text)
            if not math.isfinite(value) or abs(value) > MAX_NUMBER:
                ctx.error(node, f"number too large: at most {MAX_NUMBER:.0e} in size (use scale: for billions or trillions)")
                return MISSING
            return value
        hint = " (remove the quotes)" if not node.plain and FLOAT_RE.match(text) else ""
        ctx.error(node, f"expected a number, got '{node.value[:40]}'{hint}")
        return MISSING

    def json_schema(self) -> dict:
        return self._described({"type": "number"})


class Bool(_ScalarField):
    """``true`` or ``false``."""

    expected = "true or false"

    def convert(self, node: Scalar, ctx: Ctx) -> Any:
        if node.plain and node.value in ("true", "false"):
            return node.value == "true"
        ctx.error(node, f"expected true or false, got '{node.value[:40]}'")
        return MISSING

    def json_schema(self) -> dict:
        return self._described({"type": "boolean"})


class Choice(_ScalarField):
    """One of a fixed set of words."""

    expected = "one of a set of words"

    def __init__(self, choices: tuple[str, ...], *a, **k):
        super().__init__(*a, **k)
        self.choices = choices

    def convert(self, node: Scalar, ctx: Ctx) -> Any:
        if node.value in self.choices:
            return node.value
        close = difflib.get_close_matches(node.value, self.choices, n=1)
        hint = f", did you mean '{close[0]}'?" if close else ""
        ctx.error(node, f"'{node.value[:40]}' is not one of: {', '.join(self.choices)}{hint}")
        return MISSING

    def json_schema(self) -> dict:
        return self._described({"enum": list(self.choices)})


class ListOf(Field):
    """A list whose items all have one type; a single scalar is not a list."""

    def __init__(self, item: Field, *a, min_items: int = 0, unique: bool = False, **k):
        super().__init__(*a, **k)
        self.item = item
        self.min_items = min_items
        self.unique = unique

    def validate(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node, Sequence):
            ctx.error(node, f"expected a list, got {kind_name(node)}")
            return MISSING
        if len(node.items) < self.min_items:
            ctx.error(node, f"needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}")
        values = []
        seen: set = set()
        for child in node.items:
            value = self.item.validate(child, ctx)
            if value is MISSING:
                continue
            if self.unique and isinstance(value, str):
                if value in seen:
                    ctx.error(child, f"'{value}' is listed twice")
                    continue
                seen.add(value)
            values.append(value)
        return values

    def json_schema(self) -> dict:
        schema = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return self._described(schema)


class Record(Field):
    """A mapping with known keys, built into an object by ``factory``."""

    def __init__(self, fields: dict[str, Field], factory: Callable[..., Any] = dict, *a, title: str = "",
                 key_positions: bool = False, **k):
        super().__init__(*a, **k)
        self.fields = fields
        self.factory = factory
        self.title = title
        self.key_positions = key_positions  # pass ``key_pos``: where each key's value was written, for checks that point at one field

    def validate(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node, Mapping):
            ctx.error(node, f"expected a mapping of keys to values, got {kind_name(node)}")
            return MISSING
        values: dict[str, Any] = {}
        ok = True
        suggested: set[str] = set()
        for key, child in node.items.items():
            spec = self.fields.get(key)
            if spec is None:
                close = difflib.get_close_matches(key, [k for k in self.fields if k not in node.items], n=1)
                hint = f", did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(self.fields)}"
                ctx.error(node.keys[key], f"unknown key '{key[:40]}'{hint}")
                suggested.update(close)
                ok = False
            elif isinstance(child, Scalar) and child.is_null:
                if spec.required:
                    ctx.error(child if child.value else node.keys[key], f"'{key}' must not be empty")
                    ok = False
            else:
                value = spec.validate(child, ctx)
                if value is MISSING:
                    ok = False
                else:
                    values[key] = value
        for key, spec in self.fields.items():
            if key in values or key in suggested or key in node.items and spec.required:
                continue
            if spec.required:
                ctx.error(node, f"missing required key '{key}'")
                ok = False
            else:
                values[key] = spec.default() if callable(spec.default) else spec.default
        if not ok:
            return MISSING
        values["pos"] = (ctx.path, node.line, node.col)
        if self.key_positions:
            values["key_pos"] = {key: (ctx.path, child.line, child.col) for key, child in node.items.items()}
        return self.factory(**values)

    def json_schema(self) -> dict:
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {key: spec.json_schema() for key, spec in self.fields.items()},
        }
        required = [key for key, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        if self.title:
            schema["title"] = self.title
        return self._described(schema)

    @staticmethod
    def of(record_class: type, required: bool = False, description: str = "") -> Record:
        """The field that validates a mapping into a :func:`record` class; ``required`` and ``description`` are this use's."""
        spec: Record = record_class.__record__
        if required or description:
            spec = copy.copy(spec)
            spec.required, spec.description = required, description
        return spec


def record(*, title: str = "") -> Callable[[type], type]:
    """Declare a record: a keyword-only dataclass whose attributes written as fields are its keys, in order.

    ``id: str = Slug(required=True, description="...")`` is the key ``id``: it is
    validated by ``Slug``, documented by its description, and becomes the
    dataclass field ``id`` (required, or with the field's default). Attributes
    with plain defaults are set by the program, not written by editors:
    ``pos`` (where the mapping was written) and, when declared, ``key_pos``
    (where each key's value was written) are filled by the validator.
    """
    def declare(cls: type) -> type:
        annotations = cls.__dict__.get("__annotations__", {})
        stray = [name for name, value in vars(cls).items() if isinstance(value, Field) and name not in annotations]
        if stray:  # without a type it would be a class attribute, not a key: the record would silently lack it
            raise TypeError(f"record {cls.__name__}: give {', '.join(stray)} a type annotation")
        keys: dict[str, Field] = {}
        for name in annotations:
            spec = cls.__dict__.get(name)
            if isinstance(spec, Field):
                keys[name] = spec
                default = NO_DEFAULT if spec.required else spec.default
                setattr(cls, name, dataclass_field(default_factory=default) if callable(default)
                        else dataclass_field(default=default))
        cls = dataclass(kw_only=True)(cls)
        key_positions = any(f.name == "key_pos" for f in fields(cls))
        cls.__record__ = Record(keys, cls, title=title, key_positions=key_positions)
        return cls

    return declare


def document_schema(field: Field, title: str, schema_id: str) -> dict:
    """A whole-file JSON Schema document for a record field."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, "title": title}
    schema.update(field.json_schema())
    return schema
