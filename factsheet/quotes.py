"""Checking quotes against stored article captures, as OWID's fact-check does."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import Sheet
from .textnorm import normalise_for_match


@dataclass
class QuoteResult:
    """How many quotes matched their captures, and what went wrong."""

    matched: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)


def check_quotes(sheet: Sheet, articles: Path) -> QuoteResult:
    """Check each quote is a verbatim substring (after normalising) of its source's capture."""
    result = QuoteResult()
    texts: dict[str, str | None] = {}
    for fact in sheet.facts.values():
        for citation in fact.citations:
            result.total += 1
            source = sheet.sources[citation.source]
            where = f"{citation.pos[0]}:{citation.pos[1]}:{citation.pos[2]}"
            if not source.capture:
                result.problems.append(f"{where}: source '{source.id}' has no capture to check the quote against")
                continue
            if Path(source.capture).name != source.capture or source.capture.startswith("."):
                result.problems.append(f"{where}: capture '{source.capture}' of source '{source.id}' must be a file name "
                                       f"in {articles}, not a path")
                continue
            if source.capture not in texts:
                path = articles / source.capture
                texts[source.capture] = normalise_for_match(path.read_text(encoding="utf-8")) if path.is_file() else None
            text = texts[source.capture]
            if text is None:
                result.problems.append(f"{where}: capture '{source.capture}' of source '{source.id}' not found in {articles}")
            elif normalise_for_match(citation.quote) in text:
                result.matched += 1
            else:
                result.problems.append(f"{where}: quote not found verbatim in {source.capture}: “{citation.quote[:80]}”")
    return result
