"""The sheet's settings, read from ``extra.factsheet`` in ``mkdocs.yml`` (or given directly).

Settings the engine reads (the MkDocs adapter has a few more of its own)::

    extra:
      factsheet:
        hedges: [rumoured]               # words that hedge a quote, added to the built-in list
        attributions: [testified]        # words that attribute a claim, added to the built-in list
        report_url: https://github.com/OWNER/REPO/issues/new?title=Problem+with+{id}&body={url}
        single_fact_entities: page       # or "folded": an entity named by one fact at most is an
                                         # anchored entry of the entities index, not a page of its own

A site using the packaged plugin gives the same settings as the plugin's
options (``plugins: [search, {factsheet: {hedges: [...]}}]``); they are read
from there when ``extra.factsheet`` is absent.

``report_url`` is the "Report a problem" link on every fact and page: an
``https://``, ``http://`` or ``mailto:`` address in which ``{id}`` (the fact
id, or the page path), ``{url}`` (its permalink) and ``{title}`` (its claim
or page title) are replaced, URL-encoded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factsheet.check.editorial import Vocabulary
from factsheet.diagnostics import Diagnostic, FactsheetError

_PLACEHOLDER = re.compile(r"\{(\w*)\}")
PLACEHOLDERS = ("id", "url", "title")


@dataclass(frozen=True)
class Settings:
    """What the engine needs from the site's configuration."""

    hedges: tuple[str, ...] = ()
    attributions: tuple[str, ...] = ()
    report_url: str = ""
    single_fact_entities: str = "page"

    def vocabulary(self) -> Vocabulary:
        """The hedge and attribution words, the built-in ones and the sheet's own."""
        return Vocabulary(self.hedges, self.attributions)


def _words(value: Any, key: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"extra.factsheet.{key}: expected a list of words or phrases")
        return ()
    return tuple(" ".join(v.split()) for v in value)


def _report_url(value: Any, problems: list[str]) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not re.match(r"^(?:https?://[^\s/]+\S*|mailto:\S+)$", value, re.IGNORECASE):
        problems.append("extra.factsheet.report_url: expected an https://, http:// or mailto: address")
        return ""
    unknown = [name for name in _PLACEHOLDER.findall(value) if name not in PLACEHOLDERS]
    if unknown:
        problems.append(f"extra.factsheet.report_url: unknown placeholder {{{unknown[0]}}}; use {{id}}, {{url}} or {{title}}")
        return ""
    return value


ENTITY_LAYOUTS = ("page", "folded")


def _entity_layout(value: Any, problems: list[str]) -> str:
    if value in (None, ""):
        return "page"
    if value not in ENTITY_LAYOUTS:
        problems.append("extra.factsheet.single_fact_entities: expected page or folded")
        return "page"
    return value


def from_mapping(data: dict | None, where: str = "mkdocs.yml", line: int = 1, col: int = 1) -> Settings:
    """Settings from the ``extra.factsheet`` mapping; raises FactsheetError naming each bad key."""
    data = data or {}
    problems: list[str] = []
    if not isinstance(data, dict):
        problems.append("extra.factsheet: expected a mapping of settings")
        data = {}
    settings = Settings(
        hedges=_words(data.get("hedges"), "hedges", problems),
        attributions=_words(data.get("attributions"), "attributions", problems),
        report_url=_report_url(data.get("report_url"), problems),
        single_fact_entities=_entity_layout(data.get("single_fact_entities"), problems),
    )
    if problems:
        raise FactsheetError([Diagnostic(where, line, col, p) for p in problems])
    return settings


def read_config(path: Path) -> tuple[dict, int, int]:
    """The settings mapping of a ``mkdocs.yml`` and where it starts: ``extra.factsheet``, else the plugin's options.

    ``!ENV`` tags are resolved as MkDocs resolves them; other tags are not evaluated.
    """
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FactsheetError([Diagnostic(str(path), 1, 1, f"cannot read the site configuration: {exc}")]) from None
    node = _child(_child(root, "extra"), "factsheet")
    if node is None:
        node = _plugin_options(_child(root, "plugins"))
    if node is None:
        return {}, 1, 1
    return _plain(node), node.start_mark.line + 1, node.start_mark.column + 1


def _plugin_options(plugins):
    """The options node of the ``factsheet`` plugin in a ``plugins:`` list or mapping, if it has any."""
    if isinstance(plugins, yaml.MappingNode):
        return _child(plugins, "factsheet")
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            options = _child(item, "factsheet")
            if options is not None:
                return options
    return None


def _child(node, key: str):
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _plain(node) -> Any:
    if node.tag == "!ENV":  # as MkDocs reads it: the first variable that is set, else the last item as the default
        names = [n.value for n in node.value] if isinstance(node, yaml.SequenceNode) else [node.value]
        for name in names[:-1] if len(names) > 1 else names:
            if name in os.environ:
                return os.environ[name]
        return names[-1] if len(names) > 1 else None
    if isinstance(node, yaml.MappingNode):
        return {_plain(k): _plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v) for v in node.value]
    return node.value


def load_settings(config: Path | None) -> Settings:
    """The settings of a ``mkdocs.yml``, or the defaults when there is none."""
    if config is None or not config.is_file():
        return Settings()
    data, line, col = read_config(config)
    return from_mapping(data, config.as_posix(), line, col)
