"""What the factsheet plugin needs from Material for MkDocs, in one place, checked against one version.

- :func:`extend_theme`: puts the package's templates (``factsheet/theme``: the
  feed link, the last-updated line, "Report a problem", the search loader, an
  accessible search dialog) between the site's ``custom_dir`` and Material's.
- :func:`shard_search_index`: after Material's search plugin has written
  ``search/search_index.json`` (a public, documented file), split it into the
  sharded index (:mod:`factsheet.render.searchindex`) that ``search-worker.js`` reads.
  It relies on two things Material does not promise: the name of its worker
  script (which ``search-lazy.js`` swaps) and the index's shape. When either
  changes, the index is left as Material wrote it, with a warning naming
  :data:`CHECKED_WITH`, so a strict build stops instead of shipping a broken search.
- :func:`leave_to_us`, :func:`page_entries` and :func:`add_indexed_pages`: in a
  build, Material is told to skip the generated pages through page metadata it
  documents (``search: exclude: true``), their search entries are made as
  Material's search plugin makes them (:mod:`.search_sections`, about a fifth of
  the cost; Material's own indexer for HTML outside what that reads), and the
  entries are put back into its index, in its order, once it is written.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from factsheet.adapter import search_sections
from factsheet.render import searchindex

CHECKED_WITH = "mkdocs-material 9.8.1"
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
# Material's search worker, as named in each page's __config; search-lazy.js swaps the same pattern.
MATERIAL_WORKER = re.compile(r'"search":\s*"[^"]*assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')

log = logging.getLogger("mkdocs.plugins.factsheet")


def is_material(config) -> bool:
    """Whether the site is built with Material's theme."""
    return getattr(config.theme, "name", None) == "material"


def extend_theme(config) -> None:
    """Put the package's templates after the site's custom_dir and before Material's own."""
    dirs = config.theme.dirs
    if str(THEME_DIR) in dirs:
        return
    custom = config.theme.custom_dir
    dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, str(THEME_DIR))


def indexes_search(config) -> bool:
    """Whether Material's own search plugin indexes the site's pages."""
    plugin = config.plugins.get("material/search")
    return is_material(config) and plugin is not None and bool(plugin.config.get("enabled", True))


def leave_to_us(page) -> bool:
    """Tell Material's search plugin to skip ``page``, whose entries :func:`page_entries` makes (in the build's own
    process, or in a forked child: :meth:`.plugin.FactsheetPlugin.on_env`); ``False``, and the page left as it is,
    when Material would not index it (its metadata excludes it from search)."""
    search = page.meta.get("search") or {}
    if not isinstance(search, dict) or search.get("exclude"):
        return False
    page.meta["search"] = {**search, "exclude": True}
    return True


def page_entries(page, html: str, meta: dict) -> list[dict]:
    """The search entries Material makes of ``page`` with ``html`` as its content and ``meta`` as its metadata, by
    :mod:`.search_sections` or, for HTML outside what that reads, by Material's own indexer (for a page
    :func:`leave_to_us` accepted, its content and metadata as they were when Material would have indexed it)."""
    found = search_sections.entries(html, page.toc, page.url, page.title, meta)
    if found is not None:
        return found
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError as exc:
        raise PluginError(f"Material's search indexer cannot be imported (checked with {CHECKED_WITH}): {exc}") from None
    index, content, current = SearchIndex(), page.content, page.meta
    page.content, page.meta = html, meta
    try:
        index.add_entry_from_context(page)
    finally:
        page.content, page.meta = content, current
    return index.entries


# What Material's search plugin removes from every page's content once it has indexed it (its on_page_context:
# ``re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", page.content)``), found from the literal it starts with: the
# optional space first makes the regular expression engine try every position of a page.
_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')


def without_search_attributes(html: str) -> str:
    """``html`` as Material's search plugin leaves a page's content after indexing it: each ``data-search-*="..."``
    attribute removed, with the one whitespace character before it."""
    if "data-search-" not in html:
        return html
    parts, last = [], 0
    for found in _SEARCH_ATTRIBUTE.finditer(html):
        start = found.start()
        if start > last and html[start - 1].isspace():
            start -= 1
        parts.append(html[last:start])
        last = found.end()
    parts.append(html[last:])
    return "".join(parts)


