"""factsheet: YAML facts with verbatim citations, validated and rendered to a static site.

The engine is pure Python and imports nothing from MkDocs or Material;
:mod:`factsheet.adapter` holds the MkDocs plugin (entry point ``factsheet``),
and ``hooks/factsheet_hook.py`` in the repository is a shim over it.
"""

__version__ = "0.1.0"
