"""A broken file is reported as the root cause: at the character to fix, first, and without its knock-on errors."""

from __future__ import annotations

import pytest
from helpers import TOPIC, messages, write_facts

from factsheet.diagnostics import FactsheetError
from factsheet.load.loader import load, load_or_raise

# A second topic whose derived fact and a chart use the first topic's fact 'share'.
OTHER = """\
topic:
  id: other
  title: Other
facts:
  - id: doubled
    claim: Twice the share, as the sheet computes it.
    figure: {value: 140, unit: percent}
    derived: {op: sum, of: [share, share]}
    claimant: officials
    added: 2026-11-23
"""
CHARTS = """\
charts:
  - id: shares
    title: Shares
    description: The share.
    kind: bar
    bars:
      - fact: share
        label: Share
"""


@pytest.mark.parametrize("broken, where, at, opener", [
    ("    figure:\n      value: 70\n", "    figure: {value: 70,\n", "7:13", "'{'"),
    ("    claimant: officials\n", "    claimant: officials\n    tags: [one, two\n", "12:11", "'['"),
    ("    claim: About 70% of tools came from abroad.\n", '    claim: "About 70% of tools came from abroad.\n', "6:12",
     'quotation mark "'),
])
def test_unclosed_bracket_or_quote_points_at_where_it_opens(tmp_path, broken, where, at, opener):
    """The error names the line and column of the opening character, not the later line where the parser gave up."""
    text = TOPIC.replace(broken, where)
    line, col = (int(n) for n in at.split(":"))
    assert text.splitlines()[line - 1][col - 1] in "{[\"", "the expected position is the opening character"
    out = messages(tmp_path, topics={"tools": text})
    assert len(out) == 1, out
    assert out[0].startswith(f"facts/topics/tools.yml:{at}: YAML syntax error: the {opener} opened here is never closed "
                             "(the parser gave up at line "), out


def test_broken_topic_does_not_multiply_errors(tmp_path):
    """A topic file that cannot be parsed is the only error: derived facts and charts using its facts are not reported."""
    broken = TOPIC.replace("    figure:\n      value: 70\n", "    figure: {value: 70,\n")
    facts = write_facts(tmp_path, topics={"tools": broken, "other": OTHER}, extra={"charts.yml": CHARTS})
    with pytest.raises(FactsheetError) as caught:
        load_or_raise(facts)
    lines = caught.value.summary().splitlines()
    assert lines[-1] == "1 error found", lines
    assert lines[0].startswith("facts/topics/tools.yml:7:13: YAML syntax error"), lines


def test_same_references_are_reported_when_the_fact_is_missing(tmp_path):
    """Without a broken file, the same references to a fact that does not exist are errors (the suppression is not blanket)."""
    facts = write_facts(tmp_path, topics={"tools": TOPIC.replace("id: share", "id: other-share"), "other": OTHER},
                        extra={"charts.yml": CHARTS})
    _, report = load(facts)
    text = "\n".join(str(d) for d in report.errors)
    assert "is derived from an unknown fact 'share'" in text and "chart 'shares' shows an unknown fact 'share'" in text, text


def test_root_cause_is_listed_first(tmp_path):
    """An unreadable file comes before independent errors of files sorted earlier."""
    broken = TOPIC.replace("    figure:\n      value: 70\n", "    figure: {value: 70,\n")
    entities = "entities:\n  - id: officials\n    name: Officials\n    kind: nonsense\n"
    facts = write_facts(tmp_path, entities=entities, topics={"tools": broken})
    _, report = load(facts)
    ordered = [str(d) for d in report.sorted()]
    assert len(ordered) >= 2, ordered
    assert ordered[0].startswith("facts/topics/tools.yml:") and "YAML syntax error" in ordered[0], ordered
    assert any(m.startswith("facts/entities.yml:") for m in ordered[1:]), ordered
