"""The model's parameters: window, slot length, day grouping, and retraining."""

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from harness.model.errors import ParameterError

MINUTE_MS = 60_000
DAY_MS = 86_400_000
MINUTES_PER_DAY = 1440
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
SATURDAY_AND_SUNDAY = frozenset({5, 6})


class DayGrouping(StrEnum):
    """How days of the week are pooled into the groups a slot key starts with."""

    WORKWEEK = "workweek"
    WEEKLY = "weekly"
    DAILY = "daily"


def weekday_index(day: object) -> int:
    """A weekday as 0 (Monday) to 6 (Sunday), from that number or its name."""
    if isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 6:
        return day

    if isinstance(day, str) and day.lower() in WEEKDAYS:
        return WEEKDAYS.index(day.lower())

    raise ParameterError(
        f"weekend day {day!r} is not a weekday: give 0 (Monday) to 6 (Sunday) "
        "or a weekday's name such as 'saturday'"
    )


@dataclass(frozen=True)
class ModelParameters:
    """What a model learns over and how finely: the knobs of one model."""

    window_days: int = 30
    slot_minutes: int = 5
    grouping: DayGrouping = DayGrouping.WORKWEEK
    weekend: frozenset[int] = field(default=SATURDAY_AND_SUNDAY)
    min_days: int = 3
    retrain_interval_ms: int = DAY_MS

    def __post_init__(self) -> None:
        _require_count("window_days", self.window_days, 1, 3660)
        _require_count("slot_minutes", self.slot_minutes, 1, MINUTES_PER_DAY)
        if MINUTES_PER_DAY % self.slot_minutes:
            raise ParameterError(
                f"slot_minutes {self.slot_minutes!r} does not divide a day of 1440 "
                "minutes: choose a divisor such as 5, 10, 15, 30 or 60"
            )
        _require_count("min_days", self.min_days, 1, None)
        _require_count("retrain_interval_ms", self.retrain_interval_ms, 1, None)

        object.__setattr__(self, "grouping", _grouping(self.grouping))
        object.__setattr__(self, "weekend", _weekend(self.weekend))

    @property
    def window_ms(self) -> int:
        """The training window's length in milliseconds."""
        return self.window_days * DAY_MS

    @property
    def slot_ms(self) -> int:
        """One slot's length in milliseconds of wall-clock time."""
        return self.slot_minutes * MINUTE_MS

    @property
    def slots_per_day(self) -> int:
        """How many slots a wall-clock day has."""
        return MINUTES_PER_DAY // self.slot_minutes

    @property
    def group_names(self) -> tuple[str, ...]:
        """The day groups' names, in the order of their indices."""
        if self.grouping is DayGrouping.WORKWEEK:
            return ("workdays", "weekend")

        if self.grouping is DayGrouping.WEEKLY:
            return WEEKDAYS

        return ("every day",)

    @cached_property
    def weekday_groups(self) -> tuple[int, ...]:
        """For each weekday from Monday, the index of its day group."""
        if self.grouping is DayGrouping.WORKWEEK:
            return tuple(int(day in self.weekend) for day in range(7))

        if self.grouping is DayGrouping.WEEKLY:
            return tuple(range(7))

        return (0,) * 7

    def to_dict(self) -> dict[str, Any]:
        """The parameters as plain JSON-ready data."""
        return {
            "window_days": self.window_days,
            "slot_minutes": self.slot_minutes,
            "grouping": self.grouping.value,
            "weekend": [WEEKDAYS[day] for day in sorted(self.weekend)],
            "min_days": self.min_days,
            "retrain_interval_ms": self.retrain_interval_ms,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ModelParameters":
        """Parameters from plain data; missing keys take their defaults."""
        if not isinstance(data, Mapping):
            raise ParameterError(
                f"model parameters {data!r} are not a mapping: give an object such "
                'as {"slot_minutes": 5, "grouping": "workweek"}'
            )

        allowed = list(cls.__dataclass_fields__)
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ParameterError(
                    f"unknown model parameter {key!r}{hint}: the parameters are "
                    + ", ".join(allowed)
                )

        return cls(**data)


def _require_count(name: str, value: object, low: int, high: int | None) -> None:
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    ):
        return

    allowed = f"from {low} to {high}" if high is not None else f"of at least {low}"
    raise ParameterError(f"{name} {value!r} is not allowed: give an integer {allowed}")


def _grouping(value: object) -> DayGrouping:
    if isinstance(value, DayGrouping):
        return value

    if isinstance(value, str) and value.lower() in {g.value for g in DayGrouping}:
        return DayGrouping(value.lower())

    names = ", ".join(repr(g.value) for g in DayGrouping)
    raise ParameterError(f"grouping {value!r} is not a day grouping: choose {names}")


def _weekend(days: object) -> frozenset[int]:
    if isinstance(days, str) or not isinstance(days, Iterable):
        raise ParameterError(
            f"weekend {days!r} is not a collection of weekdays: give a list such as "
            "['saturday', 'sunday']"
        )

    weekend = frozenset(weekday_index(day) for day in days)
    if not weekend or len(weekend) == 7:
        raise ParameterError(
            f"weekend {sorted(weekend)!r} leaves one group only: name one to six "
            "weekend days, or use the grouping 'daily'"
        )

    return weekend
