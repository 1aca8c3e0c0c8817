"""The MkDocs plugin: a fact sheet's generated pages, inline references and downloads in a MkDocs site.

Use it as a plugin (``plugins: [search, factsheet]``, options below) or, as
this repository does, through the build-hook shim ``hooks/factsheet_hook.py``,
which reads the same options from ``extra.factsheet``::

    plugins:
      - search
      - factsheet:
          facts_dir: facts        # relative to mkdocs.yml
          topics_in_nav: true     # list topic pages under the nav entry of topics/index.md
          nav_topics_max: 60      # ... unless there are more: then the nav shows the topics index only
          single_fact_entities: page  # or "folded" into the entities index (factsheet.load.settings)
          search: sharded         # or "material": keep Material's single search index and worker
          hedges: []              # extra hedge words for the editorial check (factsheet.load.settings)
          attributions: []        # extra attribution words
          report_url: ""          # "Report a problem" address template: {id}, {url}, {title}
          parallel: true          # a `mkdocs build` uses a second core (Linux; factsheet.forked)

What it does, by MkDocs event:

- ``on_config``: refuse a placeholder or local ``site_url`` in a strict build
  (readers would copy it from every citation), load and validate the facts (cached by content hash across
  ``mkdocs serve`` rebuilds), register the inline-reference Markdown
  extension, the stylesheet, the script and (with Material) the package's
  templates; a ``mkdocs build`` writes into a sibling folder of ``site_dir``.
- ``on_files``: add every generated page and download with ``File.generated``;
  a generated page (:class:`factsheet.render.page.Page`) is given to MkDocs
  as its title heading only, and pages kept out of the nav are marked so.
- ``on_nav``: list pages under the nav entry their ``nav_parent`` names
  (the topic pages under the topics index).
- ``on_page_markdown`` / ``on_page_content``: a generated page gets its
  metadata (and its title heading one converter kept for all of them), then its HTML and table of contents from the ``Page``, so
  Markdown never reads generated HTML; for an authored page, tell the
  extension which page it converts, warn of figures it writes outside a fact
  reference, and fail the build, naming the page, on an unknown fact id.
- ``on_env`` (``mkdocs build`` with ``parallel``, on Linux): a forked child
  finds the generated pages' search entries while MkDocs renders the pages
  (:mod:`factsheet.forked`), and with the sharded search splits the index
  Material's plugin is expected to write; ``on_post_build`` reads them, and
  writes the child's split only if Material's index is the one it expected.
- ``on_page_context`` / ``on_post_page`` (``mkdocs build`` only): a
  generated page's body joins its content just before the page is rendered
  (before Material's search plugin indexes it), and the page lets go of it
  once written; the engine holds the bodies compressed until then, and the
  downloads are let go once MkDocs has copied them. A 100,000-fact build
  then holds one page's HTML at a time instead of every page's twice.
  ``mkdocs serve`` keeps everything for its fast rebuilds.
- ``on_post_page``: write every page without the indentation and blank
  lines its templates leave between tags (:mod:`factsheet.render.compact`).
- ``on_post_build``: split Material's search index into the sharded one
  (:mod:`factsheet.adapter.material`), then publish the finished site
  (:mod:`factsheet.publish`); a failed build leaves the previous site as it was.
- ``on_serve``: watch the facts folder, and keep the live preview serving the
  last good site when a rebuild fails, with the error over every page until
  the fix (:mod:`factsheet.adapter.preview`).
"""

from __future__ import annotations

import json
import logging
import os
from html import escape
from pathlib import Path

import markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils.rendering import get_heading_text

from factsheet import forked, publish
from factsheet.adapter import material, preview, search_sections
from factsheet.build import ASSET_DIR, Output, content_hash, generate
from factsheet.check import prose
from factsheet.diagnostics import FactsheetError, Report
from factsheet.forked import Forked
from factsheet.load.settings import Settings, from_mapping
from factsheet.mdext import FactExtension
from factsheet.model import urls
from factsheet.model.urls import Site
from factsheet.render import searchindex
from factsheet.render.compact import compact_html
from factsheet.render.page import Heading
from factsheet.templatecache import share_compiled_templates

