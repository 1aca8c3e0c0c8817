"""Every validation rule: each bad input gives its message at its location."""

from __future__ import annotations

import pytest
from helpers import ENTITIES, SOURCES, TOPIC, messages, write_facts

from factsheet.load.loader import load


def test_valid_folder_has_no_diagnostics(tmp_path):
    """A correct facts folder loads with no errors or warnings."""
    assert messages(tmp_path) == []


def test_yaml_syntax_error_is_located(tmp_path):
    """A YAML syntax error names the file, line and column."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("claim: About", "claim: [About")})
    assert any(m.startswith("facts/topics/tools.yml:") and "YAML syntax error" in m for m in out), out


def test_duplicate_key_is_an_error(tmp_path):
    """A key written twice in one mapping is reported at the second one, naming the first."""
    text = TOPIC.replace("    claimant: officials\n", "    claimant: officials\n    claimant: acme\n")
    out = messages(tmp_path, topics={"tools": text})
    assert "facts/topics/tools.yml:12:5: duplicate key 'claimant' (first at line 11); YAML would silently keep only the last" in out


def test_anchor_and_alias_are_refused(tmp_path):
    """Anchors and aliases are refused with their position."""
    text = TOPIC.replace("    claimant: officials\n", "    claimant: &who officials\n    tags: [*who]\n")
    out = messages(tmp_path, topics={"tools": text})
    assert any("tools.yml:11:15: anchor '&who' is not allowed" in m for m in out), out


def test_unknown_key_suggests_the_right_one(tmp_path):
    """A misspelt key gets a did-you-mean hint."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("        quote:", "        qoute:")})
    assert "facts/topics/tools.yml:14:9: unknown key 'qoute', did you mean 'quote'?" in out
    assert not any("missing required key 'quote'" in m for m in out), "the misspelling is reported once"


def test_wrong_type_is_reported(tmp_path):
    """A quoted number where a number belongs is a type error with a hint."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("value: 70", 'value: "70"')})
    assert "facts/topics/tools.yml:8:14: expected a number, got '70' (remove the quotes)" in out


def test_list_where_mapping_belongs(tmp_path):
    """A list in place of a mapping names what was expected."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("    figure:\n      value: 70\n      unit: percent\n      qualifier: about\n",
                                                            "    figure: [70, percent]\n")})
    assert "facts/topics/tools.yml:7:13: expected a mapping of keys to values, got a list" in out


