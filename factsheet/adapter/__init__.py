"""Adapters to site generators: the only modules of the package that import MkDocs or Material.

- :mod:`factsheet.adapter.plugin`: the MkDocs plugin (entry point ``factsheet``);
- :mod:`factsheet.adapter.material`: what the plugin needs from Material, checked against one version.

Everything else in :mod:`factsheet` is the engine and imports neither (a test keeps it so).
"""
