"""Wall-clock time: times of day as written in routines, and local dates to UTC ms."""

# A routine says "09:15" and means 09:15 on the clock on the wall, whatever the
# offset from UTC that day. Local moments become instants with `fold=0`, which
# gives the two rules for the days when clocks change:
# - a time that does not exist (skipped when clocks go forward) moves forward by
#   the length of the gap: 02:30 on a day that jumps from 02:00 to 03:00 is 03:30;
# - a time that happens twice (repeated when clocks go back) takes its first
#   occurrence, the one still on summer time.

import difflib
import functools
import re
import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

SECOND_MS = 1000
MINUTE_MS = 60 * SECOND_MS
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS

_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_time(text: str, end_of_day: bool = False) -> int:
    """A time of day, `HH:MM` or `HH:MM:SS`, as ms since local midnight.

    `24:00` (the end of the day) is allowed only where `end_of_day` is true.
    """
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            f"{text!r} is not a time of day: write HH:MM on a 24-hour clock, "
            "such as 07:30 or 18:05"
        )

    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if end_of_day and (hours, minutes, seconds) == (24, 0, 0):
        return DAY_MS

    if hours > 23 or minutes > 59 or seconds > 59:
        latest = "24:00" if end_of_day else "23:59"
        raise ValueError(
            f"{text!r} is not a time of day: hours run from 00 to 23 and minutes "
            f"from 00 to 59, so from 00:00 to {latest}"
        )

    return hours * HOUR_MS + minutes * MINUTE_MS + seconds * SECOND_MS


def time_text(ms_of_day: int) -> str:
    """Ms since midnight as `HH:MM`, or `HH:MM:SS` when there are seconds."""
    minutes, rest = divmod(ms_of_day, MINUTE_MS)
    text = f"{minutes // 60:02d}:{minutes % 60:02d}"
    if rest:
        text += f":{rest // SECOND_MS:02d}"

    return text


def load_zone(name: str) -> ZoneInfo:
    """The zone of an IANA name; a ValueError that names a close match if none."""
    try:
        return ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass

    names = sorted(zoneinfo.available_timezones())
    by_lower = {known.lower(): known for known in names}
    close = [by_lower[name.lower()]] if name.lower() in by_lower else []
    close = close or difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(
        f"{name!r} is not a time zone{hint}: give an IANA name such as "
        "Europe/Berlin, America/New_York or UTC"
    )


def instant(day: date, ms_of_day: int, zone: ZoneInfo) -> int:
    """The UTC epoch ms of a wall-clock moment of a local date (fold=0 rules)."""
    moment = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(
        milliseconds=ms_of_day
    )
    offset = moment.utcoffset() or timedelta(0)
    local = moment.replace(tzinfo=UTC) - _EPOCH
    return (local - offset) // timedelta(milliseconds=1)


def day_clock(day: date, zone: ZoneInfo) -> Callable[[int], int]:
    """`instant` for one local date, quicker on the days that last 24 hours."""
    start, whole = _day_start(day, zone)
    if not whole:
        return lambda ms_of_day: instant(day, ms_of_day, zone)

    # No change of the clocks that day: each moment is its offset from midnight.
    # (A day with two changes that cancel out would also last 24 hours; no zone
    # has had one.)
    return lambda ms_of_day: start + ms_of_day


@functools.lru_cache(maxsize=4096)
def _day_start(day: date, zone: ZoneInfo) -> tuple[int, bool]:
    # Many locks share a zone and a day: work the day's start out once for all.
    start = instant(day, 0, zone)
    return start, instant(day + timedelta(days=1), 0, zone) - start == DAY_MS


def local_date(ts: int, zone: ZoneInfo) -> date:
    """The local date of an instant in UTC epoch ms."""
    return (_EPOCH + timedelta(milliseconds=ts)).astimezone(zone).date()


def start_of_day(day: date, zone: ZoneInfo) -> int:
    """The instant a local date starts (its first wall-clock moment)."""
    return instant(day, 0, zone)
