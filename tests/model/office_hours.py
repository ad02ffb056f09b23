"""The office-hours routine of the worked example, drawn with a seed."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from harness.model import Message

# (value, earliest, latest): each event at a uniform moment in [earliest, latest).
WORKDAY_EVENTS = (
    ("unlocked", time(8, 50), time(9, 5)),
    ("locked", time(9, 10), time(9, 15)),
    ("unlocked", time(17, 50), time(18, 5)),
    ("locked", time(19, 10), time(19, 15)),
)


def epoch_ms(day: date, clock: time, zone: str) -> int:
    """A local wall-clock moment as UTC epoch ms."""
    moment = datetime.combine(day, clock, tzinfo=ZoneInfo(zone))
    return int(moment.timestamp()) * 1000 + moment.microsecond // 1000


def office_hours(seed: int, first: date, days: int, zone: str) -> list[Message]:
    """The routine's messages on `days` local dates from `first`, in time order."""
    rng = random.Random(seed)
    messages: list[Message] = [(epoch_ms(first, time(0, 0), zone), "locked")]
    for number in range(days):
        day = first + timedelta(days=number)
        if day.weekday() >= 5:
            continue
        for value, earliest, latest in WORKDAY_EVENTS:
            low = epoch_ms(day, earliest, zone)
            high = epoch_ms(day, latest, zone)
            messages.append((rng.randrange(low, high), value))

    return messages
