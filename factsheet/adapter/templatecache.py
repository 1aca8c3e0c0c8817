"""Compiled theme templates kept for the life of the process.

MkDocs makes a new Jinja environment for every build, so every build parses
and compiles every theme template again: on this sheet, about 38
templates, a quarter of an in-process rebuild's CPU time. ``mkdocs
serve`` pays it on every rebuild, and so does anything that builds more than
once in one process. The plugin gives each build's environment this cache
(Jinja's own ``bytecode_cache`` hook, made for exactly this): a template is
compiled once, and again only when its source changes, since Jinja checks
each cached template's source checksum before using it.

Compiled code depends on the environment's syntax settings and extensions,
which a theme or another plugin may set; the cache is keyed by those too, so
two environments that compile a template differently never share it.
"""

from __future__ import annotations

import threading

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

# At most this many compiled templates are kept (a theme has a few dozen; serve sessions that edit templates add a
# version per edit): past it the oldest go.
LIMIT = 1000


def _syntax(environment) -> tuple:
    """What makes the same template source compile to different code in two environments."""
    return (
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
        environment.keep_trailing_newline, environment.optimized, environment.is_async,
        repr(environment.autoescape), repr(environment.finalize),
        tuple(sorted(environment.extensions)),
    )


class ProcessTemplateCache(BytecodeCache):
    """Jinja bytecode kept in memory, by environment syntax, template name and file, and source checksum."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._code: dict[tuple, bytes] = {}
        self._lock = threading.Lock()
        self.compiled = 0  # templates compiled (not found here) since the process started
        self.reused = 0

    def _key(self, bucket: Bucket) -> tuple:
        return (_syntax(bucket.environment), bucket.key)

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            kept = self._code.get(self._key(bucket))
        if kept is not None:
            bucket.bytecode_from_string(kept)  # checks the source checksum it holds: another source leaves code None
        if bucket.code is None:
            self.compiled += 1
        else:
            self.reused += 1

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            key = self._key(bucket)
            self._code.pop(key, None)
            self._code[key] = code
            while len(self._code) > self.limit:
                del self._code[next(iter(self._code))]


TEMPLATES = ProcessTemplateCache()


def share_compiled_templates(environment) -> None:
    """Give a build's Jinja environment the process's compiled templates, unless it has a cache of its own."""
    if environment.bytecode_cache is None:
        environment.bytecode_cache = TEMPLATES
