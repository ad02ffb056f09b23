"""The slot table counted by brute force, minute by minute, to check the real one."""

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from harness.model import Message, ModelParameters, TimetableModel, Value

MINUTE_MS = 60_000

TimeBySlot = dict[tuple[int, int, Value], int]
DaysBySlot = dict[tuple[int, int], int]


def minute_by_minute(
    history: Sequence[Message], at: int, zone: str, parameters: ModelParameters
) -> tuple[TimeBySlot, DaysBySlot]:
    """The slot table by brute force: the value and local slot of every minute."""
    tz = ZoneInfo(zone)
    ordered = sorted(history)
    stamps = [ts for ts, _ in ordered]
    time: TimeBySlot = {}
    dates: dict[tuple[int, int], set[date]] = {}
    for minute in range(at - parameters.window_ms, at, MINUTE_MS):
        position = bisect_right(stamps, minute)
        if position == 0:
            continue
        value = ordered[position - 1][1]
        local = datetime.fromtimestamp(minute // 1000, tz)
        group = parameters.weekday_groups[local.weekday()]
        slot = (local.hour * 60 + local.minute) // parameters.slot_minutes
        time[group, slot, value] = time.get((group, slot, value), 0) + MINUTE_MS
        dates.setdefault((group, slot), set()).add(local.date())

    return time, {key: len(days) for key, days in dates.items()}


def table_entries(model: TimetableModel) -> tuple[TimeBySlot, DaysBySlot]:
    """A model's slot table in the oracle's shape: only slots with known time."""
    table = model.table
    groups = range(len(table.days))
    time = {
        (group, slot, value): held
        for group in groups
        for index, value in enumerate(table.values)
        for slot, held in enumerate(table.time_by_slot(group, index))
        if held
    }
    days = {
        (group, slot): count
        for group in groups
        for slot, count in enumerate(table.days_by_slot(group))
        if count
    }
    return time, days
