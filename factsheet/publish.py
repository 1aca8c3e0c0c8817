"""Publishing a built site in one step: build beside it, then swap it in, so a failed build leaves the old one.

A build writes into ``<site>.building-<pid>``; :func:`swap_in` puts the
finished folder at ``<site>`` and removes the old one; :func:`discard` throws
a failed build away. Nothing here knows which site generator built the files.

- **Never missing.** On Linux the finished folder and the published one are
  exchanged in one atomic step (``renameat2`` with ``RENAME_EXCHANGE``), so
  ``<site>`` always holds a whole site, old or new. Where that call is not
  available, two renames are used and ``<site>`` is missing between them.
- **Links and mounts.** A ``<site>`` that is a symbolic link (a web
  server's root, say) stays a link: the new site goes behind it, beside the
  link's target. A ``<site>`` that is a mount point cannot be renamed, so it
  is refused up front with a :class:`PublishError` saying what to do.
- **Leftovers.** A build killed before it finished leaves
  ``<site>.building-<pid>`` or ``<site>.old-<pid>`` behind. Each build
  removes those of processes that no longer run, and never trips on a
  leftover that carries its own (reused) process id.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class PublishError(Exception):
    """The site cannot be published where it is asked to be."""


def staging_path(final: str) -> str:
    """The folder this process builds into before publishing at ``final`` (beside a link's target, for a link)."""
    return f"{os.path.realpath(final)}.building-{os.getpid()}"


def staging_dir(final: str) -> str:
    """The folder a build writes into before it is published at ``final``, emptied first; stale leftovers are removed."""
    if os.path.ismount(os.path.realpath(final)):
        raise PublishError(f"{final} is a mount point, which cannot be swapped for a new build: set site_dir to a "
                           "folder inside it (or a link pointing into it)")
    clear_leftovers(final)
    staging = staging_path(final)
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def clear_leftovers(final: str) -> list[str]:
    """Remove the building and old folders that killed builds left beside ``final``; returns the paths removed."""
    final = os.path.realpath(final)
    pattern = re.compile(re.escape(os.path.basename(final)) + r"\.(?:building|old)-(\d+)$")
    removed = []
    parent = Path(final).parent
    if not parent.is_dir():
        return removed
    for entry in parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or not _running(pid):  # our own id (reused) is never a live build of someone else
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(str(entry))
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _exchange(a: str, b: str) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def swap_in(staging: str, final: str) -> None:
    """Publish a finished build: ``staging`` becomes ``final``; the previous site is removed.

    For a link, the link's target is replaced and the link kept. Raises OSError (disk full,
    read-only folder) with the previous site in place.
    """
    final = os.path.realpath(final)
    if os.path.isdir(final) and not os.path.islink(final) and _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # the previous site, now at the staging path
        return
    old = f"{final}.old-{os.getpid()}"
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(final):
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: str) -> None:
    """Throw away a failed or refused build; the published site stays as it was."""
    shutil.rmtree(staging, ignore_errors=True)
