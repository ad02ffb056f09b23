"""Steps that give a scenario its locks and alarms."""

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pytest_bdd import given

from harness.routines import Routine, RoutineError, find_routine, routine_from_data
from harness.steps.errors import StepError
from harness.steps.phrases import Phrase
from harness.steps.world import DEFAULT_ZONE, World

TABLE_COLUMNS = ("days", "set", "at", "between", "probability")


@given(Phrase('a lock "{name}"'))
def a_lock(world: World, name: str) -> None:
    """A lock of the sample's type, in UTC."""
    world.add_lock(name, DEFAULT_ZONE, None)


@given(Phrase('a lock "{name}" in "{zone}"'))
def a_lock_in_zone(world: World, name: str, zone: str) -> None:
    """A lock in a time zone (an IANA name)."""
    world.add_lock(name, _zone(zone), None)


@given(Phrase('a lock "{name}" following "{routine}"'))
def a_lock_following(world: World, name: str, routine: str) -> None:
    """A lock that keeps a routine of `scenarios/`, in the routine's own time zone."""
    found = _routine(routine)
    world.add_lock(name, found.zone, found)


@given(Phrase('a lock "{name}" in "{zone}" following "{routine}"'))
def a_lock_in_zone_following(world: World, name: str, zone: str, routine: str) -> None:
    """A lock that keeps a routine of `scenarios/` on the wall clocks of a zone."""
    zone = _zone(zone)
    world.add_lock(name, zone, _routine(routine).in_zone(zone))


@given(Phrase('a lock "{name}" in "{zone}" following this routine:'))
def a_lock_following_table(
    world: World, name: str, zone: str, datatable: list[list[str]]
) -> None:
    """A lock that keeps a routine written as a table of days, values and times."""
    zone = _zone(zone)
    world.add_lock(name, zone, routine_of_table(name, zone, datatable))


@given(Phrase('an alarm "{name}"'))
def an_alarm(world: World, name: str) -> None:
    """A device of the alarm type; rules that name an alarm make it anyway."""
    world.alarm(name)


def routine_of_table(name: str, zone: str, table: list[list[str]]) -> Routine:
    """A routine from a table whose first row names columns of `TABLE_COLUMNS`."""
    if len(table) < 2:
        raise StepError(
            "the routine's table needs a heading row and at least one event, such as "
            "| days | set | between | and | weekdays | unlocked | 08:50 to 09:05 |"
        )
    heading = [cell.strip().lower() for cell in table[0]]
    unknown = [column for column in heading if column not in TABLE_COLUMNS]
    if unknown or "days" not in heading or "set" not in heading:
        raise StepError(
            f"the routine's table has the columns {heading}; it needs days and set, "
            f"and may have {', '.join(TABLE_COLUMNS[2:])}"
        )

    week: dict[str, list[dict[str, Any]]] = {}
    for row in table[1:]:
        cells = dict(zip(heading, (cell.strip() for cell in row), strict=True))
        week.setdefault(cells.pop("days"), []).append(_event(cells))

    data = {
        "name": name.replace(" ", "-") or "inline",
        "timezone": zone,
        "initial": "locked",
        "week": week,
    }
    try:
        return routine_from_data(data, f"the routine of {name!r}")
    except RoutineError as error:
        raise StepError(str(error)) from None


def _event(cells: dict[str, str]) -> dict[str, Any]:
    event: dict[str, Any] = {"set": cells["set"]}
    if cells.get("at"):
        event["at"] = cells["at"]
    if cells.get("between"):
        event["between"] = [
            part.strip() for part in cells["between"].replace(" to ", "-").split("-")
        ]
    if cells.get("probability"):
        event["probability"] = cells["probability"]
    return event


def _routine(name: str) -> Routine:
    # Features name routines in words ("office hours"); files use hyphens.
    try:
        return find_routine(name.strip().lower().replace(" ", "-"))
    except RoutineError as error:
        raise StepError(str(error)) from None


def _zone(zone: str) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise StepError(
            f"{zone!r} is not a time zone; write an IANA name such as "
            "Europe/Berlin, America/New_York or UTC"
        ) from None
    return zone