log = logging.getLogger("mkdocs.plugins.factsheet")

# Loaded sheets by facts folder, kept across the config reloads of a live-reloading serve (which makes a new plugin each time).
_CACHE: dict[str, tuple[tuple[str, Settings, Site], Output]] = {}


class _GeneratedFile(File):
    """A generated page that tells ``mkdocs serve --dirty`` whether it changed since the last build (MkDocs' own
    answer for generated files is always yes, so a dirty build would render every page again)."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not Path(self.abs_dest_path).is_file()


class _DirtyWarningFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


class _DirtyState:
    """What a ``--dirty`` preview needs from the previous build: its pages, what every page shows of the others, its search entries."""

    def __init__(self) -> None:
        self.pages: dict[str, object] = {}
        self.shared: object = None
        self.search_docs: list[dict] = []


_DIRTY = _DirtyState()


class FactsheetConfig(base.Config):
    """The plugin's options (the hook shim reads the same from ``extra.factsheet``)."""

    facts_dir = c.Type(str, default="facts")
    topics_in_nav = c.Type(bool, default=True)
    nav_topics_max = c.Type(int, default=60)
    single_fact_entities = c.Choice(("page", "folded"), default="page")
    search = c.Choice(("sharded", "material"), default="sharded")
    hedges = c.ListOfItems(c.Type(str), default=[])
    attributions = c.ListOfItems(c.Type(str), default=[])
    report_url = c.Type(str, default="")
    parallel = c.Type(bool, default=True)