def add_indexed_pages(site_dir: Path, order: list[tuple[str, list[dict] | None]]) -> dict | None:
    """Material's index with the entries :func:`page_entries` made put where Material would have put them (``order``:
    each page's url as rendered, with its entries or ``None``); ``None`` when there is nothing to add. The index is
    given to :func:`shard_search_index`, or written back with :func:`write_index`."""
    index_file = site_dir / searchindex.ROOT / "search_index.json"
    if not index_file.is_file() or not any(entries is not None for _, entries in order):
        return None
    index = _read_index(index_file)
    if not (isinstance(index, dict) and isinstance(index.get("docs"), list)):
        raise PluginError(f"{index_file}: Material's search index has an unexpected shape (no docs; checked with "
                          f"{CHECKED_WITH}), so the generated pages' entries cannot be added to it")
    index["docs"] = search_sections.merge(index["docs"], order)
    return index


def write_index(site_dir: Path, index: dict) -> None:
    """Write ``index`` as Material's search plugin writes its search/search_index.json."""
    index_file = site_dir / searchindex.ROOT / "search_index.json"
    index_file.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


def _read_index(index_file: Path):
    try:
        return json.loads(index_file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise PluginError(f"{index_file}: Material's search index is not valid JSON ({exc})") from None


def index_config(config) -> dict | None:
    """The ``config`` Material's search plugin writes into its index, as read back from the file (``None`` without the
    plugin)."""
    plugin = config.plugins.get("material/search")
    if plugin is None:
        return None
    return as_written({key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")})


def as_written(value):
    """``value`` as Material's search plugin writes it into its index and it is read back (JSON, ``str()`` for the rest)."""
    return json.loads(json.dumps(value, separators=(",", ":"), default=str))


def shard_search_index(site_dir: Path, index: dict | None = None, prebuilt: dict[str, bytes] | None = None) -> None:
    """Replace Material's search/search_index.json with the sharded index, if the pages load its worker (``index``:
    Material's index already read, with the generated pages' entries added; else the file is read; ``prebuilt``: the
    sharded index's files, already made from that same index)."""
    index_file = site_dir / searchindex.ROOT / "search_index.json"
    if not index_file.is_file():
        return  # search is off
    home = site_dir / "index.html"
    html = home.read_text(encoding="utf-8", errors="replace") if home.is_file() else ""
    if html and "data-search-worker=" not in html:
        log.warning("search is 'sharded' but the pages do not load its worker: the sharded search needs Material's "
                    "theme (theme.name: material); keeping the theme's own search index (set search: material to silence this)")
    elif html and not MATERIAL_WORKER.search(html):
        log.warning("search is 'sharded' but this version of Material names its search worker differently from "
                    f"{CHECKED_WITH}, which search-lazy.js was checked against; keeping Material's search index "
                    "(set search: material to silence this)")
    else:
        read = index if index is not None else _read_index(index_file)
        if isinstance(read, dict) and isinstance(read.get("config"), dict) and isinstance(read.get("docs"), list):
            _write_shards(site_dir, prebuilt if prebuilt is not None and read is index else searchindex.build(read))
            return
        log.warning(f"Material's search index has an unexpected shape (no config or docs; checked with {CHECKED_WITH}); "
                    "keeping it as it is")
    if index is not None:  # kept as Material's index, with the generated pages' entries added
        write_index(site_dir, index)


def _write_shards(site_dir: Path, files: dict[str, bytes]) -> None:
    """Write the sharded index's files, and remove the version folders of earlier builds."""
    root = site_dir / searchindex.ROOT
    keep = {path.split("/")[1] for path in files if path.count("/") > 1}
    for old in root.glob("v*"):  # earlier builds of a live-reloading serve
        if old.is_dir() and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for path, data in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
