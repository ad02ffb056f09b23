"""Seeded event streams: the same seed gives the same events, anywhere, any span."""

import json
import subprocess
import sys
from datetime import date, time, timedelta
from itertools import islice
from pathlib import Path

import pytest

from harness.routines import (
    Routine,
    RoutineArgumentError,
    day_events,
    events,
    find_routine,
    history,
    routine_from_text,
    stream,
    value_before,
)
from harness.routines.wallclock import DAY_MS
from tests.routines.clock import epoch_ms, local

ZONE = "Europe/Berlin"
START = epoch_ms(date(2025, 5, 5), time(0, 0), ZONE)  # a Monday
END = START + 28 * DAY_MS
REPOSITORY = Path(__file__).resolve().parents[2]

OFFICE_RANGES = [
    ("unlocked", time(8, 50), time(9, 5)),
    ("locked", time(9, 10), time(9, 15)),
    ("unlocked", time(17, 50), time(18, 5)),
    ("locked", time(19, 10), time(19, 15)),
]


@pytest.fixture(scope="module")
def office() -> Routine:
    return find_routine("office-hours")


def test_the_same_seed_gives_the_same_stream(office: Routine) -> None:
    assert events(office, START, END, 7) == events(office, START, END, 7)
    assert events(office, START, END, "run-7") == events(office, START, END, "run-7")


def test_the_same_seed_gives_the_same_stream_in_another_process(
    office: Routine,
) -> None:
    program = (
        "import json; from harness.routines import find_routine, events; "
        f"print(json.dumps(events(find_routine('office-hours'), {START}, {END}, 7)))"
    )
    # A different hash seed in the child: nothing may depend on hash().
    result = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
        timeout=60,
        check=True,
    )

    there = [tuple(message) for message in json.loads(result.stdout)]
    assert there == events(office, START, END, 7)


def test_different_seeds_give_different_streams(office: Routine) -> None:
    streams = {tuple(events(office, START, END, seed)) for seed in range(10)}

    assert len(streams) == 10


def test_every_office_hours_event_lies_in_its_range(office: Routine) -> None:
    for seed in range(20):
        drawn = events(office, START, END, seed)

        assert len(drawn) == 20 * 4, "four events on each of 20 weekdays"
        for number, (ts, value) in enumerate(drawn):
            moment = local(ts, ZONE)
            expected_value, earliest, latest = OFFICE_RANGES[number % 4]
            assert moment.weekday() < 5
            assert value == expected_value
            assert earliest <= moment.time() < latest, (seed, moment)


def test_events_come_in_time_order_even_when_ranges_overlap() -> None:
    routine = routine_from_text(
        "name: overlap\ntimezone: UTC\ninitial: a\nweek:\n  every day:\n"
        "    - {set: b, between: [10:00, 11:00]}\n"
        "    - {set: c, between: [10:00, 11:00]}\n"
        "    - {set: d, at: 09:00}\n"
    )

    drawn = events(routine, 0, 60 * DAY_MS, 3)

    assert [ts for ts, _ in drawn] == sorted(ts for ts, _ in drawn)
    orders = {
        tuple(value for _, value in drawn[day * 3 : day * 3 + 3]) for day in range(60)
    }
    assert orders == {("d", "b", "c"), ("d", "c", "b")}


def test_a_span_holds_exactly_the_events_from_its_start_up_to_its_end(
    office: Routine,
) -> None:
    everything = events(office, START, END, 7)
    middle_start = everything[10][0]
    middle_end = everything[30][0]

    assert events(office, middle_start, middle_end, 7) == everything[10:30]
    assert events(office, middle_start + 1, middle_end + 1, 7) == everything[11:31]
    assert events(office, middle_start, middle_start, 7) == []


def test_overlapping_spans_agree_day_by_day(office: Routine) -> None:
    first = events(office, START, START + 10 * DAY_MS, 7)
    second = events(office, START + 3 * DAY_MS + 12345, END, 7)

    shared = [message for message in first if message[0] >= second[0][0]]
    assert shared == second[: len(shared)]
    assert len(shared) > 0


def test_a_days_events_depend_on_the_seed_the_routine_and_the_date(
    office: Routine,
) -> None:
    monday = date(2025, 5, 5)
    renamed = Routine(
        name="office-hours-2",
        zone=office.zone,
        initial=office.initial,
        week=office.week,
    )

    assert day_events(office, monday, 1) == day_events(office, monday, 1)
    assert day_events(office, monday, 1) != day_events(office, monday, 2)
    assert day_events(office, monday, 1) != day_events(renamed, monday, 1)
    later = [ts - 7 * DAY_MS for ts, _ in day_events(office, monday + timedelta(7), 1)]
    assert later != [ts for ts, _ in day_events(office, monday, 1)]


def test_a_stream_without_end_goes_on_lazily(office: Routine) -> None:
    forever = stream(office, START, None, 7)

    assert list(islice(forever, 80)) == events(office, START, END, 7)


def test_the_value_before_a_moment_is_the_last_earlier_events(
    office: Routine,
) -> None:
    drawn = events(office, START, END, 7)
    ts, value = drawn[5]

    assert value_before(office, ts + 1, 7) == value
    assert value_before(office, ts, 7) == drawn[4][1]
    saturday_noon = epoch_ms(date(2025, 5, 10), time(12, 0), ZONE)
    assert value_before(office, saturday_noon, 7) == "locked"


def test_a_routine_without_events_holds_its_initial_value() -> None:
    routine = routine_from_text(
        "name: still\ntimezone: UTC\ninitial: unlocked\nweek: {}\n"
    )

    assert value_before(routine, END, 1) == "unlocked"
    assert events(routine, START, END, 1) == []


def test_a_history_starts_with_the_value_holding_at_its_start(
    office: Routine,
) -> None:
    window_start = END - 30 * DAY_MS

    month = history(office, 30, END, 7)

    assert month[0] == (window_start, value_before(office, window_start, 7))
    assert month[1:] == events(office, window_start, END, 7)


def test_a_history_has_one_message_at_its_start_when_an_event_is_there() -> None:
    routine = routine_from_text(
        "name: midnight\ntimezone: UTC\ninitial: locked\n"
        "week: {every day: [{set: unlocked, at: 00:00}, {set: locked, at: 06:00}]}\n"
    )

    week = history(routine, 7, 7 * DAY_MS, 1)

    assert week[0] == (0, "unlocked")
    assert len(week) == 14


@pytest.mark.parametrize(
    ("start", "end"),
    [(END, START), (1.5, END), (START, "soon")],
    ids=["end before start", "a float start", "a text end"],
)
def test_an_unusable_span_is_refused(
    office: Routine, start: object, end: object
) -> None:
    with pytest.raises(RoutineArgumentError):
        events(office, start, end, 1)  # type: ignore[arg-type]
