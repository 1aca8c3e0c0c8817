"""Partial ISO 8601 dates: a year, a month or a day."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; reject impossible dates."""
        match = _DATE_RE.match(text.strip())
        if not match:
            raise ValueError(f"'{text[:40]}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if year < 1000:
            raise ValueError(f"year {year} is out of range")
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"'{text}' is not a date: there is no month {month:02d}")
        if match.group(3):
            try:
                _dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"'{text}' is not a date: {MONTHS[month - 1]} {year} has no day {day}") from None
        return cls(year, month, day)

    def iso(self) -> str:
        """The date as written: ``2024``, ``2024-04`` or ``2024-04-12``."""
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        """The date for readers: ``2024``, ``April 2024``, ``12 April 2024``."""
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"

    def parts(self) -> list[int]:
        """CSL-JSON ``date-parts``: as many parts as are known."""
        return [p for p in (self.year, self.month, self.day) if p]

    def start(self) -> _dt.date:
        """The earliest day this date can mean."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.iso()
