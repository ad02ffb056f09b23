"""A routine: a lock's week of events, its time zone, and the dates that differ."""

import dataclasses
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from harness.model import WEEKDAYS, Value
from harness.routines.dates import DateRange
from harness.routines.errors import RoutineArgumentError
from harness.routines.wallclock import DAY_MS, load_zone, time_text


def _check_probability(probability: float) -> None:
    if not (math.isfinite(probability) and 0 <= probability <= 1):
        raise RoutineArgumentError(
            f"probability {probability!r} is not from 0 to 1: give 1 for always, "
            "0.6 for three days in five"
        )


@dataclass(frozen=True)
class Event:
    """One change of the field: to `value` at a moment in `[earliest, latest)`.

    Times are ms since local midnight; a fixed time has `earliest == latest`.
    """

    value: Value
    earliest: int
    latest: int
    probability: float = 1.0

    def __post_init__(self) -> None:
        if not 0 <= self.earliest <= self.latest <= DAY_MS:
            raise RoutineArgumentError(
                f"event times {self.earliest!r} to {self.latest!r} are not a range "
                f"within a day: give ms since midnight from 0 to {DAY_MS}, earliest "
                "first"
            )
        if self.earliest == DAY_MS:
            raise RoutineArgumentError("an event cannot happen at 24:00: use 00:00")
        _check_probability(self.probability)

    @property
    def is_fixed(self) -> bool:
        """Whether the event happens at one time rather than within a range."""
        return self.earliest == self.latest

    @property
    def times(self) -> tuple[str, str]:
        """The range as written: `("08:50", "09:05")`, or twice a fixed time."""
        return time_text(self.earliest), time_text(self.latest)


@dataclass(frozen=True)
class Plan:
    """A day's events, or a block of them that happens, or not, as a whole."""

    steps: tuple["Event | Plan", ...] = ()
    probability: float = 1.0

    def __post_init__(self) -> None:
        _check_probability(self.probability)

    def events(self) -> Iterator[Event]:
        """Every event of the plan and of the blocks within it, in written order."""
        for step in self.steps:
            if isinstance(step, Plan):
                yield from step.events()
            else:
                yield step


NO_EVENTS = Plan()


@dataclass(frozen=True)
class DateException:
    """Dates on which the week's plan gives way: to another weekday's, or to a
    plan of their own (no events at all when the household is away)."""

    dates: tuple[DateRange, ...]
    plan: Plan = NO_EVENTS
    like: int | None = None
    name: str = ""

    def covers(self, day: date) -> bool:
        """Whether a local date is one of the exception's."""
        return any(dates.covers(day) for dates in self.dates)

    @property
    def away(self) -> bool:
        """Whether the dates have no events: the field keeps its value throughout."""
        return self.like is None and not any(self.plan.events())


@dataclass(frozen=True)
class Routine:
    """A lock's habits: a plan per weekday in a time zone, and exceptions."""

    name: str
    zone: str
    initial: Value
    # One plan per weekday, Monday first.
    week: tuple[Plan, ...]
    field: str = "state"
    description: str = ""
    exceptions: tuple[DateException, ...] = ()
    # The file the routine was read from, for messages; empty if built in code.
    source: str = ""

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise RoutineArgumentError(
                f"a week has 7 plans, Monday first, not {len(self.week)}"
            )
        try:
            load_zone(self.zone)
        except ValueError as problem:
            raise RoutineArgumentError(str(problem)) from None

    def day(self, weekday: str) -> Plan:
        """The plan of a weekday, named `monday` to `sunday`."""
        return self.week[WEEKDAYS.index(weekday.lower())]

    def plan_for(self, day: date) -> Plan:
        """The plan of a local date: the first exception covering it, or its
        weekday's."""
        for exception in self.exceptions:
            if exception.covers(day):
                if exception.like is not None:
                    return self.week[exception.like]
                return exception.plan

        return self.week[day.weekday()]

    def in_zone(self, zone: str) -> "Routine":
        """The same routine on the wall clocks of another time zone."""
        return dataclasses.replace(self, zone=zone)

    @property
    def values(self) -> tuple[Value, ...]:
        """The values the field takes, the initial one first, each once."""
        plans = [*self.week, *(exception.plan for exception in self.exceptions)]
        found = [self.initial]
        found += [event.value for plan in plans for event in plan.events()]
        return tuple(dict.fromkeys(found))

    @property
    def has_events(self) -> bool:
        """Whether any day of the routine can have an event at all."""
        plans = [*self.week, *(exception.plan for exception in self.exceptions)]
        return any(event.probability > 0 for plan in plans for event in plan.events())
