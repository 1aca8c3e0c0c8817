"""Publishing a build: the site is never missing, and leftovers of killed builds never get in the way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from factsheet import publish


def _site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder


def _dead_pid() -> int:
    """The id of a process that has just ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(child.stdout)


# A reader looking at site/ between any two filesystem steps of a swap. Every step that changes the tree is one
# Python audits before it happens (os.rename and os.replace, os.mkdir, open, shutil.rmtree and the os.remove,
# os.rmdir and os.scandir inside it), except the atomic exchange, which is one step followed by an audited rmtree;
# so looking before each audited step, and once more at the end, sees every state site/ passes through. The hook
# stays in the process (audit hooks cannot be removed) and does nothing unless a test is watching.
_WATCHING: list[tuple[Path, list[tuple[str, bool]]]] = []


def _look(event: str, args) -> None:
    if _WATCHING:
        final, seen = _WATCHING[-1]
        seen.append((event, (final / "index.html").is_file()))  # a stat: not an audited event itself


sys.addaudithook(_look)


def _swap_builds_in(tmp_path: Path, builds: int) -> tuple[Path, list[tuple[str, bool]]]:
    """Publish ``builds`` builds over a first site, looking at it before every audited step; returns what was seen."""
    final = _site(tmp_path / "site", "v0")
    seen: list[tuple[str, bool]] = []
    _WATCHING.append((final, seen))
    try:
        for n in range(1, builds + 1):
            staging = _site(Path(publish.staging_dir(str(final))), f"v{n}")
            publish.swap_in(str(staging), str(final))
            seen.append(("swapped", (final / "index.html").is_file()))
    finally:
        _WATCHING.pop()
    return final, seen


@pytest.mark.skipif(sys.platform != "linux", reason="the atomic exchange is Linux's renameat2; elsewhere site/ is missing between two renames")
def test_published_site_is_never_missing_during_a_swap(tmp_path):
    """A reader looking at site/ while builds are swapped in always finds a whole site, old or new: at every step."""
    final, seen = _swap_builds_in(tmp_path, 5)
    assert {"shutil.rmtree", "os.mkdir", "open"} <= {event for event, _ in seen}
    assert [event for event, whole in seen if not whole] == []
    assert (final / "index.html").read_text(encoding="utf-8") == "v5"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_reader_sees_the_gap_of_two_renames(tmp_path, monkeypatch):
    """Where the exchange is unavailable, site/ is missing between its two renames, and the reader above sees it:
    the check can fail."""
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    final, seen = _swap_builds_in(tmp_path, 5)
    assert [event for event, whole in seen if not whole] == ["os.rename"] * 5  # just before each second rename
    assert (final / "index.html").read_text(encoding="utf-8") == "v5"


def test_leftovers_of_killed_builds_are_cleared_and_live_ones_kept(tmp_path):
    """building-/old- folders of ended processes, and of this process's own id, go; those of a running build stay."""
    final = tmp_path / "site"
    dead, live = _dead_pid(), os.getppid()
    stale = [_site(tmp_path / f"site.building-{dead}", "half"), _site(tmp_path / f"site.old-{dead}", "old"),
             _site(tmp_path / f"site.old-{os.getpid()}", "reused id")]
    running = _site(tmp_path / f"site.building-{live}", "another build in progress")
    other = _site(tmp_path / f"elsewhere.building-{dead}", "not ours")
    removed = publish.clear_leftovers(str(final))
    assert sorted(removed) == sorted(str(p) for p in stale)
    assert running.is_dir() and other.is_dir()


def test_a_leftover_with_our_own_process_id_does_not_stop_the_swap(tmp_path, monkeypatch):
    """Even on the two-rename path, a stale site.old-<our pid> full of files is no obstacle."""
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    final = _site(tmp_path / "site", "old")
    _site(tmp_path / f"site.old-{os.getpid()}", "left by a killed build that had our id")
    staging = _site(tmp_path / f"site.building-{os.getpid()}", "new")
    publish.swap_in(str(staging), str(final))
    assert (final / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_first_publication_needs_no_previous_site(tmp_path):
    """With nothing published yet, the finished build simply becomes the site."""
    staging = _site(Path(publish.staging_dir(str(tmp_path / "site"))), "first")
    publish.swap_in(str(staging), str(tmp_path / "site"))
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "first"


def test_a_site_that_is_a_link_stays_a_link_with_the_new_site_behind_it(tmp_path):
    """A web server's root linked as site/ keeps its link; the link's target holds the new build."""
    target = _site(tmp_path / "www" / "root", "old")
    link = tmp_path / "site"
    link.symlink_to(target, target_is_directory=True)
    staging = _site(Path(publish.staging_dir(str(link))), "new")
    assert staging.parent == target.parent
    publish.swap_in(str(staging), str(link))
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert (link / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in (tmp_path / "www").iterdir()) == ["root"]


def test_a_site_that_is_a_mount_point_is_refused_up_front(monkeypatch, tmp_path):
    """A mount point cannot be renamed: the build is refused before it starts, saying what to do."""
    final = _site(tmp_path / "site", "old")
    monkeypatch.setattr(publish.os.path, "ismount", lambda path: path == str(final))
    with pytest.raises(publish.PublishError, match="is a mount point.*set site_dir to a folder inside it"):
        publish.staging_dir(str(final))
    assert (final / "index.html").read_text(encoding="utf-8") == "old"