class _WarningCounter(logging.Handler):
    """Counts MkDocs' warnings, so a strict build refuses to publish before MkDocs aborts (which it does after on_post_build)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if len(self.messages) < 200:
            self.messages.append(record.getMessage())


class FactsheetPlugin(BasePlugin[FactsheetConfig]):
    """Adds a fact sheet to a MkDocs site."""

    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        self.output: Output | None = None
        self.extension: FactExtension | None = None
        self.final_site_dir: str | None = None
        self.counter: _WarningCounter | None = None
        self.release = False  # a one-off build: let go of each page once written (on_page_context, on_post_page)
        self.search_order: list[tuple[str, list[dict] | None]] | None = None  # a build's pages, as indexed for Material
        self.body_after_search: tuple[object, str] | None = None  # the page being rendered, its body still to add
        self.downloads: list[File] = []
        self.entries: Forked | None = None  # the generated pages' search entries, made in a forked child (on_env)
        self.expected_order: list[tuple[str, str | None]] = []  # the pages as on_env expects them to be indexed
        self.given: frozenset[str] = frozenset()  # ... and those whose entries its child makes
        self.titles: _TitleConverter | None = None  # converts the generated pages' title headings (one per build)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a build or a live-reloading serve (and whether dirty)."""
        self.command, self.dirty = command, dirty
        if command == "serve" and dirty:
            # MkDocs warns on every dirty build that its navigation may be stale (which would stop a strict
            # preview every time); this plugin renders every page again when the navigation changes, and says so.
            logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarningFilter())

    def on_config(self, config):
        """Load the facts once per content change and register the extension, assets and templates."""
        self.final_site_dir = None
        self.titles = None  # made again with this configuration's Markdown extensions
        options = self.config
        root = Path(config.config_file_path).parent
        facts_dir = root / options.facts_dir
        try:
            settings = from_mapping({"hedges": options.hedges, "attributions": options.attributions,
                                     "report_url": options.report_url, "single_fact_entities": options.single_fact_entities},
                                    Path(config.config_file_path).name)
        except FactsheetError as exc:
            raise PluginError(exc.summary()) from None
        self._check_site_url(config)
        site = Site(config.site_url or "", config.use_directory_urls, config.site_name, settings.report_url,
                    settings.single_fact_entities == "folded")
        key = (content_hash(facts_dir) if facts_dir.is_dir() else "", settings, site)
        # A build lets go of its pages as they are written, so it neither reuses nor keeps a cached output.
        self.release = self.command in ("build", "gh-deploy")
        self.search_order = [] if self.release and material.indexes_search(config) else None
        self._cancel_entries()
        cached = None if self.release else _CACHE.get(str(facts_dir))
        if cached and cached[0] == key:
            self.output = cached[1]
        else:
            # Under serve, the last good output with the same settings and address: only the pages an edit touches are rendered again.
            previous = cached[1] if cached and cached[0][1:] == key[1:] and self.command == "serve" else None
            try:
                self.output = generate(facts_dir, site, root, settings.vocabulary(), previous=previous,
                                       keep=self.command == "serve", pack=self.release, parallel=self.release and options.parallel)
            except FactsheetError as exc:
                raise PluginError("invalid fact files:\n" + exc.summary()) from None  # the root cause first
            if not self.release:
                _CACHE[str(facts_dir)] = (key, self.output)
            readings = self.output.readings
            if self.output.rendered is not None and readings is not None:
                log.info(f"fact files changed: parsed {readings.read} of {readings.read + readings.reused} fact files again, "
                         f"rendered {self.output.rendered.count()} topic, source and entity pages again, with the indexes, "
                         "figures, timeline and downloads")
        for warning in self.output.warnings:  # warnings stop a strict build, as MkDocs' own do
            log.warning(str(warning))
        updated = self.output.sheet.last_updated
        config.extra["factsheet_updated"] = (
            {"iso": updated.iso(), "human": updated.human(), "data_url": site.url_of(urls.DATA)} if updated else None
        )
        # A dirty preview keeps Material's own index: splitting the whole index again after each edit would cost
        # more than rendering the pages the edit changed (README, The live preview).
        config.extra["factsheet_search"] = "material" if self.command == "serve" and self.dirty else options.search
        config.extra["factsheet_report_url"] = settings.report_url
        self.extension = FactExtension(sheet=self.output.sheet, site=site, strict=False)
        config.markdown_extensions.append(self.extension)
        if f"{ASSET_DIR}/factsheet.css" not in config.extra_css:
            config.extra_css.append(f"{ASSET_DIR}/factsheet.css")
        if f"{ASSET_DIR}/factsheet.js" not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(f"{ASSET_DIR}/factsheet.js")
        if material.is_material(config):
            material.extend_theme(config)
        # A build, and a serve's rebuild (not a --dirty one, which adds to the site it has), write into a
        # sibling folder swapped in on success: a failed build leaves the last good site whole.
        if self.command in ("build", "gh-deploy") or (self.command == "serve" and not self.dirty):
            self.final_site_dir = config.site_dir
            try:
                config.site_dir = publish.staging_dir(config.site_dir)
            except (publish.PublishError, OSError) as exc:
                raise PluginError(f"cannot build into {config.site_dir}: {exc}") from None
        if self.command in ("build", "gh-deploy", "serve"):
            self.counter = _WarningCounter()
            logging.getLogger("mkdocs").addHandler(self.counter)
        return config

    def _check_site_url(self, config) -> None:
        """Refuse to publish addresses readers cannot use (a strict build stops; another warns); a preview says where they point."""
        problem = urls.placeholder_site_url(config.site_url or "")
        if problem is None:
            return
        # `mkdocs serve` sets site_url to the preview's own address; `make site` without FACTSHEET_SITE_URL asks for a
        # local build with FACTSHEET_LOCAL_PREVIEW=1. Either is said loudly and not published.
        if self.command == "serve" or os.environ.get("FACTSHEET_LOCAL_PREVIEW") == "1":
            log.info("LOCAL PREVIEW: permalinks, cite-this texts, downloads, the feed and the sitemap point at "
                     f"{config.site_url}; a published build takes the address from site_url (FACTSHEET_SITE_URL)")
            return
        message = (f"{problem}: every permalink, cite-this text, download, feed and sitemap entry would send readers "
                   "there. Set site_url in mkdocs.yml to the address the site is published at (this repository's "
                   "mkdocs.yml reads it from FACTSHEET_SITE_URL, which CI sets to the GitHub Pages address)")
        if config.strict:
            raise PluginError(message)
        log.warning(message)

    def on_files(self, files, *, config):
        """Add the generated pages (each as its title heading: the body comes in on_page_content) and downloads."""
        dirty, changed = self.command == "serve" and self.dirty, set()
        if dirty:  # render again only the pages whose content changed, unless what every page shows did
            pages = self.output.pages
            shared = (tuple((p.src, p.title, p.in_nav, p.nav_parent) for p in pages.values()),
                      config.extra.get("factsheet_updated"), tuple(sorted(f.src_uri for f in files)))
            everything = shared != _DIRTY.shared
            changed = {src for src, page in pages.items() if everything or _DIRTY.pages.get(src) != page}
            _DIRTY.pages, _DIRTY.shared = dict(pages), shared
            self.built_pages: set[str] = set()
            if changed:
                log.info(f"dirty preview: {len(changed)} of {len(pages)} generated pages changed"
                         + (" (the navigation or what every page shows changed: all of them)" if everything else ""))
                for file in files.documentation_pages():  # authored pages may show any fact
                    file.is_modified = lambda: True
        for src_uri, page in self.output.pages.items():
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = _GeneratedFile.generated(config, src_uri, content=page.title_markdown(), inclusion=inclusion)
            file.changed = not dirty or src_uri in changed
            _replace(files, file)
        self.downloads = []
        for path, data in self.output.files.items():
            file = File.generated(config, path, content=data)
            _replace(files, file)
            self.downloads.append(file)
        return files

    def on_nav(self, nav, *, config, files):
        """Put the topic pages (by section, if they have sections) under the nav entry of the topics index, unless there are too many.

        Every page carries the whole navigation, so past ``nav_topics_max``
        topics the nav shows the topics index only and readers reach the
        topics through it: a page's weight then does not grow with the sheet.
        """
        listed = [src for src, page in self.output.pages.items() if page.nav_parent == urls.TOPICS_INDEX]
        if not self.config.topics_in_nav or len(listed) > self.config.nav_topics_max:
            return nav
        sections = {urls.TOPIC.format(t.id): t.head.section for t in self.output.sheet.topics}
        entries: list = []
        by_section: dict[str, Section] = {}
        for src in listed:
            file = files.get_file_from_path(src)
            if not file or not file.page:
                continue
            name = sections.get(src)
            if name is None:
                entries.append(file.page)
            elif name in by_section:
                by_section[name].children.append(file.page)
            else:
                by_section[name] = Section(name, [file.page])
                entries.append(by_section[name])
        for section in by_section.values():
            for child in section.children:
                child.parent = section
        if _nest_topics(nav.items, entries):
            nav.pages = list(_walk(nav.items))
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        """Give a generated page its metadata; tell the inline-reference extension which page it is converting; warn of bare figures in authored pages."""
        self.extension.page = page.file.src_uri
        self.extension.errors.clear()
        # The sitemap's <lastmod> (and the mtime inside sitemap.xml.gz) would be the build day: use the
        # facts' own last-updated date instead, so the same input builds byte-identical files any day.
        last = self.output.sheet.last_updated
        page.update_date = last.start().isoformat() if last else "1970-01-01"
        generated = self.output.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta = generated.front_matter()
            if markdown == generated.title_markdown():  # MkDocs converts it next: with one converter for them all
                if self.titles is None:
                    self.titles = _TitleConverter(config)
                page.render = self.titles.renderer(page, markdown)
        elif page.file.abs_src_path:  # read from disk, so that line numbers count the front matter MkDocs has removed
            report = Report()
            text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
            prose.check_page(f"{Path(config.docs_dir).name}/{page.file.src_uri}", text, report)
            for warning in report.items:
                log.warning(str(warning))
        return markdown

    def on_page_content(self, html, *, page, config, files):
        """Fail the build, naming the page, when it references an unknown fact."""
        errors = self.extension.errors
        if errors:
            charts = [e.split(":", 1)[1] for e in errors if e.startswith("chart:")]
            facts = [e for e in errors if not e.startswith("chart:")]
            parts = [f"unknown fact id {', '.join(repr(e) for e in facts)} in [[fact:...]]"] if facts else []
            parts += [f"unknown chart id {', '.join(repr(c) for c in charts)} in [[chart:...]]"] if charts else []
            where = _reference_position(page.file, f"[[chart:{charts[0]}" if charts and not facts else f"[[fact:{facts[0]}")
            raise PluginError(f"{Path(config.docs_dir).name}/{page.file.src_uri}{where}: " + "; ".join(parts))
        if self.command == "serve" and self.dirty:
            self.built_pages.add(page.url)
        page.__dict__.pop("render", None)  # the title converter's, if any: the page is a plain MkDocs page again
        generated = self.output.pages.get(page.file.src_uri)
        if generated is not None and generated.has_body():  # the title heading Markdown made, then the page's own HTML
            if not self.release:  # a build adds it in on_page_context, so that pages are not all held as HTML at once
                html += "\n" + generated.html
            page.present_anchor_ids = (page.present_anchor_ids or set()) | generated.anchors
            _add_to_toc(page, generated.headings)
        elif REFERENCES_HEADING in html:  # a page of prose ends with its reference list, added after the toc was made
            _add_to_toc(page, (Heading(2, "fs-references", "References"),))
        return html

    def on_env(self, env, *, config, files):
        """In a build with ``parallel``, make the generated pages' search entries in a forked child on another core
        while MkDocs renders the pages (:mod:`factsheet.forked`): every page has its content, title, metadata and
        table of contents by now, and the child has the engine's pages as this process has them.

        With the sharded search, the child then splits the search index the
        build will write, from those entries and the entries Material's search
        plugin will make of the other pages (made as it makes them, from the
        pages as they are now). ``on_post_build`` uses the child's split only if
        Material's index turns out to be what the child expected (same
        configuration, same entries, the pages in the same order); else it
        splits the index itself, as it does without a child.

        First, the environment is given the process's compiled templates
        (:mod:`factsheet.templatecache`), so a rebuild in the same
        process does not compile the theme again."""
        share_compiled_templates(env)
        if self.search_order is None or not self.config.parallel or not forked.available():
            return env
        # What each page is when Material's search plugin would index it (a generated page's body joins its content
        # then), kept here too: should the child fail, this process makes the entries at the end of the build instead.
        self.expected_order, ours, others = _expected_search_order(files, self.output.pages)
        self.given = frozenset(src for _, src in self.expected_order if src is not None)
        sharded = config.extra.get("factsheet_search") == "sharded" and others is not None
        index_config = material.index_config(config) if sharded else None
        order = self.expected_order

        def work() -> tuple[dict[str, list[dict]], tuple | None]:
            made = {page.file.src_uri: material.page_entries(page, _indexed_html(head, body.html if body.has_body() else None), meta)
                    for page, head, meta, body in ours}
            split = None
            if index_config is not None:
                try:
                    docs = material.as_written([entry for page, content, meta in others
                                                for entry in material.page_entries(page, content, meta)])
                    merged = search_sections.merge(docs, [(url, made[src] if src is not None else None) for url, src in order])
                    split = (docs, searchindex.build({"config": index_config, "docs": merged}))
                except Exception:  # noqa: BLE001 - only a head start: on_post_build splits Material's index itself
                    split = None
            return made, split

        self.entries = Forked(work)
        return env

    @event_priority(100)  # before Material's search plugin indexes page.content
    def _page_context_first(self, context, *, page, config, nav):
        """In a build, add a generated page's body to its content just before the page is rendered, and let the engine's copy go.

        MkDocs converts every page before it renders the first one, so a
        build holding each page's HTML in ``page.content`` from
        ``on_page_content`` on would hold them all at once. Plugins that run
        ``on_page_content`` after this one see a generated page's title
        heading only in a build (plugins listed before it always did), and so
        do those whose ``on_page_context`` runs between this one and Material's
        search plugin's, when the plugin indexes the page
        for Material (:func:`.material.page_entries`): its body joins the content
        just after Material's search plugin has seen the page, so that Material
        does not go through it all again to remove its search attributes.
        """
        if not self.release:
            return context
        if self.downloads:  # MkDocs has copied them (before rendering any page)
            for file in self.downloads:
                file.content_bytes = b""
            self.downloads = []
            self.output.files.clear()
        generated = self.output.pages.pop(page.file.src_uri, None)
        body = generated.html if generated is not None and generated.has_body() else None
        if self.search_order is not None:  # a generated page is indexed here (or in on_env's child), the others by Material
            meta = dict(page.meta) if generated is not None else None  # before leave_to_us marks it excluded
            ours = generated is not None and material.leave_to_us(page)
            if not ours:
                found = None
            elif self.entries is not None and page.file.src_uri in self.given:
                found = _Later(page.file.src_uri)
            else:
                found = material.page_entries(page, _indexed_html(page.content, body), meta)
            self.search_order.append((page.url, found))
            if ours and body is not None:
                self.body_after_search = (page, body)
                return context
        if body is not None:
            page.content = (page.content or "") + "\n" + body
        return context

    @event_priority(-100)  # after Material's search plugin
    def _page_context_last(self, context, *, page, config, nav):
        """The body of a page indexed here joins its content, as Material's search plugin leaves what it indexed."""
        if self.body_after_search is not None and self.body_after_search[0] is page:
            page.content = (page.content or "") + "\n" + material.without_search_attributes(self.body_after_search[1])
        self.body_after_search = None
        return context

    on_page_context = CombinedEvent(_page_context_first, _page_context_last)

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output, *, page, config):
        """Write the page without the templates' indentation and blank lines (:mod:`factsheet.render.compact`); in a
        build, let a generated page's HTML go once the page is rendered (MkDocs writes what this returns)."""
        if self.release and isinstance(page.file, _GeneratedFile):
            page.content = None
        return compact_html(output)

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config):
        """Shard the search index, then publish the finished site."""
        try:
            self._post_build(config)
        finally:
            forked.thaw()  # what forking froze for the garbage collector

    def _post_build(self, config) -> None:
        if self.command == "serve" and self.dirty:
            _merge_search_index(Path(config.site_dir), self.built_pages)
        site_dir = Path(config.site_dir)
        split = None  # the child's split of the search index, and Material's entries it made it with
        if self.entries is not None and self.search_order:
            (found, split), self.entries = self.entries.result(), None
            if not _as_expected(self.search_order, self.expected_order):
                split = None  # a page's place or indexing changed after on_env: split here
            self.search_order = [(url, found[entries.src] if isinstance(entries, _Later) else entries)
                                 for url, entries in self.search_order]
        index = material.add_indexed_pages(site_dir, self.search_order) if self.search_order else None
        prebuilt = None
        if split is not None and index is not None:
            docs, files = split
            if index.get("config") == material.index_config(config) and index["docs"] == search_sections.merge(docs, self.search_order):
                prebuilt = files  # Material's index is the one the child split
        self.search_order, self.expected_order, self.given = [], [], frozenset()
        if config.extra.get("factsheet_search") == "sharded":
            material.shard_search_index(site_dir, index, prebuilt)
        elif index is not None:
            material.write_index(site_dir, index)
        final, counter = self.final_site_dir, self._stop_counting()
        if self.command == "serve" and config.strict and counter is not None and counter.count:  # what the preview shows
            preview.STATE.record(f"{counter.count} warning(s) in strict mode:\n" + "\n".join(counter.messages))
        if not final:
            return
        if config.strict and counter is not None and counter.count:
            publish.discard(config.site_dir)
            raise PluginError(f"{counter.count} warning(s) in strict mode; {final} was left as it was")
        try:
            publish.swap_in(config.site_dir, final)
        except OSError as exc:
            publish.discard(config.site_dir)
            raise PluginError(f"could not publish the site at {final}: {exc.strerror or exc}; the previous site is unchanged") from None
        config.site_dir = final

    def on_build_error(self, *, error):
        """Throw away the half-built site; the previous one stays (and, under serve, shows the error)."""
        self._stop_counting()
        self._cancel_entries()
        forked.thaw()
        if self.final_site_dir:
            publish.discard(publish.staging_path(self.final_site_dir))
        if self.command == "serve":
            preview.STATE.record(str(error))

    def on_serve(self, server, *, config, builder):
        """Rebuild when a fact file changes; keep serving the last good site when a rebuild fails, with the error shown on every page (:mod:`.preview`)."""
        facts_dir = Path(config.config_file_path).parent / self.config.facts_dir
        if facts_dir.is_dir():
            server.watch(str(facts_dir))
        return preview.install(server)

    def _cancel_entries(self) -> None:
        if self.entries is not None:
            self.entries.cancel()
            self.entries = None

    def _stop_counting(self) -> _WarningCounter | None:
        counter, self.counter = self.counter, None
        if counter is not None:
            logging.getLogger("mkdocs").removeHandler(counter)
        return counter


