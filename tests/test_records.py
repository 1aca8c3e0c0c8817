"""Declaring a record once (``schema.record``): the class is the dataclass, the validator and the JSON Schema."""

from __future__ import annotations

from dataclasses import field

import pytest

from factsheet.diagnostics import Report
from factsheet.load.yamlsafe import parse
from factsheet.model.schema import MISSING, Ctx, ListOf, Number, Record, Slug, Text, record


@record(title="Sample")
class Sample:
    """A record with a required key, a default, a default factory and program-set attributes."""

    id: str = Slug(required=True, description="The id.")
    size: float = Number(default=3, description="How big.")
    tags: list[str] = ListOf(Slug(), default=list)
    note: str | None = Text(max_length=10)
    pos: tuple | None = None
    key_pos: dict = field(default_factory=dict)


def validate(text: str) -> tuple[object, list[str]]:
    report = Report()
    value = Record.of(Sample).validate(parse(text, "s.yml", report), Ctx("s.yml", report))
    return value, [str(item) for item in report.items]


def test_a_record_validates_a_mapping_into_its_class_with_defaults_and_positions():
    """Omitted keys take their field's default, a list default is fresh per object, and positions are filled."""
    sample, problems = validate("note: short\nid: one\n")
    assert problems == []
    assert sample == Sample(id="one", size=3, tags=[], note="short", pos=("s.yml", 1, 1),
                            key_pos={"note": ("s.yml", 1, 7), "id": ("s.yml", 2, 5)})
    assert validate("id: two\n")[0].tags is not sample.tags


def test_a_record_reports_with_the_keys_in_declared_order():
    """The keys, in declaration order, are what the unknown-key and missing-key messages list."""
    value, problems = validate("colour: red\n")
    assert value is MISSING
    assert problems == ["s.yml:1:1: unknown key 'colour'; expected one of: id, size, tags, note",
                        "s.yml:1:1: missing required key 'id'"]


def test_a_record_is_a_keyword_only_dataclass_whose_required_keys_have_no_default():
    """Only keys and program-set attributes are constructor arguments; a required key must be given."""
    with pytest.raises(TypeError):
        Sample(size=1)
    with pytest.raises(TypeError):
        Sample("one")


def test_a_record_describes_itself_as_json_schema_in_declared_order():
    """The JSON Schema lists the keys in order, with only the required ones required; program-set attributes are not keys."""
    schema = Record.of(Sample).json_schema()
    assert list(schema["properties"]) == ["id", "size", "tags", "note"]
    assert schema["required"] == ["id"] and schema["title"] == "Sample"
    assert schema["properties"]["id"]["description"] == "The id."


def test_one_use_of_a_record_can_be_required_without_changing_the_record():
    """``Record.of(cls, required=True)`` is a required use; the record itself stays optional elsewhere."""
    assert Record.of(Sample, required=True).required
    assert not Record.of(Sample).required


def test_a_field_without_a_type_annotation_is_refused():
    """A field written without a type would silently not be a key, so declaring the record fails."""
    with pytest.raises(TypeError, match="record Broken: give name a type annotation"):
        @record()
        class Broken:
            name = Text()
