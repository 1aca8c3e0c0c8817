"""Editorial checks: hedges kept, the sheet's own words, derived figures, per-citation origins, settings.

Each check is shown on both sides: the input it warns about (with the exact
message and position) and the nearest input it accepts.
"""

from __future__ import annotations

import pytest
from helpers import SOURCES, TOPIC, messages, write_facts

from factsheet.check.derive import matches
from factsheet.check.editorial import Vocabulary, longest_shared_run
from factsheet.cli import main
from factsheet.diagnostics import FactsheetError
from factsheet.load.loader import load
from factsheet.load.settings import from_mapping, load_settings
from factsheet.model.urls import Site


def _topic(claim: str, quote: str, extra: str = "") -> str:
    return TOPIC.replace("claim: About 70% of tools came from abroad.", f"claim: {claim}").replace(
        "quote: about 70% of tools came from abroad", f"quote: {quote}").replace("    added: 2026-11-23\n", f"    added: 2026-11-23\n{extra}")


# --- hedges kept ------------------------------------------------------------------------------

def test_claim_dropping_a_hedge_is_a_warning_at_the_claim(tmp_path):
    """A quote says 'reportedly', the claim states it flat: a warning at the claim's line and column, naming word and quote."""
    out = messages(tmp_path, topics={"tools": _topic("About 70% of tools came from abroad.", "about 70% of tools reportedly came from abroad")})
    assert out == [
        "facts/topics/tools.yml:6:12: warning: fact 'share': the claim drops the hedge 'reportedly' of citation 1 "
        "(paper: “about 70% of tools reportedly came from abroad”); keep the hedge, say who claims it, or give the reason in unhedged:"
    ]


@pytest.mark.parametrize("claim", [
    "About 70% of tools reportedly came from abroad.",
    "Officials say about 70% of tools came from abroad.",
    "According to officials, about 70% of tools came from abroad.",
    "About 70% of tools may have come from abroad.",
])
def test_claim_keeping_the_hedge_or_attributing_passes(tmp_path, claim):
    """A claim that keeps a hedge or names who claims it raises no warning."""
    assert messages(tmp_path, topics={"tools": _topic(claim, "about 70% of tools reportedly came from abroad")}) == []


@pytest.mark.parametrize("quote,word", [
    ("allegedly about 70% of tools came from abroad", "allegedly"),
    ("about 70% of tools are suspected to come from abroad", "suspected"),
    ("about 70% of tools could come from abroad", "could"),
    ("about 70% of tools, according to officials, came from abroad", "according to"),
    ("about 70% of tools are said to come from abroad", "said to"),
    ("about 70% of tools, it is believed, came from abroad", "believed"),
    ("unconfirmed reports say about 70% of tools came from abroad", "unconfirmed"),
    ("a potential 70% of tools came from abroad", "potential"),
])
def test_each_hedge_of_the_vocabulary_is_found(tmp_path, quote, word):
    """Every kind of hedge named in the format reference is caught when the claim drops it."""
    out = messages(tmp_path, topics={"tools": _topic("About 70% of tools came from abroad.", quote)})
    assert len(out) == 1 and f"drops the hedge '{word}'" in out[0], out


def test_may_as_a_month_is_not_a_hedge():
    """'May 2024' and '12 May' are dates, not the modal verb."""
    vocabulary = Vocabulary()
    assert vocabulary.hedge_in("exports rose in May 2024 and again on 12 May") is None
    assert vocabulary.hedge_in("exports may rise") == "may"


def test_unhedged_reason_silences_the_warning(tmp_path):
    """A deliberate exception, with its reason in unhedged:, passes."""
    topic = _topic("About 70% of tools came from abroad.", "about 70% of tools reportedly came from abroad",
                   "    unhedged: The officials state this as a finding; the copy's 'reportedly' is its own.\n")
    assert messages(tmp_path, topics={"tools": topic}) == []


def test_stale_unhedged_reason_is_a_warning(tmp_path):
    """unhedged: on a fact whose quotes carry no hedge is reported, so exceptions do not outlive their cause."""
    topic = _topic("About 70% of tools came from abroad.", "about 70% of tools came from abroad", "    unhedged: No longer needed.\n")
    out = messages(tmp_path, topics={"tools": topic})
    assert out == ["facts/topics/tools.yml:16:15: warning: fact 'share': unhedged: is set but no quote carries a hedge; remove it"]


def test_sheet_vocabulary_extends_the_built_in_one(tmp_path):
    """A word added under extra.factsheet.hedges is a hedge too."""
    facts = write_facts(tmp_path, topics={"tools": _topic("About 70% of tools came from abroad.", "about 70% of tools, rumour has it, came from abroad")})
    assert load(facts)[1].warnings == []
    vocabulary = from_mapping({"hedges": ["rumour has it"]}).vocabulary()
    warnings = [str(d) for d in load(facts, vocabulary=vocabulary)[1].warnings]
    assert len(warnings) == 1 and "drops the hedge 'rumour has it'" in warnings[0]


