"""Hostile and extreme input gets a located error, never a traceback; no check costs the product of two sizes."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from helpers import ENTITIES, SOURCES, TOPIC, bibtexparser_read, messages, pybtex_read, write_facts
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from payloads import ALL, LONG, hostile_facts

from factsheet.check.validate import SUGGESTION_CANDIDATES, Suggestions
from factsheet.load.loader import load


@pytest.mark.parametrize("value,message", [
    ("1" * 400, "number written with 400 characters; at most 40 are accepted"),
    ("1e400", "number too large: at most 1e+18 in size"),
    ("123456789012345678901234567890", "number too large: at most 1e+18 in size"),
])
def test_huge_numbers_are_located_errors(tmp_path, value, message):
    """A figure of absurd size is refused at its line and column, before any arithmetic sees it."""
    out = messages(tmp_path, topics={"tools": TOPIC.replace("value: 70", f"value: {value}")})
    assert any(m.startswith("facts/topics/tools.yml:8:14: ") and message in m for m in out), out


@pytest.mark.parametrize("url,message", [
    ("https://trusted.example.org@evil.example.net/a", "a user name before the host"),
    ("https://p\u0430ypal.example.com/a", "mixes Cyrillic and Latin letters"),
    ("https://xn--pypal-4ve.example.com/a", "mixes Cyrillic and Latin letters"),
    ("https://pay\u00adpal.example.com/a", "invisible character U+00AD"),
    ("https://a..example.org/a", "empty label"),
    ("https://paper.example.org:99999/a", "port is not a number from 1 to 65535"),
    ("https://paper.example.org/" + "a" * 2100, "over the limit of 2,048"),
])
def test_deceptive_or_oversized_urls_are_located_errors(tmp_path, url, message):
    """An address that could mislead a reader about where it goes is refused where it is written."""
    out = messages(tmp_path, sources=SOURCES.replace("https://paper.example.org/a", url))
    assert any(m.startswith("facts/sources.yml:6:10: ") and message in m for m in out), out


@pytest.mark.parametrize("url", ["https://münchen.example.de/a", "https://例え.テスト/a", "https://ελλάδα.example.gr/a"])
def test_honest_international_addresses_pass(tmp_path, url):
    """Names in one alphabet, or in scripts a language mixes, are fine."""
    assert messages(tmp_path, sources=SOURCES.replace("https://paper.example.org/a", url)) == []


def _chain(n: int, loop: bool = False) -> str:
    sources = SOURCES.replace("    kind: original-report\n", "    kind: republication\n    based_on: [s1]\n")
    for i in range(1, n + 1):
        parent = f"\n    based_on: [s{i + 1}]" if i < n else ("\n    based_on: [s1]" if loop else "")
        sources += f"  - id: s{i}\n    title: S{i}\n    outlet: O{i}\n    kind: republication{parent}\n"
    return sources


def test_a_based_on_chain_of_any_length_loads(tmp_path):
    """5,000 copies each relaying the next load without reaching Python's recursion limit."""
    sheet, report = load(write_facts(tmp_path, sources=_chain(5000)))
    assert report.errors == [] and sheet.fact_origins(sheet.facts["share"]) == ["s5000"]


def test_a_loop_at_the_end_of_a_long_chain_is_found(tmp_path):
    """A loop 3,000 sources deep is reported, not a crash."""
    out = messages(tmp_path, sources=_chain(3000, loop=True))
    assert any("based_on forms a loop" in m and m.endswith("s3000 -> s1") for m in out), [m[-80:] for m in out][:3]


def test_did_you_mean_compares_a_bounded_number_of_ids():
    """However large the registry, an unknown id is compared with at most SUGGESTION_CANDIDATES ids, and still finds a typo."""
    known = {f"source-{n:05d}": None for n in range(20_000)}
    hints = Suggestions("source", known)
    assert len(hints.near("source-12345x")) <= SUGGESTION_CANDIDATES
    assert hints.closest("source-1234") is not None
    assert hints.closest("totally-different-name-here") is None


def test_many_unknown_references_are_each_reported_with_a_hint(tmp_path):
    """300 references to 300 unknown claimants among 1,000 similar ids are all reported, each with a hint."""
    entities = ENTITIES + "".join(f"  - id: official-{n:04d}\n    name: O{n}\n    kind: person\n" for n in range(1000))
    facts = "".join(TOPIC.split("facts:\n")[1].replace("id: share", f"id: share-{n}").replace("claimant: officials", f"claimant: oficial-{n:04d}")
                    for n in range(300))
    topic = TOPIC.split("facts:\n")[0] + "facts:\n" + facts
    out = messages(tmp_path, entities=entities, topics={"tools": topic})
    hinted = [m for m in out if "claimant is an unknown entity" in m and "did you mean 'official-" in m]
    assert len(hinted) == 300


@pytest.mark.parametrize("escape", ["\\uFFFE", "\\uFFFF", "\\U0010FFFF", "\\uFDD0", "\\x85", "\\x9f"])
def test_characters_xml_forbids_are_refused_where_written(tmp_path, escape):
    """Noncharacters and C1 controls, which YAML escapes can produce and XML forbids, are located errors."""
    topic = TOPIC.replace("claim: About 70% of tools came from abroad.", f'claim: "About 70% of tools came from abroad. {escape}"')
    out = messages(tmp_path, topics={"tools": topic})
    assert any(m.startswith("facts/topics/tools.yml:6:12: ") and "control character U+" in m for m in out), out