class _TitleConverter:
    """One Markdown converter, reset between pages, for the title headings of every generated page.

    MkDocs makes a new converter for each page it converts (``Page.render``):
    about 0.8 ms each, most of it setting up the configured extensions, so 1.3 s
    of a 10,000-fact build spent on pages whose Markdown is one line. A generated
    page's Markdown is its title heading only (the body joins the HTML in
    ``on_page_content``), so this converter, made once with the same extensions,
    gives it what ``Page.render`` gives: the HTML, the table of contents, the
    anchors present and the title. Nothing in a title heading is a link (every
    character Markdown or HTML would read is escaped), so there are no links to
    check. A test compares both on hostile titles.
    """

    def __init__(self, config) -> None:
        self.md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        self.anchors = _Anchors(self.md)
        self.md.treeprocessors.register(self.anchors, "factsheet_anchors", 5)  # where MkDocs looks for anchors

    def renderer(self, page, source: str):
        """What MkDocs calls in place of ``page.render(config, files)``, for a page whose Markdown is the title heading
        ``source`` (if a plugin has changed it since, to add a link say, MkDocs' own conversion runs instead)."""

        def render(config, files) -> None:
            if page.markdown != source:
                type(page).render(page, config, files)
                return
            md = self.md
            md.reset()
            self.anchors.found, self.anchors.title = set(), None
            page.content = md.convert(page.markdown)
            page.toc = get_toc(getattr(md, "toc_tokens", []))
            page._title_from_render = self.anchors.title  # noqa: SLF001 - what MkDocs' own render sets
            page.present_anchor_ids = self.anchors.found
            if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:  # as MkDocs does
                page.links_to_anchors = {}

        return render


