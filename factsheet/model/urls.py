"""Page addresses: where each generated page lives and how pages link to each other."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Site:
    """What the renderer needs to know about the site it renders for."""

    site_url: str = ""
    use_directory_urls: bool = True
    title: str = "Fact sheet"
    report_url: str = ""  # template of the "Report a problem" link; see factsheet.load.settings
    fold_entities: bool = False  # an entity named by one fact at most is an entry of the entities index (settings.single_fact_entities)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.site_url, self.use_directory_urls, self.title, self.report_url, self.fold_entities)))

    def __hash__(self) -> int:
        """The hash of the fields, computed once: the cached links look it up for each of a build's links."""
        return self._hash

    def report_link(self, ident: str, url: str, title: str) -> str:
        """The "Report a problem" address for a fact or page, or "" when the sheet sets none."""
        if not self.report_url:
            return ""
        values = {"id": ident, "url": url, "title": title}
        return re.sub(r"\{(id|url|title)\}", lambda m: quote(values[m.group(1)], safe=""), self.report_url)

    @lru_cache(maxsize=1 << 16)  # noqa: B019 - as _relative: every permalink and link asks for a page's address
    def url_of(self, src_uri: str) -> str:
        """The URL path, relative to the site root, of the page built from ``src_uri``."""
        stem, _ = posixpath.splitext(src_uri)
        parent, name = posixpath.split(stem)
        if not self.use_directory_urls:
            return f"{parent}/index.html".lstrip("/") if name in ("index", "README") else f"{stem}.html"
        if name in ("index", "README"):
            return f"{parent}/" if parent else ""
        return f"{stem}/"

    def absolute(self, src_uri: str, anchor: str | None = None) -> str:
        """The absolute URL of a page (a ``.md`` source) or of a plain file such as ``data/facts.csv`` (needs ``site_url``)."""
        base = self.site_url.rstrip("/") + "/" if self.site_url else "/"
        path = self.url_of(src_uri) if src_uri.endswith(".md") else src_uri
        return base + path + (f"#{anchor}" if anchor else "")

    def fact_permalink(self, fact, page: str | None = None) -> str:
        """A fact's permalink (its anchor on its topic page): absolute, or relative to ``page`` when given."""
        topic_page = TOPIC.format(fact.topic)
        return self.relative(page, topic_page, fact.id) if page is not None else self.absolute(topic_page, fact.id)

    def relative(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """A link from one page to another (or to a plain file), relative as MkDocs writes them."""
        if to_src == from_src and anchor:
            return f"#{anchor}"
        return self._relative(from_src, to_src) + (f"#{anchor}" if anchor else "")

    @lru_cache(maxsize=1 << 17)  # noqa: B019 - Site is frozen and small; pages link to the same pages again and again
    def _relative(self, from_src: str, to_src: str) -> str:
        from_url = self.url_of(from_src)
        to_url = self.url_of(to_src) if to_src.endswith(".md") else to_src
        from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
        rel = _relpath(to_url or ".", from_dir.rstrip("/") or ".")
        if to_url.endswith("/") or not to_url:
            rel = rel.rstrip("/") + "/" if rel != "." else "./"
        return rel


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for two site-relative paths, without asking the operating system for the working directory."""
    parts = [] if path == "." else path.rstrip("/").split("/")
    base = [] if start == "." else start.split("/")
    if path[:1] == "/" or start[:1] == "/" or any(p in ("", ".", "..") for p in parts) or any(p in ("", ".", "..") for p in base):
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(parts, base, strict=False):
        if a != b:
            break
        common += 1
    rel = [".."] * (len(base) - common) + parts[common:]
    return "/".join(rel) if rel else "."


# Hosts no published site has: RFC 2606 and 6761 names, loopback, and the placeholders of templates and examples.
_PLACEHOLDER_LABELS = frozenset({"example", "owner", "your-name", "yourname", "username", "your-username", "user"})
_PLACEHOLDER_TLDS = frozenset({"example", "test", "invalid", "localhost", "local"})
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"})


def placeholder_site_url(site_url: str) -> str | None:
    """Why ``site_url`` cannot be a published site's address (missing, local, a placeholder), or None when it can be.

    Every permalink, cite-this text, download, feed entry and sitemap entry
    starts with it, so a reader who copies one copies this address.
    """
    if not site_url:
        return "site_url is not set"
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme not in ("http", "https") or not host:
        return f"site_url {site_url!r} is not an http(s) address"
    if host in _LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost"):
        return f"site_url {site_url!r} is this machine's address (a local preview)"
    labels = host.split(".")
    segments = [parts.netloc.split(".")[0], *parts.path.split("/")]
    if labels[-1] in _PLACEHOLDER_TLDS or any(label in _PLACEHOLDER_LABELS for label in labels) \
            or any(c in site_url for c in "{}<>") or any(s in ("OWNER", "REPO", "USER", "NAME") for s in segments):
        return f"site_url {site_url!r} is a placeholder"
    return None


TOPIC = "topics/{}.md"
SOURCE = "sources/{}.md"
ENTITY = "entities/{}.md"
FIGURES = "figures.md"
TIMELINE = "timeline.md"
CORRECTIONS = "corrections.md"
SOURCES_INDEX = "sources/index.md"
ENTITIES_INDEX = "entities/index.md"
TOPICS_INDEX = "topics/index.md"
DATA = "data.md"
CHARTS = "charts.md"
CHART_CSV = "data/charts/{}.csv"  # a chart's data, a plain file


def text_fragment(quote_text: str, max_words: int = 50) -> str:
    """A ``#:~:text=`` fragment that scrolls a browser to a quoted passage.

    Quotes are matched whole, so the browser cannot land on an earlier
    passage that merely starts with the same words; only a quote longer than
    ``max_words`` becomes ``start,end`` of its first and last ten words. ``-``, ``,`` and ``&`` in the text are
    percent-encoded, as the fragment syntax requires.
    """
    words = quote_text.split()
    if len(words) <= max_words:
        return "#:~:text=" + _encode(" ".join(words))
    half = min(10, max_words // 2)
    return "#:~:text=" + _encode(" ".join(words[:half])) + "," + _encode(" ".join(words[-half:]))


def _encode(text: str) -> str:
    return quote(text, safe="").replace("-", "%2D")


@lru_cache(maxsize=1 << 17)  # a citation's link is written in its fact's block, its marker, the CSV and reference lists
def cite_url(url: str, quote_text: str) -> str:
    """An article URL that opens at a quote; any fragment already on it is replaced."""
    return url.split("#", 1)[0] + text_fragment(quote_text)


WAYBACK_LOOKUP = "https://web.archive.org/web/*/"


@lru_cache(maxsize=1 << 14)  # asked for each citation of a source
def archive_lookup_url(url: str) -> str:
    """Where to look up archived copies of an address (the Wayback Machine's list of its captures).

    The address is percent-encoded where it could end the lookup's own address early (a fragment,
    spaces, quotes); its own percent-escapes are kept.
    """
    return WAYBACK_LOOKUP + quote(url.split("#", 1)[0], safe=":/?&=%@+,;~!$'()*[]")


@lru_cache(maxsize=1 << 14)  # asked for each citation of a source
def short_url(url: str, limit: int = 40) -> str:
    """An address as printed: host and path without the scheme or ``www.``, cut to ``limit`` characters with an ellipsis."""
    parts = urlsplit(url)
    text = (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")
    return text if len(text) <= limit else text[: limit - 1] + "…"
