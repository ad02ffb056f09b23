"""Probabilities of events, blocks and days, and exceptions to the week."""

from collections import Counter
from datetime import date, time, timedelta

import pytest

from harness.model import Value
from harness.routines import (
    Routine,
    day_events,
    events,
    routine_from_text,
    value_before,
)
from harness.routines.wallclock import DAY_MS
from tests.routines.clock import epoch_ms, local

DAYS = 2000

GYM = """
name: gym
timezone: UTC
initial: home
week:
  every day:
    - set: up
      between: [07:00, 07:30]
    - probability: {block}
      events:
        - set: gym
          between: [10:00, 10:15]
        - set: back
          between: [11:30, 11:45]
    - set: bed
      at: 22:00
      probability: {event}
"""


def gym(block: str = "0.6", event: str = "1") -> Routine:
    return routine_from_text(GYM.format(block=block, event=event))


def counts(routine: Routine, seed: int = 1) -> Counter[Value]:
    return Counter(value for _, value in events(routine, 0, DAYS * DAY_MS, seed))


def test_an_event_of_probability_0_6_happens_on_about_60_percent_of_days() -> None:
    seen = counts(gym(event="0.6"))

    # Binomial(2000, 0.6): the standard deviation is 22 days; allow 5 of them.
    assert 1090 <= seen["bed"] <= 1310
    assert seen["up"] == DAYS


def test_a_percentage_is_a_probability_too() -> None:
    assert counts(gym(event="60%")) == counts(gym(event="0.6"))


def test_a_block_happens_as_a_whole_or_not_at_all() -> None:
    routine = gym()
    by_day = [
        [value for _, value in day_events(routine, date(2025, 1, 1) + timedelta(n), 4)]
        for n in range(DAYS // 4)
    ]

    assert {tuple(day) for day in by_day} == {
        ("up", "gym", "back", "bed"),
        ("up", "bed"),
    }
    with_gym = sum("gym" in day for day in by_day)
    assert 0.5 <= with_gym / len(by_day) <= 0.7


@pytest.mark.parametrize(
    ("probability", "expected"),
    [("0", 0), ("1", DAYS), ("0%", 0), ("100%", DAYS)],
    ids=["0 never", "1 always", "0% never", "100% always"],
)
def test_probabilities_at_the_ends_never_and_always_happen(
    probability: str, expected: int
) -> None:
    assert counts(gym(event=probability))["bed"] == expected


def test_changing_one_events_probability_leaves_the_others_where_they_were() -> None:
    often = events(gym(block="0.9"), 0, 100 * DAY_MS, 2)
    rarely = events(gym(block="0.1"), 0, 100 * DAY_MS, 2)

    assert [m for m in often if m[1] != "gym" and m[1] != "back"] == [
        m for m in rarely if m[1] != "gym" and m[1] != "back"
    ]
    assert set(rarely) <= set(often)


def test_a_day_with_a_probability_has_all_its_events_or_none() -> None:
    routine = routine_from_text(
        "name: sometimes\ntimezone: UTC\ninitial: a\n"
        "week:\n  every day:\n    probability: 0.3\n    events:\n"
        "      - {set: b, at: 10:00}\n      - {set: a, at: 11:00}\n"
    )

    per_day = Counter(ts // DAY_MS for ts, _ in events(routine, 0, DAYS * DAY_MS, 1))

    assert set(per_day.values()) == {2}
    assert 0.25 <= len(per_day) / DAYS <= 0.35


HOLIDAYS = """
name: holidays
timezone: Europe/Berlin
initial: locked
week:
  weekdays:
    - {set: unlocked, at: 08:00}
    - {set: locked, at: 18:00}
  sunday:
    - {set: unlocked, at: 11:00}
exceptions:
  - name: away over New Year
    from: 12-30
    to: 01-02
    away: true
  - name: bridge days
    dates: [2025-05-02, 2025-05-30]
    like: sunday
  - name: first listed wins
    dates: 2025-05-30
    away: true
  - name: open day
    dates: 2025-06-14
    events:
      - {set: unlocked, at: 10:00}
"""


@pytest.fixture(scope="module")
def holidays() -> Routine:
    return routine_from_text(HOLIDAYS)


def local_events(routine: Routine, day: date) -> list[tuple[str, Value]]:
    return [
        (local(ts, routine.zone).strftime("%H:%M"), value)
        for ts, value in day_events(routine, day, 1)
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 29), [("08:00", "unlocked"), ("18:00", "locked")]),
        (date(2025, 12, 30), []),
        (date(2026, 1, 1), []),
        (date(2026, 1, 2), []),
        (date(2031, 12, 31), []),
        (date(2025, 5, 2), [("11:00", "unlocked")]),
        (date(2025, 5, 30), [("11:00", "unlocked")]),
        (date(2025, 6, 14), [("10:00", "unlocked")]),
        (date(2025, 6, 13), [("08:00", "unlocked"), ("18:00", "locked")]),
    ],
    ids=[
        "the Monday before New Year is a weekday",
        "away from 30 December",
        "away on New Year's Day",
        "away to 2 January",
        "away every year",
        "a bridge day is like Sunday",
        "the first exception listed wins",
        "an open day has its own plan",
        "the day before is a weekday",
    ],
)
def test_an_exception_replaces_the_plan_of_its_dates(
    holidays: Routine, day: date, expected: list[tuple[str, str]]
) -> None:
    assert local_events(holidays, day) == expected


def test_while_away_the_door_stays_as_it_was(holidays: Routine) -> None:
    new_year = epoch_ms(date(2026, 1, 1), time(12, 0), holidays.zone)
    after = epoch_ms(date(2026, 1, 5), time(0, 0), holidays.zone)

    assert value_before(holidays, new_year, 1) == "locked"
    first = events(holidays, new_year, after, 1)[0]
    assert local(first[0], holidays.zone).date() == date(2026, 1, 4)
