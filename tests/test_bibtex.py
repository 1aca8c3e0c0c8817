"""BibTeX output: every text the validator accepts gives entries that two independent parsers read as written.

Each source entry (``data/sources.bib``) and each fact's cite-this entry must parse with both pybtex and
bibtexparser as exactly one entry under its id, with exactly the fields the renderer means to write (none
injected through a title, outlet, author or URL), no TeX command but the escapes the renderer emits, and
values that decode back to the text they came from.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pybtex.errors
import pytest
from helpers import bibtexparser_read, pybtex_read, write_facts
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factsheet import model as m
from factsheet.diagnostics import Report
from factsheet.export.cite import bibtex_entry, bibtex_escape, bibtex_url, fact_bibtex, source_bibtex
from factsheet.export.data import data_files
from factsheet.load.loader import load
from factsheet.load.yamlsafe import Scalar
from factsheet.model.dates import PartialDate
from factsheet.model.kinds import SOURCE_KINDS
from factsheet.model.schema import MISSING, Ctx, Record
from factsheet.model.urls import Site

SOURCE_KEYS, FACT_KEYS, WITHDRAWAL_KEYS = (Record.of(r).fields for r in (m.Source, m.Fact, m.Withdrawal))
pybtex.errors.set_strict_mode(True)  # a pybtex warning (a duplicate field, say) is a failure, not a message

PROPERTY = settings(max_examples=min(30, settings.default.max_examples), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# The only commands an escaped value may contain: the renderer's own escapes.
NAMED = {"textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^", "textasciitilde": "~"}
SYMBOLS = "#$%&_"
_TOKEN = re.compile(r"\{\\([a-z]+)\}|\\(.)|([{}\\])|([^{}\\]+)", re.S)
_COMMAND = re.compile(r"\\([A-Za-z@]+|.)", re.S)

# Text that has broken BibTeX writers, mixed with arbitrary characters.
HOSTILE = [
    "{", "}", "\\", "@", ",", "=", '"', "%", "#", "$", "&", "_", "^", "~", "^^5c", "\n", "\t", "  ", " and ",
    "\\input{x}", "\\include{/etc/passwd}", "\\write18{rm -rf /}", "\\immediate", "\\def\\x{y}", "\\catcode`\\@=11",
    "}, title={Pwned", "Doe}, note = {x", "@misc{evil,", "{\\textbraceleft}", "\\}", "\\{", "\\\\", "}}}", "{{{",
    "é", "日本語", "😀", "e\u0301", "Ø", "ß",
]


def _text(characters: st.SearchStrategy[str], pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(characters, max_size=6)), min_size=1, max_size=12).map("".join)


# Within what the validator accepts: it refuses control and formatting characters (tab and newline are collapsed).
ACCEPTABLE = _text(st.characters(exclude_categories=("Cs", "Cc", "Cf")), HOSTILE)
# Anything at all, for the escaping functions on their own.
ANYTHING = _text(st.characters(exclude_categories=("Cs",)), [*HOSTILE, "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\r\n\r\n"])
URL_PIECES = ["{", "}", "%", "%41", "%zz", "%2", "?", "&", "=", "#", "^", "|", "~", "@", ",", "[", "]", "é", "日本",
              "{x}", "%7B", "a", "/", "q=1&r=2", "#:~:text=a%20b"]
URL_TAIL = _text(st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp"), exclude_characters="\\\"'<>`"),
                 URL_PIECES)
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
DATE = st.sampled_from(["2024", "2024-04", "2024-04-13"]).map(PartialDate.parse)


def accepted(field, value: str):
    """The value the validator makes of ``value`` (as a quoted YAML scalar), or None when it refuses it."""
    report = Report()
    result = field.validate(Scalar(value, False, 1, 1), Ctx("facts/sources.yml", report))
    return None if result is MISSING or report.errors else result


def decode(value: str) -> str:
    """Undo the renderer's escapes; fail on any brace, backslash or command it does not write."""
    out = []
    for named, symbol, stray, plain in _TOKEN.findall(value):
        assert not stray, f"a stray {stray!r} in {value!r}"
        if named:
            assert named in NAMED, f"an unexpected command \\{named} in {value!r}"
            out.append(NAMED[named])
        elif symbol:
            assert symbol in SYMBOLS, f"an unexpected escape \\{symbol} in {value!r}"
            out.append(symbol)
        else:
            out.append(plain)
    return "".join(out)


