"""Compiled Jinja templates kept for the life of the process and, when asked, between processes.

MkDocs makes a new Jinja environment for every build, so every build parses
and compiles every theme template again: on this sheet, about 38
templates, a quarter of an in-process rebuild's CPU time. ``mkdocs
serve`` pays it on every rebuild, and so does anything that builds more than
once in one process. The plugin gives each build's environment this cache
(Jinja's own ``bytecode_cache`` hook, made for exactly this), and the engine
gives it its own page templates' environment: a template is compiled once,
and again only when its source changes, since Jinja checks each cached
template's source checksum before using it.

A new process compiles them all again, which is about a third of a small
sheet's ``mkdocs build``. With ``FACTSHEET_TEMPLATE_CACHE`` set to a folder
(``make`` sets ``.cache/templates``), compiled templates are also kept
there, one file each, and read back by the next process. The files are
Python code the build runs, so a folder is used only if it is the user's own
and nobody else can write to it (it is made so when missing); otherwise, and
whenever a file cannot be read or written, the templates are simply compiled.
A file from another Python or Jinja version, or for another source, is
compiled again and replaced (Jinja checks both).

Compiled code depends on the environment's syntax settings and extensions,
which a theme or another plugin may set; the cache is keyed by those too, so
two environments that compile a template differently never share it.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

# At most this many compiled templates are kept in memory (a theme has a few dozen; serve sessions that edit
# templates add a version per edit): past it the oldest go.
LIMIT = 1000
FOLDER_VARIABLE = "FACTSHEET_TEMPLATE_CACHE"
_FROM_ENVIRONMENT = object()


def _named(value) -> str:
    """A setting as the same text in every process: a module-level function by its module and name, not its
    address. A closure (``select_autoescape``'s, say) keeps its address: two with one name may decide differently,
    so its templates are shared within the process only."""
    module, name = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    plain = callable(value) and module and name and "<locals>" not in name and not getattr(value, "__closure__", None)
    return f"{module}.{name}" if plain else repr(value)


def _syntax(environment) -> tuple:
    """What makes the same template source compile to different code in two environments."""
    return (
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
        environment.keep_trailing_newline, environment.optimized, environment.is_async,
        _named(environment.autoescape), _named(environment.finalize),
        tuple(sorted(environment.extensions)),
    )


def own_folder(path: Path) -> bool:
    """Whether ``path`` is a folder (made if missing) that only this user can write to: one whose files may be run."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


class ProcessTemplateCache(BytecodeCache):
    """Jinja bytecode kept in memory, by environment syntax, template name and file, and source checksum; and in
    a folder when one is given (by default the one ``FACTSHEET_TEMPLATE_CACHE`` names, read at each use)."""

    def __init__(self, limit: int = LIMIT, folder: Path | None | object = _FROM_ENVIRONMENT) -> None:
        self.limit = limit
        self._folder = folder
        self._checked: dict[Path, bool] = {}
        self._code: dict[tuple, bytes] = {}
        self._lock = threading.Lock()
        self.compiled = 0  # templates compiled (found neither here nor in the folder) since the process started
        self.reused = 0
        self.read = 0  # of those reused, read from the folder

    def _key(self, bucket: Bucket) -> tuple:
        return (_syntax(bucket.environment), bucket.key)

    def folder(self) -> Path | None:
        """The folder compiled templates are kept in between processes, or None (none asked for, or not one's own)."""
        if self._folder is _FROM_ENVIRONMENT:
            value = os.environ.get(FOLDER_VARIABLE)
            folder = Path(value).expanduser().absolute() if value else None
        else:
            folder = self._folder
        if folder is None:
            return None
        if folder not in self._checked:
            self._checked[folder] = own_folder(folder)
        return folder if self._checked[folder] else None

    @staticmethod
    def _file(folder: Path, key: tuple) -> Path:
        return folder / (hashlib.sha256(repr(key).encode("utf-8")).hexdigest() + ".jinja")

    def load_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        with self._lock:
            kept = self._code.get(key)
        folder = self.folder() if kept is None else None
        if folder is not None:
            try:
                kept = self._file(folder, key).read_bytes()
            except OSError:
                kept = None
        if kept is not None:
            try:
                bucket.bytecode_from_string(kept)  # checks the source checksum it holds: another source leaves code None
            except Exception:  # a damaged file: compile again (and replace it)
                bucket.reset()
        if bucket.code is None:
            self.compiled += 1
            return
        self.reused += 1
        if folder is not None:
            self.read += 1
            with self._lock:
                self._keep(key, kept)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        key = self._key(bucket)
        with self._lock:
            self._keep(key, code)
        folder = self.folder()
        if folder is None:
            return
        target = self._file(folder, key)
        partial = target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.part")
        try:  # whole or not at all: another process may be reading it
            partial.write_bytes(code)
            os.replace(partial, target)
        except OSError:
            partial.unlink(missing_ok=True)

    def _keep(self, key: tuple, code: bytes) -> None:
        self._code.pop(key, None)
        self._code[key] = code
        while len(self._code) > self.limit:
            del self._code[next(iter(self._code))]


TEMPLATES = ProcessTemplateCache()


def share_compiled_templates(environment) -> None:
    """Give a Jinja environment the process's compiled templates, unless it has a cache of its own."""
    if environment.bytecode_cache is None:
        environment.bytecode_cache = TEMPLATES
