"""This repository's MkDocs build hooks: a shim over the packaged plugin (``factsheet.adapter.plugin``).

The site publishes through ``hooks:`` so that ``mkdocs.yml`` shows where the
fact sheet comes in; the options are the plugin's, under ``extra.factsheet``.
Another site can use the plugin directly: ``plugins: [search, factsheet]``.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError

from factsheet.adapter.plugin import FactsheetPlugin

plugin = FactsheetPlugin()
on_startup, on_files, on_nav, on_build_error = plugin.on_startup, plugin.on_files, plugin.on_nav, plugin.on_build_error
on_page_markdown, on_page_content, on_post_build = plugin.on_page_markdown, plugin.on_page_content, plugin.on_post_build
on_page_context, on_post_page, on_serve = plugin.on_page_context, plugin.on_post_page, plugin.on_serve
on_env = plugin.on_env


def on_config(config):
    """Read the plugin's options from ``extra.factsheet``, then configure as the plugin does."""
    errors, warnings = plugin.load_config(config.extra.get("factsheet") or {}, config.config_file_path)
    if errors:
        raise PluginError("\n".join(f"extra.factsheet.{key}: {error}" for key, error in errors))
    config = plugin.on_config(config)
    for key, warning in warnings:  # now that a strict build counts them
        logging.getLogger("mkdocs.plugins.factsheet").warning(f"extra.factsheet.{key}: {warning}")
    return config
