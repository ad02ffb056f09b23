"""A routine's events over any span of time, drawn from a seed, day by day."""

# Each local date draws its events from a random generator of its own, seeded with
# "seed:routine name:date". So a day's events are the same whichever span of time
# asks for them, in any process (string seeds do not depend on hash randomisation),
# and two spans that overlap agree on every day they share. Within a day, each step
# draws the same numbers whether or not it is kept: one for its probability, and
# one for its moment if it is an event. Changing one event's times or probability
# therefore leaves the other events of the day where they were.

import random
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from harness.model import Message, Value
from harness.routines.errors import RoutineArgumentError
from harness.routines.routine import Event, Plan, Routine
from harness.routines.wallclock import DAY_MS, day_clock, load_zone, local_date

Seed = int | str

# How far back `value_before` looks for the last event before a moment; with none
# in that year, the field holds the routine's initial value.
LOOKBACK_DAYS = 366


def day_rng(routine: Routine, day: date, seed: Seed) -> random.Random:
    """The random generator of one local date of a routine."""
    return random.Random(f"{seed}:{routine.name}:{day.isoformat()}")


def day_events(routine: Routine, day: date, seed: Seed) -> list[Message]:
    """The events of one local date, in time order, as `(ts, value)`."""
    plan = routine.plan_for(day)
    if not plan.steps:
        # A day with nothing planned has nothing to draw: each day has a generator
        # of its own, so skipping this one leaves every other day's draws alone.
        return []

    rng = day_rng(routine, day, seed)
    moments: list[tuple[int, Value]] = []
    # The day's plan draws for its own probability first, as any block does.
    _draw(plan, rng, rng.random() < plan.probability, moments)

    at = day_clock(day, load_zone(routine.zone))
    drawn = [(at(moment), value) for moment, value in moments]
    drawn.sort(key=lambda message: message[0])
    return drawn


def _draw(plan: Plan, rng: random.Random, kept: bool, out: list[Message]) -> None:
    for step in plan.steps:
        happens = rng.random() < step.probability
        if isinstance(step, Plan):
            _draw(step, rng, kept and happens, out)
            continue

        moment = _moment(step, rng.random())
        if kept and happens:
            out.append((moment, step.value))


def _moment(event: Event, draw: float) -> int:
    # Uniform over the whole milliseconds of [earliest, latest).
    return event.earliest + int(draw * (event.latest - event.earliest))


def stream(
    routine: Routine, start_ms: int, end_ms: int | None, seed: Seed
) -> Iterator[Message]:
    """The events with `start_ms <= ts < end_ms` in time order, drawn day by day
    as they are needed; `end_ms=None` never ends."""
    _check_span(start_ms, end_ms)
    zone = load_zone(routine.zone)
    first = local_date(start_ms, zone)
    days = count() if end_ms is None else range(_days_between(first, end_ms, zone))

    for number in days:
        for ts, value in day_events(routine, first + timedelta(days=number), seed):
            if ts < start_ms:
                continue
            if end_ms is not None and ts >= end_ms:
                return
            yield ts, value


def events(routine: Routine, start_ms: int, end_ms: int, seed: Seed) -> list[Message]:
    """The events with `start_ms <= ts < end_ms`, in time order, as `(ts, value)`."""
    return list(stream(routine, start_ms, end_ms, seed))


def value_before(routine: Routine, ts: int, seed: Seed) -> Value:
    """The value the field holds just before `ts`: that of the last earlier event
    (within a year), else the routine's initial value."""
    _check_ms("ts", ts)
    if not routine.has_events:
        return routine.initial

    zone = load_zone(routine.zone)
    day = local_date(ts, zone)
    for back in range(LOOKBACK_DAYS + 1):
        earlier = [
            value
            for at, value in day_events(routine, day - timedelta(days=back), seed)
            if at < ts
        ]
        if earlier:
            return earlier[-1]

    return routine.initial


def history(routine: Routine, days: int, end_ms: int, seed: Seed) -> list[Message]:
    """The `days` (of 24 hours) before `end_ms`: a first message with the value
    holding at the window's start, then the window's events, in time order."""
    if type(days) is not int or days < 1:
        raise RoutineArgumentError(f"days {days!r} is not a whole number of at least 1")
    _check_ms("end_ms", end_ms)

    start_ms = end_ms - days * DAY_MS
    window = events(routine, start_ms, end_ms, seed)
    if window and window[0][0] == start_ms:
        # An event at the very start gives the start value itself; a second
        # message at that instant would make the order of the two matter.
        return window

    return [(start_ms, value_before(routine, start_ms, seed)), *window]


def _days_between(first: date, end_ms: int, zone: ZoneInfo) -> int:
    # The local dates from `first` to the one holding the last ms before `end_ms`.
    last = local_date(end_ms - 1, zone)
    return max((last - first).days + 1, 0)


def _check_span(start_ms: int, end_ms: int | None) -> None:
    _check_ms("start_ms", start_ms)
    if end_ms is None:
        return

    _check_ms("end_ms", end_ms)
    if end_ms < start_ms:
        raise RoutineArgumentError(
            f"end_ms {end_ms!r} is before start_ms {start_ms!r}: give the span's "
            "start first"
        )


def _check_ms(name: str, ts: object) -> None:
    if type(ts) is not int:
        raise RoutineArgumentError(
            f"{name} {ts!r} is not an instant: give UTC epoch milliseconds as an int"
        )