def test_sheet_attribution_words_count_as_attribution(tmp_path):
    """A word added under extra.factsheet.attributions makes a claim attributed."""
    facts = write_facts(tmp_path, topics={"tools": _topic("Officials testified that about 70% of tools came from abroad.",
                                                           "about 70% of tools reportedly came from abroad")})
    assert len(load(facts)[1].warnings) == 1
    assert load(facts, vocabulary=from_mapping({"attributions": ["testified"]}).vocabulary())[1].warnings == []


# --- own words --------------------------------------------------------------------------------

QUOTE = "about 70% of tools came from abroad, and the factory relies heavily on imported machines to make the parts of its missiles every year"


def test_claim_copying_ten_words_is_a_warning(tmp_path):
    """A claim sharing a run of ten words with its quote is reported at the claim, with the run."""
    out = messages(tmp_path, topics={"tools": _topic("The factory relies heavily on imported machines to make the parts of its missiles.", QUOTE)})
    assert out == [
        "facts/topics/tools.yml:6:12: warning: fact 'share': the claim repeats 14 consecutive words of citation 1 (paper): "
        "“the factory relies heavily on imported machines to make the parts of its missiles”; "
        "write it in the sheet's own words or put the words in quotation marks"
    ]


def test_nine_words_or_quoted_words_pass(tmp_path):
    """Nine shared words are the sheet's own; ten inside quotation marks are an open quotation."""
    nine = "The factory relies heavily on imported machines to make, it says, missile parts."
    quoted = 'The factory "relies heavily on imported machines to make the parts of its missiles", it says.'
    assert messages(tmp_path, topics={"tools": _topic(nine, QUOTE)}) == []
    assert messages(tmp_path / "b", topics={"tools": _topic(quoted, QUOTE)}) == []


def test_shared_run_ignores_case_punctuation_and_typography():
    """Curly quotes, dashes and capitals do not hide a copied run."""
    length, _ = longest_shared_run("The Factory’s lathes — all Chinese — make the parts of its missiles every single year",
                                   "the factory's lathes - all chinese - make the parts of its missiles every single year")
    assert length == 14


def test_quotes_command_checks_claims_against_the_whole_article(tmp_path, capsys):
    """factsheet quotes reports a claim copying its article beyond the quoted passage, and fails."""
    article = "Some text. " + QUOTE + ". More text."
    sources = SOURCES.replace("    kind: original-report\n", "    kind: original-report\n    capture: a.txt\n")
    facts = write_facts(tmp_path, sources=sources, topics={"tools": _topic(
        "The factory relies heavily on imported machines to make the parts of its missiles.", "about 70% of tools came from abroad")})
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(article, encoding="utf-8")
    status = main(["--facts", str(facts), "quotes", "--articles", str(tmp_path / "articles")])
    out = capsys.readouterr()
    assert status == 1
    assert "tools.yml:6:12: warning: fact 'share': the claim repeats 14 consecutive words of its article a.txt" in out.err
    assert "1/1 quotes matched; 1 claim copying their article" in out.out


# --- derived figures --------------------------------------------------------------------------

DERIVED = """\
topic:
  id: tools
  title: Tools
facts:
  - id: part-a
    claim: Officials say part A was worth $3.1 billion.
    figure: {value: 3.1, unit: USD, scale: billion}
    claimant: officials
    citations:
      - source: paper
        quote: part A was worth $3.1 billion
    added: 2026-11-23
  - id: part-b
    claim: Officials say part B was worth $4.9 billion.
    figure: {value: 4900, unit: USD, scale: million}
    claimant: officials
    citations:
      - source: paper
        quote: part B was worth $4.9 billion
    added: 2026-11-23
  - id: parts-sum
    claim: The two parts add up to $8 billion.
    figure: {value: VALUE, unit: USD, scale: billion}
    derived: {op: OP, of: [part-a, part-b]}
    claimant: officials
    added: 2026-11-23
"""


def _derived(value: str = "8", op: str = "sum") -> str:
    return DERIVED.replace("VALUE", value).replace("OP", op)


def test_derived_sum_is_computed_across_scales(tmp_path):
    """A sum converts scales ($4,900 million is $4.9 billion) and needs no citation of its own."""
    sheet, report = load(write_facts(tmp_path, topics={"tools": _derived()}))
    assert report.items == []
    fact = sheet.facts["parts-sum"]
    assert fact.derived.computed == 8 and fact.figure.value == 8
    assert sheet.fact_sources(fact) == ["paper"]


