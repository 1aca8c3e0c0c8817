"""Shared fixtures: built sites served on 127.0.0.1, and a headless Chromium driven by Playwright.

Sites are built once per test run with ``mkdocs build --strict`` (MkDocs'
own command line, run in the process of the first worker that needs the site:
``sitetools.build_in_process``), as CI builds the real one:

- ``example_site`` / ``example_url``: the small fixture site in ``tests/fixtures/example``;
- ``hostile_site`` / ``hostile_url``: a site whose every text field carries script payloads;
- ``real_site`` / ``real_url``: the project's own site (repo root ``mkdocs.yml``), skipped
  when ``facts/`` is missing or does not validate.

Browser tests use ``browser`` (one Chromium per session) and ``open_page`` (a
new tab per call, in a context that has forgotten every earlier visit,
recording every request), or ``reused_page`` (the same, one tab per set of
options for the session, for tests that only read what a page shows). Chromium is the system's
(``/usr/bin/chromium`` or ``$FACTSHEET_CHROMIUM``); Playwright's own download
is never used. Without it the browser tests skip, unless
``FACTSHEET_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where they fail.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import importlib.util
import inspect
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import settings

# Generated examples per property: "thorough" for `make test` and CI, "quick" for the inner loop
# (`make test-fast` passes --hypothesis-profile=quick). A test may ask for fewer, never for more.
settings.register_profile("thorough", max_examples=200, deadline=None)
settings.register_profile("quick", max_examples=20, deadline=None)
settings.load_profile("thorough")

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

# Builds, in this process or another, keep their compiled templates where `make` keeps them
# (factsheet/templatecache.py); each process would otherwise compile them all again.
os.environ.setdefault("FACTSHEET_TEMPLATE_CACHE", str(Path(__file__).resolve().parent.parent / ".cache" / "templates"))

from payloads import HOSTILE_DOCS, HOSTILE_REPORT_URL, hostile_facts  # noqa: E402
from searchweight import chromium as chromium_path  # noqa: E402  (FACTSHEET_CHROMIUM, then the PATH, then /usr/bin/chromium)
from sitetools import (  # noqa: E402
    EXAMPLE,
    REAL_REPORT_URL,
    REAL_SITE_URL,
    ROOT,
    build_in_process,
    check_in_process,
    project_config,
    serve,
    write_project,
)

# Every host but the test server's fails to resolve, so nothing leaves the machine; a page's request to another host
# is still seen (and recorded) first. Done by the browser's resolver, not by routing each request through Playwright:
# routing disables the HTTP cache (and with it V8's code cache) and costs about a third more CPU per page load.
NO_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", NO_OTHER_HOSTS,
]
# What the tests drive: Chromium's headless shell where it is installed (Debian's chromium-headless-shell; what
# Playwright itself runs headless tests in), else the full browser. The same Blink and V8 without the full browser's
# UI layers: the browser tests took 88 machine-wide CPU-seconds in it against 147 in the full Chromium, on this
# 2-core machine. The one thing a test here needs that only the full browser does (a tab's favicon) is done in the
# full browser (``full_browser``).
HEADLESS_SHELLS = ("chromium-headless-shell", "chrome-headless-shell")


def driven_browser_path() -> str | None:
    """``FACTSHEET_CHROMIUM`` if set; else a headless shell on the PATH; else the full browser (``chromium_path``)."""
    if not os.environ.get("FACTSHEET_CHROMIUM"):
        for name in HEADLESS_SHELLS:
            found = shutil.which(name)
            if found:
                return found
    return chromium_path()

ENABLE_HINT = ("no Chromium found: install it (apt-get install chromium) or set FACTSHEET_CHROMIUM=/path/to/chromium "
               "to run the browser tests")


def _built(result, what: str) -> None:
    if result.returncode != 0:
        pytest.fail(f"{what} did not build:\n{result.stdout}{result.stderr}", pytrace=False)


# --- built sites -------------------------------------------------------------------------------

@contextlib.contextmanager
def _locked(path: Path):
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` once per test run, its folder shared by every pytest-xdist worker.

    Without xdist it is simply a fresh temporary folder. With it, the first
    worker to ask makes it (the others wait on a lock) and a marker file says
    it is complete; a failed ``make`` leaves no marker, so it fails in every
    worker that needs it, with its own message.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    root = tmp_path_factory.getbasetemp().parent  # common to the workers of this run
    folder, done = root / f"shared-{name}", root / f"shared-{name}.done"
    with _locked(root / f"shared-{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example fixture site, built with ``mkdocs build --strict``."""
    return shared(tmp_path_factory, "example",
                  lambda folder: _built(build_in_process(EXAMPLE / "mkdocs.yml", folder / "site"), "the example site")) / "site"


