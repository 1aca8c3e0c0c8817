"""The strict YAML reader and the loader: encodings, structure limits, the sheet's indexes."""

from __future__ import annotations

import pytest
from helpers import SOURCES, TOPIC, write_facts

from factsheet.diagnostics import Report
from factsheet.load.loader import fact_files, load
from factsheet.load.yamlsafe import Mapping, Scalar, decode, parse


def _parse(text: str):
    report = Report()
    return parse(text, "f.yml", report), [str(d) for d in report.items]


def test_nodes_keep_line_and_column():
    """Parsed nodes remember where they were written."""
    node, errors = _parse("a:\n  b: text\n")
    assert errors == []
    inner = node.items["a"]
    assert isinstance(inner, Mapping)
    value = inner.items["b"]
    assert isinstance(value, Scalar) and (value.line, value.col, value.value) == (2, 6, "text")


def test_quoted_scalars_are_not_plain():
    """Quoting is remembered, so the schema can tell "70" from 70."""
    node, _ = _parse('a: "70"\nb: 70\n')
    assert node.items["a"].plain is False and node.items["b"].plain is True


def test_alias_is_refused_without_expansion():
    """A billion-laughs document stops at the first anchor, without expanding anything."""
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    node, errors = _parse(bomb)
    assert node is None and errors == ["f.yml:1:4: anchor '&a' is not allowed; write values out in full"]


def test_deep_nesting_is_refused():
    """Nesting beyond the limit is an error, not a recursion crash."""
    node, errors = _parse("a: " + "[" * 200 + "]" * 200 + "\n")
    assert node is None and "nesting deeper than" in errors[0]


def test_tab_indentation_gets_a_hint():
    """Tabs in indentation are a syntax error with a hint about spaces."""
    _, errors = _parse("a:\n\tb: 1\n")
    assert errors and errors[0].startswith("f.yml:2:") and "spaces" in errors[0]


def test_empty_file_is_an_error():
    """An empty file is reported, not treated as an empty mapping."""
    assert _parse("")[1] == ["f.yml:1:1: file is empty; it must hold a mapping"]


def test_explicit_tags_are_refused():
    """YAML tags such as !!python/object are refused."""
    _, errors = _parse("a: !!python/object:os.system x\n")
    assert errors and "tag" in errors[0]


def test_second_document_is_an_error():
    """A file holds one document."""
    _, errors = _parse("a: 1\n---\nb: 2\n")
    assert errors == ["f.yml:2:1: more than one YAML document in a file; remove the '---'"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xef\xbb\xbfa: 1\n", "f.yml:1:1: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"),
        (b"a: 1\nb: x\x00y\n", "f.yml:2:5: NUL byte in file; is it binary, or UTF-16? Save it as UTF-8"),
        (b"a: 1\nb: caf\xe9\n", "f.yml:2:7: not valid UTF-8 (byte 0xe9); save the file as UTF-8"),
    ],
)
def test_bad_encodings_are_located(data, message):
    """BOM, NUL bytes and non-UTF-8 bytes are reported with their position."""
    report = Report()
    assert decode(data, "f.yml", report) is None
    assert [str(d) for d in report.items] == [message]


def test_huge_file_is_refused_before_reading(tmp_path):
    """A file over the size limit is refused without parsing it."""
    facts = write_facts(tmp_path)
    big = facts / "topics" / "big.yml"
    with open(big, "wb") as handle:
        handle.truncate(9 * 1024 * 1024)
    _, report = load(facts)
    assert any(str(d).startswith("facts/topics/big.yml:1:1: file is 9,437,184 bytes, over the limit") for d in report.errors)


def test_symlink_outside_facts_is_refused(tmp_path):
    """A symbolic link pointing outside the facts folder is refused."""
    facts = write_facts(tmp_path)
    outside = tmp_path / "elsewhere.yml"
    outside.write_text(TOPIC.replace("id: tools", "id: linked"), encoding="utf-8")
    (facts / "topics" / "linked.yml").symlink_to(outside)
    _, report = load(facts)
    assert any("facts/topics/linked.yml:1:1: symbolic link points outside the facts folder" in str(d) for d in report.errors)


def test_files_are_found_in_stable_order(tmp_path):
    """Fact files are listed sorted, whatever the file system's order."""
    facts = write_facts(tmp_path, topics={"b": TOPIC, "a": TOPIC})
    names = [p.relative_to(facts).as_posix() for p in fact_files(facts)]
    assert names == ["entities.yml", "sources.yml", "topics/a.yml", "topics/b.yml"]


def test_sheet_indexes_reverse_lookups(tmp_path):
    """The sheet indexes which facts cite each source and concern each entity."""
    facts = write_facts(tmp_path, topics={"tools": TOPIC.replace("    added:", "    entities: [acme]\n    added:")})
    sheet, _ = load(facts)
    assert [f.id for f in sheet.citing["paper"]] == ["share"]
    assert [f.id for f in sheet.about["acme"]] == ["share"]
    assert [f.id for f in sheet.claimed["officials"]] == ["share"]


def test_origins_follow_based_on(tmp_path):
    """Three copies of one briefing count as one independent origin."""
    sources = SOURCES.replace("    kind: original-report\n", "    kind: republication\n    based_on: [wire]\n") + (
        "  - id: wire\n    title: W\n    outlet: Wire\n    kind: original-report\n    based_on: [briefing]\n"
        "  - id: other\n    title: O\n    outlet: Other\n    url: https://other.example.org/\n    accessed: 2026-11-23\n"
        "    kind: republication\n    based_on: [briefing]\n"
        "  - id: briefing\n    title: B\n    outlet: Officials\n    kind: briefing\n"
    )
    topic = TOPIC.replace(
        "    added:", "      - source: other\n        quote: 70% of tools\n    added:"
    )
    facts = write_facts(tmp_path, sources=sources, topics={"tools": topic})
    sheet, report = load(facts)
    assert report.errors == []
    fact = sheet.facts["share"]
    assert sheet.fact_sources(fact) == ["paper", "other"]
    assert sheet.fact_origins(fact) == ["briefing"]