def test_missing_required_field(tmp_path):
    """A fact without a claim is reported at the fact."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("    claim: About 70% of tools came from abroad.\n", "")})
    assert "facts/topics/tools.yml:5:5: missing required key 'claim'" in out


def test_empty_required_field(tmp_path):
    """An empty required value is reported as empty, not missing."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("    claimant: officials", "    claimant:")})
    assert any("'claimant' must not be empty" in m for m in out), out


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2024-13", "there is no month 13"),
        ("2023-02-29", "February 2023 has no day 29"),
        ("April 2024", "is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_malformed_or_impossible_dates(tmp_path, date, message):
    """Dates must be partial ISO dates that exist."""
    out = messages(tmp_path, sources=SOURCES.replace("published: 2024-04-13", f"published: {date}"))
    assert any(m.startswith("facts/sources.yml:5:16:") and message in m for m in out), out


def test_partial_dates_are_accepted(tmp_path):
    """A year or a year and month is a valid date."""
    assert messages(tmp_path, sources=SOURCES.replace("published: 2024-04-13", "published: 2024-04")) == []


def test_duplicate_fact_ids_across_files(tmp_path):
    """The same fact id in two topic files is an error naming the first definition."""
    other = TOPIC.replace("id: tools", "id: more").replace("title: Tools", "title: More")
    out = messages(tmp_path, topics={"tools": TOPIC, "more": other})
    assert any("duplicate fact id 'share' (first defined at facts/topics/more.yml:5:5)" in m for m in out), out


def test_citation_of_unknown_source(tmp_path):
    """A citation naming an unknown source is an error with a suggestion."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("source: paper", "source: papr")})
    assert "facts/topics/tools.yml:13:9: fact 'share' cites an unknown source 'papr', did you mean 'paper'?" in out


def test_unknown_claimant_and_entity(tmp_path):
    """Claimants and entities must be registered entities."""
    text = TOPIC.replace("claimant: officials", "claimant: oficials").replace("    added:", "    entities: [acm]\n    added:")
    out = messages(tmp_path, topics={"tools": text})
    assert any("claimant is an unknown entity 'oficials', did you mean 'officials'?" in m for m in out), out
    assert any("entities lists an unknown entity 'acm', did you mean 'acme'?" in m for m in out), out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x", "example.org/x"])
def test_urls_must_be_http(tmp_path, url):
    """Only absolute http(s) URLs are accepted."""
    out = messages(tmp_path, sources=SOURCES.replace("url: https://paper.example.org/a", f'url: "{url}"'))
    assert any(m.startswith("facts/sources.yml:6:10:") and ("http" in m) for m in out), out


def test_figure_must_appear_in_a_quote(tmp_path):
    """A figure whose number is in none of its quotes is an error."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("value: 70", "value: 75")})
    assert any("its figure 75 does not appear in any of its quotes" in m for m in out), out


def test_citation_value_must_appear_in_its_quote(tmp_path):
    """A citation that states its own value must carry it in its quote."""
    text = TOPIC.replace("        quote: about 70% of tools came from abroad\n",
                         "        quote: about 70% of tools came from abroad\n        value: 72\n")
    out = messages(tmp_path, topics={"tools": text})
    assert any("this citation's value 72 does not appear in its quote" in m for m in out), out


def test_unused_source_is_a_warning(tmp_path):
    """A source nothing cites or relays is a warning, and the sheet still loads."""
    sources = SOURCES + "  - id: lonely\n    title: Unused\n    outlet: Nobody\n    kind: other\n"
    facts = write_facts(tmp_path, sources=sources)
    sheet, report = load(facts)
    assert sheet is not None
    assert [str(w) for w in report.warnings] == [
        "facts/sources.yml:9:5: warning: source 'lonely' is never cited, nor relayed by a cited source"
    ]


def test_relayed_source_is_not_unused(tmp_path):
    """An originating report relayed by a cited copy counts as used."""
    sources = SOURCES.replace("    kind: original-report\n", "    kind: republication\n    based_on: [wire]\n")
    sources += "  - id: wire\n    title: Wire story\n    outlet: Wire\n    kind: original-report\n"
    assert messages(tmp_path, sources=sources) == []


def test_based_on_loop_is_an_error(tmp_path):
    """Sources that relay each other in a loop are an error."""
    sources = SOURCES.replace("    kind: original-report\n", "    kind: republication\n    based_on: [wire]\n")
    sources += "  - id: wire\n    title: Wire\n    outlet: Wire\n    kind: original-report\n    based_on: [paper]\n"
    out = messages(tmp_path, sources=sources)
    assert any("based_on forms a loop" in m for m in out), out


def test_invalid_id_suggests_a_slug(tmp_path):
    """An id with capitals or spaces is refused with a suggested slug."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("  - id: share", "  - id: Share Of Tools")})
    assert any("'Share Of Tools' is not a valid id" in m and "try 'share-of-tools'" in m for m in out), out


def test_every_error_is_reported_at_once(tmp_path):
    """Validation collects all errors rather than stopping at the first."""
    second = TOPIC.replace("id: tools", "id: more").replace("id: share", "id: other").replace("qualifier: about", "qualifier: roughly")
    text = TOPIC.replace("source: paper", "source: nope")
    sources = SOURCES.replace("kind: original-report", "kind: blog")
    out = messages(tmp_path, sources=sources, topics={"tools": text, "more": second})
    assert [m.split(":")[0] for m in out] == ["facts/sources.yml", "facts/topics/more.yml", "facts/topics/tools.yml"], out


def test_topic_id_must_match_file_name(tmp_path):
    """A topic's id equals its file name, so permalinks are predictable."""
    out = messages(tmp_path, topics={"other": TOPIC})
    assert any("topic id 'tools' must equal the file name 'other'" in m for m in out), out


def test_unexpected_file_is_reported(tmp_path):
    """A YAML file in an unexpected place is an error, not silently ignored."""
    out = messages(tmp_path, extra={"notes.yml": "a: 1\n"})
    assert any(m.startswith("facts/notes.yml:1:1: unexpected file") for m in out), out


def test_missing_registry_is_reported(tmp_path):
    """The sources and entities registries are required."""
    facts = write_facts(tmp_path)
    (facts / "entities.yml").unlink()
    _, report = load(facts)
    assert any("facts/entities.yml:1:1: missing file" in str(d) for d in report.errors)


def test_bidi_control_in_text_is_refused(tmp_path):
    """Invisible bidirectional controls in text are refused."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("claim: About", "claim: \u202eAbout")})
    assert any("invisible control character U+202E" in m for m in out), out


def test_yaml_11_booleans_stay_text(tmp_path):
    """Plain words such as 'no' stay text; they are not read as booleans."""
    entities = ENTITIES.replace("name: Acme", "name: no")
    facts = write_facts(tmp_path, entities=entities)
    sheet, report = load(facts)
    assert sheet is not None and sheet.entities["acme"].name == "no"


def test_broken_registry_does_not_multiply_errors(tmp_path):
    """When sources.yml cannot be parsed, citations are not each reported as unknown as well."""
    out = messages(tmp_path, sources=SOURCES + "  - id: [broken\n")
    assert len(out) == 1 and out[0].startswith("facts/sources.yml:") and "YAML syntax error" in out[0], out


def test_invalid_entry_is_reported_once(tmp_path):
    """A source entry with a bad field is reported there, not again at every citation of it."""
    out = messages(tmp_path, sources=SOURCES.replace("kind: original-report", "kind: blog"))
    assert len(out) == 1 and "'blog' is not one of" in out[0], out
