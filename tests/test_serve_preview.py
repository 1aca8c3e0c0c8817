"""The live preview under ``mkdocs serve``: a bad edit keeps the last good site, shows the error on it, and clears on the fix.

A real ``mkdocs serve --livereload`` in a subprocess (as ``make serve`` runs
it), real files edited on disk, real HTTP requests.
"""

from __future__ import annotations

import re
import time
import urllib.request

import pytest
from sitetools import LiveServe, example_facts, write_project

from factsheet.adapter.preview import OVERLAY_ID

pytestmark = pytest.mark.slow

TOPIC = "topics/machine-tools.yml"
GOOD_FIGURE = "    figure:\n      value: 70\n"
BROKEN_FIGURE = "    figure: {value: 70,\n      value_max: 80\n"  # the '{' is never closed


def _livereload_epoch(server: LiveServe, page: str) -> int:
    """The build epoch a page was served with (the live-reload script carries it)."""
    match = re.search(r"livereload\((\d+), \d+\)", page)
    assert match, "the served page carries MkDocs' live-reload script"
    return int(match.group(1))


def _wait_for_page(server: LiveServe, path: str, want_overlay: bool, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, page = server.get(path)
        if status == 200 and (OVERLAY_ID in page) == want_overlay:
            return page
        time.sleep(0.1)
    raise AssertionError(f"no page {'with' if want_overlay else 'without'} the overlay in {timeout} s:\n"
                         + "".join(server.log[-40:]))


@pytest.fixture
def project(tmp_path):
    facts = example_facts()
    assert GOOD_FIGURE in facts[TOPIC]
    return write_project(tmp_path / "project", facts,
                         docs={"index.md": "# Home\n\nNearly [[fact:machine-tools-share]] of imports.\n"})


def test_each_error_shows_over_the_last_good_page_where_it_is_written_until_fixed(project):
    """In one preview session, one error after another, each fixed before the next: broken YAML, a fact citing an
    unknown source, a page citing an unknown fact. Each shows over the last good page, names its file:line:col, and
    goes with the fix."""
    with LiveServe(project) as server:
        _a_broken_fact_file_keeps_the_last_good_page_with_the_error_until_fixed(project, server)
        _an_unknown_id_shows_where_it_is_written_and_the_fix_clears_it(project, server)


def _a_broken_fact_file_keeps_the_last_good_page_with_the_error_until_fixed(project, server: LiveServe) -> None:
    """Break the YAML, fetch promptly: the last good page plus an overlay naming file:line:col; fix it: the overlay goes."""
    topic_file = project / "facts" / TOPIC
    good = topic_file.read_text(encoding="utf-8")
    status, before = server.get("topics/machine-tools/")
    assert status == 200 and OVERLAY_ID not in before and 'id="machine-tools-share"' in before
    epoch = _livereload_epoch(server, before)

    mark = len(server.log)
    topic_file.write_text(good.replace(GOOD_FIGURE, BROKEN_FIGURE), encoding="utf-8")
    assert server.wait_for("Preview not updated", mark, 90), "".join(server.log[mark:])
    started = time.monotonic()
    status, during = server.get("topics/machine-tools/", timeout=10)  # before the fix, this request hung
    assert time.monotonic() - started < 10
    assert status == 200
    line = good.splitlines().index("    figure:") + 1
    col = len("    figure: ") + 1
    overlay = during[during.index(f'id="{OVERLAY_ID}"'):]
    assert f"facts/{TOPIC}:{line}:{col}: YAML syntax error: the &#x27;{{&#x27; opened here is never closed" in overlay
    assert 'id="machine-tools-share"' in during, "the last good page is still served under the overlay"
    assert _livereload_epoch(server, during) > epoch, "live reload reloads open pages to show the error"
    status, home = server.get("", timeout=10)
    assert status == 200 and OVERLAY_ID in home, "every page shows the error"
    with urllib.request.urlopen(server.url + "data/facts.csv", timeout=10) as response:
        assert OVERLAY_ID.encode() not in response.read(), "only HTML pages get the overlay"

    # The terminal: the root cause first, and nothing but it from the fact files.
    failure = "".join(server.log[mark:])
    errors = [x for x in failure.splitlines() if re.search(r"facts/\S+:\d+:\d+: ", x)]
    assert errors and f"facts/{TOPIC}:{line}:{col}: YAML syntax error" in errors[0], failure
    assert len(errors) == 1, failure
    assert "Traceback" not in failure and "appear stuck" not in failure, failure

    topic_file.write_text(good, encoding="utf-8")
    after = _wait_for_page(server, "topics/machine-tools/", want_overlay=False)
    assert 'id="machine-tools-share"' in after


def _an_unknown_id_shows_where_it_is_written_and_the_fix_clears_it(project, server: LiveServe) -> None:
    """A fact citing a source that does not exist, then a page citing a fact that does not: the overlay names file:line:col
    and the id each time; the fix clears it."""
    topic_file = project / "facts" / TOPIC
    good = topic_file.read_text(encoding="utf-8")
    _wait_for_page(server, "topics/machine-tools/", want_overlay=False)
    mark = len(server.log)
    topic_file.write_text(good.replace("- source: copy-2024-04", "- source: copy-2042-04", 1), encoding="utf-8")
    assert server.wait_for("Preview not updated", mark, 90), "".join(server.log[mark:])
    page = _wait_for_page(server, "topics/machine-tools/", want_overlay=True, timeout=10)
    line = good.splitlines().index("      - source: copy-2024-04") + 1
    assert re.search(rf"facts/{re.escape(TOPIC)}:{line}:\d+: fact &#x27;machine-tools-share&#x27; cites an unknown "
                     r"source &#x27;copy-2042-04&#x27;", page), page[page.index(OVERLAY_ID):][:2000]
    topic_file.write_text(good, encoding="utf-8")
    _wait_for_page(server, "topics/machine-tools/", want_overlay=False)

    index = project / "docs" / "index.md"
    prose = index.read_text(encoding="utf-8")
    index.write_text(prose + "\nAnd [[fact:machine-tools-shares]].\n", encoding="utf-8")
    page = _wait_for_page(server, "topics/machine-tools/", want_overlay=True)
    line = len(prose.splitlines()) + 2
    assert f"docs/index.md:{line}:5: unknown fact id &#x27;machine-tools-shares&#x27;" in page
    index.write_text(prose, encoding="utf-8")
    _wait_for_page(server, "", want_overlay=False)


def _search_pages(server: LiveServe) -> list[str]:
    """The pages the preview's search index lists (Material's own index: a dirty preview does not split it)."""
    import json

    status, index = server.get("search/search_index.json")
    assert status == 200
    return sorted({doc["location"].split("#")[0] for doc in json.loads(index)["docs"]})


def test_dirty_preview_renders_only_the_pages_an_edit_changes(project):
    """Under ``mkdocs serve --dirty``, editing one claim re-renders the pages that show it, and search still finds every page."""
    topic_file = project / "facts" / TOPIC
    good = topic_file.read_text(encoding="utf-8")
    claim = "    claim: The machine tools were worth about $900 million.\n"
    assert claim in good
    with LiveServe(project, args=("--dirty",)) as server:  # strict, as mkdocs.yml says: MkDocs' dirty warning is not counted
        first = server.wait_for("dirty preview: ", 0, 10)
        total = int(re.search(r"of (\d+) generated pages", first).group(1))
        searchable = _search_pages(server)
        assert "entities/acme-tools/" in searchable and "topics/machine-tools/" in searchable

        mark = len(server.log)
        topic_file.write_text(good.replace(claim, claim.replace("were worth", "were reportedly worth")), encoding="utf-8")
        line = server.wait_for("dirty preview: ", mark, 90)
        assert line, "".join(server.log[mark:])
        changed = int(re.search(r"(\d+) of \d+ generated pages changed", line).group(1))
        assert 0 < changed < total, line
        engine = server.wait_for("fact files changed: ", mark, 10)
        parsed = re.search(r"parsed (\d+) of (\d+) fact files again", engine or "")
        assert parsed and parsed.group(1) == "1" and int(parsed.group(2)) > 1, "only the edited file is parsed again: " + str(engine)
        assert server.wait_for("Reloading browsers", mark, 90)
        status, page = server.get("topics/machine-tools/")
        assert status == 200 and "were reportedly worth" in page
        status, entity = server.get("entities/acme-tools/")
        assert status == 200 and "Acme" in entity
        assert _search_pages(server) == searchable, "pages not rendered again keep their search entries"

        mark = len(server.log)  # a bad edit: the error over the page, and the fix clears it, as without --dirty
        topic_file.write_text(good.replace(GOOD_FIGURE, BROKEN_FIGURE), encoding="utf-8")
        assert server.wait_for("Preview not updated", mark, 90), "".join(server.log[mark:])
        assert OVERLAY_ID in _wait_for_page(server, "topics/machine-tools/", want_overlay=True, timeout=10)
        topic_file.write_text(good, encoding="utf-8")
        page = _wait_for_page(server, "topics/machine-tools/", want_overlay=False)
        assert "were reportedly worth" not in page
