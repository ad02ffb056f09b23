"""Wall-clock time in an IANA zone: offsets, the spans between changes, weekdays."""

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from harness.model.errors import TimestampError, UnknownTimeZoneError
from harness.model.parameters import DAY_MS

SECOND_MS = 1000
HOUR_MS = 3_600_000

# Offsets are probed every six days between the ends of a span of time, and each
# change found is then pinned to its second: a handful of lookups per window. No zone
# in tzdata has left an offset and come back to it in less than seven days (the
# shortest: Noronha, Recife and Boa Vista in October 2000, and Gaza and Hebron in some
# years from 2040), so no change goes unseen; zoneinfo does not publish its
# transitions, and probing daily would cost a window more than its messages do.
PROBE_MS = 6 * DAY_MS

# 1970-01-01, day 0 of local days, was a Thursday; Monday is weekday 0.
_EPOCH_WEEKDAY = 3

_EPOCH_ORDINAL = 719_163

# Instants that datetime can place in any zone: 0001-01-02 to 9999-12-30 UTC.
EARLIEST_MS = -62_135_510_400_000
LATEST_MS = 253_402_128_000_000


def load_zone(name: object) -> ZoneInfo:
    """The zone of an IANA name, or an error that says how to name one."""
    if not isinstance(name, str) or not name:
        raise UnknownTimeZoneError(name)

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise UnknownTimeZoneError(name) from error


def check_in_calendar(ts: int) -> None:
    """Refuse an instant too far from now for datetime to place in a zone."""
    if not EARLIEST_MS <= ts <= LATEST_MS:
        raise TimestampError(ts)


def offset_ms(zone: ZoneInfo, ts: int) -> int:
    """How far local wall-clock time is ahead of UTC at an instant, in ms."""
    steady = _hour_offset(zone, ts // HOUR_MS)
    return steady if steady is not None else _exact_offset_ms(zone, ts)


@lru_cache(maxsize=65_536)
def _hour_offset(zone: ZoneInfo, hour: int) -> int | None:
    # No zone changes its offset and back within an hour, so an hour that starts
    # and ends on the same offset keeps it throughout: its offset is worked out
    # once for every instant in it. An hour holding a change is worked out exactly.
    first = _exact_offset_ms(zone, hour * HOUR_MS)
    last = _exact_offset_ms(zone, hour * HOUR_MS + HOUR_MS - 1)
    return first if first == last else None


def _exact_offset_ms(zone: ZoneInfo, ts: int) -> int:
    seconds = ts // SECOND_MS
    try:
        local = datetime.fromtimestamp(seconds, zone)
    except (OverflowError, ValueError, OSError) as error:
        raise TimestampError(ts) from error

    local_seconds = (
        (local.toordinal() - _EPOCH_ORDINAL) * 86_400
        + local.hour * 3600
        + local.minute * 60
        + local.second
    )
    return (local_seconds - seconds) * SECOND_MS


def local_ms(zone: ZoneInfo, ts: int) -> int:
    """An instant as local wall-clock ms since local 1970-01-01 00:00."""
    return ts + offset_ms(zone, ts)


def weekday(local_day: int) -> int:
    """The weekday, 0 (Monday) to 6 (Sunday), of a local day counted from 1970."""
    return (local_day + _EPOCH_WEEKDAY) % 7


def offset_spans(zone: ZoneInfo, start: int, end: int) -> list[tuple[int, int, int]]:
    """`[start, end)` cut where the offset changes, as `(from, to, offset)` spans."""
    spans = []
    span_start = start
    offset = offset_ms(zone, start)

    probe, last = start, end - 1
    while probe < last:
        ahead = min(probe + PROBE_MS, last)
        if offset_ms(zone, ahead) == offset:
            probe = ahead
            continue

        change = _first_change(zone, probe, ahead, offset)
        spans.append((span_start, change, offset))
        span_start = probe = change
        offset = offset_ms(zone, change)

    spans.append((span_start, end, offset))
    return spans


def _first_change(zone: ZoneInfo, before: int, after: int, offset: int) -> int:
    # Offsets change on whole seconds, so bisect seconds: `low` keeps the old offset.
    low, high = before // SECOND_MS, after // SECOND_MS
    while high - low > 1:
        middle = (low + high) // 2
        if offset_ms(zone, middle * SECOND_MS) == offset:
            low = middle
        else:
            high = middle

    return high * SECOND_MS
