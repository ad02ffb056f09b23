"""The timetable: rows per weekday at a sensitivity, as data, as a dict, as text."""

from datetime import date, time, timedelta

import pytest

from harness.model import (
    WEEKDAYS,
    DayGrouping,
    Message,
    ModelParameters,
    TimetableModel,
    TimetableRow,
    train,
)
from tests.model.office_hours import epoch_ms

ZONE = "Europe/Berlin"
MONDAY = date(2025, 6, 16)
AT = epoch_ms(MONDAY, time(0, 0), ZONE)


def weekly_routine(events: dict[int, list[tuple[time, str]]]) -> list[Message]:
    """Four weeks of the same events per weekday (0 is Monday), before `AT`."""
    history: list[Message] = [(AT - 29 * 86_400_000, "locked")]
    for number in range(28, 0, -1):
        day = MONDAY - timedelta(days=number)
        for clock, value in events.get(day.weekday(), []):
            history.append((epoch_ms(day, clock, ZONE), value))

    return history


def model_of(
    events: dict[int, list[tuple[time, str]]], **parameters: object
) -> TimetableModel:
    return train(
        weekly_routine(events),
        AT,
        ZONE,
        ModelParameters(**parameters),  # type: ignore[arg-type]
    )


OPEN_AT_NOON = [(time(12, 0), "unlocked"), (time(13, 0), "locked")]


def test_every_weekday_has_rows_from_midnight_to_midnight_without_gaps() -> None:
    model = model_of({day: OPEN_AT_NOON for day in range(5)})

    timetable = model.timetable("medium")

    assert [day.weekday for day in timetable.weekdays] == list(WEEKDAYS)
    for day in timetable.weekdays:
        assert day.rows[0].start_minute == 0
        assert day.rows[-1].end_minute == 1440
        for row, following in zip(day.rows, day.rows[1:], strict=False):
            assert row.end_minute == following.start_minute
            assert row.state != following.state


def test_rows_are_minutes_and_states_ready_to_draw() -> None:
    model = model_of({day: OPEN_AT_NOON for day in range(5)})

    rows = model.timetable("high").day("Tuesday").rows

    assert rows == (
        TimetableRow(0, 720, "locked"),
        TimetableRow(720, 780, "unlocked"),
        TimetableRow(780, 1440, "locked"),
    )


def test_the_weekly_grouping_learns_each_weekday_on_its_own() -> None:
    wednesdays_only = {2: OPEN_AT_NOON}

    weekly = model_of(wednesdays_only, grouping=DayGrouping.WEEKLY)
    workweek = model_of(wednesdays_only)

    assert weekly.timetable("high").day("wednesday").table[1] == (
        "12:00",
        "13:00",
        "unlocked",
    )
    assert weekly.timetable("high").day("thursday").table == [
        ("00:00", "24:00", "locked")
    ]
    # Pooled with four other workdays, one open Wednesday in five is no habit.
    assert workweek.timetable("high").day("wednesday").table[1] == (
        "12:00",
        "13:00",
        "unknown",
    )


def test_the_daily_grouping_gives_every_weekday_the_same_rows() -> None:
    model = model_of(
        {day: OPEN_AT_NOON for day in range(7)}, grouping=DayGrouping.DAILY
    )

    timetable = model.timetable("high")

    assert len({day.rows for day in timetable.weekdays}) == 1
    assert timetable.day("sunday").table[1] == ("12:00", "13:00", "unlocked")


def test_the_weekend_days_are_configurable() -> None:
    friday_and_saturday = frozenset({4, 5})
    routine = {day: OPEN_AT_NOON for day in (0, 1, 2, 3, 6)}

    model = model_of(routine, weekend=friday_and_saturday)

    timetable = model.timetable("high")
    assert timetable.day("sunday").table[1] == ("12:00", "13:00", "unlocked")
    assert timetable.day("friday").table == [("00:00", "24:00", "locked")]


def test_longer_slots_give_rows_on_their_boundaries() -> None:
    model = model_of({day: OPEN_AT_NOON for day in range(5)}, slot_minutes=90)

    table = model.timetable("low").day("monday").table

    # 12:00-13:00 is two thirds of the 12:00-13:30 slot: above Low's 0.55.
    assert table == [
        ("00:00", "12:00", "locked"),
        ("12:00", "13:30", "unlocked"),
        ("13:30", "24:00", "locked"),
    ]


def test_sensitivity_zero_calls_only_slots_that_never_varied() -> None:
    opens_at_12_02 = [(time(12, 2), "unlocked"), (time(13, 0), "locked")]
    model = model_of({day: opens_at_12_02 for day in range(5)})

    # 12:00-12:05 is unlocked three fifths of the time: enough at 100 only.
    assert model.timetable(0).day("monday").table[1:3] == [
        ("12:00", "12:05", "unknown"),
        ("12:05", "13:00", "unlocked"),
    ]
    assert model.timetable(100).day("monday").table[1] == ("12:00", "13:00", "unlocked")


def test_the_timetable_as_plain_data_names_from_to_and_state() -> None:
    model = model_of({day: OPEN_AT_NOON for day in range(5)})

    data = model.timetable(50).to_dict()

    assert data["sensitivity"] == 50
    assert data["weekdays"][0] == {
        "weekday": "monday",
        "rows": [
            {"from": "00:00", "to": "12:00", "state": "locked"},
            {"from": "12:00", "to": "13:00", "state": "unlocked"},
            {"from": "13:00", "to": "24:00", "state": "locked"},
        ],
    }


def test_the_timetable_renders_as_a_table_for_a_terminal() -> None:
    model = model_of({day: OPEN_AT_NOON for day in range(5)})

    text = model.timetable("high").render()

    lines = text.splitlines()
    assert lines[0] == "Timetable at sensitivity 10"
    assert lines[1].split() == ["weekday", "from", "to", "state"]
    assert lines[3].split() == ["Monday", "00:00", "12:00", "locked"]
    assert lines[4].split() == ["12:00", "13:00", "unlocked"]
    assert "Sunday     00:00  24:00  locked" in lines
    assert max(len(line) for line in lines) <= 88


@pytest.mark.parametrize(
    ("minute", "shown"),
    [(0, "00:00"), (5, "00:05"), (545, "09:05"), (1435, "23:55"), (1440, "24:00")],
)
def test_a_minute_of_the_day_shows_as_hours_and_minutes(
    minute: int, shown: str
) -> None:
    assert TimetableRow(minute, minute, None).cells == (shown, shown, "unknown")
