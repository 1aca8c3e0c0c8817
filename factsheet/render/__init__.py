"""Rendering the sheet: HTML fragments, pages, citations, data files, charts."""
