"""Publishing a built site in one step: build beside it, then swap it in, so a failed build leaves the old one.

A build writes into ``<site>.building-<pid>``; :func:`swap_in` moves the
finished folder to ``<site>`` and removes the old one; :func:`discard` throws
a failed build away. Nothing here knows which site generator built the files.
"""

from __future__ import annotations

import os
import shutil


def staging_path(final: str) -> str:
    """The folder this process builds into before publishing at ``final``."""
    return f"{os.path.abspath(final)}.building-{os.getpid()}"


def staging_dir(final: str) -> str:
    """The folder a build writes into before it is published at ``final``, emptied first."""
    staging = staging_path(final)
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def swap_in(staging: str, final: str) -> None:
    """Publish a finished build: ``staging`` becomes ``final``; the previous site is removed."""
    final = os.path.abspath(final)
    old = f"{final}.old-{os.getpid()}"
    if os.path.exists(final):
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: str) -> None:
    """Throw away a failed or refused build; the published site stays as it was."""
    shutil.rmtree(staging, ignore_errors=True)