@pytest.fixture(scope="session")
def hostile_project(tmp_path_factory) -> Path:
    """A project whose fact files carry a script payload in every text field, built with ``mkdocs build --strict``
    into its ``site/`` (the ``hostile_site`` fixture)."""
    config = project_config(extra=f"extra:\n  factsheet:\n    report_url: {HOSTILE_REPORT_URL!r}\n")

    def make(folder: Path) -> None:
        project = write_project(folder / "project", hostile_facts(), HOSTILE_DOCS, config)
        _built(build_in_process(project / "mkdocs.yml", project / "site"), "the hostile-input site")

    return shared(tmp_path_factory, "hostile", make) / "project"


@pytest.fixture(scope="session")
def hostile_site(hostile_project: Path) -> Path:
    """The hostile project's built site."""
    return hostile_project / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The project's own site (repo root ``mkdocs.yml``), when its facts exist and validate."""
    facts = ROOT / "facts"
    if not (facts / "sources.yml").is_file():
        pytest.skip("the real site has no facts/ yet")
    check = check_in_process(facts)
    if check.returncode != 0:
        pytest.skip("the real site's facts/ do not validate yet (see `factsheet check`)")
    # As CI builds it: the site's and the "Report a problem" addresses come from the environment (see mkdocs.yml).
    return shared(tmp_path_factory, "real", lambda folder: _built(
        build_in_process(ROOT / "mkdocs.yml", folder / "site", FACTSHEET_REPORT_URL=REAL_REPORT_URL, FACTSHEET_SITE_URL=REAL_SITE_URL),
        "the real site (repo root mkdocs.yml)")) / "site"


@pytest.fixture(scope="session")
def example_url(example_site: Path):
    """Base URL of the example site, served on 127.0.0.1."""
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path):
    """Base URL of the hostile-input site, served on 127.0.0.1."""
    with serve(hostile_site) as url:
        yield url


@pytest.fixture(scope="session")
def real_url(real_site: Path):
    """Base URL of the real site, served on 127.0.0.1."""
    with serve(real_site) as url:
        yield url


# --- the browser ---------------------------------------------------------------------------------

