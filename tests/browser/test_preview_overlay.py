"""In Chromium, under ``mkdocs serve``: a bad edit shows the error over the open page, and the fix takes it away, by live reload alone."""

from __future__ import annotations

import pytest
from sitetools import LiveServe, example_facts, write_project

from factsheet.adapter.preview import OVERLAY_ID

pytestmark = pytest.mark.browser

TOPIC = "topics/machine-tools.yml"


def test_overlay_appears_on_a_bad_edit_and_live_reload_clears_it(open_page, tmp_path):
    """The open page reloads itself to show the overlay naming file:line:col over the last good page, then reloads without it."""
    project = write_project(tmp_path / "project", example_facts())
    topic_file = project / "facts" / TOPIC
    good = topic_file.read_text(encoding="utf-8")
    with LiveServe(project) as server:
        visit = open_page(javascript=True)
        page = visit.page
        page.goto(server.url + "topics/machine-tools/")
        overlay = page.locator(f"#{OVERLAY_ID}")
        assert overlay.count() == 0

        topic_file.write_text(good.replace("    figure:\n      value: 70\n", "    figure: [70,\n      value: 70\n"),
                              encoding="utf-8")
        overlay.wait_for(state="visible", timeout=60_000)  # nobody reloads: live reload does
        line = good.splitlines().index("    figure:") + 1
        text = overlay.inner_text()
        assert f"facts/{TOPIC}:{line}:13: YAML syntax error: the '[' opened here is never closed" in text, text
        box = overlay.bounding_box()
        viewport = page.viewport_size
        assert box and box["height"] > 20 and 0 <= box["y"] < viewport["height"], "the overlay is on screen"
        assert page.locator("#machine-tools-share").count() == 1, "the last good page is under the overlay"

        topic_file.write_text(good, encoding="utf-8")
        overlay.wait_for(state="detached", timeout=90_000)
        # The overlay leaves as the old document unloads; the reloaded page may still be arriving.
        page.wait_for_load_state("load")
        page.locator("#machine-tools-share").wait_for(state="attached", timeout=30_000)
        assert overlay.count() == 0, "the fixed page has no overlay"
