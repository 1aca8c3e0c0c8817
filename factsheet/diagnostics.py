"""Diagnostics: located errors and warnings, collected rather than raised."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in an input file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"
    root: bool = field(default=False, compare=False)  # the file could not be read: other errors may follow from this one

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.col}: {tag}{self.message}"


@dataclass
class Report:
    """All diagnostics of one load, in the order found."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str) -> None:
        """Record an error."""
        self.items.append(Diagnostic(path, line, col, message))

    def warning(self, path: str, line: int, col: int, message: str) -> None:
        """Record a warning."""
        self.items.append(Diagnostic(path, line, col, message, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that stop a build."""
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics that do not stop a build."""
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in reading order: files that could not be read first, then by file and position."""
        return ordered(self.items)

    def mark_root(self, since: int) -> None:
        """Mark the diagnostics recorded since index ``since`` as root causes (their file could not be read)."""
        self.items[since:] = [replace(d, root=True) for d in self.items[since:]]


def ordered(diagnostics) -> list[Diagnostic]:
    """Root causes first (a file that could not be read), then by file, position and message."""
    return sorted(diagnostics, key=lambda d: (not d.root, d))


class UnknownReferenceError(KeyError):
    """A page refers to a fact or chart id the sheet does not have (a KeyError, for callers that catch those)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class FactsheetError(Exception):
    """Raised when input is invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__(self.summary())

    def summary(self) -> str:
        """All diagnostics, one a line, and a count."""
        errors = [d for d in self.diagnostics if d.severity == "error"]
        lines = [str(d) for d in ordered(self.diagnostics)]
        lines.append(f"{len(errors)} error{'s' if len(errors) != 1 else ''} found")
        return "\n".join(lines)