def _unavailable(reason: str):
    if os.environ.get("FACTSHEET_REQUIRE_BROWSER") == "1":
        pytest.fail(f"FACTSHEET_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:  # found, not imported: collection stays quick
        return "Playwright is not installed: pip install -r requirements-test.txt to run the browser tests"
    return ENABLE_HINT if driven_browser_path() is None else None


# What a test or fixture calls that builds a site or starts a process (read from its compiled code, not its text).
_BUILDERS = {"mkdocs_build", "factsheet_check", "build_in_process", "check_in_process", "build"}
_TESTS = str(Path(__file__).resolve().parent)


@functools.cache
def _runs_a_build(function) -> bool:
    """Whether a function calls a site build or ``subprocess.run``, itself, in a function defined in it, or through a
    helper of the tests it calls; once per function, since many tests share a fixture or a helper."""
    return _calls_a_build(function, set())


def _calls_a_build(function, seen: set) -> bool:
    code = getattr(function, "__code__", None)
    if code is None or code in seen:
        return False
    seen.add(code)
    codes, names = [code], set()
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(const for const in code.co_consts if hasattr(const, "co_names"))
    if names & _BUILDERS or {"subprocess", "run"} <= names:
        return True
    helpers = (getattr(function, "__globals__", {}).get(name) for name in names)
    return any(inspect.isfunction(helper) and helper.__code__.co_filename.startswith(_TESTS) and _calls_a_build(helper, seen)
               for helper in helpers)


def _builds_a_site(item) -> bool:
    """Whether a test, or a fixture it uses, runs a site build or another process."""
    functions = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for defs in (info.name2fixturedefs.values() if info else ()):
        functions.extend(d.func for d in defs)
    return any(function is not None and _runs_a_build(function) for function in functions)


def pytest_collection_modifyitems(config, items):
    """Mark tests that build a site (in a process of its own or not) or start a process as slow (``make test-fast`` leaves them out);
    without a browser, skip the browser tests up front (or, when CI requires them, let them fail)."""
    for item in items:
        if not item.get_closest_marker("browser") and _builds_a_site(item):
            item.add_marker(pytest.mark.slow)
    # The long tests first, the many short in-process ones last: pytest-xdist hands each worker a run of tests from the
    # front of the list, so the short ones fill the workers' last minutes instead of one worker finishing a long build
    # while the others wait.
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") else 1 if item.get_closest_marker("browser") else 2)
    reason = browser_unavailable()
    if reason is None or os.environ.get("FACTSHEET_REQUIRE_BROWSER") == "1":
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say once, in one line, why the browser tests were skipped and how to run them (with or without xdist)."""
    reason = browser_unavailable()
    if reason is None:
        return
    count = sum(1 for report in terminalreporter.stats.get("skipped", []) if "browser" in report.keywords)
    if count:
        terminalreporter.write_line(f"{count} browser tests skipped: {reason}", yellow=True)


@pytest.fixture(scope="session")
def _playwright():
    """Playwright's driver for the session's browsers."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install -r requirements-test.txt to run the browser tests")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    """One headless system Chromium for the session (its headless shell where installed, see ``driven_browser_path``)."""
    executable = driven_browser_path()
    if executable is None:
        _unavailable(ENABLE_HINT)
    instance = _playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def full_browser(_playwright, request):
    """The full Chromium, for what its headless shell does not do as a reader's browser does: ``browser`` when that is
    the full browser already, else a launch of its own with the same arguments."""
    executable = chromium_path()
    if executable is None:
        _unavailable(f"the tests drive {driven_browser_path()}, and no full Chromium was found: {ENABLE_HINT}")
    if executable == driven_browser_path():
        yield request.getfixturevalue("browser")
        return
    instance = _playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


class Visit:
    """A page of the browser, with every request and dialog it caused."""

    def __init__(self, context, page):
        self.context = context
        self.page = page
        self.requests: list[str] = []
        self.dialogs: list[str] = []

    def foreign_requests(self, base_url: str) -> list[str]:
        """Requests that went anywhere but the local server (``data:``/``blob:`` included)."""
        local = urlsplit(base_url).netloc
        return [u for u in self.requests if urlsplit(u).netloc != local or urlsplit(u).scheme != "http"]


