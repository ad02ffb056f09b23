"""Daylight saving: routines keep wall-clock time across the change of the clocks."""

from datetime import date, time, timedelta
from itertools import pairwise

import pytest

from harness.routines import day_events, events, find_routine, routine_from_text
from harness.routines.wallclock import HOUR_MS, day_clock, instant, load_zone
from tests.routines.clock import epoch_ms, local

# (zone, the Sunday the clocks change, the skipped or repeated hour's start)
CHANGES = [
    ("Europe/Berlin", date(2025, 3, 30), "spring"),
    ("Europe/Berlin", date(2025, 10, 26), "autumn"),
    ("America/New_York", date(2025, 3, 9), "spring"),
    ("America/New_York", date(2025, 11, 2), "autumn"),
]
IDS = [f"{zone} {change} ({season})" for zone, change, season in CHANGES]

AT_0915 = """
name: at-0915
timezone: {zone}
initial: locked
week:
  every day:
    - set: unlocked
      at: 09:15
    - set: locked
      at: 09:20
"""


@pytest.mark.parametrize(("zone", "change", "season"), CHANGES, ids=IDS)
def test_a_0915_event_stays_at_0915_local_through_the_week_of_a_change(
    zone: str, change: date, season: str
) -> None:
    routine = routine_from_text(AT_0915.format(zone=zone))
    start = epoch_ms(change - timedelta(days=6), time(0, 0), zone)
    end = epoch_ms(change + timedelta(days=7), time(0, 0), zone)

    drawn = events(routine, start, end, 1)

    assert len(drawn) == 13 * 2
    for ts, value in drawn:
        expected = time(9, 15) if value == "unlocked" else time(9, 20)
        assert local(ts, zone).time() == expected
    unlocks = [ts for ts, value in drawn if value == "unlocked"]
    gaps = {later - earlier for earlier, later in pairwise(unlocks)}
    # One day of 23 or 25 hours between two 09:15s, the rest of 24.
    assert gaps == {24 * HOUR_MS, (23 if season == "spring" else 25) * HOUR_MS}


@pytest.mark.parametrize(("zone", "change", "season"), CHANGES, ids=IDS)
def test_office_hours_keep_their_local_ranges_in_any_zone(
    zone: str, change: date, season: str
) -> None:
    routine = find_routine("office-hours").in_zone(zone)
    start = epoch_ms(change - timedelta(days=6), time(0, 0), zone)
    end = epoch_ms(change + timedelta(days=8), time(0, 0), zone)

    for ts, _ in events(routine, start, end, 3):
        moment = local(ts, zone).time()
        assert time(8, 50) <= moment < time(9, 15) or time(17, 50) <= moment < time(
            19, 15
        )


SKIPPED = [
    ("Europe/Berlin", date(2025, 3, 30), "02:30", time(3, 30)),
    ("America/New_York", date(2025, 3, 9), "02:30", time(3, 30)),
]


@pytest.mark.parametrize(
    ("zone", "day", "written", "happens"),
    SKIPPED,
    ids=[case[0] for case in SKIPPED],
)
def test_a_time_the_clocks_skip_moves_forward_by_the_gap(
    zone: str, day: date, written: str, happens: time
) -> None:
    routine = routine_from_text(
        f"name: gap\ntimezone: {zone}\ninitial: a\n"
        f'week: {{sunday: [{{set: b, at: "{written}"}}]}}\n'
    )

    ((ts, _),) = day_events(routine, day, 1)

    assert local(ts, zone).time() == happens
    assert local(ts, zone).date() == day


REPEATED = [
    ("Europe/Berlin", date(2025, 10, 26), "02:30", timedelta(hours=2)),
    ("America/New_York", date(2025, 11, 2), "01:30", timedelta(hours=-4)),
]


@pytest.mark.parametrize(
    ("zone", "day", "written", "summer_offset"),
    REPEATED,
    ids=[case[0] for case in REPEATED],
)
def test_a_time_that_happens_twice_takes_its_first_occurrence(
    zone: str, day: date, written: str, summer_offset: timedelta
) -> None:
    routine = routine_from_text(
        f"name: twice\ntimezone: {zone}\ninitial: a\n"
        f'week: {{sunday: [{{set: b, at: "{written}"}}]}}\n'
    )

    ((ts, _),) = day_events(routine, day, 1)

    moment = local(ts, zone)
    assert moment.strftime("%H:%M") == written
    assert moment.utcoffset() == summer_offset


@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]
)
def test_a_days_clock_agrees_with_instant_on_every_day_of_a_year(zone: str) -> None:
    tz = load_zone(zone)
    for number in range(366):
        day = date(2026, 1, 1) + timedelta(days=number)
        at = day_clock(day, tz)
        for ms_of_day in range(0, 24 * HOUR_MS, HOUR_MS // 2):
            assert at(ms_of_day) == instant(day, ms_of_day, tz), (day, ms_of_day)
