"""Dates of exceptions: one date or a range, on one year or on every year."""

import re
from dataclasses import dataclass
from datetime import date

_FULL = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_YEARLY = re.compile(r"(\d{1,2})-(\d{1,2})")

SPELLING = "write YYYY-MM-DD such as 2025-12-25, or MM-DD such as 12-25 for every year"


@dataclass(frozen=True, order=True)
class DayOfYear:
    """A month and day that comes round every year, such as 12-25."""

    month: int
    day: int

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


When = date | DayOfYear


def parse_date(text: str) -> When:
    """A date, `YYYY-MM-DD`, or a day of every year, `MM-DD`."""
    written = text.strip()
    try:
        if _FULL.fullmatch(written):
            year, month, day = (int(part) for part in written.split("-"))
            return date(year, month, day)

        match = _YEARLY.fullmatch(written)
        if match:
            month, day = (int(part) for part in match.groups())
            date(2000, month, day)  # a leap year, so that 02-29 is a day of the year
            return DayOfYear(month, day)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date on the calendar: {SPELLING}"
        ) from None

    raise ValueError(f"{text!r} is not a date: {SPELLING}")


@dataclass(frozen=True)
class DateRange:
    """From one date to another, both included; on every year if given as MM-DD.

    A range of days of the year may run over New Year, as 12-24 to 01-02 does.
    """

    first: When
    last: When

    def __post_init__(self) -> None:
        if type(self.first) is not type(self.last):
            raise ValueError(
                f"the range from {self.first} to {self.last} mixes a date with a day "
                "of every year: write both as YYYY-MM-DD or both as MM-DD"
            )

        first, last = self.first, self.last
        if isinstance(first, date) and isinstance(last, date) and first > last:
            raise ValueError(
                f"the range from {self.first} to {self.last} ends before it starts: "
                "put the earlier date in 'from'"
            )

    def covers(self, day: date) -> bool:
        """Whether a local date falls in the range."""
        if isinstance(self.first, date) and isinstance(self.last, date):
            return self.first <= day <= self.last

        of_year = DayOfYear(day.month, day.day)
        first, last = self.first, self.last
        assert isinstance(first, DayOfYear) and isinstance(last, DayOfYear)
        if first <= last:
            return first <= of_year <= last

        return of_year >= first or of_year <= last

    def __str__(self) -> str:
        if self.first == self.last:
            return str(self.first)

        return f"{self.first} to {self.last}"