def test_derived_value_that_does_not_add_up_is_an_error(tmp_path):
    """A stated value that the arithmetic does not give is an error at the figure, showing the result."""
    out = messages(tmp_path, topics={"tools": _derived("8.3")})
    assert out == ["facts/topics/tools.yml:23:13: fact 'parts-sum': the stated value 8.3 does not match the sum of "
                   "part-a, part-b, which is 8 billion"]


def test_derived_value_is_computed_when_not_stated(tmp_path):
    """Without a stated value the figure is the result; a share is in percent."""
    text = _derived(op="share").replace("    figure: {value: 8, unit: USD, scale: billion}\n", "")
    sheet, report = load(write_facts(tmp_path, topics={"tools": text.replace("figure: {value: 8, unit: USD, scale: billion}\n", "")}))
    assert report.errors == []
    figure = sheet.facts["parts-sum"].figure
    assert (figure.unit, round(figure.value, 4)) == ("percent", 63.2653)


def test_derived_difference_takes_the_first_minus_the_rest(tmp_path):
    """A difference is the first input minus the others."""
    sheet, report = load(write_facts(tmp_path, topics={"tools": _derived("-1.8", "difference")}))
    assert report.errors == [] and sheet.facts["parts-sum"].derived.computed == -1.8


@pytest.mark.parametrize("stated,computed,ok", [(8, 8.4, True), (8, 8.6, False), (8.0, 8.04, True), (8.1, 8.06, True), (8.1, 8.2, False)])
def test_stated_value_matches_to_its_own_precision(stated, computed, ok):
    """A stated value matches the result rounded to as many decimals as the editor wrote."""
    assert matches(stated, computed) is ok


def test_derived_from_unknown_or_figureless_fact_is_an_error(tmp_path):
    """Unknown inputs and inputs without a figure are errors naming them."""
    out = messages(tmp_path, topics={"tools": _derived().replace("of: [part-a, part-b]", "of: [part-a, nope]")})
    assert "facts/topics/tools.yml:24:14: fact 'parts-sum' is derived from an unknown fact 'nope'" in out


def test_derived_loop_is_an_error(tmp_path):
    """Two derived facts that need each other form a loop, reported with its path."""
    text = _derived() + """\
  - id: loop-b
    claim: Loop B.
    figure: {unit: USD, scale: billion}
    derived: {op: sum, of: [parts-sum, part-a]}
    claimant: officials
    added: 2026-11-23
"""
    text = text.replace("of: [part-a, part-b]", "of: [loop-b, part-b]").replace("value: 8, ", "")
    out = messages(tmp_path, topics={"tools": text})
    assert any("derived facts form a loop: parts-sum -> loop-b -> parts-sum" in m for m in out), out


def test_derived_inputs_in_different_units_are_an_error(tmp_path):
    """A sum of dollars and percent is refused."""
    text = _derived().replace("figure: {value: 4900, unit: USD, scale: million}", "figure: {value: 49, unit: percent}").replace(
        "quote: part B was worth $4.9 billion", "quote: part B was 49%")
    out = messages(tmp_path, topics={"tools": text})
    assert any("a sum needs inputs in one unit, got USD, percent" in m for m in out), out


def test_fact_without_citations_must_be_derived(tmp_path):
    """Citations stay required for every fact that is not derived."""
    out = messages(tmp_path, topics={"tools": _derived().replace("    derived: {op: sum, of: [part-a, part-b]}\n", "")})
    assert "facts/topics/tools.yml:21:5: missing required key 'citations'" in out


# --- per-citation origin ----------------------------------------------------------------------

RELAYING = SOURCES + """\
  - id: copy
    title: A copy
    outlet: Copy Site
    kind: republication
    based_on: [paper]
  - id: local-media
    title: Unnamed local media
    outlet: Local media
    kind: original-report
"""


def _relaying_topic(relays: str) -> str:
    return TOPIC.replace("      - source: paper\n        quote: about 70% of tools came from abroad\n",
                         f"      - source: copy\n        quote: about 70% of tools came from abroad\n{relays}")


def test_citation_relays_overrides_the_source_origin(tmp_path):
    """A passage that relays another report counts that report as its origin, not the copy's based_on."""
    sheet, report = load(write_facts(tmp_path, sources=RELAYING, topics={"tools": _relaying_topic("        relays: [local-media]\n")}))
    assert report.errors == []
    fact = sheet.facts["share"]
    assert sheet.fact_origins(fact) == ["local-media"]
    assert sheet.origins("copy") == ["paper"]


def test_citation_relaying_nothing_is_the_copy_own_words(tmp_path):
    """relays: [] makes the copy itself the origin of that passage."""
    sheet, _ = load(write_facts(tmp_path, sources=RELAYING, topics={"tools": _relaying_topic("        relays: []\n")}))
    assert sheet.fact_origins(sheet.facts["share"]) == ["copy"]


