"""Local wall-clock moments as epoch ms, and back, for the routine tests."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def epoch_ms(day: date, clock: time, zone: str) -> int:
    """A local wall-clock moment as UTC epoch ms (the first, if it happens twice)."""
    moment = datetime.combine(day, clock, tzinfo=ZoneInfo(zone))
    return int(moment.timestamp()) * 1000 + moment.microsecond // 1000


def local(ts: int, zone: str) -> datetime:
    """An instant in UTC epoch ms as a local datetime."""
    return datetime.fromtimestamp(ts / 1000, UTC).astimezone(ZoneInfo(zone))
