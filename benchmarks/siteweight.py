"""What a reader downloads, measured from the built files: gzipped bytes of a first page load and of a first search.

A page's first load is its HTML plus every stylesheet, script, icon and image
it references, each counted once, and ``sitemap.xml`` when Material fetches
it: its bundle fetches the sitemap beside every ``<link rel="alternate">``
(that exact value, for its language selector; the feed link's ``rel="alternate
feed"`` is not one) and, with ``navigation.instant``, the site's own. Material
also starts its search worker, and fetches
``search/search_index.json`` as soon as any page with the search form loads,
so both belong to the first load, unless the page defers them (it
carries ``data-search-lazy``: ``search-lazy.js`` holds the index back, and
starts the worker at its first message, which waits for the index), in which
case they are the price of the first search instead. A page whose
``search-lazy.js`` tag names a ``data-search-worker`` starts that worker
instead of Material's. (This model
was checked against the requests headless Chromium makes.) With the sharded
index, what a first search fetches depends on the query: ``searchweight.py``
measures it in a browser.
"""

from __future__ import annotations

import gzip
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

_TAG = re.compile(r"<(link|script|img)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>]+))')
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
_FETCHED_RELS = {"stylesheet", "icon", "shortcut", "modulepreload", "preload", "manifest"}
LAZY_MARKER = "data-search-lazy"
_SWAPPED_WORKER = re.compile(r'data-search-worker="([^"]+)"')


@dataclass
class PageWeight:
    """The gzipped bytes one page costs a reader who arrives on it."""

    page: str
    html: int
    assets: int
    search: int
    search_deferred: bool
    files: list[str] = field(default_factory=list)
    search_files: list[str] = field(default_factory=list)  # the search's own files (worker and index), in ``files`` too

    @property
    def first_load(self) -> int:
        """HTML and assets, plus the search index and worker when they load eagerly."""
        return self.html + self.assets + (0 if self.search_deferred else self.search)

    @property
    def first_search(self) -> int:
        """What the first search adds on top of the first load."""
        return self.search if self.search_deferred else 0


class Weigher:
    """Gzipped sizes of a built site's files, each file compressed once."""

    def __init__(self, site: Path):
        self.site = site
        self._gz: dict[str, int] = {}

    def gz(self, rel: str) -> int:
        """Gzipped size (level 6, as common servers use) of a file in the site; 0 when absent."""
        if rel not in self._gz:
            path = self.site / rel
            try:
                self._gz[rel] = len(gzip.compress(path.read_bytes(), 6))
            except OSError:
                self._gz[rel] = 0
        return self._gz[rel]

    def page(self, rel: str) -> PageWeight:
        """The weight of the page at ``rel`` (a path such as ``topics/x/index.html``)."""
        html = (self.site / rel).read_text(encoding="utf-8", errors="replace")
        base_dir = posixpath.dirname(rel)
        assets: dict[str, None] = {}
        alternates = []  # what Material's link[rel=alternate] finds: a sitemap.xml beside each is fetched
        for match in _TAG.finditer(html):
            tag, attrs = match.group(1).lower(), _attrs(match.group(2))
            if tag == "link" and attrs.get("rel", "").lower() == "alternate" and "href" in attrs:
                alternates.append(attrs["href"])
            if tag == "link":
                rels = set(attrs.get("rel", "").lower().split())
                url = attrs.get("href", "") if rels & _FETCHED_RELS else ""
            elif tag == "img" and attrs.get("loading") == "lazy":
                url = ""
            else:
                url = attrs.get("src", "")
            local = _local(base_dir, url)
            if local:
                assets[local] = None
        search_files: list[str] = []
        config = _CONFIG.search(html)
        if config and 'name="search"' in html:
            try:
                data = json.loads(config.group(1))
            except ValueError:
                data = {}
            worker = data.get("search")
            base = data.get("base", ".")
            sitemaps = [posixpath.join(base, "sitemap.xml")] if "navigation.instant" in (data.get("features") or []) else []
            sitemaps += [posixpath.join(posixpath.dirname(href), "sitemap.xml") for href in alternates]
            for sitemap in (_local(base_dir, url) for url in sitemaps):
                if sitemap and (self.site / sitemap).is_file():
                    assets[sitemap] = None
            swapped = _SWAPPED_WORKER.search(html)  # search-lazy.js swaps Material's worker for the sharded index's
            if swapped:
                worker = swapped.group(1)
            if worker:
                search_files.append(_local(base_dir, worker) or "")
                search_files.append(_local(base_dir, posixpath.join(base, "search/search_index.json")) or "")
        assets.pop("", None)
        search_files = [f for f in search_files if f and f not in assets]
        return PageWeight(
            page=rel,
            html=len(gzip.compress(html.encode("utf-8"), 6)),
            assets=sum(self.gz(a) for a in assets),
            search=sum(self.gz(f) for f in search_files),
            search_deferred=LAZY_MARKER in html,
            files=list(assets) + search_files,
            search_files=search_files,
        )


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(text)}


def _local(base_dir: str, url: str) -> str | None:
    """The site-relative path a relative URL points at, or None for external and data URLs."""
    if not url or url.startswith(("data:", "http:", "https:", "//", "#", "mailto:", "javascript:")):
        return None
    url = url.split("#", 1)[0].split("?", 1)[0]
    if url.startswith("/"):
        rel = url.lstrip("/")
    else:
        rel = posixpath.normpath(posixpath.join(base_dir, url))
    if rel.endswith("/") or rel == ".":
        rel = posixpath.join(rel, "index.html")
    return None if rel.startswith("..") else rel


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site (404 and sitemap excluded), site-relative, sorted."""
    pages = []
    for dirpath, _dirs, names in os.walk(site):
        for name in names:
            if name.endswith(".html") and name != "404.html":
                pages.append(Path(dirpath, name).relative_to(site).as_posix())
    return sorted(pages)


def tree_size(root: Path, suffix: str = "") -> int:
    """Total bytes of the files under ``root`` (only those ending in ``suffix`` when given)."""
    total = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            if name.endswith(suffix):
                total += os.path.getsize(os.path.join(dirpath, name))
    return total