def test_citation_relaying_unknown_source_is_an_error(tmp_path):
    """relays names only known sources, with a did-you-mean."""
    out = messages(tmp_path, sources=RELAYING, topics={"tools": _relaying_topic("        relays: [local-medi]\n")})
    assert "facts/topics/tools.yml:15:17: fact 'share': relays names an unknown source 'local-medi', did you mean 'local-media'?" in out


# --- corrections and withdrawals ----------------------------------------------------------------

def test_correction_before_the_fact_was_added_is_an_error(tmp_path):
    """A correction cannot predate the fact it corrects."""
    extra = "    corrections:\n      - {date: 2026-01-01, change: Figure fixed., reason: Typo.}\n"
    out = messages(tmp_path, topics={"tools": _topic("About 70% of tools came from abroad.", "about 70% of tools came from abroad", extra)})
    assert out == ["facts/topics/tools.yml:17:9: fact 'share': correction dated 2026-01-01, before the fact was added (2026-11-23)"]


def test_corrections_and_withdrawal_date_the_fact(tmp_path):
    """The latest correction or withdrawal is the fact's last-updated date."""
    extra = ("    corrections:\n      - {date: 2026-11-25, change: Figure fixed., reason: Typo.}\n"
             "    withdrawn: {date: 2026-11-27, reason: The source retracted it.}\n")
    sheet, report = load(write_facts(tmp_path, topics={"tools": _topic("About 70% of tools came from abroad.", "about 70% of tools came from abroad", extra)}))
    assert report.items == []
    assert sheet.facts["share"].last_updated.iso() == "2026-11-27"


# --- settings ---------------------------------------------------------------------------------

def test_settings_are_read_from_mkdocs_yml_with_env_tags(tmp_path, monkeypatch):
    """extra.factsheet is read from mkdocs.yml; !ENV values are resolved as MkDocs resolves them."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nextra:\n  factsheet:\n    hedges: [rumoured]\n"
                      "    report_url: !ENV [FS_REPORT, 'mailto:desk@example.org?subject={id}']\n", encoding="utf-8")
    assert load_settings(config).report_url == "mailto:desk@example.org?subject={id}"
    monkeypatch.setenv("FS_REPORT", "https://git.example.org/issues/new?title={title}")
    settings = load_settings(config)
    assert settings.report_url == "https://git.example.org/issues/new?title={title}" and settings.hedges == ("rumoured",)


@pytest.mark.parametrize("data,message", [
    ({"hedges": "rumoured"}, "extra.factsheet.hedges: expected a list of words or phrases"),
    ({"report_url": "javascript:alert(1)"}, "extra.factsheet.report_url: expected an https://, http:// or mailto: address"),
    ({"report_url": "https://x.example/{fact}"}, "extra.factsheet.report_url: unknown placeholder {fact}; use {id}, {url} or {title}"),
])
def test_bad_settings_are_located_errors(data, message):
    """A bad setting is an error naming the file and the key."""
    with pytest.raises(FactsheetError) as caught:
        from_mapping(data, "mkdocs.yml", 40, 5)
    assert str(caught.value.diagnostics[0]) == f"mkdocs.yml:40:5: {message}"


def test_report_link_encodes_every_value():
    """The report address gets each value URL-encoded, so a claim cannot break out of the query."""
    site = Site(report_url="https://git.example.org/issues/new?title={title}&body={url}")
    assert site.report_link("a", "https://s.example/t/#a", "50% & more?") == (
        "https://git.example.org/issues/new?title=50%25%20%26%20more%3F&body=https%3A%2F%2Fs.example%2Ft%2F%23a")
    assert Site().report_link("a", "u", "t") == ""


def test_check_command_reads_the_config_vocabulary(tmp_path, capsys):
    """factsheet check applies the hedges of the mkdocs.yml beside the facts folder, and --strict fails on the warning."""
    facts = write_facts(tmp_path, topics={"tools": _topic("About 70% of tools came from abroad.", "about 70% of tools, rumour has it, came from abroad")})
    assert main(["--facts", str(facts), "check", "--strict"]) == 0
    (tmp_path / "mkdocs.yml").write_text("extra:\n  factsheet:\n    hedges: [rumour has it]\n", encoding="utf-8")
    assert main(["--facts", str(facts), "check", "--strict"]) == 1
    assert "drops the hedge 'rumour has it'" in capsys.readouterr().err


def test_source_reached_only_through_relays_counts_as_used(tmp_path):
    """A report that only a citation's relays names is not reported as never cited."""
    out = messages(tmp_path, sources=RELAYING, topics={"tools": _relaying_topic("        relays: [local-media]\n")})
    assert not any("local-media" in m for m in out), out
    out = messages(tmp_path / "b", sources=RELAYING, topics={"tools": _relaying_topic("")})
    assert any("source 'local-media' is never cited" in m for m in out), out
