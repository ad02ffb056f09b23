"""Routine files: YAML read into a `Routine`, or an error with file, line and fix."""

import math
from pathlib import Path
from typing import Any

from harness.model import Value
from harness.routines.dates import DateRange, parse_date
from harness.routines.days import days_text, parse_days, parse_weekday
from harness.routines.errors import (
    BadDateError,
    BadDayError,
    BadProbabilityError,
    BadRangeError,
    BadTimeError,
    BadValueError,
    BadZoneError,
    MissingKeyError,
    UnknownKeyError,
    WrongTypeError,
)
from harness.routines.routine import DateException, Event, Plan, Routine
from harness.routines.source import Item, Section, read_data, read_file, read_text
from harness.routines.wallclock import load_zone, parse_time

ROUTINE_KEYS = (
    "name",
    "description",
    "timezone",
    "field",
    "initial",
    "week",
    "exceptions",
)
EVENT_KEYS = ("set", "at", "between", "probability")
BLOCK_KEYS = ("events", "probability")
EXCEPTION_KEYS = (
    "name",
    "dates",
    "from",
    "to",
    "like",
    "away",
    "events",
    "probability",
)

BOOL_TAG = "tag:yaml.org,2002:bool"

EVENT_EXAMPLE = "set: unlocked and at: 07:30 (or between: [08:50, 09:05])"
PLAN_EXAMPLE = "a list of events such as - set: unlocked, at: 07:30"


def load_routine(path: str | Path) -> Routine:
    """The routine of a YAML file."""
    return parse_routine(read_file(Path(path), "routine"))


def routine_from_text(text: str, source: str = "<text>") -> Routine:
    """The routine of YAML text; `source` names it in error messages."""
    return parse_routine(read_text(text, source, "routine"))


def routine_from_data(data: Any, source: str = "<data>") -> Routine:
    """The routine of plain data, shaped as a routine file is (dicts and lists)."""
    return parse_routine(read_data(data, source))


def parse_routine(top: Item) -> Routine:
    """A routine from the top of a routine file."""
    section = top.section("the routine", ROUTINE_KEYS, "name: office-hours")

    name_item = section.need("name", "name: office-hours")
    name = name_item.text("name", "office-hours")
    if not name:
        name_item.fail(
            BadValueError, "name is empty: write a name such as office-hours"
        )
    zone_item = section.need("timezone", "timezone: Europe/Berlin")
    zone = zone_item.parse("timezone", "Europe/Berlin", _zone, BadZoneError)
    initial = _value(section.need("initial", "initial: locked"), "initial")
    week = _week(section.need("week", "week: (the plans of the days)"))
    exceptions = _exceptions(section.get("exceptions"))

    routine = Routine(
        name=name,
        zone=zone,
        initial=initial,
        week=week,
        field=_optional_text(section, "field", "state"),
        description=_optional_text(section, "description", ""),
        exceptions=exceptions,
        source=top.file,
    )
    _check_value_kinds(routine, section)
    return routine


def _optional_text(section: Section, key: str, default: str) -> str:
    item = section.get(key)
    if item is None or item.is_empty:
        return default

    return item.text(key, repr(default) if default else "a line of text")


def _zone(text: str) -> str:
    return load_zone(text).key


def _value(item: Item, what: str) -> Value:
    text = item.text(what, "locked")
    if item.node.tag == BOOL_TAG and text.lower() in ("true", "false"):
        return text.lower() == "true"

    if not text:
        item.fail(BadValueError, f"{what} is empty text: write a value such as locked")

    return text


def _check_value_kinds(routine: Routine, section: Section) -> None:
    kinds = {type(value) for value in routine.values}
    if len(kinds) > 1:
        section.need("initial", "").fail(
            BadValueError,
            f"the routine mixes true/false with text values ({routine.values!r}): "
            "a field holds one kind; quote 'true' to make it text",
        )


def _week(item: Item) -> tuple[Plan, ...]:
    plans: list[Plan | None] = [None] * 7
    named_by: dict[int, Item] = {}
    for key, value in item.pairs("week", "weekdays: [...]"):
        days = key.parse("week", "weekdays", parse_days, BadDayError)
        for day in sorted(days):
            if day in named_by:
                earlier = named_by[day]
                key.fail(
                    BadDayError,
                    f"{days_text(frozenset({day}))} has a plan already (under "
                    f"{earlier.node.value!r}, line {earlier.line}): give each day one "
                    "plan, such as mon-thu and friday rather than weekdays and friday",
                )
            named_by[day] = key
            plans[day] = _plan(value, f"the plan of {key.node.value}")

    # Days the week does not name have no events: the field keeps its value.
    return tuple(plan or Plan() for plan in plans)


def _plan(item: Item, what: str) -> Plan:
    if item.is_empty:
        return Plan()

    step = None if item.is_list else _step(item, what)
    if isinstance(step, Plan):
        return step

    if isinstance(step, Event):
        return Plan((step,))

    steps = [_step(entry, f"an event of {what}") for entry in item.items(what, "")]
    return Plan(tuple(steps))