class _Context:
    """A browser context of this worker, lent to one test at a time: what it has fetched from, which visit records its
    requests now, and the page ``reused_page`` keeps in it."""

    def __init__(self, browser, javascript: bool, options: dict):
        self.context = browser.new_context(java_script_enabled=javascript, **options)
        self.context.set_default_timeout(10_000)
        self.origins: set[str] = set()
        self.visit: Visit | None = None
        self.kept: Visit | None = None
        self.context.on("request", self._request)
        self.context.on("page", lambda page: page.on("dialog", self._dialog))

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https"):
            self.origins.add(f"{parts.scheme}://{parts.netloc}")
        if self.visit is not None:
            self.visit.requests.append(request.url)

    def _dialog(self, dialog) -> None:
        if self.visit is not None:
            self.visit.dialogs.append(dialog.message)
        dialog.dismiss()

    def lend(self, page) -> Visit:
        self.visit = Visit(self.context, page)
        return self.visit

    def forget(self, page) -> None:
        """Make the context as a new one would be for a page just opened in it: no cookies, permissions, cached
        responses (compiled scripts included) or stored data (local storage, IndexedDB, caches) of any site it has
        fetched from. The page is a new tab, so its session storage, media emulation and routes are its own."""
        self.context.clear_cookies()
        self.context.clear_permissions()
        cdp = self.context.new_cdp_session(page)
        try:
            cdp.send("Network.clearBrowserCache")
            for origin in sorted(self.origins):
                cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        finally:
            cdp.detach()
        self.origins.clear()

    def give_back(self) -> None:
        """After a test: close every page it opened, leave the kept one blank (a page left open would go on running
        and fetching while the next test records), drop the routes it added."""
        self.visit = None
        for page in self.context.pages:
            if self.kept is None or page is not self.kept.page:
                page.close()
        if self.kept is not None:
            self.kept.page.goto("about:blank")
        self.context.unroute_all(behavior="ignoreErrors")


@pytest.fixture(scope="session")
def _contexts(browser):
    """This worker's browser contexts, one per set of options. On the machine these tests were first timed on, a new
    context cost Chromium about 0.7 CPU-seconds, twice a new tab in one; on a later host (an Intel Xeon at 2.0 GHz) a
    visit cost about the same either way (0.41 against 0.40 CPU-seconds, with the page load)."""
    contexts: dict[str, _Context] = {}
    yield contexts
    for shared in contexts.values():
        shared.context.close()


@pytest.fixture
def _lent(browser, _contexts):
    """Lend a test a context for a set of options, or a context of its own when it already holds that one."""
    held: list[_Context] = []
    own: list[_Context] = []

    def lend(javascript: bool, options: dict) -> _Context:
        key = repr((javascript, sorted(options.items())))
        shared = _contexts.get(key)
        if shared is None:
            shared = _contexts[key] = _Context(browser, javascript, options)
        elif shared in held:
            shared = _Context(browser, javascript, options)
            own.append(shared)
        held.append(shared)
        return shared

    yield lend
    for shared in held:
        shared.give_back()
    for shared in own:
        shared.context.close()


@pytest.fixture
def open_page(_lent):
    """Open pages as a first visit: ``open_page(javascript=True, **context_options)`` returns a :class:`Visit`.

    Each page is a new tab in a context that has forgotten everything (see
    :meth:`_Context.forget`), so the page starts as in a new context: nothing
    cached or stored. Every request is recorded; requests to hosts other than
    127.0.0.1 fail (the browser cannot resolve them, see ``NO_OTHER_HOSTS``)
    but are still recorded. A test that stands in for another host routes it
    itself (a route answers before any lookup). Dialogs (``alert``) are
    recorded and dismissed. The tab is closed, and the routes the test added
    dropped, after the test.
    """

    def make(javascript: bool = True, **options) -> Visit:
        shared = _lent(javascript, options)
        page = shared.context.new_page()
        shared.forget(page)
        return shared.lend(page)

    return make


@pytest.fixture
def reused_page(_lent):
    """``open_page``'s pages for tests that only read what a page shows and do there: one tab per set of options for
    the worker's session, at ``about:blank`` (where the last test left it) with no cookies and nothing recorded when a test gets it (a new tab
    costs more CPU than the page it loads). Its cache and storage are kept, so a test that counts what is fetched,
    or depends on a first visit, uses ``open_page``."""

    def get(javascript: bool = True, **options) -> Visit:
        shared = _lent(javascript, options)
        if shared.kept is None:
            shared.kept = Visit(shared.context, shared.context.new_page())
        page = shared.kept.page
        page.mouse.move(0, 0)
        shared.context.clear_cookies()
        return shared.lend(page)

    return get
