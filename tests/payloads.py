"""Hostile input for the build and the browser: a facts folder with a payload in every text field.

Every payload, if it ever ran, would call ``alert()`` or set ``window.__pwned``;
the browser tests listen for both. Each field's value starts with a marker
(``F:<field>``) so a test can find where the field landed on a page and check
that the payload shows there as text.
"""

from __future__ import annotations

import json

# Script and markup that would run if it reached the page unescaped, in every HTML context the
# renderer writes: element content, double- and single-quoted attributes, <title>, <meta content>,
# Markdown links, pre-escaped entities (undone by Jinja's striptags), and the [[fact:...]] syntax.
SCRIPT = "<script>alert('script');window.__pwned='script'</script>"
IMG = "<img src=x onerror=\"alert('img');window.__pwned='img'\">"
ATTR = "\"><svg onload=alert('attr')><b title='"
SINGLE = "' onfocus='alert(1)' autofocus x='"
MDLINK = "[click](javascript:alert('md')) ![i](x)"
HTML_A = "<a href=\"javascript:alert('a')\">a</a>"
ENTITY = "&lt;/title&gt;&lt;img src=x onerror=alert('entity')&gt;"
CLOSE = "</title></textarea></style></script><!--"
TEMPLATE = "{{ config.site_name }}{% if 1 %}"
FACT_REF = "[[fact:plain-claim]]"
MARKDOWN = "*em* __strong__ `code` | a | b |"
ZERO_WIDTH = "zero\u200bwidth\u200cjoiner\u200d"

LONG = " ".join([SCRIPT, IMG, ATTR, SINGLE, MDLINK, HTML_A, ENTITY, CLOSE, TEMPLATE, FACT_REF, MARKDOWN, ZERO_WIDTH])
MEDIUM = " ".join([SCRIPT, IMG, ATTR, SINGLE, MDLINK, ENTITY, CLOSE])  # for titles (at most 400 characters)
SHORT = SCRIPT + IMG + ATTR  # for fields with a lower length limit
TINY = "<b onclick=alert(1)>"  # 20 characters

ALL = (SCRIPT, IMG, ATTR, SINGLE, MDLINK, HTML_A, ENTITY, CLOSE, TEMPLATE, FACT_REF, MARKDOWN, ZERO_WIDTH)


def field(name: str, payload: str = LONG) -> str:
    """A field's value: its marker, then the payload."""
    return f"F:{name} {payload}"


def quoted(text: str) -> str:
    """A claim that repeats its quote's words does so in quotation marks, as the own-words check asks."""
    return f"“{text}”"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def hostile_facts(text=field) -> dict[str, str]:
    """A valid facts folder whose every free-text field carries payloads.

    ``text(name, payload)`` gives each field's value (by default its marker and the payload);
    the property tests pass generated text instead, no longer than the payload.
    """
    sources = f"""\
sources:
  - id: hostile-source
    title: {_q(text("source.title", MEDIUM))}
    outlet: {_q(text("source.outlet", SHORT))}
    authors: [{_q(text("source.author", SHORT))}]
    published: 2024-04-12
    url: "https://evil.example.org/a?x=1&y=2#old"
    archive_url: "https://archive.example.org/web/2024/https://evil.example.org/a?b=1&c=2"
    archive_date: 2024-05-01
    accessed: 2026-11-23
    capture: {_q(text("source.capture", SHORT))}
    kind: original-report
    language: {_q(TINY)}
    reliability: low
    notes: {_q(text("source.notes"))}
    warnings:
      - text: {_q(text("source.warning"))}
  - id: relay-source
    title: {_q(text("relay.title", MEDIUM))}
    outlet: {_q(text("relay.outlet", SHORT))}
    kind: republication
    based_on: [hostile-source]
"""
    entities = f"""\
entities:
  - id: hostile-entity
    name: {_q(text("entity.name", SHORT))}
    kind: group
    aliases: [{_q(text("entity.alias", SHORT))}]
    country: {_q(text("entity.country", SCRIPT))}
    description: {_q(text("entity.description"))}
    url: "https://evil.example.org/entity?a=1&b=%22x%22"
"""
    figure_quote = text("citation.quote") + " nearly 70% of it"
    topic = f"""\
topic:
  id: hostile
  title: {_q(text("topic.title", SHORT))}
  summary: {_q(text("topic.summary"))}
facts:
  - id: hostile-share
    claim: {_q(quoted(text("fact.claim")))}
    figure:
      value: 70
      unit: percent
      qualifier: nearly
      period: {_q(text("figure.period", SHORT[:100]))}
      as_of: 2024-04
    event_date: 2024-04-12
    claimant: hostile-entity
    status: disputed
    citations:
      - source: hostile-source
        quote: {_q(figure_quote)}
        locator: {_q(text("citation.locator", SHORT[:100]))}
        qualifier: about
        wording: {_q(text("citation.wording", SHORT))}
      - source: relay-source
        quote: {_q(text("relay.quote") + " 70%")}
    annotations:
      - kind: disagreement
        text: {_q(text("annotation.text"))}
        date: 2024-05
    entities: [hostile-entity]
    added: 2026-11-23
  - id: hostile-count
    claim: {_q(quoted(text("count.claim", SHORT)))}
    figure:
      value: 2
      unit: {_q(TINY + "x")}
      qualifier: exact
    claimant: hostile-entity
    citations:
      - source: hostile-source
        quote: {_q("two " + SHORT)}
    entities: [hostile-entity]
    added: 2026-11-23
  - id: plain-claim
    claim: {_q(quoted(text("plain.claim")))}
    claimant: hostile-entity
    citations:
      - source: relay-source
        quote: {_q(text("plain.quote") + " reportedly")}
        relays: []
    unhedged: {_q(text("fact.unhedged"))}
    corrections:
      - date: 2026-11-23
        change: {_q(text("correction.change"))}
        reason: {_q(text("correction.reason"))}
    withdrawn:
      date: 2026-11-23
      reason: {_q(text("withdrawal.reason"))}
    added: 2026-11-23
"""
    charts = f"""\
charts:
  - id: hostile-chart
    title: {_q(text("chart.title", SHORT))}
    description: {_q(text("chart.description"))}
    kind: bar
    bars:
      - fact: hostile-share
        label: {_q(text("bar.label", TINY))}
"""
    return {"sources.yml": sources, "entities.yml": entities, "topics/hostile.yml": topic, "charts.yml": charts}


# The "Report a problem" address: every page's title, address and path, and every fact's claim, go into it.
HOSTILE_REPORT_URL = "https://issues.example.org/new?title={title}&body={url}&page={id}"

HOSTILE_DOCS = {
    "index.md": (
        "# Home\n\n"
        "Inline figure: [[fact:hostile-share]]; inline claim: [[fact:plain-claim|claim]].\n\n"
        "In a table:\n\n| What | Figure |\n| --- | --- |\n| share | [[fact:hostile-share]] |\n\n"
        "See [the topic](topics/hostile.md).\n"
    ),
}
