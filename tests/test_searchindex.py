"""The sharded search index (factsheet/render/searchindex.py): tokens, shards, documents, versions."""

from __future__ import annotations

import json

import pytest

from factsheet.render import searchindex
from factsheet.render.searchindex import Tokenizer, build, shard_key

SEPARATOR = r'[\s\-,:;!=\[\]()"/$%€£“”]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;'
CONFIG = {
    "lang": ["en"],
    "separator": SEPARATOR,
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
}


def material_index(docs: list[dict], config: dict | None = None) -> dict:
    return {"config": dict(config or CONFIG), "docs": docs}


def decode(files: dict[str, bytes]) -> tuple[str, dict, dict[str, list[tuple[int, int, int]]], list[list[str]]]:
    """Version folder, meta, term -> [(doc, title tf, text tf)], and every document in order."""
    index = json.loads(files["search/search_index.json"])
    folder = f"search/{index['config']['factsheet']['path']}"
    meta = json.loads(files[folder + "meta.json"])
    postings: dict[str, list[tuple[int, int, int]]] = {}
    for name in meta["shards"]:
        for term, flat in json.loads(files[f"{folder}t/{name}.json"]).items():
            assert shard_key(term) == name
            doc, decoded = 0, []
            for i in range(0, len(flat), 2):
                doc += flat[i]
                decoded.append((doc, flat[i + 1] & 7, flat[i + 1] >> 3))
            postings[term] = decoded
    docs: list[list[str]] = []
    for n in range((meta["docs"] + meta["chunk"] - 1) // meta["chunk"]):
        docs += json.loads(files[f"{folder}d/{n}.json"])
    return folder, meta, postings, docs


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("$4.9 billion", ["4.9", "billion"]),
        ("about 90% in 2023.", ["90", "2023"]),
        ("PowerPoint slides", ["power", "point", "slides"]),
        ("<p>Claimed by <code>machine-tools-value</code></p>", ["claimed", "machine", "tools", "value"]),
        ("AT&amp;T &lt;b&gt; “quoted”", ["at&amp", "t", "b", "quoted"]),
        ("the value of the machines", ["value", "machines"]),
        ("Завод №1 Ürümqi", ["завод", "№1", "ürümqi"]),
    ],
)
def test_tokens_are_made_as_materials_tokenizer_makes_them(text, tokens):
    """Markup removed, split on the configured separator before lowercasing (camelCase), stop words dropped."""
    assert Tokenizer(CONFIG).tokens(text) == tokens


def test_the_trimmer_and_stop_words_follow_the_pipeline():
    """Without stopWordFilter stop words are kept; with trimmer, non-word characters at the ends go."""
    assert Tokenizer({**CONFIG, "pipeline": []}).tokens("the 'machines'") == ["the", "'machines'"]
    assert Tokenizer({**CONFIG, "pipeline": ["trimmer"]}).tokens("the 'machines'") == ["the", "machines"]


def test_shard_names_are_hex_code_points_of_the_first_two_characters():
    assert shard_key("machine") == "6d-61"
    assert shard_key("4") == "34"
    assert shard_key("ürümqi") == "fc-72"
    assert shard_key("../x") == "2e-2e"  # nothing a file name could misread


def test_material_index_becomes_a_manifest_shards_and_chunks():
    """search_index.json keeps Material's config, drops the documents, and names the version folder."""
    docs = [
        {"location": "a/", "title": "Machine tools", "text": "<p>Machines from Exampleland.</p>"},
        {"location": "a/#one", "title": "Seventy percent", "text": "<p>Nearly 70% of machine tool imports.</p>"},
        {"location": "b/", "title": "Sources", "text": "", "boost": 2},
    ]
    files = build(material_index(docs))
    index = json.loads(files["search/search_index.json"])
    assert index["docs"] == []
    assert {k: v for k, v in index["config"].items() if k != "factsheet"} == CONFIG
    folder, meta, postings, stored = decode(files)
    assert folder.startswith("search/v") and index["config"]["factsheet"]["docs"] == 3 == meta["docs"]
    assert meta["pages"] == [[0, "a/", "Machine tools"], [2, "b/", "Sources"]]
    assert stored == [[d["location"], d["title"], d["text"]] for d in docs]
    assert meta["boosts"] == {"2": 2}
    assert postings["machine"] == [(0, 1, 0), (1, 0, 1)]
    assert postings["70"] == [(1, 0, 1)]
    assert "of" not in postings and "from" not in postings
    assert all(path.startswith("search/") for path in files)


