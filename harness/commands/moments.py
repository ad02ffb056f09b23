"""Moments given on the command line: ISO, now, relative, or a weekday's time."""

# A moment is parsed when the options are (so a typo is a usage error at once),
# and placed in time later, once the time zone is known: the device's own, or
# the one --timezone names.

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from harness.model import WEEKDAYS

SPELLING = (
    "give an ISO date and time (2025-06-03T18:30, with or without an offset), now, "
    "a shift from now (-2h, +30m, -1d12h), a weekday and time (tuesday 03:00), "
    "today or yesterday and a time, or epoch milliseconds"
)

_UNITS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}
_SHIFT = re.compile(r"([+-])\s*((?:\d+(?:\.\d+)?\s*[wdhms]\s*)+)")
_SHIFT_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([wdhms])")
_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_DAY_AND_CLOCK = re.compile(r"([a-z]+)\s+" + _CLOCK)
_EPOCH_MS = re.compile(r"\d{12,14}")
_SHORT_DAYS = {name[:3]: number for number, name in enumerate(WEEKDAYS)}
_RELATIVE_DAYS = {"today": 0, "yesterday": -1}


@dataclass(frozen=True)
class Moment:
    """A moment as written, to be placed in time once the time zone is known."""

    text: str
    kind: str
    shift: timedelta = timedelta()
    local: datetime | None = None
    weekday: int | None = None
    day_offset: int = 0
    clock: time = time()

    def at(self, zone: ZoneInfo, now: datetime | None = None) -> datetime:
        """The moment in `zone`: relative ones count from `now` (default: now)."""
        current = (now or datetime.now(UTC)).astimezone(zone)
        if self.kind == "shift":
            return current + self.shift

        if self.kind == "absolute":
            assert self.local is not None
            if self.local.tzinfo is None:
                return self.local.replace(tzinfo=zone)
            return self.local.astimezone(zone)

        if self.kind == "weekday":
            assert self.weekday is not None
            back = (current.weekday() - self.weekday) % 7
            candidate = _local(current.date() - timedelta(days=back), self.clock, zone)
            if candidate > current:
                candidate = _local(
                    candidate.date() - timedelta(days=7), self.clock, zone
                )
            return candidate

        day = current.date() + timedelta(days=self.day_offset)
        return _local(day, self.clock, zone)

    def epoch_ms(self, zone: ZoneInfo, now: datetime | None = None) -> int:
        """The moment as UTC epoch milliseconds, as messages carry it."""
        return int(self.at(zone, now).timestamp() * 1000)


def moment(text: str) -> Moment:
    """Parse a moment (an argparse type: a bad one is a usage error)."""
    written = " ".join(text.strip().lower().split())
    if written == "now":
        return Moment(text, "shift")

    shift = _SHIFT.fullmatch(written)
    if shift:
        seconds = sum(
            float(amount) * _UNITS[unit]
            for amount, unit in _SHIFT_PART.findall(shift.group(2))
        )
        sign = -1 if shift.group(1) == "-" else 1
        return Moment(text, "shift", shift=timedelta(seconds=sign * seconds))

    if _EPOCH_MS.fullmatch(written):
        at = datetime.fromtimestamp(int(written) / 1000, UTC)
        return Moment(text, "absolute", local=at)

    named = _DAY_AND_CLOCK.fullmatch(written)
    if named:
        return _named_day(text, named)

    try:
        return Moment(text, "absolute", local=datetime.fromisoformat(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a moment: {SPELLING}"
        ) from None


def zone(name: str) -> ZoneInfo:
    """An IANA time zone (an argparse type)."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise argparse.ArgumentTypeError(
            f"{name!r} is not a time zone: give an IANA name such as Europe/Berlin, "
            "America/New_York or UTC"
        ) from None


def _named_day(text: str, match: re.Match[str]) -> Moment:
    name, hours, minutes, seconds = match.groups()
    try:
        clock = time(int(hours), int(minutes), int(seconds or 0))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: {hours}:{minutes} is not a time of day; use 00:00 to 23:59"
        ) from None

    if name in _RELATIVE_DAYS:
        return Moment(text, "day", day_offset=_RELATIVE_DAYS[name], clock=clock)

    weekday = _SHORT_DAYS.get(name[:3])
    if weekday is None or not WEEKDAYS[weekday].startswith(name):
        raise argparse.ArgumentTypeError(f"{text!r} is not a moment: {SPELLING}")

    return Moment(text, "weekday", weekday=weekday, clock=clock)


def _local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, zone)


def glue_moments(argv: Sequence[str] | None, flags: Sequence[str]) -> list[str]:
    """`argv` with `--at -2h` written as `--at=-2h`, which argparse would
    otherwise take for an option -2h."""
    args = list(sys.argv[1:] if argv is None else argv)
    glued: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        follows = args[index + 1] if index + 1 < len(args) else None
        if arg in flags and follows is not None and follows.startswith(("-", "+")):
            glued.append(f"{arg}={follows}")
            index += 2
            continue
        glued.append(arg)
        index += 1
    return glued