def _step(item: Item, what: str) -> Event | Plan:
    if not item.is_mapping:
        item.fail(WrongTypeError, f"{what} is {item.kind}: write {EVENT_EXAMPLE}")

    if "events" in item.keys:
        section = item.section("a block of events", BLOCK_KEYS, "events: [...]")
        probability = _probability(section)
        return Plan(_plan(section.need("events", ""), what).steps, probability)

    # "events" is listed so that a misspelt one gets its "did you mean".
    allowed = (*EVENT_KEYS, "events")
    return _event(item.section("an event", allowed, EVENT_EXAMPLE))


def _event(section: Section) -> Event:
    value = _value(section.need("set", "set: unlocked (the value it sets)"), "set")
    at, between = section.get("at"), section.get("between")
    if (at is None) == (between is None):
        problem = "both 'at' and 'between'" if at else "neither 'at' nor 'between'"
        section.item.fail(
            MissingKeyError if at is None else UnknownKeyError,
            f"the event has {problem}: give at: 07:30 for a fixed time, or "
            "between: [08:50, 09:05] for a random moment in a range",
        )

    if at is not None:
        moment = at.parse("at", "07:30", parse_time, BadTimeError)
        return Event(value, moment, moment, _probability(section))

    assert between is not None
    ends = between.items("between", "[08:50, 09:05]")
    if not between.is_list:
        between.fail(
            WrongTypeError,
            f"between is {between.kind}: write the start and end of the range, "
            "such as between: [08:50, 09:05]",
        )
    if len(ends) != 2:
        between.fail(
            WrongTypeError,
            f"between has {len(ends)} times: write two, the start and end of the "
            "range, such as between: [08:50, 09:05]",
        )
    earliest = ends[0].parse("the range's start", "08:50", parse_time, BadTimeError)
    latest = ends[1].parse("the range's end", "09:05", _end_time, BadTimeError)
    if latest <= earliest:
        between.fail(
            BadRangeError,
            f"the range from {ends[0].node.value} to {ends[1].node.value} does not "
            "end after it starts: put the earlier time first; a range cannot run "
            "past midnight, so split it at 24:00",
        )

    return Event(value, earliest, latest, _probability(section))


def _end_time(text: str) -> int:
    return parse_time(text, end_of_day=True)


def _probability(section: Section) -> float:
    item = section.get("probability")
    if item is None:
        return 1.0

    return item.parse("probability", "0.6", parse_probability, BadProbabilityError)


def parse_probability(text: str) -> float:
    """A probability written as a number from 0 to 1, or a percentage."""
    written = text.strip()
    try:
        number = float(written[:-1]) / 100 if written.endswith("%") else float(written)
    except ValueError:
        number = math.nan

    if not (math.isfinite(number) and 0 <= number <= 1):
        raise ValueError(
            f"{text!r} is not from 0 to 1: write a number such as 0.6, or a "
            "percentage such as 60%"
        )

    return number


def _exceptions(item: Item | None) -> tuple[DateException, ...]:
    if item is None or item.is_empty:
        return ()

    example = "- dates: 12-25, like: sunday"
    return tuple(_exception(entry) for entry in item.items("exceptions", example))


def _exception(item: Item) -> DateException:
    section = item.section("an exception", EXCEPTION_KEYS, "dates: 12-25")
    name = _optional_text(section, "name", "")
    dates = _dates(section)

    plans = [key for key in ("like", "away", "events") if key in section]
    if len(plans) != 1:
        problem = "none of" if not plans else "more than one of"
        item.fail(
            MissingKeyError if not plans else UnknownKeyError,
            f"the exception has {problem} like, away and events: give one, such as "
            "like: sunday, away: true, or events: [...]",
        )
    if "probability" in section and plans[0] != "events":
        section.key("probability").fail(
            UnknownKeyError,
            "probability goes with events only: an exception with like follows that "
            "day's plan, and away has no events",
        )

    if plans[0] == "like":
        like_item = section.need("like", "")
        like = like_item.parse("like", "sunday", parse_weekday, BadDayError)
        return DateException(dates, like=like, name=name)

    if plans[0] == "away":
        away = section.need("away", "")
        if away.node.tag != BOOL_TAG or away.text("away", "true").lower() != "true":
            away.fail(
                BadValueError,
                f"away is {away.kind}: write away: true for dates with no events "
                "(or leave it out and give like or events)",
            )
        return DateException(dates, name=name)

    steps = _plan(section.need("events", ""), "the exception's events").steps
    return DateException(dates, Plan(steps, _probability(section)), name=name)


def _dates(section: Section) -> tuple[DateRange, ...]:
    given = section.get("dates")
    start, end = section.get("from"), section.get("to")
    if given is not None:
        if start is not None or end is not None:
            given.fail(
                UnknownKeyError,
                "the exception has both dates and from/to: give one of the two",
            )
        example = "[2025-12-25, 12-26]"
        return tuple(_single(entry) for entry in given.items("dates", example))

    if start is None or end is None:
        section.item.fail(
            MissingKeyError,
            "the exception has no dates: give dates: 2025-12-25 (or a list), or "
            "from: 2025-07-28 and to: 2025-08-08",
        )

    first = start.parse("from", "2025-07-28", parse_date, BadDateError)
    last = end.parse("to", "2025-08-08", parse_date, BadDateError)
    try:
        return (DateRange(first, last),)
    except ValueError as problem:
        message = str(problem)

    end.fail(BadRangeError, message)


def _single(item: Item) -> DateRange:
    day = item.parse("the date", "2025-12-25", parse_date, BadDateError)
    return DateRange(day, day)
