"""Rendering: figure wording, text fragments, golden HTML fragments, the Markdown extension, the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest
from helpers import write_facts

from factsheet.cli import main
from factsheet.load.loader import load
from factsheet.mdext import FactExtension
from factsheet.model import Figure
from factsheet.model.urls import Site, cite_url, text_fragment
from factsheet.model.wording import figure_text
from factsheet.render.html import fact_block, inline_figure

GOLDEN = Path(__file__).parent / "golden"
EXAMPLE = Path(__file__).parent / "fixtures" / "example"
SITE = Site("https://example.org/sheet/", True, "Example sheet")


def golden(name: str, actual: str) -> None:
    """Compare with a stored expected output; FACTSHEET_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("FACTSHEET_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"golden file {path} missing; run with FACTSHEET_UPDATE_GOLDEN=1 once and review it"
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sheet():
    loaded, report = load(EXAMPLE / "facts")
    assert loaded is not None, [str(d) for d in report.items]
    return loaded


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (Figure(value=90, unit="percent", qualifier="approximately"), "approximately 90%"),
        (Figure(value=4.9, unit="USD", scale="billion"), "$4.9 billion"),
        (Figure(value=10.3, unit="USD", scale="billion", qualifier="over"), "over $10.3 billion"),
        (Figure(value=2, unit="officials"), "2 officials"),
        (Figure(value=1991, unit="year"), "1991"),
        (Figure(value=12000, unit="machines", qualifier="at-least"), "at least 12,000 machines"),
        (Figure(value=2, unit="machines", value_max=3), "2–3 machines"),
    ],
)
def test_figure_wording(figure, text):
    """Figures are written as readers write them, with qualifier, currency and scale."""
    assert figure_text(figure) == text


def test_text_fragment_encodes_reserved_characters():
    """Dashes, commas and ampersands inside a fragment are percent-encoded."""
    assert text_fragment("Q4 - tools, parts & more") == "#:~:text=Q4%20%2D%20tools%2C%20parts%20%26%20more"


def test_long_quote_uses_start_and_end():
    """Quotes are matched whole; only one over the word limit becomes start,end."""
    quote = "one two three four five six seven eight nine ten eleven twelve"
    assert text_fragment(quote) == "#:~:text=" + "%20".join(quote.split())
    assert text_fragment(quote, max_words=10) == "#:~:text=one%20two%20three%20four%20five,eight%20nine%20ten%20eleven%20twelve"


def test_cite_url_replaces_existing_fragment():
    """An article URL's own fragment gives way to the text fragment."""
    assert cite_url("https://a.example.org/x#top", "hi") == "https://a.example.org/x#:~:text=hi"


def test_inline_figure_golden(sheet):
    """The inline figure HTML: value, permalink, citation markers with previews."""
    golden("inline_figure.html", inline_figure(sheet, SITE, "index.md", sheet.facts["machine-tools-share"], "r1") + "\n")


def test_fact_block_golden(sheet):
    """The fact block HTML on a topic page."""
    page = "topics/machine-tools.md"
    golden("fact_block.html", fact_block(sheet, SITE, page, sheet.facts["machine-tools-share"]) + "\n")


def test_machine_hooks_in_html(sheet):
    """Figures carry data-fact-id and citation links data-source-id."""
    html = fact_block(sheet, SITE, "topics/machine-tools.md", sheet.facts["machine-tools-share"])
    assert 'data-fact-id="machine-tools-share"' in html
    assert 'data-source-id="copy-2024-04" href="https://copy.example.org/news/exports-surge#:~:text=' in html


def test_markdown_extension_leaves_code_alone(sheet):
    """References in code spans and fenced code are not expanded."""
    ext = FactExtension(sheet=sheet, site=SITE, page="index.md")
    text = "A [[fact:machine-tools-value]] and `[[fact:machine-tools-value]]`.\n\n```\n[[fact:nope]]\n```\n"
    html = markdown.markdown(text, extensions=["fenced_code", ext])
    assert html.count('data-fact-id="machine-tools-value"') == 1
    assert "<code>[[fact:machine-tools-value]]</code>" in html
    assert "[[fact:nope]]" in html


def test_markdown_extension_claim_mode(sheet):
    """``[[fact:ID|claim]]`` shows the claim sentence."""
    html = markdown.markdown("[[fact:machine-tools-value|claim]]", extensions=[FactExtension(sheet=sheet, site=SITE)])
    assert ">The machine tools were worth about $900 million.</a>" in html


def test_markdown_extension_unknown_id_raises(sheet):
    """An unknown fact id raises, naming the page."""
    ext = FactExtension(sheet=sheet, site=SITE, page="story.md")
    with pytest.raises(KeyError, match="unknown fact id 'nope' in story.md"):
        markdown.markdown("[[fact:nope]]", extensions=[ext])


def test_fact_text_is_escaped(tmp_path):
    """Markup in a claim or quote is shown as text, never as HTML."""
    from helpers import TOPIC

    topic = TOPIC.replace("claim: About 70% of tools came from abroad.", "claim: 'About 70% <script>alert(1)</script> \"x\"'")
    facts = write_facts(tmp_path, topics={"tools": topic})
    loaded, _ = load(facts)
    html = fact_block(loaded, SITE, "topics/tools.md", loaded.facts["share"])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;" in html