class _Anchors(Treeprocessor):
    """The ids (and the names of ``<a>`` elements) a converted page holds, and the text of its first element if that is
    a ``<h1>``, as MkDocs collects them."""

    def __init__(self, md) -> None:
        super().__init__(md)
        self.found: set[str] = set()
        self.title: str | None = None

    def run(self, root) -> None:
        first = next(iter(root), None)
        if first is not None and first.tag == "h1":
            self.title = get_heading_text(first, self.md)
        for element in root.iter():
            if anchor := element.get("id"):
                self.found.add(anchor)
            if element.tag == "a" and (anchor := element.get("name")):
                self.found.add(anchor)


def _indexed_html(content: str | None, body: str | None) -> str:
    """A generated page's HTML as Material's search plugin would index it: its content (the title heading), then its body."""
    return (content or "") + ("\n" + body if body is not None else "")


def _expected_search_order(files, pages) -> tuple[list[tuple[str, str | None]], list[tuple], list[tuple] | None]:
    """Each page's address in the order MkDocs renders them, with its source path where the plugin will index it
    (a generated page Material is told to skip: :func:`.material.leave_to_us`) or ``None`` where Material's search
    plugin will; the pages the plugin will index, as (page, content, metadata, the engine's page); and those
    Material will index, as (page, content, metadata) (``None`` if one has metadata Material cannot read)."""
    order, ours, others, readable = [], [], [], True
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        meta = dict(page.meta)
        search = meta.get("search") or {}
        if not isinstance(search, dict):
            order.append((page.url, None))
            readable = False
        elif file.src_uri in pages and not search.get("exclude"):
            order.append((page.url, file.src_uri))
            ours.append((page, page.content or "", meta, pages[file.src_uri]))
        else:
            order.append((page.url, None))
            if not search.get("exclude"):  # Material indexes it (a generated page excluded from search it skips)
                others.append((page, page.content or "", meta))
    return order, ours, others if readable else None


