"""A routine's usual week: per weekday slot, how often each state holds.

The routine is drawn for a year of weeks (exceptions left out, on a clock
without daylight saving) and each slot counts the states it held, so that
random moments and sometimes-events show as paler bars.
"""

import dataclasses
from collections import Counter
from datetime import date, timedelta

from harness.commands.pictures import Bar, WeekPicture, WeekRow
from harness.model import WEEKDAYS, Value
from harness.routines import Routine, Seed, day_events

SLOT_MINUTES = 5
SLOTS = 24 * 60 // SLOT_MINUTES
SAMPLE_WEEKS = 52
# A Monday; the first week only settles the state each day starts in.
FIRST_MONDAY = date(2001, 1, 1)
MINUTE_MS = 60_000
DAY_MS = 86_400_000

Tally = list[list[Counter[Value]]]


def usual_week(routine: Routine, seed: Seed = 0, weeks: int = SAMPLE_WEEKS) -> Tally:
    """Per weekday (Monday first) and slot: how many sampled weeks held each state."""
    plain = dataclasses.replace(routine.in_zone("UTC"), exceptions=())
    tally: Tally = [[Counter() for _ in range(SLOTS)] for _ in WEEKDAYS]
    state = routine.initial

    for number in range((weeks + 1) * 7):
        day = FIRST_MONDAY + timedelta(days=number)
        midnight = (day - date(1970, 1, 1)).days * DAY_MS
        changes = [
            ((ts - midnight) // MINUTE_MS, value)
            for ts, value in day_events(plain, day, seed)
        ]
        state = _count_day(
            changes, state, tally[day.weekday()] if number >= 7 else None
        )

    return tally


def _count_day(
    changes: list[tuple[int, Value]],
    state: Value,
    slots: list[Counter[Value]] | None,
) -> Value:
    """Count the state at each slot's middle; the state the day ends in."""
    upcoming = iter(changes)
    change = next(upcoming, None)
    for slot in range(SLOTS):
        middle = slot * SLOT_MINUTES + SLOT_MINUTES // 2
        while change is not None and change[0] <= middle:
            state = change[1]
            change = next(upcoming, None)
        if slots is not None:
            slots[slot][state] += 1

    for _, value in changes:
        state = value
    return state


def usual_week_picture(routine: Routine, tally: Tally) -> WeekPicture:
    """The usual week as a picture: a bar per run of slots with the same shares."""
    rows = tuple(
        WeekRow(name.capitalize(), _bars(slots))
        for name, slots in zip(WEEKDAYS, tally, strict=True)
    )
    subtitle = (
        f"{routine.zone}, field {routine.field}; "
        f"{SAMPLE_WEEKS} weeks drawn, exceptions left out"
    )
    return WeekPicture(
        title=f"{routine.name}: the usual week",
        subtitle=subtitle,
        rows=rows,
        states=tuple(_text(value) for value in routine.values),
        paler="paler: held in fewer of the weeks",
    )


def _bars(slots: list[Counter[Value]]) -> tuple[Bar, ...]:
    bars: list[Bar] = []
    start = 0
    for slot in range(1, SLOTS + 1):
        if slot < SLOTS and _top(slots[slot]) == _top(slots[start]):
            continue
        state, share = _top(slots[start])
        bars.append(
            Bar(
                start * SLOT_MINUTES,
                slot * SLOT_MINUTES,
                state,
                share,
                note=f"in {share:.0%} of the weeks",
            )
        )
        start = slot

    return tuple(bars)


def _top(counter: Counter[Value]) -> tuple[str, float]:
    """The most frequent state and its share, to the nearest 5%."""
    value, count = max(counter.items(), key=lambda item: (item[1], _text(item[0])))
    share = round(count / sum(counter.values()) * 20) / 20
    return _text(value), share


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