def _visible_text(html: str) -> str:
    """The text a reader sees, as a standard HTML parser reads it (scripts and tag attributes left out)."""
    from html.parser import HTMLParser

    parts: list[str] = []

    class Reader(HTMLParser):
        skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                parts.append(data)

    Reader(convert_charrefs=True).feed(html)
    return " ".join(" ".join(parts).split())


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60).filter(lambda t: t.strip())


@settings(max_examples=min(60, settings.default.max_examples), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claim=_TEXT, note=_TEXT)
def test_any_accepted_text_keeps_the_feed_and_the_data_well_formed(tmp_path_factory, claim, note):
    """Whatever text the validator accepts in a claim or a note, the Atom feed parses as XML and the JSON as JSON."""
    import json
    import xml.etree.ElementTree as ET

    from factsheet.build import generate
    from factsheet.model.urls import Site

    topic = TOPIC.replace("claim: About 70% of tools came from abroad.", f"claim: {json.dumps('About 70% ' + claim, ensure_ascii=False)}").replace(
        "    added: 2026-11-23\n", f"    annotations:\n      - kind: caveat\n        text: {json.dumps(note, ensure_ascii=False)}\n    added: 2026-11-23\n")
    facts = write_facts(tmp_path_factory.mktemp("prop"), topics={"tools": topic})
    sheet, report = load(facts)
    event("refused" if sheet is None else "built")
    if sheet is None:  # refused with a located error: fine, as long as it is located
        assert all(d.line >= 1 and d.col >= 1 for d in report.errors)
        return
    out = generate(facts, Site("https://example.org/"))
    claim_text = sheet.facts["share"].claim
    feed = ET.fromstring(out.files["feed.xml"])
    assert claim_text in [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert json.loads(out.files["data/facts.json"])["facts"][0]["claim"] == claim_text
    json.loads(out.files["data/sources.csl.json"])
    rows = list(csv.DictReader(io.StringIO(out.files["data/facts.csv"].decode("utf-8"))))
    assert len(rows) == 1 and rows[0]["claim"].lstrip("'") == claim_text  # a leading ' neutralises a formula
    page = out.pages["topics/tools.md"].markdown()
    scripts = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.DOTALL)
    assert scripts and all(json.loads(s) for s in scripts)
    assert page.count("<script") == len(scripts)  # no text opened a script of its own
    text = _visible_text(page)
    assert claim_text in text and " ".join(note.split()) in text


# Generated text for every free-text field: letters, marks, digits, punctuation, symbols and spaces of any script,
# mixed with the payload fragments that attack HTML, XML, JSON, CSV, BibTeX and TeX.
_PIECE = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=24),
    st.sampled_from(ALL + ("\\input{/etc/passwd}", "@misc{x,", "}", "{", "%", "=cmd|' /C calc'!A0", "]]>", "\u2028")),
)


def _bibtex_parses(text: str) -> None:
    import pybtex.errors

    pybtex.errors.set_strict_mode(True)
    pybtex_read(text)
    bibtexparser_read(text)


@settings(max_examples=min(40, settings.default.max_examples // 4), deadline=None,
          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_text_in_every_free_text_field_keeps_every_output_well_formed(tmp_path_factory, data):
    """Generated text in each of the sheet's free-text fields (source, entity, topic, fact, citation, annotation,
    correction, withdrawal, chart, bar): every output parses with a standard parser, no text opens an element of
    its own, and each field's text reaches a page as text."""
    import json
    import xml.etree.ElementTree as ET

    from factsheet.build import generate
    from factsheet.model.urls import Site

    drawn: dict[str, str] = {}

    def text(name: str, payload: str = LONG) -> str:
        value = f"F:{name} " + " ".join(data.draw(st.lists(_PIECE, min_size=1, max_size=3), label=name))
        drawn[name] = value[:len(f"F:{name} {payload}")].rstrip()
        return drawn[name]

    root = tmp_path_factory.mktemp("fields")
    files = hostile_facts(text)
    facts = write_facts(root, sources=files["sources.yml"], entities=files["entities.yml"],
                        topics={"hostile": files["topics/hostile.yml"]}, extra={"charts.yml": files["charts.yml"]})
    sheet, report = load(facts)
    event("refused" if sheet is None else "built")
    if sheet is None:  # refused: only with located errors
        assert report.errors and all(d.line >= 1 and d.col >= 1 for d in report.errors), report.errors
        return
    out = generate(facts, Site("https://example.org/sheet/", True, "Sheet"))

    ET.fromstring(out.files["feed.xml"])
    for path, content in out.files.items():
        if path.endswith(".json"):
            json.loads(content)
    rows = list(csv.DictReader(io.StringIO(out.files["data/facts.csv"].decode("utf-8"))))
    assert {row["fact_id"] for row in rows} == set(sheet.facts)  # a row per citation, every fact there
    _bibtex_parses(out.files["data/sources.bib"].decode("utf-8"))

    visible = []
    for page in out.pages.values():
        html = page.html
        scripts = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.DOTALL)
        assert all(json.loads(s) for s in scripts)
        assert html.count("<script") == len(scripts), page.src  # no text opened a script of its own
        for svg in re.findall(r"<svg\b.*?</svg>", html, re.DOTALL):
            ET.fromstring(svg)  # an inline chart is well-formed XML
        for bib in re.findall(r'<pre class="fs-cite-this__bibtex">(.*?)</pre>', html, re.DOTALL):
            _bibtex_parses(unescape(bib))
        visible.append(_visible_text(html))
    shown = " ".join(visible)
    for name in ("source.title", "entity.name", "topic.title", "annotation.text", "correction.reason", "chart.title"):
        assert " ".join(drawn[name].split()) in shown, name
