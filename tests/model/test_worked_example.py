"""The worked example of docs/anomaly-model.md: office hours and their timetable."""

from datetime import date, time

import pytest

from harness.model import WEEKDAYS, Confidence, TimetableModel, train
from tests.contract import WORKDAY_TIMETABLE
from tests.model.office_hours import epoch_ms, office_hours

ZONE = "Europe/Berlin"
# Seed 0 draws a routine whose High-confidence timetable is the documented one;
# most seeds do (see test_edge_slots.py for how often the edges come out unknown).
SEED = 0
TRAINED_AT = epoch_ms(date(2025, 6, 16), time(0, 0), ZONE)
HISTORY_FROM = date(2025, 5, 14)

DOCUMENTED_WORKDAY = WORKDAY_TIMETABLE

# The week after training: Monday 16 June 2025 to Sunday 22 June 2025.
TUESDAY, WEDNESDAY, THURSDAY = date(2025, 6, 17), date(2025, 6, 18), date(2025, 6, 19)
FRIDAY, SATURDAY, SUNDAY = date(2025, 6, 20), date(2025, 6, 21), date(2025, 6, 22)

VERDICTS = [
    ("unlocked at 03:00 on a Tuesday", TUESDAY, time(3, 0), "unlocked", True),
    ("unlocked at 14:00 on a Wednesday", WEDNESDAY, time(14, 0), "unlocked", True),
    ("unlocked on a Saturday afternoon", SATURDAY, time(15, 30), "unlocked", True),
    ("unlocked on a Sunday morning", SUNDAY, time(9, 7), "unlocked", True),
    ("locked at 18:30 on a Thursday", THURSDAY, time(18, 30), "locked", True),
    ("locked at 03:00 on a Tuesday", TUESDAY, time(3, 0), "locked", False),
    ("unlocked at 09:07 on a Wednesday", WEDNESDAY, time(9, 7), "unlocked", False),
    ("locked at 12:00 on a Thursday", THURSDAY, time(12, 0), "locked", False),
    ("unlocked at 18:30 on a Friday", FRIDAY, time(18, 30), "unlocked", False),
    ("locked at 22:00 on a Friday", FRIDAY, time(22, 0), "locked", False),
    ("locked on a Saturday afternoon", SATURDAY, time(15, 30), "locked", False),
    ("unlocked at 08:52", TUESDAY, time(8, 52), "unlocked", None),
    ("locked at 09:02", TUESDAY, time(9, 2), "locked", None),
    ("locked at 09:12", WEDNESDAY, time(9, 12), "locked", None),
    ("unlocked at 17:55", THURSDAY, time(17, 55), "unlocked", None),
    ("locked at 18:01", THURSDAY, time(18, 1), "locked", None),
    ("locked at 19:13", FRIDAY, time(19, 13), "locked", None),
]


@pytest.fixture(scope="module")
def model() -> TimetableModel:
    history = office_hours(SEED, HISTORY_FROM, 33, ZONE)
    return train(history, TRAINED_AT, ZONE)


def test_every_workday_learns_the_documented_timetable_at_high_confidence(
    model: TimetableModel,
) -> None:
    timetable = model.timetable(Confidence.HIGH)

    for weekday in WEEKDAYS[:5]:
        assert timetable.day(weekday).table == DOCUMENTED_WORKDAY, weekday


def test_saturday_and_sunday_are_locked_all_day(model: TimetableModel) -> None:
    timetable = model.timetable("High")

    assert timetable.day("saturday").table == [("00:00", "24:00", "locked")]
    assert timetable.day("sunday").table == [("00:00", "24:00", "locked")]


@pytest.mark.parametrize(
    ("day", "clock", "value", "expected"),
    [case[1:] for case in VERDICTS],
    ids=[case[0] for case in VERDICTS],
)
def test_a_message_gets_the_documented_verdict_at_high_confidence(
    model: TimetableModel, day: date, clock: time, value: str, expected: bool | None
) -> None:
    ts = epoch_ms(day, clock, ZONE)

    assert model.judge(ts, value, "high") is expected
    assert model.judge(ts, value, 10) is expected


def test_the_model_predicts_the_value_a_slot_expects(model: TimetableModel) -> None:
    assert model.expected(epoch_ms(TUESDAY, time(3, 0), ZONE), "high") == "locked"
    assert model.expected(epoch_ms(FRIDAY, time(18, 30), ZONE), "high") == "unlocked"
    assert model.expected(epoch_ms(FRIDAY, time(8, 57), ZONE), "high") is None


def test_the_model_learned_from_the_window_and_the_message_before_it(
    model: TimetableModel,
) -> None:
    window_start = TRAINED_AT - 30 * 86_400_000

    # 20 workdays of four events each, plus Friday evening's lock before the window.
    assert model.messages == 81
    assert model.known_from == window_start
    assert model.values == ("locked", "unlocked")
    assert model.table.known_ms() == 30 * 86_400_000
