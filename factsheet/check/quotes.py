"""Checking quotes against stored article captures, as OWID's fact-check does."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from factsheet.check.editorial import RUN, longest_shared_run, own_words, runs_of, words
from factsheet.model import Sheet
from factsheet.model.textnorm import normalise_for_match


@dataclass
class QuoteResult:
    """How many quotes matched their captures, and what went wrong."""

    matched: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)  # claims sharing a run of words with their article


def check_quotes(sheet: Sheet, articles: Path) -> QuoteResult:
    """Check each quote is a verbatim substring (after normalising) of its source's capture."""
    result = QuoteResult()
    texts: dict[str, str | None] = {}
    runs: dict[str, set] = {}
    for fact in sheet.facts.values():
        claim_words = own_words(fact.claim)
        for source_id in sheet.fact_sources(fact) if fact.derived is None else ():
            capture = sheet.sources[source_id].capture
            if not capture or Path(capture).name != capture or capture.startswith("."):
                continue
            if capture not in runs:
                path = articles / capture
                runs[capture] = runs_of(words(path.read_text(encoding="utf-8")), RUN) if path.is_file() else set()
            length, run = longest_shared_run(claim_words, runs[capture])
            if length:
                path, line, col = fact.at("claim")
                result.copied.append(f"{path}:{line}:{col}: warning: fact '{fact.id}': the claim repeats {length} "
                                     f"consecutive words of its article {capture}: “{run}”; write it in the sheet's "
                                     "own words or put the words in quotation marks")
                break
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