def test_render_command_writes_plain_markdown(tmp_path, capsys):
    """`factsheet render --out` writes every generated page and download."""
    out = tmp_path / "out"
    code = main(["--facts", str(EXAMPLE / "facts"), "render", "--out", str(out), "--docs", str(EXAMPLE / "docs")])
    assert code == 0
    assert (out / "topics" / "machine-tools.md").read_text(encoding="utf-8").startswith("---\ntitle: \"Machine tools\"")
    assert (out / "sources" / "copy-2024-04.md").exists() and (out / "data" / "facts.csv").exists()
    index = (out / "index.md").read_text(encoding="utf-8")
    assert 'data-fact-id="machine-tools-share"' in index and "`[[fact:machine-tools-share]]`" in index


def test_check_command_reports_and_exits_nonzero(tmp_path, capsys):
    """`factsheet check` prints path:line:col errors and exits 1."""
    from helpers import TOPIC

    facts = write_facts(tmp_path, topics={"tools": TOPIC.replace("source: paper", "source: nope")})
    assert main(["--facts", str(facts), "check"]) == 1
    err = capsys.readouterr().err
    assert "facts/topics/tools.yml:13:9: fact 'share' cites an unknown source 'nope'" in err
    assert err.strip().endswith("1 error, 0 warnings")


def test_schemas_are_current():
    """The published JSON Schemas match the schema in code (run `make schema` after changing it)."""
    from factsheet.export.jsonschema import schema_texts

    root = Path(__file__).parent.parent / "schema"
    for name, text in schema_texts().items():
        assert (root / name).read_text(encoding="utf-8") == text, f"schema/{name} is stale: run make schema"


def test_format_reference_tables_are_current():
    """The format reference's field tables are the ones the record declarations produce (run `make schema` after changing them)."""
    from factsheet.export.reference import TABLES, update

    page = (Path(__file__).parent.parent / "docs" / "reference" / "format.md").read_text(encoding="utf-8")
    assert update(page) == page, "docs/reference/format.md field tables are stale: run make schema"
    for name in TABLES:
        assert f"<!-- fields: {name} -->" in page, f"the format reference has no table of {name} keys"


def test_format_reference_table_lists_every_key_with_its_kind():
    """A generated table names each key, what it holds, and whether it is required."""
    from factsheet.export.reference import table
    from factsheet.model import Derivation
    from factsheet.model.schema import Record

    text = table(Record.of(Derivation))
    assert text.splitlines()[2].startswith("| `op` | one of `sum`, `difference`, `share` | **required** |")
    assert "| `of` | list of id | **required** |" in text


def test_every_record_in_the_model_has_a_table_in_the_format_reference():
    """Each record class the model declares is one of the reference's tables, so a new record cannot go undocumented."""
    from factsheet import model
    from factsheet.export.reference import TABLES

    declared = {cls for cls in vars(model).values() if isinstance(cls, type) and hasattr(cls, "__record__")}
    assert declared == {record.factory for record in TABLES.values()}


def test_citations_are_numbered_in_page_order_with_a_reference_list(sheet):
    """Markers count up in the order they appear, a table's cells included (Python-Markdown converts those after
    the paragraphs that follow), a passage cited again keeps its number, and the reference list links back to each use."""
    from htmltree import parse

    text = ("First [[fact:machine-tools-share]].\n\n| What | Figure |\n| --- | --- |\n| Value | [[fact:machine-tools-value]] |\n\n"
            "Again [[fact:machine-tools-share]], and [[fact:no-direct-aid|claim]].\n")
    html = markdown.markdown(text, extensions=["tables", FactExtension(sheet=sheet, site=SITE, page="index.md")])
    assert "fsn" not in html and "fsu" not in html, "every placeholder is numbered"
    doc = parse(html)
    markers = [(a.text(), a.attrs["id"], a.attrs["data-ref"]) for a in doc.find_all("a", cls="fs-cite")]
    assert [m[0] for m in markers] == ["[1]", "[2]", "[3]", "[1]", "[2]", "[4]"]
    assert [m[1] for m in markers] == ["fs-cite-1-1", "fs-cite-2-1", "fs-cite-3-1", "fs-cite-1-2", "fs-cite-2-2", "fs-cite-4-1"]
    entries = doc.find(cls="fs-reflist").find_all("li")
    assert [li.attrs["id"] for li in entries] == ["fs-ref-1", "fs-ref-2", "fs-ref-3", "fs-ref-4"]
    backs = [[a.attrs["href"] for a in li.find_all("a", cls="fs-backref")] for li in entries]
    assert backs == [["#fs-cite-1-1", "#fs-cite-1-2"], ["#fs-cite-2-1", "#fs-cite-2-2"], ["#fs-cite-3-1"], ["#fs-cite-4-1"]]
    assert html.index('class="fs-references"') > html.index("fs-cite-4-1")
    again = markdown.markdown("Only [[fact:no-direct-aid]].", extensions=[FactExtension(sheet=sheet, site=SITE)])
    assert ">[1]</a>" in again, "every page numbers from 1"


def test_archive_lookup_and_short_addresses():
    """The archive lookup keeps the address whole (a fragment dropped, a space encoded); printed addresses are short."""
    from factsheet.model.urls import archive_lookup_url, short_url

    assert archive_lookup_url("https://a.example/x?id=1&p=2#top") == "https://web.archive.org/web/*/https://a.example/x?id=1&p=2"
    assert archive_lookup_url('https://a.example/a b"c') == "https://web.archive.org/web/*/https://a.example/a%20b%22c"
    assert short_url("https://www.example.org/news/") == "example.org/news"
    long = short_url("https://example.org/" + "x" * 80)
    assert len(long) == 40 and long.endswith("…")

