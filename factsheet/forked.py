"""Work done on another core while a build goes on: a forked child computes a value, the build reads it when it needs it.

A one-off build of a large sheet has pieces of work that nothing else waits
for until later (the downloads while the pages are made; the generated
pages' search entries while MkDocs renders every page). :class:`Forked`
starts such a piece in a child made with ``os.fork`` (so the child has the
sheet and the pages without copying them through a pipe) and returns the
child's result, pickled, when :meth:`Forked.result` is called.

Nothing depends on the child working: where ``os.fork`` does not exist, where
parallel work is switched off, or when the child fails or dies, the work is
done in the calling process instead, so the result (or the error) is what a
plain call would have given. The child never writes a file, never logs, and
leaves with ``os._exit`` (no ``atexit`` handler, no flushing of buffers it
shares with its parent).

Before forking, every object alive is frozen for the garbage collector
(``gc.freeze()``, as Python's documentation advises before a fork without
exec): the child's collections then do not write to the parent's objects
(which would copy their memory pages), and the build's own collections stop
going through the sheet and its pages again and again (a 10,000-fact build
took about 1.3 s less). Frozen objects are never collected, so whoever runs
the build calls :func:`thaw` when it ends (the MkDocs plugin does, at the end
of every build, failed or not).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
_NOT_YET = object()

# FACTSHEET_PARALLEL=0 does everything in one process (the plugin's ``parallel`` option does the same for one site).
ENV = "FACTSHEET_PARALLEL"


def available() -> bool:
    """Whether work can go to a forked child here: Linux (macOS's system libraries are not safe to fork), not switched off."""
    return hasattr(os, "fork") and sys.platform.startswith("linux") and os.environ.get(ENV, "1") != "0"


def thaw() -> None:
    """Let the garbage collector see again the objects frozen when children were forked (at the end of a build)."""
    gc.unfreeze()


class Forked(Generic[T]):
    """``work()`` computed in a forked child (or, failing that, in this process when :meth:`result` is called)."""

    def __init__(self, work: Callable[[], T], fork: bool = True) -> None:
        self._work = work
        self._value: object = _NOT_YET
        self._pid: int | None = None
        self._read: int | None = None
        if not (fork and available()):
            return
        read, write = os.pipe()
        gc.freeze()  # see the module's docstring; thaw() at the end of the build
        try:
            pid = os.fork()
        except OSError:  # no more processes: do it here, later
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, leave
            os.close(read)
            _child(work, write)
        os.close(write)
        self._pid, self._read = pid, read

    @property
    def forked(self) -> bool:
        """Whether a child is computing the value (until :meth:`result` or :meth:`cancel`)."""
        return self._pid is not None

    def result(self) -> T:
        """The value: the child's, once it is done, or computed here when there was no child or it failed (once:
        later calls return the same value)."""
        if self._value is _NOT_YET:
            self._value = self._get()
        return self._value  # type: ignore[return-value]

    def _get(self) -> T:
        if self._pid is None:
            return self._work()
        done, value = False, None
        try:
            with os.fdopen(self._read, "rb") as pipe:  # read as it comes: never the whole pickle in memory at once
                self._read = None
                try:
                    done, value = pickle.load(pipe)
                except Exception:  # noqa: BLE001, S110 - nothing, or a garbled result: done again here
                    pass
        finally:
            status = _reap(self._pid)
            self._pid = None
        if done and status == 0:
            return value
        return self._work()  # the child failed: here, the error (if any) is raised as a plain call raises it

    def cancel(self) -> None:
        """Stop the child, if any (a build that failed before it needed the value)."""
        if self._pid is None:
            return
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        if self._read is not None:
            with contextlib.suppress(OSError):
                os.close(self._read)
            self._read = None
        _reap(self._pid)
        self._pid = None


def _child(work: Callable[[], object], write: int) -> None:
    code = 1
    try:
        value = work()
        with os.fdopen(write, "wb") as pipe:  # written as it is pickled (an unpicklable value leaves a garbled one)
            pickle.dump((True, value), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:  # noqa: BLE001, S110 - the parent does the work again and reports what goes wrong
        pass
    finally:
        os._exit(code)


def _reap(pid: int) -> int | None:
    """Wait for the child; its exit code (None if it could not be waited for or was killed)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)
