"""Daylight-saving changes: wall-clock routines stay steady across them."""

# Days of 23 or 25 hours count their time in the slots of the wall-clock hours they
# have: none in a skipped hour, twice in a repeated one.

from datetime import date, time, timedelta

import pytest

from harness.model import DayGrouping, ModelParameters, TimetableModel, train
from tests.model.office_hours import epoch_ms, office_hours
from tests.model.oracle import minute_by_minute, table_entries

SLOT_MS = 5 * 60_000
HOUR_SLOTS = 12
WORKDAYS = 0
SUNDAY = 6  # a group of its own in the weekly grouping

# (zone, a Monday whose 30-day window spans the change, the change's date and the
# first slot of the wall-clock hour skipped or repeated).
SPRING = [
    ("Europe/Berlin", date(2025, 4, 14), date(2025, 3, 30), 2 * HOUR_SLOTS),
    ("America/New_York", date(2025, 3, 24), date(2025, 3, 9), 2 * HOUR_SLOTS),
]
AUTUMN = [
    ("Europe/Berlin", date(2025, 11, 10), date(2025, 10, 26), 2 * HOUR_SLOTS),
    ("America/New_York", date(2025, 11, 17), date(2025, 11, 2), 1 * HOUR_SLOTS),
]
STEADY_MONDAY = date(2025, 6, 16)  # no change in the 30 days before it
SEED = 7


def office_model(zone: str, monday: date) -> TimetableModel:
    """The office-hours routine, the same draw in wall-clock terms for any Monday."""
    history = office_hours(SEED, monday - timedelta(days=33), 33, zone)
    return train(history, epoch_ms(monday, time(0, 0), zone), zone)


@pytest.mark.parametrize(
    ("zone", "monday"),
    [case[:2] for case in SPRING + AUTUMN],
    ids=[f"{case[0]} {case[2]}" for case in SPRING + AUTUMN],
)
def test_a_window_across_a_change_learns_the_timetable_of_a_steady_window(
    zone: str, monday: date
) -> None:
    across = office_model(zone, monday)
    steady = office_model(zone, STEADY_MONDAY)

    for level in ("high", "medium", "low"):
        assert across.timetable(level) == steady.timetable(level), level
    # The window is 30 times 24 hours, so across a spring change it reaches back to
    # 23:00 on a Friday: compare the workday slots before 23:00.
    before_23 = slice(0, 23 * HOUR_SLOTS)
    for index in range(len(steady.values)):
        across_time = across.table.time_by_slot(WORKDAYS, index)
        steady_time = steady.table.time_by_slot(WORKDAYS, index)
        assert across_time[before_23] == steady_time[before_23]
    across_days = across.table.days_by_slot(WORKDAYS)
    assert across_days[before_23] == steady.table.days_by_slot(WORKDAYS)[before_23]


@pytest.mark.parametrize(
    ("zone", "monday", "change"),
    [case[:3] for case in SPRING + AUTUMN],
    ids=[f"{case[0]} {case[2]}" for case in SPRING + AUTUMN],
)
def test_the_door_is_locked_at_09_15_local_on_both_sides_of_a_change(
    zone: str, monday: date, change: date
) -> None:
    model = office_model(zone, monday)
    before = change - timedelta(days=5)  # a Tuesday
    after = change + timedelta(days=2)  # a Tuesday

    for day in (before, after):
        ts = epoch_ms(day, time(9, 20), zone)
        assert model.judge(ts, "locked", "high") is False, day
        assert model.judge(ts, "unlocked", "high") is True, day
        assert model.expected(epoch_ms(day, time(9, 7), zone), "high") == "unlocked"


def locked_around(zone: str, day: date) -> TimetableModel:
    """A weekly model of two days up to the end of `day`, locked throughout."""
    at = epoch_ms(day + timedelta(days=1), time(0, 0), zone)
    window_start = at - 2 * 86_400_000
    history = [
        (window_start - 1, "locked"),
        (window_start, "locked"),
        (at - 1, "locked"),
    ]
    parameters = ModelParameters(window_days=2, grouping=DayGrouping.WEEKLY, min_days=1)
    return train(history, at, zone, parameters)


