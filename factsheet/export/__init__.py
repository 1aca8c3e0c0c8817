"""Downloads and citations: CSV, JSON, CSL-JSON, BibTeX, JSON-LD, JSON Schemas, the format reference."""
