"""Everything a site needs from a facts folder, in one call, with no site generator involved."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import urls
from .editorial import Vocabulary
from .loader import fact_files, gc_paused, load_or_raise
from .model import Sheet
from .render.charts import charts_page
from .render.data import data_files, data_page
from .render.page import Page
from .render.pages import all_pages
from .urls import Site

ASSETS = ("factsheet.css", "factsheet.js", "search-lazy.js", "search-worker.js")
ASSET_DIR = "assets/factsheet"


@dataclass
class Output:
    """Generated pages (by source path), plain files (bytes) and the warnings of the load."""

    sheet: Sheet
    pages: dict[str, Page]
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def asset(name: str) -> bytes:
    """The bytes of a packaged stylesheet or script."""
    return resources.files("factsheet").joinpath("assets", name).read_bytes()


def content_hash(facts_dir: Path) -> str:
    """A hash of the content of every fact file, for caching across rebuilds."""
    digest = hashlib.sha256()
    for path in fact_files(facts_dir):
        digest.update(path.as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def generate(facts_dir: str | Path, site: Site, base: str | Path | None = None,
             vocabulary: Vocabulary | None = None) -> Output:
    """Load, validate and render a facts folder; raises FactsheetError listing every problem."""
    sheet, report = load_or_raise(facts_dir, base, vocabulary)
    with gc_paused():
        # The downloads first: writing them needs several times their size for a moment, which is then
        # free again before the pages (the larger part, kept for the whole build) are made.
        data = data_files(sheet, site)
        pages = all_pages(sheet, site)
        files = {f"{ASSET_DIR}/{name}": asset(name) for name in ASSETS}
        files.update(data)
        del data
        pages[urls.DATA] = data_page(sheet, site)
        if sheet.charts:
            pages[urls.CHARTS] = charts_page(sheet, site)
    return Output(sheet, pages, files, report.warnings)