def test_every_term_of_every_document_finds_it():
    """Decoding the shards gives back, for each document, exactly the terms of its title and text."""
    docs = [{"location": f"p{i // 5}/" + ("" if i % 5 == 0 else f"#s{i}"), "title": f"Title {i} word{i % 3}",
             "text": f"<p>Text of section {i}, machine {i * 7}; report {i % 4}</p>"} for i in range(40)]
    files = build(material_index(docs))
    _, meta, postings, stored = decode(files)
    tokenizer = Tokenizer(CONFIG)
    found: dict[int, set[str]] = {}
    for term, entries in postings.items():
        for doc, in_title, in_text in entries:
            assert in_title or in_text
            found.setdefault(doc, set()).add(term)
    for number, (_location, title, text) in enumerate(stored):
        assert found[number] == set(tokenizer.tokens(title)) | set(tokenizer.tokens(text))
    assert meta["chunk"] == searchindex.CHUNK and len(stored) == 40


def test_documents_are_grouped_by_page_as_materials_worker_groups_them():
    """A live-reloading serve appends a page's new entries at the end; its sections still follow its article."""
    docs = [
        {"location": "a/", "title": "A", "text": ""},
        {"location": "b/", "title": "B", "text": ""},
        {"location": "a/#x", "title": "A x", "text": ""},
        {"location": "c/#only", "title": "C first section", "text": ""},
    ]
    _, meta, _, stored = decode(build(material_index(docs)))
    assert [d[0] for d in stored] == ["a/", "a/#x", "b/", "c/#only"]
    assert meta["pages"] == [[0, "a/", "A"], [2, "b/", "B"], [3, "c/#only", "C first section"]]


def test_the_version_folder_follows_the_content_and_nothing_else():
    """Same index, same files; one changed word, a new version folder (readers never mix two builds)."""
    docs = [{"location": "a/", "title": "Machine tools", "text": "<p>one</p>"}]
    first, again = build(material_index(docs)), build(material_index(docs))
    assert first == again
    changed = build(material_index([{**docs[0], "text": "<p>two</p>"}]))
    assert json.loads(changed["search/search_index.json"]) != json.loads(first["search/search_index.json"])
    assert set(changed).isdisjoint(set(first) - {"search/search_index.json"})


def test_an_empty_index_still_makes_a_usable_manifest():
    files = build(material_index([]))
    _, meta, postings, stored = decode(files)
    assert meta["docs"] == 0 and meta["pages"] == [] and postings == {} and stored == []


def test_the_built_example_site_carries_the_sharded_index(example_site):
    """After a real build: a tiny search_index.json, the version folder, and the worker among the assets."""
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["separator"]
    folder = example_site / "search" / index["config"]["factsheet"]["path"]
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["docs"] == index["config"]["factsheet"]["docs"] > 10
    assert {p.parent.name for p in folder.rglob("*.json") if p.parent != folder} == {"t", "d"}
    assert [p.name for p in (example_site / "search").iterdir() if p.is_dir()] == [folder.name]
    assert (example_site / "assets" / "factsheet" / "search-worker.js").is_file()
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert 'data-search-worker="assets/factsheet/search-worker.js"' in home
    locations = [page[1] for page in meta["pages"]]
    assert "topics/machine-tools/" in locations and len(locations) == len(set(locations))