@pytest.mark.parametrize(
    ("zone", "change", "skipped"),
    [(zone, change, slot) for zone, _, change, slot in SPRING],
    ids=[case[0] for case in SPRING],
)
def test_a_spring_day_of_23_hours_has_no_time_in_its_skipped_hour(
    zone: str, change: date, skipped: int
) -> None:
    model = locked_around(zone, change)
    time_by_slot = model.table.time_by_slot(SUNDAY, 0)
    days_by_slot = model.table.days_by_slot(SUNDAY)
    hour = range(skipped, skipped + HOUR_SLOTS)
    other_slots = [slot for slot in range(288) if slot not in hour]

    assert sum(time_by_slot) == 23 * 3_600_000
    assert [time_by_slot[slot] for slot in hour] == [0] * HOUR_SLOTS
    assert [days_by_slot[slot] for slot in hour] == [0] * HOUR_SLOTS
    assert {time_by_slot[slot] for slot in other_slots} == {SLOT_MS}
    assert {days_by_slot[slot] for slot in other_slots} == {1}


@pytest.mark.parametrize(
    ("zone", "change", "repeated"),
    [(zone, change, slot) for zone, _, change, slot in AUTUMN],
    ids=[case[0] for case in AUTUMN],
)
def test_an_autumn_day_of_25_hours_counts_its_repeated_hour_twice_on_one_day(
    zone: str, change: date, repeated: int
) -> None:
    model = locked_around(zone, change)
    time_by_slot = model.table.time_by_slot(SUNDAY, 0)
    days_by_slot = model.table.days_by_slot(SUNDAY)
    hour = range(repeated, repeated + HOUR_SLOTS)
    other_slots = [slot for slot in range(288) if slot not in hour]

    assert sum(time_by_slot) == 25 * 3_600_000
    assert [time_by_slot[slot] for slot in hour] == [2 * SLOT_MS] * HOUR_SLOTS
    assert {time_by_slot[slot] for slot in other_slots} == {SLOT_MS}
    assert set(days_by_slot) == {1}


def test_a_change_of_value_inside_the_repeated_hour_splits_its_slots_exactly() -> None:
    zone = "Europe/Berlin"
    first_0230 = epoch_ms(date(2025, 10, 26), time(2, 30), zone)  # summer time
    second_0230 = first_0230 + 3_600_000  # winter time, same wall clock
    at = epoch_ms(date(2025, 10, 27), time(0, 0), zone)
    history = [
        (at - 86_400_000, "locked"),
        (first_0230, "unlocked"),
        (second_0230, "locked"),
    ]
    parameters = ModelParameters(window_days=1, grouping=DayGrouping.WEEKLY, min_days=1)

    model = train(history, at, zone, parameters)

    # The 24-hour window starts at 01:00 on the day of 25 hours.
    locked = model.table.time_by_slot(SUNDAY, 0)
    unlocked = model.table.time_by_slot(SUNDAY, 1)
    slot_0225, slot_0230 = 2 * HOUR_SLOTS + 5, 2 * HOUR_SLOTS + 6
    # Summer 02:30-03:00 and winter 02:00-02:30 unlocked; the rest locked.
    assert unlocked[slot_0225] == SLOT_MS
    assert locked[slot_0225] == SLOT_MS
    assert unlocked[slot_0230] == SLOT_MS
    assert locked[slot_0230] == SLOT_MS
    assert sum(unlocked) == 3_600_000
    assert sum(locked) == 23 * 3_600_000
    assert model.table.days_in(SUNDAY, slot_0230) == 1


def test_a_summer_time_of_under_seven_days_is_counted_in_its_own_slots() -> None:
    # Fernando de Noronha kept summer time from 8 to 15 October 2000 only. Trained
    # then, the window starts at 01:30 UTC on 1 October: a week later summer time
    # has not begun, two weeks later it is over.
    zone = "America/Noronha"
    at = 972_955_800_000  # 2000-10-31 01:30 UTC
    history = [(at - day * 86_400_000 + 12 * 3_600_000, "open") for day in range(32)]
    history += [(at - day * 86_400_000 + 13 * 3_600_000, "shut") for day in range(32)]
    parameters = ModelParameters(slot_minutes=30, min_days=1)

    model = train(history, at, zone, parameters)

    assert model.known_from == at - 30 * 86_400_000
    assert table_entries(model) == minute_by_minute(history, at, zone, parameters)
