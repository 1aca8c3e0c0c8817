"""Building and serving throwaway MkDocs projects for the end-to-end tests.

Used by ``conftest.py`` and the build tests: write a project (``mkdocs.yml``,
``docs/``, ``facts/``) into a temporary folder, run ``mkdocs build`` in a
subprocess exactly as an editor or CI would, and serve a built site on
127.0.0.1 from a background thread.

``build_in_process`` and ``check_in_process`` run the same two commands in the
test's own process (MkDocs' command line through Click's test runner, with a
fresh configuration, plugin and hook module for each build; the project's
folder as working directory and the environment a subprocess would get), for
the many variant builds whose behaviour under test is not the process itself:
a new interpreter costs more than a small build. What needs a process of its
own (a memory cap, another hash seed, ``mkdocs serve``) still starts one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import io
import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOOK = ROOT / "hooks" / "factsheet_hook.py"
EXAMPLE = ROOT / "tests" / "fixtures" / "example"
SEARCH_WORKER = ROOT / "factsheet" / "assets" / "search-worker.js"
BUILD_TIMEOUT = 120
# Published-looking addresses: a strict build refuses placeholders such as example.org (see factsheet.model.urls).
TEST_SITE_URL = "https://factsheet-tests.github.io/sheet/"
REAL_SITE_URL = "https://dual-use-facts.github.io/factsheet/"  # the real site, built as CI builds it (FACTSHEET_SITE_URL)


def project_config(site_name: str = "Test sheet", extra: str = "") -> str:
    """A ``mkdocs.yml`` like the real one: Material, the hook, search, strict link validation."""
    return textwrap.dedent(f"""\
        site_name: {site_name!r}
        site_url: {TEST_SITE_URL}
        strict: true
        theme:
          name: material
          font: false
          features: [navigation.indexes, navigation.prune, search.highlight]
        hooks:
          - {HOOK.as_posix()!r}
        plugins:
          - search
        markdown_extensions:
          - attr_list
          - md_in_html
          - toc:
              permalink: true
        validation:
          nav:
            omitted_files: info
            not_found: warn
          links:
            not_found: warn
            anchors: warn
            unrecognized_links: warn
        nav:
          - Home: index.md
          - Topics: topics/index.md
          - Figures: figures.md
          - Timeline: timeline.md
          - Sources: sources/index.md
          - Entities: entities/index.md
          - Data: data.md
        """) + extra


def write_project(root: Path, facts: dict[str, str | bytes], docs: dict[str, str] | None = None,
                  config: str | None = None) -> Path:
    """Write a project folder: ``mkdocs.yml``, ``docs/`` and ``facts/`` (paths relative to ``facts/``)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config if config is not None else project_config(), encoding="utf-8")
    for rel, text in (docs if docs is not None else {"index.md": "# Home\n"}).items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, content in facts.items():
        path = root / "facts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def example_facts() -> dict[str, str]:
    """The example fixture's fact files, as text, to start a variant from."""
    base = EXAMPLE / "facts"
    return {p.relative_to(base).as_posix(): p.read_text(encoding="utf-8") for p in sorted(base.rglob("*.yml"))}


def build_env(**extra: str) -> dict[str, str]:
    """The environment of a build subprocess: quiet about MkDocs 2, deterministic hashing unless told."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(extra)
    return env


MEMORY_LIMIT = 1 << 30  # bytes of address space a check or build subprocess may use


def _cap_memory() -> None:
    with contextlib.suppress(Exception):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


# The real site is built as CI builds it, with its "Report a problem" address from the environment (see mkdocs.yml).
REAL_REPORT_URL = "https://github.com/example-org/factsheet/issues/new?title=Problem%20with%20{id}&body={url}%0A{title}"


def mkdocs_build(config_file: Path, site_dir: Path, timeout: float = BUILD_TIMEOUT, **env: str) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` in a subprocess, within 1 GiB; output and errors are in the result."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        capture_output=True, text=True, timeout=timeout, env=build_env(**env), cwd=config_file.parent,
        preexec_fn=_cap_memory if os.name == "posix" else None,
    )


def factsheet_check(facts_dir: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``factsheet check`` in a subprocess, within 1 GiB of address space where the OS allows."""
    return subprocess.run(
        [sys.executable, "-m", "factsheet", "--facts", str(facts_dir), "check"],
        capture_output=True, text=True, timeout=timeout, env=build_env(), cwd=facts_dir.parent,
        preexec_fn=_cap_memory if os.name == "posix" else None,
    )


