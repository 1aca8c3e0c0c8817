"""The live preview under ``mkdocs serve``: a failed rebuild keeps the last good site and shows why in the browser.

MkDocs 1.6's server (``mkdocs/livereload``, checked against 1.6.1) runs its
builder after each change and, when the builder raises, logs "the server
will appear stuck" and holds every request until a build succeeds: one bad
edit freezes the preview. :func:`install` (called from the plugin's
``on_serve``) changes two things on that server, through its public
attributes:

- its ``builder`` is wrapped: a failed build is logged (the root cause
  first, as the engine orders it) and recorded, and the wrapper returns, so
  the server counts the build as done and live reload reloads every open
  page. The plugin builds into a sibling folder and swaps it in only when
  the build succeeds (as ``mkdocs build`` does), so the pages served are the
  last good build's, whole.
- its WSGI application is wrapped (``set_app``): while the last build
  failed, every HTML page gets an overlay listing the errors
  (``path:line:col: message``, escaped). The next good build clears the
  error; live reload then reloads the page without it.
"""

from __future__ import annotations

import html
import logging
import threading
import time

log = logging.getLogger("mkdocs.plugins.factsheet")

OVERLAY_ID = "factsheet-preview-error"


class PreviewState:
    """What the last build under ``mkdocs serve`` left: nothing, or the text of its error."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.error: str | None = None  # shown in the browser while set
        self.pending: str | None = None  # recorded by the plugin during a build, read when it fails
        self.failed_at: float | None = None

    def record(self, text: str) -> None:
        """Remember the clearest account of the current build's failure (the plugin knows it better than MkDocs' Abort)."""
        with self._lock:
            if self.pending is None:
                self.pending = text

    def start(self) -> None:
        with self._lock:
            self.pending = None

    def fail(self, fallback: str) -> str:
        with self._lock:
            self.error = self.pending or fallback
            self.pending = None
            self.failed_at = time.time()
            return self.error

    def succeed(self) -> None:
        with self._lock:
            self.error = self.pending = self.failed_at = None

    def overlay(self) -> bytes | None:
        """The overlay's HTML while the last build failed, else None."""
        error = self.error
        if error is None:
            return None
        return overlay_html(error).encode("utf-8")


STATE = PreviewState()


def overlay_html(error: str) -> str:
    """An alert fixed at the bottom of the page: the errors, one a line, escaped; the page under it is the last good build."""
    lines = [line for line in error.splitlines() if line.strip()]
    items = "".join(f'<li style="margin:0 0 .3em;white-space:pre-wrap;overflow-wrap:anywhere">{html.escape(line)}</li>'
                    for line in lines)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;left:0;right:0;bottom:0;z-index:100000;'
        "max-height:50vh;overflow:auto;margin:0;padding:1em 1.2em;background:#fff3f3;color:#5c0000;"
        "border-top:4px solid #c62828;box-shadow:0 -2px 12px rgba(0,0,0,.25);"
        'font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace">'
        '<p style="margin:0 0 .6em;font-weight:bold;font-family:system-ui,sans-serif">'
        "The preview is out of date: the last rebuild failed, so this page may not show your latest edits. "
        "It reloads when the error is fixed.</p>"
        f'<ul style="margin:0;padding-left:1.2em">{items}</ul></div>'
    )


def inject(body: bytes, overlay: bytes) -> bytes:
    """Put the overlay just before ``</body>`` (at the end when there is none)."""
    at = body.rfind(b"</body>")
    return body + overlay if at < 0 else body[:at] + overlay + body[at:]


def install(server, state: PreviewState = STATE):
    """Make a MkDocs live-reload server keep the last good site on a failed rebuild and show the error on its pages."""
    if getattr(server, "_factsheet_preview", False):
        return server
    server._factsheet_preview = True
    build = server.builder

    def build_or_keep(*args, **kwargs):
        state.start()
        started = time.perf_counter()
        try:
            build(*args, **kwargs)
        except Exception as exc:  # mkdocs' Abort is an Exception (and a SystemExit)
            if not state.pending and not isinstance(exc, SystemExit):
                log.error("the rebuild failed with an unexpected error", exc_info=exc)
            state.fail(str(exc) or exc.__class__.__name__)
            log.error(f"Preview not updated ({time.perf_counter() - started:.2f} s): the browser keeps the last good "
                      "build and shows the error above on every page until it is fixed")
            return
        state.succeed()

    server.builder = build_or_keep
    app = server.get_app()

    def app_with_overlay(environ, start_response):
        overlay = state.overlay()
        if overlay is None:
            return app(environ, start_response)
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None  # the server's app does not use write()

        result = app(environ, capture)
        headers = captured.get("headers", [])
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not content_type.startswith("text/html"):
            start_response(captured["status"], headers)
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close:
                close()
        body = inject(body, overlay)
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(captured["status"], headers)
        return [body]

    server.set_app(app_with_overlay)
    return server
