"""Moments as features write them: "now", "on Tuesday at 03:00", "10 minutes ago"."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from harness.model import WEEKDAYS
from harness.steps.errors import StepError

UNIT_MS = {"second": 1_000, "minute": 60_000, "hour": 3_600_000, "day": 86_400_000}

FORMS = (
    "now",
    "on Tuesday at 03:00 (the latest Tuesday 03:00 up to now)",
    "at 03:00 (the latest 03:00 up to now)",
    "on 2026-10-26 at 08:00",
    "10 minutes ago, 2 hours ago, 3 days ago",
    "in 10 minutes, in 2 hours",
)

_CLOCK = r"(?P<clock>\d{1,2}:\d{2})"
_ON_WEEKDAY = re.compile(rf"on (?P<weekday>[a-z]+) at {_CLOCK}")
_ON_DATE = re.compile(rf"on (?P<date>\d{{4}}-\d{{2}}-\d{{2}}) at {_CLOCK}")
_AT = re.compile(rf"at {_CLOCK}")
_AGO = re.compile(r"(?P<count>\d+) (?P<unit>second|minute|hour|day)s? ago")
_IN = re.compile(r"in (?P<count>\d+) (?P<unit>second|minute|hour|day)s?")


def resolve(moment: str, now_ms: int, zone: str) -> int | None:
    """The epoch ms a moment stands for, in a zone's wall-clock time; None for now."""
    text = " ".join(moment.strip().lower().split())
    if text == "now":
        return None

    if match := _ON_WEEKDAY.fullmatch(text):
        day = _weekday_number(match["weekday"], moment)
        return _latest(now_ms, zone, _clock(match["clock"], moment), day)

    if match := _ON_DATE.fullmatch(text):
        on = _date(match["date"], moment)
        return local_ms(on, _clock(match["clock"], moment), zone)

    if match := _AT.fullmatch(text):
        return _latest(now_ms, zone, _clock(match["clock"], moment), None)

    if match := _AGO.fullmatch(text):
        return now_ms - int(match["count"]) * UNIT_MS[match["unit"]]

    if match := _IN.fullmatch(text):
        return now_ms + int(match["count"]) * UNIT_MS[match["unit"]]

    raise StepError(f"{moment!r} is not a moment; write one of: {'; '.join(FORMS)}")


def local_ms(on: date, at: time, zone: str) -> int:
    """The epoch ms of a wall-clock time in a zone; refused if the clocks skip it."""
    moment = datetime.combine(on, at, ZoneInfo(zone))
    back = datetime.fromtimestamp(moment.timestamp(), ZoneInfo(zone))
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise StepError(
            f"{on} {at:%H:%M} does not exist in {zone}: the clocks skip it when "
            "daylight saving time starts; pick a time outside the gap"
        )
    return int(moment.timestamp() * 1000)


def describe(ts: int, zone: str) -> str:
    """A moment as people read it: "Tuesday 2026-11-24 03:00 CET"."""
    moment = datetime.fromtimestamp(ts / 1000, ZoneInfo(zone))
    return f"{moment:%A %Y-%m-%d %H:%M %Z}"


def _latest(now_ms: int, zone: str, at: time, weekday: int | None) -> int:
    # The latest moment at or before now with that wall-clock time (and weekday).
    today = datetime.fromtimestamp(now_ms / 1000, ZoneInfo(zone)).date()
    for back in range(8):
        day = today - timedelta(days=back)
        if weekday is not None and day.weekday() != weekday:
            continue
        candidate = local_ms(day, at, zone)
        if candidate <= now_ms:
            return candidate
    raise AssertionError("a week back always holds the moment")


def _weekday_number(name: str, moment: str) -> int:
    name = name.removesuffix("s")
    for number, weekday in enumerate(WEEKDAYS):
        if name in (weekday, weekday[:3]):
            return number
    raise StepError(
        f"{moment!r}: {name!r} is not a day of the week; write Monday to Sunday"
    )


def _clock(text: str, moment: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 23 or minutes > 59:
        raise StepError(
            f"{moment!r}: {text!r} is not a time of day; write HH:MM from 00:00 "
            "to 23:59"
        )
    return time(hours, minutes)


def _date(text: str, moment: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StepError(
            f"{moment!r}: {text!r} is not a date; write YYYY-MM-DD, such as 2026-10-26"
        ) from None
