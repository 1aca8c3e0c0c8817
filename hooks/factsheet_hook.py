"""MkDocs adapter for the factsheet engine: thin glue, no logic of its own.

Settings (all optional) under ``extra.factsheet`` in ``mkdocs.yml``::

    extra:
      factsheet:
        facts_dir: facts        # relative to mkdocs.yml
        topics_in_nav: true     # list topic pages under the nav entry of topics/index.md
        search: sharded         # or "material": keep Material's single search index and worker
        hedges, attributions, report_url: read by the engine (factsheet/settings.py)

What it does, by MkDocs event:

- ``on_config``: load and validate the facts (cached by content hash across
  ``mkdocs serve`` rebuilds), register the inline-reference Markdown
  extension and the stylesheet and script; a ``mkdocs build`` writes into a
  temporary sibling folder of ``site_dir``.
- ``on_files``: add every generated page and download with ``File.generated``.
- ``on_nav``: put the topic pages under the Topics entry.
- ``on_page_markdown`` / ``on_page_content``: tell the extension which page
  it converts; an unknown fact id fails the build and names the page; a
  figure an authored page writes outside a fact reference is a warning
  (``factsheet/prose.py``).
- ``on_post_build``: split Material's search index into the sharded index
  (``factsheet/searchindex.py``) its replacement worker fetches per query,
  then swap the finished site into place; a failed build leaves the
  previous ``site_dir`` untouched.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section

from factsheet import prose, searchindex, urls
from factsheet.build import ASSET_DIR, Output, content_hash, generate
from factsheet.diagnostics import FactsheetError, Report
from factsheet.mdext import FactExtension
from factsheet.passthrough import anchor_ids, restore_blocks, stash_blocks, without_search_excluded
from factsheet.settings import from_mapping
from factsheet.urls import Site

log = logging.getLogger("mkdocs.hooks.factsheet")

_cache: dict[str, tuple[str, Site, Output]] = {}
_state: dict = {"command": None}
# Material's search worker, as named in each page's __config; search-lazy.js swaps the same pattern.
_MATERIAL_WORKER = re.compile(r'"search":\s*"[^"]*assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
_TOKEN = f"fsraw{secrets.token_hex(6)}n"  # placeholder of generated HTML blocks kept out of Python-Markdown


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is a build or a live-reloading serve."""
    _state["command"] = command


def on_config(config):
    """Load the facts once per content change and register the extension and assets."""
    _state["final_site_dir"] = None
    _state["stashed"] = {}
    settings = config.extra.get("factsheet", {}) or {}
    root = Path(config.config_file_path).parent
    facts_dir = root / settings.get("facts_dir", "facts")
    try:
        engine_settings = from_mapping(settings, Path(config.config_file_path).name)
    except FactsheetError as exc:
        raise PluginError(exc.summary()) from None
    site = Site(config.site_url or "", config.use_directory_urls, config.site_name, engine_settings.report_url)
    key = str(facts_dir)
    digest = content_hash(facts_dir) if facts_dir.is_dir() else ""
    cached = _cache.get(key)
    if cached and cached[0] == (digest, engine_settings) and cached[1] == site:
        output = cached[2]
    else:
        try:
            output = generate(facts_dir, site, root, engine_settings.vocabulary())
        except FactsheetError as exc:
            raise PluginError("invalid fact files:\n" + exc.summary()) from None
        _cache[key] = ((digest, engine_settings), site, output)
    for warning in output.warnings:  # warnings stop a strict build, as MkDocs' own do
        log.warning(str(warning))
    updated = output.sheet.last_updated
    config.extra["factsheet_updated"] = (
        {"iso": updated.iso(), "human": updated.human(), "data_url": site.url_of(urls.DATA)} if updated else None
    )
    extension = FactExtension(sheet=output.sheet, site=site, strict=False)
    config.markdown_extensions.append(extension)
    _state.update(output=output, extension=extension, settings=settings)
    search = settings.get("search", "sharded")
    if search not in ("sharded", "material"):
        raise PluginError(f"extra.factsheet.search: expected 'sharded' or 'material', got {search!r}")
    config.extra["factsheet_search"] = search
    for name in ("factsheet.css",):
        if f"{ASSET_DIR}/{name}" not in config.extra_css:
            config.extra_css.append(f"{ASSET_DIR}/{name}")
    if f"{ASSET_DIR}/factsheet.js" not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(f"{ASSET_DIR}/factsheet.js")
    if _state["command"] in ("build", "gh-deploy"):
        final = os.path.abspath(config.site_dir)
        _state["final_site_dir"] = final
        config.site_dir = f"{final}.building-{os.getpid()}"
        shutil.rmtree(config.site_dir, ignore_errors=True)
        counter = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(counter)
        _state["counter"] = counter
    return config


