"""factsheet: YAML facts with verbatim citations, validated and rendered to a static site.

The engine is pure Python and imports nothing from MkDocs; ``hooks/`` holds the
thin MkDocs adapter.
"""

__version__ = "0.1.0"
