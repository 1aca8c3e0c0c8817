"""Work in a forked child (factsheet.forked): the child's value, or the same work done here when the child fails."""

from __future__ import annotations

import os
import time

import pytest

from factsheet import forked
from factsheet.forked import Forked

pytestmark = pytest.mark.skipif(not forked.available(), reason="os.fork is used on Linux only")


def test_the_childs_value_comes_back_whole():
    parent = os.getpid()
    work = Forked(lambda: (os.getpid(), {"big": b"x" * 3_000_000, "text": "\u00e9" * 10}))
    assert work.forked
    pid, value = work.result()
    assert pid != parent and value == {"big": b"x" * 3_000_000, "text": "\u00e9" * 10}
    assert not work.forked


def test_a_child_that_fails_leaves_the_work_to_this_process():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise MemoryError("the child ran out")
        return "done here"

    assert Forked(work).result() == "done here"


def test_an_error_in_the_work_is_raised_as_a_plain_call_raises_it():
    def work():
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        Forked(work).result()


def test_switched_off_the_work_is_done_here(monkeypatch):
    parent = os.getpid()
    assert Forked(os.getpid, fork=False).result() == parent
    monkeypatch.setenv(forked.ENV, "0")
    assert not forked.available()
    work = Forked(os.getpid)
    assert not work.forked and work.result() == parent


def test_cancel_stops_the_child_at_once():
    work = Forked(lambda: time.sleep(60))
    pid = work._pid
    started = time.monotonic()
    work.cancel()
    assert time.monotonic() - started < 5 and not work.forked
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)  # reaped: no zombie left


def test_a_failed_render_stops_the_child(tmp_path, monkeypatch):
    """generate() cancels the child making the downloads and some topic pages when the pages fail, so no child is left waiting on its pipe."""
    import shutil
    from pathlib import Path

    from factsheet import build
    from factsheet.model.urls import Site

    cancelled = []

    class Recorded(Forked):
        def cancel(self):
            cancelled.append(self.forked)
            super().cancel()

    def broken(*args, **options):
        raise RuntimeError("a template failed")

    shutil.copytree(Path(__file__).parent / "fixtures" / "example" / "facts", tmp_path / "facts")
    monkeypatch.setattr(build, "Forked", Recorded)
    monkeypatch.setattr(build, "all_pages", broken)
    with pytest.raises(RuntimeError, match="a template failed"):
        build.generate(tmp_path / "facts", Site("https://example.org/", True), tmp_path, pack=True, parallel=True)
    assert cancelled == [True]


def test_a_parallel_render_gives_the_same_pages_and_downloads_in_the_same_order(tmp_path):
    """generate(parallel=True) makes half the topics' pages and the downloads in a child: every page, its place in the
    order (MkDocs lists files as they come) and every download are what one process makes."""
    from pathlib import Path

    from factsheet import build
    from factsheet.model.urls import Site

    facts = Path(__file__).parent / "fixtures" / "example" / "facts"
    site = Site("https://example.org/sheet/", True)
    one = build.generate(facts, site, facts.parent, pack=True)
    two = build.generate(facts, site, facts.parent, pack=True, parallel=True)
    assert len(build._last_topics(two.sheet, build.CHILD_SHARE)) >= 1, "some topic pages were made in the child"
    assert list(two.pages) == list(one.pages)
    assert {src: page.html for src, page in two.pages.items()} == {src: page.html for src, page in one.pages.items()}
    assert two.files == one.files


def test_a_parallel_load_reports_what_one_process_reports(tmp_path):
    """load(parallel=True) has a child read the last topic files: broken ones there are reported as one process
    reports them (same messages, files, lines and columns, same order), and a file changed after the child read it
    is read again here."""
    import synth

    from factsheet.load import loader

    facts = tmp_path / "facts"
    synth.write_sheet(facts, 300)
    topics = sorted((facts / "topics").glob("*.yml"))
    assert len(topics) >= 4
    topics[-1].write_text(topics[-1].read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    topics[-2].write_text(topics[-2].read_text(encoding="utf-8").replace("claim:", "clam:", 1), encoding="utf-8")
    topics[-3].write_text("- a list\n- for a mapping\n", encoding="utf-8")  # no records at all: MISSING, pickled
    one = loader.load(facts, tmp_path)[1]
    two = loader.load(facts, tmp_path, parallel=True)[1]
    assert [str(d) for d in one.items] and [str(d) for d in two.items] == [str(d) for d in one.items]
    assert all(any(path.name in str(d) for d in two.items) for path in topics[-3:])
    ahead = loader._read_ahead(facts, tmp_path, loader.fact_files(facts))
    assert str(topics[-1]) in ahead.paths
    assert ahead.reading(topics[-1], b"other bytes", loader._display(topics[-1], tmp_path)) is None
    ahead.child.cancel()


def test_a_value_the_child_cannot_send_is_made_here():
    """A value pickle cannot write (a lambda, say) leaves a garbled result in the pipe: this process does the work."""
    parent = os.getpid()
    work = Forked(lambda: (os.getpid(), lambda: None))
    pid, made = work.result()
    assert pid == parent and callable(made)


def test_forking_freezes_what_is_alive_for_the_collector_until_thawed():
    """What is alive when a child is forked is frozen for the garbage collector (the child's collections then copy
    none of the parent's pages), until thaw()."""
    import gc

    forked.thaw()
    assert gc.get_freeze_count() == 0
    kept = [object() for _ in range(100)]
    work = Forked(lambda: 1)
    assert gc.get_freeze_count() >= len(kept)
    assert work.result() == 1
    forked.thaw()
    assert gc.get_freeze_count() == 0


@pytest.mark.slow
@pytest.mark.parametrize("fails", [False, True], ids=["built", "failed"])
def test_a_build_leaves_nothing_frozen(tmp_path, fails):
    """A parallel MkDocs build forks children and thaws what that froze when it ends, whether it succeeds or fails
    (a page that cannot be rendered), so a process that builds again collects as usual."""
    import gc
    import shutil
    from pathlib import Path

    from sitetools import EXAMPLE, build_in_process

    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")  # the packaged plugin instead of this repository's hook
    config = config.replace("hooks:\n  - ../../../hooks/factsheet_hook.py\n", "").replace("  - search\n", "  - search\n  - factsheet\n")
    if fails:
        config = config.replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    if fails:
        (project / "overrides").mkdir()
        (project / "overrides" / "main.html").write_text('{% extends "base.html" %}{% block content %}{{ page.nope.attr }}{% endblock %}',
                                                         encoding="utf-8")
    forked.thaw()
    result = build_in_process(project / "mkdocs.yml", tmp_path / "site")
    assert (result.returncode != 0) == fails, result.stderr
    assert gc.get_freeze_count() == 0
    assert Path(tmp_path / "site" / "index.html").is_file() != fails