def on_files(files, config):
    """Add the generated pages and downloads."""
    output: Output = _state["output"]
    for src_uri, text in output.pages.items():
        detail = src_uri.startswith(("sources/", "entities/", "topics/", "figures/")) and not src_uri.endswith("index.md")
        inclusion = InclusionLevel.NOT_IN_NAV if detail else InclusionLevel.UNDEFINED
        _replace(files, File.generated(config, src_uri, content=text, inclusion=inclusion))
    for path, data in output.files.items():
        _replace(files, File.generated(config, path, content=data))
    _lean_search_input(config, set(output.pages))
    return files


def _lean_search_input(config, generated: set[str]) -> None:
    """Let Material's search indexer skip parsing what it excludes anyway on generated pages (cite-this boxes, JSON-LD).

    The index and the pages stay byte-identical; only the parser's work shrinks.
    """
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        if add is None or getattr(add, "factsheet_lean", False):
            continue

        def lean(page, _add=add):
            if page.file.src_uri not in generated:
                return _add(page)
            full = page.content
            page.content = without_search_excluded(full)
            try:
                return _add(page)
            finally:
                page.content = full

        lean.factsheet_lean = True
        index.add_entry_from_context = lean


def _replace(files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        if existing.generated_by is None:
            raise PluginError(f"docs/{file.src_uri} clashes with a page the fact sheet generates; rename it")
        files.remove(existing)
    files.append(file)


def on_nav(nav, config, files):
    """Put the topic pages under the nav entry of the topics index."""
    if not (_state.get("settings") or {}).get("topics_in_nav", True):
        return nav
    output: Output = _state["output"]
    topic_pages = [files.get_file_from_path(urls.TOPIC.format(t.id)) for t in output.sheet.topics]

    def visit(items):
        for i, item in enumerate(items):
            if getattr(item, "file", None) is not None and item.file.src_uri == urls.TOPICS_INDEX:
                parent = item.parent
                section = Section(item.title or "Topics", [item] + [f.page for f in topic_pages if f and f.page])
                for child in section.children:
                    child.parent = section
                section.parent = parent
                items[i] = section
                return True
            if getattr(item, "children", None) and visit(item.children):
                return True
        return False

    if visit(nav.items):
        nav.pages = [p for p in _walk(nav.items)]
    return nav


def _walk(items):
    for item in items:
        if getattr(item, "children", None):
            yield from _walk(item.children)
        elif getattr(item, "file", None) is not None:
            yield item


def on_page_markdown(markdown, page, config, files):
    """Tell the inline-reference extension which page it is converting; warn of bare figures in authored pages."""
    extension: FactExtension = _state["extension"]
    extension.page = page.file.src_uri
    extension.errors.clear()
    # The sitemap's <lastmod> (and the mtime inside sitemap.xml.gz) would be the build day: use the
    # facts' own last-updated date instead, so the same input builds byte-identical files any day.
    last = _state["output"].sheet.last_updated
    page.update_date = last.start().isoformat() if last else "1970-01-01"
    if page.file.src_uri in _state["output"].pages:  # generated HTML blocks skip Markdown, which would copy them as they are
        markdown, _state["stashed"][page.file.src_uri] = stash_blocks(markdown, _TOKEN)
    elif page.file.abs_src_path:  # read from disk, so that line numbers count the front matter MkDocs has removed
        report = Report()
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        prose.check_page(f"{Path(config.docs_dir).name}/{page.file.src_uri}", text, report)
        for warning in report.items:
            log.warning(str(warning))
    return markdown


def on_page_content(html, page, config, files):
    """Fail the build, naming the page, when it references an unknown fact."""
    extension: FactExtension = _state["extension"]
    if extension.errors:
        charts = [e.split(":", 1)[1] for e in extension.errors if e.startswith("chart:")]
        facts = [e for e in extension.errors if not e.startswith("chart:")]
        parts = [f"unknown fact id {', '.join(repr(e) for e in facts)} in [[fact:...]]"] if facts else []
        parts += [f"unknown chart id {', '.join(repr(c) for c in charts)} in [[chart:...]]"] if charts else []
        raise PluginError(f"{page.file.src_uri}: " + "; ".join(parts))
    blocks = _state["stashed"].pop(page.file.src_uri, None)
    if blocks:
        html = restore_blocks(html, _TOKEN, blocks)
        page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(blocks)
    return html


@event_priority(-100)
def on_post_build(config):
    """Shard the search index (after Material has written it), then move the finished site into place."""
    if config.extra.get("factsheet_search") == "sharded":
        _shard_search_index(Path(config.site_dir))
    final = _state.get("final_site_dir")
    if not final:
        return
    counter = _state.pop("counter", None)
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
        if config.strict and counter.count:
            shutil.rmtree(config.site_dir, ignore_errors=True)
            raise PluginError(f"{counter.count} warning(s) in strict mode; {final} was left as it was")
    old = f"{final}.old-{os.getpid()}"
    if os.path.exists(final):
        os.replace(final, old)
    os.replace(config.site_dir, final)
    shutil.rmtree(old, ignore_errors=True)
    config.site_dir = final


def _shard_search_index(site_dir: Path) -> None:
    """Replace Material's search/search_index.json with the sharded index, if the pages load its worker."""
    index_file = site_dir / searchindex.ROOT / "search_index.json"
    if not index_file.is_file():
        return  # search is off
    home = site_dir / "index.html"
    html = home.read_text(encoding="utf-8", errors="replace") if home.is_file() else ""
    if html and "data-search-worker=" not in html:
        log.warning("extra.factsheet.search is 'sharded' but the pages do not load its worker "
                    "(is overrides/main.html in the theme's custom_dir?); keeping Material's search index")
        return
    if html and not _MATERIAL_WORKER.search(html):
        log.warning("extra.factsheet.search is 'sharded' but this version of Material names its search worker "
                    "differently from what search-lazy.js replaces; keeping Material's search index "
                    "(set search: material to silence this)")
        return
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise PluginError(f"{index_file}: Material's search index is not valid JSON ({exc})") from None
    if not (isinstance(index, dict) and isinstance(index.get("config"), dict) and isinstance(index.get("docs"), list)):
        log.warning("Material's search index has an unexpected shape (no config or docs); keeping it as it is")
        return
    files = searchindex.build(index)
    root = site_dir / searchindex.ROOT
    keep = {path.split("/")[1] for path in files if path.count("/") > 1}
    for old in root.glob("v*"):  # earlier builds of a live-reloading serve
        if old.is_dir() and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for path, data in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def on_build_error(error):
    """Throw away the half-built site; the previous one stays."""
    final = _state.get("final_site_dir")
    counter = _state.pop("counter", None)
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
    if final:
        shutil.rmtree(f"{final}.building-{os.getpid()}", ignore_errors=True)