def _as_expected(order: list, expected: list[tuple[str, str | None]]) -> bool:
    """Whether the pages were rendered and indexed as ``on_env`` expected (same addresses, same order, the same
    pages indexed by the child and by Material)."""
    return len(order) == len(expected) and all(
        url == expected_url and (entries.src == src if isinstance(entries, _Later) else entries is None and src is None)
        for (url, entries), (expected_url, src) in zip(order, expected, strict=True))


class _Later:
    """The place in the search order of a generated page whose entries on_env's child makes."""

    __slots__ = ("src",)

    def __init__(self, src: str) -> None:
        self.src = src


def _merge_search_index(site_dir: Path, built: set[str]) -> None:
    """A dirty build's search index lists only the pages it rendered: add the previous entries of the others."""
    index_file = site_dir / "search" / "search_index.json"
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
        docs = index["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    kept = [d for d in _DIRTY.search_docs if str(d.get("location", "")).split("#")[0] not in built]
    index["docs"] = _DIRTY.search_docs = kept + docs
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _reference_position(file, reference: str) -> str:
    """``:line:col`` of the first place an authored page writes a reference ("" when it cannot be found), for the error."""
    if not file.abs_src_path:
        return ""
    try:
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    at = text.find(reference + "]") if reference + "]" in text else text.find(reference + "|")
    if at < 0:
        return ""
    line = text.count("\n", 0, at) + 1
    return f":{line}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


# The reference list's heading (factsheet/templates/references.html), listed in the table of contents as Wikipedia does.
REFERENCES_HEADING = '<h2 id="fs-references">References</h2>'


def _add_to_toc(page, headings: tuple[Heading, ...]) -> None:
    """List a generated page's headings (a topic's facts, a source's sections) in its table of contents.

    Markdown only made the page's title heading, so the body's headings are
    added under it, as the toc extension would have (titles as escaped HTML).
    """
    if not headings or page.toc is None:
        return
    items = page.toc.items
    top = items[0].children if len(items) == 1 and items[0].level == 1 else items
    for heading in headings:
        level = heading.level
        link = AnchorLink(" ".join(escape(heading.title).split()), heading.id, level)
        if level == 3 and top and top[-1].level == 2:
            top[-1].children.append(link)
        else:
            top.append(link)


def _replace(files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        if existing.generated_by is None:
            raise PluginError(f"docs/{file.src_uri} clashes with a page the fact sheet generates; rename it")
        files.remove(existing)
    files.append(file)


def _nest_topics(items: list, topic_pages: list) -> bool:
    """Replace the nav entry of the topics index by a section holding it and every topic page."""
    for i, item in enumerate(items):
        if getattr(item, "file", None) is not None and item.file.src_uri == urls.TOPICS_INDEX:
            parent = item.parent
            section = Section(item.title or "Topics", [item] + topic_pages)
            for child in section.children:
                child.parent = section
            section.parent = parent
            items[i] = section
            return True
        if getattr(item, "children", None) and _nest_topics(item.children, topic_pages):
            return True
    return False


def _walk(items):
    for item in items:
        if getattr(item, "children", None):
            yield from _walk(item.children)
        elif getattr(item, "file", None) is not None:
            yield item
