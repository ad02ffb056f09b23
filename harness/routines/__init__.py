"""Routines: a lock's weekly habits, read from YAML and drawn as seeded events."""

# Load a routine with `load_routine(path)` or `find_routine("office-hours")`, then
# draw its `(ts, value)` events for any span with `events`, or a training history
# with `history`; the same seed gives the same events in every process. Fleets
# (`load_fleet`, `find_fleet`) spread routines and time zones over many locks.
# `predict_timetable` shows what the timetable model will learn from a routine.
# docs/routines.md describes the file format.

from typing import TYPE_CHECKING

from harness.routines.dates import DateRange, DayOfYear
from harness.routines.errors import (
    BadDateError,
    BadDayError,
    BadProbabilityError,
    BadRangeError,
    BadShareError,
    BadTimeError,
    BadValueError,
    BadZoneError,
    MissingKeyError,
    RoutineArgumentError,
    RoutineError,
    ScenarioFileError,
    ScenarioNotFoundError,
    UnknownKeyError,
    WrongTypeError,
    YamlSyntaxError,
)
from harness.routines.fleet import Fleet, FleetLock, apportion
from harness.routines.fleet_file import find_fleet, fleet_from_text, load_fleet
from harness.routines.prediction import (
    PredictedDay,
    PredictedRow,
    PredictedTimetable,
    predict_timetable,
)
from harness.routines.routine import DateException, Event, Plan, Routine
from harness.routines.routine_file import (
    load_routine,
    routine_from_data,
    routine_from_text,
)
from harness.routines.scenarios import (
    ENV_VAR,
    find_routine,
    fleet_names,
    fleet_path,
    routine_names,
    routine_path,
    scenario_dirs,
)
from harness.routines.stream import (
    Seed,
    day_events,
    events,
    history,
    stream,
    value_before,
)

__all__ = [
    "ENV_VAR",
    "BadDateError",
    "BadDayError",
    "BadProbabilityError",
    "BadRangeError",
    "BadShareError",
    "BadTimeError",
    "BadValueError",
    "BadZoneError",
    "DateException",
    "DateRange",
    "DayOfYear",
    "Event",
    "Fleet",
    "FleetLock",
    "LockProfile",
    "LockProvider",
    "MissingKeyError",
    "Plan",
    "PredictedDay",
    "PredictedRow",
    "PredictedTimetable",
    "Routine",
    "RoutineArgumentError",
    "RoutineError",
    "ScenarioFileError",
    "ScenarioNotFoundError",
    "Seed",
    "UnknownKeyError",
    "WrongTypeError",
    "YamlSyntaxError",
    "apportion",
    "day_events",
    "events",
    "find_fleet",
    "find_routine",
    "fleet_from_text",
    "fleet_names",
    "fleet_path",
    "history",
    "load_fleet",
    "load_routine",
    "predict_timetable",
    "routine_from_data",
    "routine_from_text",
    "routine_names",
    "routine_path",
    "scenario_dirs",
    "stream",
    "value_before",
]

if TYPE_CHECKING:
    from harness.routines.provider import LockProfile, LockProvider


def __getattr__(name: str) -> object:
    # The Faker provider loads on first use: importing Faker takes longer than
    # everything else here together, and most users of routines never need it.
    if name in ("LockProfile", "LockProvider"):
        from harness.routines import provider

        return getattr(provider, name)

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
