"""Writing the editor-facing JSON Schemas, generated from the records declared in ``model``."""

from __future__ import annotations

import json
from pathlib import Path

from factsheet.load.loader import FILES
from factsheet.model.schema import document_schema

SCHEMAS = {
    "sources.schema.json": (FILES["sources"], "Fact sheet: sources registry"),
    "entities.schema.json": (FILES["entities"], "Fact sheet: entities registry"),
    "topic.schema.json": (FILES["topic"], "Fact sheet: topic file"),
    "charts.schema.json": (FILES["charts"], "Fact sheet: chart definitions"),
}


def schema_texts() -> dict[str, str]:
    """Every schema file's name and JSON text."""
    return {
        name: json.dumps(document_schema(field, title, name), indent=2, ensure_ascii=False) + "\n"
        for name, (field, title) in SCHEMAS.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write the schemas into a folder; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
