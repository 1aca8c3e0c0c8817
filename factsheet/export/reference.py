"""The field tables of the format reference, generated from the records declared in ``model``.

``docs/reference/format.md`` holds, for each kind of record, a table between
``<!-- fields: NAME -->`` and ``<!-- /fields -->``; :func:`update` rewrites
every such table from :data:`TABLES`, so the reference, the validator and the
JSON Schemas all come from the one declaration of each record in ``model.py``
(``factsheet schema --reference docs/reference/format.md``; a test checks the
published page is current).
"""

from __future__ import annotations

import re

from factsheet import model as m
from factsheet.model.schema import Bool, Choice, Date, Field, ListOf, Number, Record, Slug, Text, Url

TABLES: dict[str, Record] = {name: Record.of(cls) for name, cls in {
    "source": m.Source, "warning": m.SourceWarning, "entity": m.Entity, "topic": m.TopicHead, "fact": m.Fact,
    "figure": m.Figure, "citation": m.Citation, "annotation": m.Annotation, "correction": m.Correction,
    "withdrawal": m.Withdrawal, "derivation": m.Derivation, "chart": m.Chart, "bar": m.Bar,
}.items()}
_BLOCK = re.compile(r"(<!-- fields: (\w+) -->\n)(.*?)(<!-- /fields -->)", re.DOTALL)


def kind_of(field: Field) -> str:
    """What a field holds, in the reference's words."""
    if isinstance(field, ListOf):
        return f"list of {kind_of(field.item)}"
    if isinstance(field, Record):
        name = next((n for n, r in TABLES.items() if r.factory is field.factory), "mapping")
        return f"{name} (mapping)"
    if isinstance(field, Choice):
        return "one of " + ", ".join(f"`{c}`" for c in field.choices)
    if isinstance(field, Text):
        return f"text, up to {field.max_length:,} characters"
    named = {Slug: "id", Url: "http(s) URL", Date: "date (YYYY, YYYY-MM or YYYY-MM-DD)", Number: "number", Bool: "true or false"}
    return next((text for kind, text in named.items() if isinstance(field, kind)), type(field).__name__)


def _default(field: Field) -> str:
    if field.required:
        return "**required**"
    value = field.default() if callable(field.default) else field.default
    if value in (None, [], ""):
        return "optional"
    return f"optional, default `{str(value).lower() if isinstance(value, bool) else value}`"


def table(record: Record) -> str:
    """A Markdown table of a record's keys: what each holds, whether it is required, what it means."""
    rows = ["| key | holds | | meaning |", "| --- | --- | --- | --- |"]
    for key, field in record.fields.items():
        meaning = field.description or (f"See the `{kind_of(field).split(' ')[0]}` keys." if isinstance(field, Record) else "")
        meaning = meaning.replace("|", "\\|")
        rows.append(f"| `{key}` | {kind_of(field)} | {_default(field)} | {meaning} |")
    return "\n".join(rows) + "\n"


def update(text: str) -> str:
    """The reference page with every field table regenerated; an unknown table name is left as it is."""
    def replace(match: re.Match) -> str:
        record = TABLES.get(match.group(2))
        return match.group(0) if record is None else match.group(1) + table(record) + match.group(4)

    return _BLOCK.sub(replace, text)