@contextlib.contextmanager
def _as_a_subprocess(cwd: Path, env: dict[str, str]) -> Iterator[None]:
    """Run a command in-process in ``cwd`` with exactly ``env`` as its environment, both restored afterwards."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        with contextlib.chdir(cwd):
            yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _crashed(stderr: str, exc: BaseException) -> str:
    """What the interpreter would have printed for an exception nothing caught (a test looks for "Traceback")."""
    return stderr + "Traceback (most recent call last):\n" + "".join(traceback.format_exception(exc)[1:])


def build_in_process(config_file: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """``mkdocs build --strict -f CONFIG -d SITE`` run in this process, as :func:`mkdocs_build` runs it in another.

    MkDocs' own command line (``mkdocs.__main__.cli``) runs under Click's test
    runner, so its exit status and what it prints are the command's: a
    configuration error, an aborted build, an exception nothing caught (shown
    as the traceback an interpreter would print). Each build loads its
    configuration afresh, and with it a new hook module and plugin instance.
    The loggers the command line sets up (its handler, level and duplicate
    filter) are put back afterwards, so that one build's messages cannot
    silence or leak into the next.
    """
    from click.testing import CliRunner
    from mkdocs.__main__ import ColorFormatter, cli

    loggers = [logging.getLogger(name) for name in ("mkdocs", "mkdocs.commands.build")]
    saved = [(lg, lg.level, lg.propagate, list(lg.handlers), list(lg.filters)) for lg in loggers]
    width, ColorFormatter.text_wrapper.width = ColorFormatter.text_wrapper.width, 0  # output to a pipe is not wrapped
    args = ["build", "--strict", "-f", str(config_file), "-d", str(site_dir)]
    try:
        with _as_a_subprocess(config_file.parent, build_env(**env)):
            result = CliRunner().invoke(cli, args, catch_exceptions=True)
    finally:
        ColorFormatter.text_wrapper.width = width
        for logger, level, propagate, handlers, filters in saved:
            logger.setLevel(level)
            logger.propagate = propagate
            logger.handlers[:] = handlers
            logger.filters[:] = filters
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr = _crashed(stderr, result.exception)
    return subprocess.CompletedProcess(["mkdocs", *args], result.exit_code, result.stdout, stderr)


def check_in_process(facts_dir: Path) -> subprocess.CompletedProcess:
    """``factsheet --facts FACTS check`` run in this process (from the folder holding ``facts_dir``), as :func:`factsheet_check` runs it."""
    from factsheet.cli import main

    args = ["--facts", str(facts_dir), "check"]
    out, err = io.StringIO(), io.StringIO()
    with _as_a_subprocess(facts_dir.parent, build_env()), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 1
        except Exception as exc:  # noqa: BLE001 - the interpreter's own handling: print it, exit 1
            err.write(_crashed("", exc))
            code = 1
    return subprocess.CompletedProcess(["factsheet", *args], code, out.getvalue(), err.getvalue())


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under a folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's signature
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that drops a request it no longer needs is not an error of the site; anything else still is."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port; yields the base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def settle(page) -> None:
    """Wait until a browser page has loaded and every animation and CSS transition on it has ended. An animation
    cancelled meanwhile (a transition replaced by the next, an element removed) has ended too: its ``finished``
    promise rejects, so each is awaited settled, not fulfilled."""
    page.wait_for_load_state("load")
    page.evaluate("Promise.allSettled(document.getAnimations().map(a => a.finished)).then(() => null)")


def add_search_worker(page) -> None:
    """Load the site's search worker script into a browser page as a plain script: outside a worker it only defines
    ``FactsheetSearch`` (its tokenizer, query parser, highlighter and index)."""
    page.add_script_tag(content=SEARCH_WORKER.read_text(encoding="utf-8"))


def search_for(page, query: str) -> None:
    """Put the whole query in Material's search box (clicked first), then one key up that leaves it as it is: one
    search, for this query only, so the results then shown are never a partial query's.

    Material reads the box on each key up, on focus (after a 1 ms debounce) and when its worker says it is ready;
    typed key by key, or filled in two steps, any of these can read a partial query under load. Filled at once, the
    box holds nothing or the whole query whenever it is read, and the same value twice is one search."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")


def facts_json(site: Path) -> dict:
    """A built site's own data download, to know what its pages should show."""
    return json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind in a built site, by kind: home, topic, fact anchor, source, entity, ..."""
    data = facts_json(site)
    fact = data["facts"][0]
    kinds = {
        "home": "", "topics index": "topics/", "topic": f"topics/{fact['topic']}/",
        "fact anchor": f"topics/{fact['topic']}/#{fact['id']}", "sources index": "sources/",
        "source": f"sources/{fact['citations'][0]['source']}/", "entities index": "entities/",
        "entity": f"entities/{fact['claimant']}/", "data": "data/", "figures table": "figures/", "timeline": "timeline/",
    }
    for extra in ("corrections", "charts", "methodology", "reference/format"):
        if (site / extra / "index.html").is_file():
            kinds[extra] = f"{extra}/"
    return kinds


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on (now)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServe:
    """``mkdocs serve --livereload`` of a project in a subprocess on a free port, as ``make serve`` runs it.

    ``url`` is the preview's address (with the mount path of ``site_url``);
    ``log`` collects the server's output lines; :meth:`wait_for` waits for a
    line after a given count; :meth:`get` fetches a page with a timeout.
    """

    def __init__(self, project: Path, timeout: float = BUILD_TIMEOUT, args: tuple[str, ...] = ()):
        self.project, self.timeout, self.args = project, timeout, args
        self.port = free_port()
        self.log: list[str] = []
        self.url = ""
        self._lines = threading.Condition()

    def __enter__(self) -> LiveServe:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{self.port}", *self.args],
            cwd=self.project, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for("Serving on ", 0, self.timeout)
        if line is None:
            self.__exit__(None, None, None)
            raise RuntimeError("mkdocs serve did not start:\n" + "".join(self.log[-60:]))
        self.url = line.split("Serving on ", 1)[1].strip()
        return self

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._lines:
                self.log.append(line)
                self._lines.notify_all()

    def wait_for(self, text: str, since: int, timeout: float) -> str | None:
        """The first log line at index ``since`` or later containing ``text``, waiting up to ``timeout`` seconds."""
        with self._lines:
            found = self._lines.wait_for(lambda: next((x for x in self.log[since:] if text in x), None)
                                         or self.proc.poll() is not None, timeout)
            return next((x for x in self.log[since:] if text in x), None) if found else None

    def get(self, path: str, timeout: float = 15) -> tuple[int, str]:
        """Status and text of a page of the preview (``path`` relative to its address)."""
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
