"""Writing the editor-facing JSON Schemas, generated from the field specs in ``records``."""

from __future__ import annotations

import json
from pathlib import Path

from . import records
from .schema import document_schema

SCHEMAS = {
    "sources.schema.json": (records.SOURCES_FILE, "Fact sheet: sources registry"),
    "entities.schema.json": (records.ENTITIES_FILE, "Fact sheet: entities registry"),
    "topic.schema.json": (records.TOPIC_FILE, "Fact sheet: topic file"),
    "charts.schema.json": (records.CHARTS_FILE, "Fact sheet: chart definitions"),
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