def split_names(value: str) -> list[str]:
    """An author field's names, split at ' and ' outside braces, each without its enclosing braces."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        if value[i] == "{":
            depth += 1
        elif value[i] == "}":
            depth -= 1
        elif depth == 0 and value.startswith(" and ", i):
            names.append(value[start:i])
            start = i = i + 5
            continue
        i += 1
    names.append(value[start:])
    for name in names:
        assert name.startswith("{") and name.endswith("}"), f"author {name!r} is not braced"
    return [name[1:-1] for name in names]


def printable(text: str) -> str:
    """What an escaped value should decode to: control characters dropped, whitespace runs made one space."""
    return " ".join("".join(ch for ch in text if ch.isspace() or not (ch < " " or "\x7f" <= ch <= "\x9f")).split())


def parse_both(text: str, key: str, fields: set[str]) -> dict[str, str]:
    """Parse one entry with pybtex and bibtexparser; check key and field names agree; return its fields."""
    text.encode("utf-8")  # what data/sources.bib is written as
    data = pybtex_read(text)
    assert list(data.entries) == [key]
    entry = data.entries[key]
    assert {f.lower() for f in entry.fields} | {r.lower() for r in entry.persons} == fields
    db = bibtexparser_read(text, common_strings=False, ignore_nonstandard_types=False, interpolate_strings=False)
    assert not db.comments and not db.preambles and not db.strings, "bibtexparser left part of the entry unread"
    assert len(db.entries) == 1 and db.entries[0]["ID"] == key
    values = {k: v for k, v in db.entries[0].items() if k not in ("ID", "ENTRYTYPE")}
    assert set(values) == fields
    for name, value in entry.fields.items():
        assert values[name.lower()] == value, "the two parsers read a field differently"
    if "author" in fields:
        assert len(entry.persons["author"]) == len(split_names(values["author"]))
    for command in _COMMAND.findall(text):
        assert command in NAMED or command in SYMBOLS, f"command \\{command} in {text!r}"
    return values


def check_url(written: str, original: str) -> None:
    """A URL is percent-encoded, never TeX-escaped: only URL characters, and the same address once decoded."""
    assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*", written), written
    assert not re.search(r"%(?![0-9A-Fa-f]{2})", written)
    assert unquote(written) == unquote(original.strip())


@st.composite
def sources(draw) -> m.Source:
    title = accepted(SOURCE_KEYS["title"], draw(ACCEPTABLE))
    outlet = accepted(SOURCE_KEYS["outlet"], draw(ACCEPTABLE))
    authors = [accepted(SOURCE_KEYS["authors"].item, a) for a in draw(st.lists(ACCEPTABLE, max_size=4))]
    url = draw(st.none() | URL_TAIL.map(lambda tail: "https://example.org/" + tail))
    if url is not None:
        url = accepted(SOURCE_KEYS["url"], url)
        assume(url is not None)
    assume(title and outlet and all(authors))
    return m.Source(id=draw(SLUG), title=title, outlet=outlet, kind=draw(st.sampled_from(sorted(SOURCE_KINDS))),
                    authors=authors, published=draw(st.none() | DATE), url=url,
                    accessed=draw(DATE) if url else None)


def source_fields(source: m.Source) -> set[str]:
    fields = {"title", SOURCE_KINDS[source.kind].outlet_field}
    fields |= {"author"} if source.authors else set()
    fields |= {"year"} if source.published else set()
    fields |= {"month"} if source.published and source.published.month else set()
    fields |= {"url", "urldate"} if source.url else set()
    return fields


def check_source(source: m.Source) -> None:
    values = parse_both(source_bibtex(source), source.id, source_fields(source))
    assert decode(values["title"]) == source.title
    assert decode(values[SOURCE_KINDS[source.kind].outlet_field]) == source.outlet
    if source.authors:
        assert [decode(n) for n in split_names(values["author"])] == source.authors
    if source.url:
        check_url(values["url"], source.url)


@PROPERTY
@given(sources())
def test_every_accepted_source_is_one_well_formed_bibtex_entry(source):
    """Any title, outlet, authors and URL the validator accepts: one entry, its own fields, values read back."""
    check_source(source)



@pytest.mark.parametrize("reason", ["Superseded by the agency's revised figure.", "The report was retracted", "Why?"])
def test_a_withdrawal_reason_keeps_its_own_ending_in_every_note(reason):
    """The note drops the engine's closing full stop, never the editor's: a reason ending in "." keeps it (BibTeX and CSL)."""
    from factsheet.export.cite import fact_csl

    source = m.Source(id="paper", title="A paper", outlet="The Paper", kind="original-report")
    fact = m.Fact(id="share", claim="About 70% of tools came from abroad.", claimant="officials",
                  added=PartialDate.parse("2026-11-23"), topic="tools", citations=[m.Citation(source="paper", quote="a quote")],
                  withdrawn=m.Withdrawal(date=PartialDate.parse("2026-12"), reason=reason))
    sheet = m.Sheet({"paper": source}, {}, [], {fact.id: fact}, [])
    site = Site("https://sheet.example.org/", True, "Sheet")
    values = parse_both(fact_bibtex(sheet, site, fact), "fact-share", {"title", "year", "month", "url", "note", "howpublished"})
    assert decode(values["note"]).endswith(f"Withdrawn December 2026: {reason}")
    assert fact_csl(sheet, site, fact)["note"].endswith(f"Withdrawn December 2026: {reason}")
    fact.withdrawn = None
    note = fact_csl(sheet, site, fact)["note"]  # no withdrawal: the engine's own full stop goes, an "n.d." keeps its own
    assert note.startswith("Sources: ") and note.endswith("The Paper, n.d.") and not note.endswith("..")


@PROPERTY
@given(source=sources(), claim=ACCEPTABLE, site_title=ANYTHING, site_tail=URL_TAIL, reason=st.none() | ACCEPTABLE,
       fact_id=SLUG, topic=SLUG, month=st.booleans())
def test_every_fact_cite_this_bibtex_is_one_well_formed_entry(source, claim, site_title, site_tail, reason, fact_id,
                                                              topic, month):
    """The cite-this BibTeX of a fact: claim, site title, permalink and provenance note can inject nothing."""
    claim = accepted(FACT_KEYS["claim"], claim)
    reason = reason and accepted(WITHDRAWAL_KEYS["reason"], reason)
    assume(claim)
    added = PartialDate.parse("2026-11-23" if month else "2026")
    fact = m.Fact(id=fact_id, claim=claim, claimant="officials", added=added, topic=topic,
                  citations=[m.Citation(source=source.id, quote="a quote")],
                  withdrawn=m.Withdrawal(date=PartialDate.parse("2026-12"), reason=reason) if reason else None)
    sheet = m.Sheet({source.id: source}, {}, [], {fact.id: fact}, [])
    site = Site("https://sheet.example.org/" + site_tail, True, site_title)
    bib = fact_bibtex(sheet, site, fact)
    fields = {"title", "year", "month", "url", "note"} if fact.last_updated.month else {"title", "year", "url", "note"}
    fields |= {"howpublished"} if printable(site_title) else set()
    values = parse_both(bib, f"fact-{fact.id}", fields)
    assert decode(values["title"]) == claim
    if printable(site_title):
        assert decode(values["howpublished"]) == printable(site_title)
    check_url(values["url"], site.fact_permalink(fact))
    note = decode(values["note"])
    assert note.startswith(f"Fact {fact.id}. Sources: ") and source.title in note
    assert not reason or reason in note


@PROPERTY
@given(title=ANYTHING, authors=st.lists(ANYTHING, max_size=4), url=ANYTHING)
def test_escaping_is_safe_for_any_text_at_all(title, authors, url):
    """Past the validator too: control characters, raw newlines and anything in a URL still give one clean entry."""
    assume(printable(title))
    bib = bibtex_entry("misc", "any", [("title", title), ("author", authors), ("url", "https://x.example/" + url)])
    names = [a for a in authors if printable(a)]
    values = parse_both(bib, "any", {"title", "url"} | ({"author"} if names else set()))
    assert decode(values["title"]) == printable(title)
    if names:
        assert [decode(n) for n in split_names(values["author"])] == [printable(a) for a in names]
    check_url(values["url"], "https://x.example/" + url)


# --- examples -------------------------------------------------------------------------------------------

def _source(**fields) -> m.Source:
    base = {"id": "paper", "title": "A paper", "outlet": "The Paper", "kind": "original-report"}
    return m.Source(**{**base, **fields})


def test_a_lone_brace_in_a_title_keeps_the_entry_whole():
    """An opening brace with no partner (escaped or not) cannot swallow the rest of the file."""
    for title in ("Profits {rise", "Profits \\{rise", "Profits rise}", "}{"):
        source = _source(title=title)
        bib = source_bibtex(source)
        values = parse_both(bib, "paper", {"title", "journal"})
        assert decode(values["title"]) == title
    assert bibtex_escape("{") == "{\\textbraceleft}" and bibtex_escape("}") == "{\\textbraceright}"


def test_an_author_cannot_close_the_field_and_inject_another():
    """``Doe}, title={Pwned`` stays one author's name, and the entry keeps its own title."""
    source = _source(authors=["Doe}, title={Pwned", "Smith and Jones"])
    values = parse_both(source_bibtex(source), "paper", {"title", "journal", "author"})
    assert decode(values["title"]) == "A paper"
    assert [decode(n) for n in split_names(values["author"])] == ["Doe}, title={Pwned", "Smith and Jones"]
    assert len(pybtex_read(source_bibtex(source)).entries["paper"].persons["author"]) == 2


def test_a_tex_command_in_an_outlet_is_text():
    """``\\input{/etc/passwd}`` reaches the file as the words, never as a command TeX would run."""
    source = _source(kind="briefing", outlet="\\input{/etc/passwd}")
    bib = source_bibtex(source)
    assert "\\input" not in bib
    assert "{\\textbackslash}input{\\textbraceleft}/etc/passwd{\\textbraceright}" in bib
    values = parse_both(bib, "paper", {"title", "organization"})
    assert decode(values["organization"]) == "\\input{/etc/passwd}"


def test_a_url_is_percent_encoded_not_tex_escaped():
    """A URL stays a working address: breaking characters percent-encoded, existing escapes and specials kept."""
    assert bibtex_url("https://x.example/a_b%20c~d#frag&x") == "https://x.example/a_b%20c~d#frag&x"
    assert bibtex_url("https://x.example/{a}\\b 100%\"é") == "https://x.example/%7Ba%7D%5Cb%20100%25%22%C3%A9"


def test_an_unsafe_entry_key_is_refused():
    """Keys, types and field names are ids; anything else is a bug, refused rather than written."""
    for entry_type, key, name in (("misc", "a,b", "title"), ("misc}", "a", "title"), ("misc", "a", "title = {x}, note")):
        with pytest.raises(ValueError):
            bibtex_entry(entry_type, key, [(name, "x")])


def test_the_sources_file_of_a_hostile_sheet_parses_entry_by_entry(tmp_path):
    """data/sources.bib of a loaded sheet with hostile sources: every entry, in order, and nothing else."""
    sources = """\
sources:
  - id: paper
    title: "Profits {rise \\\\input{x} 100% & more_"
    outlet: "\\\\input{/etc/passwd}"
    authors: ["Doe}, title={Pwned", "A and B"]
    published: 2024-04-13
    url: "https://paper.example.org/a{b}?q=%zz#x"
    accessed: 2026-11-23
    kind: original-report
  - id: brief
    title: "}}} @misc{evil, title={x}"
    outlet: "Ministry ^^5c ~ $"
    kind: briefing
"""
    topic = """\
topic:
  id: tools
  title: Tools
facts:
  - id: share
    claim: "About 70% of tools came from abroad {per \\\\cite{x}}."
    claimant: officials
    citations:
      - source: paper
        quote: about 70%
      - source: brief
        quote: "}}}"
    added: 2026-11-23
"""
    sheet, report = load(write_facts(tmp_path, sources=sources, topics={"tools": topic}))
    assert sheet is not None, report.items
    for source in sheet.sources.values():
        check_source(source)
    text = data_files(sheet, Site("https://example.org/"))["data/sources.bib"].decode()
    assert list(pybtex_read(text).entries) == ["paper", "brief"]
    db = bibtexparser_read(text, common_strings=False, ignore_nonstandard_types=False)
    assert [e["ID"] for e in db.entries] == ["paper", "brief"] and not db.comments
    fact = sheet.facts["share"]
    site = Site("https://example.org/", True, "Sheet {with} \\braces")
    values = parse_both(fact_bibtex(sheet, site, fact), "fact-share", {"title", "howpublished", "year", "month", "url", "note"})
    assert decode(values["title"]) == fact.claim and decode(values["howpublished"]) == "Sheet {with} \\braces"


def test_printable_drops_exactly_the_non_space_controls_and_surrogates():
    """The one-regex _printable drops what a per-character category check would: Cc that is not whitespace, and Cs."""
    import sys
    import unicodedata

    from factsheet.export.cite import _UNPRINTABLE

    everything = "".join(map(chr, range(sys.maxunicode + 1)))  # every code point once, at its own index
    dropped = {match.start() for match in _UNPRINTABLE.finditer(everything)}
    category = unicodedata.category
    expected = {n for n, c in enumerate(everything) if category(c) in ("Cc", "Cs") and not c.isspace()}
    assert sorted(dropped ^ expected) == []


def test_the_readers_set_up_once_read_as_the_libraries_documented_calls_read():
    """``pybtex_read`` is the reader ``pybtex.database.parse_string(..., "bibtex")`` finds, and ``bibtexparser_read``'s
    parser, kept between calls, gives each text the entries, strings and comments a new ``bibtexparser.loads`` gives,
    with nothing carried over from an earlier text."""
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    from pybtex.database import parse_string
    from pybtex.database.input.bibtex import Parser
    from pybtex.plugin import find_plugin

    first = '@string{org = "Org"}\n% a comment\n@misc{one, title = org # " report", year = {2024}}\n'
    second = "@article{two, title = {Two}, author = {B. Author and C. Author}}\n@misc{three, note = {x}}\n"
    assert find_plugin("pybtex.database.input", "bibtex") is Parser  # the reader pybtex_read uses
    for text in (first, second):
        assert pybtex_read(text).to_string("bibtex") == parse_string(text, "bibtex").to_string("bibtex")
    for options in ({}, {"common_strings": False, "ignore_nonstandard_types": False, "interpolate_strings": False}):
        for text in (first, second, first):
            kept, new = bibtexparser_read(text, **options), bibtexparser.loads(text, parser=BibTexParser(**options))
            assert (kept.entries, kept.comments, dict(kept.strings)) == (new.entries, new.comments, dict(new.strings)), options
