"""What the timetable model learns from a routine: the contract's office hours."""

from datetime import date, time

import pytest

from harness.model import WEEKDAYS, Confidence, DayGrouping, ModelParameters, train
from harness.routines import (
    PredictedTimetable,
    Routine,
    find_routine,
    history,
    predict_timetable,
    routine_from_text,
)
from tests.contract import WORKDAY_TIMETABLE
from tests.routines.clock import epoch_ms

ZONE = "Europe/Berlin"
TRAINED_AT = epoch_ms(date(2025, 6, 16), time(0, 0), ZONE)  # a Monday
# A draw whose High-confidence timetable is the documented one; most seeds are.
SEED = 0

CONTRACT_WORKDAY = WORKDAY_TIMETABLE
DRAWS = 40


@pytest.fixture(scope="module")
def office() -> Routine:
    return find_routine("office-hours")


@pytest.fixture(scope="module")
def prediction(office: Routine) -> PredictedTimetable:
    return predict_timetable(office, "high", draws=DRAWS, seed=1, end_ms=TRAINED_AT)


def test_office_hours_train_to_the_contracts_weekday_table_at_high_confidence(
    office: Routine,
) -> None:
    model = train(history(office, 30, TRAINED_AT, SEED), TRAINED_AT, office.zone)

    timetable = model.timetable(Confidence.HIGH)

    for weekday in WEEKDAYS[:5]:
        assert timetable.day(weekday).table == CONTRACT_WORKDAY, weekday
    for weekday in WEEKDAYS[5:]:
        assert timetable.day(weekday).table == [("00:00", "24:00", "locked")]


def test_a_prediction_is_determinate_where_every_draw_agrees(
    prediction: PredictedTimetable,
) -> None:
    tuesday = {row.cells[:2]: row for row in prediction.day("tuesday").rows}

    for span, state in [
        (("00:00", "08:50"), "locked"),
        (("09:05", "09:10"), "unlocked"),
        (("09:15", "17:50"), "locked"),
        (("18:05", "19:10"), "unlocked"),
        (("19:15", "24:00"), "locked"),
    ]:
        row = tuesday[span]
        assert row.outcomes == ((state, DRAWS),), span
        assert row.majority == state
        assert row.determinate_share == 1.0
    assert prediction.day("sunday").table == [
        ("00:00", "24:00", "locked", "100% locked")
    ]


def test_a_prediction_counts_the_edge_slots_as_nearly_always_unknown(
    prediction: PredictedTimetable,
) -> None:
    for row in prediction.day("friday").rows:
        start, end, usually, _ = row.cells
        inside = any(
            low <= start and end <= high
            for low, high in [("08:50", "09:05"), ("17:50", "18:05")]
        )
        if inside:
            assert usually == "unknown"
            assert row.determinate_share <= 0.2, row
        if (start, end) == ("09:10", "09:15"):
            assert row.outcomes == ((None, DRAWS),)


def test_a_prediction_is_the_same_for_the_same_seed(
    office: Routine, prediction: PredictedTimetable
) -> None:
    again = predict_timetable(office, 10, draws=DRAWS, seed=1, end_ms=TRAINED_AT)

    assert again == prediction
    assert again.sensitivity == 10


def test_a_prediction_renders_as_a_table_and_as_plain_data(
    prediction: PredictedTimetable,
) -> None:
    text = prediction.render()
    data = prediction.to_dict()

    assert text.splitlines()[0] == (
        "office-hours: predicted timetable at sensitivity 10, 40 draws of 30 days"
    )
    assert "Monday" in text and "100% unlocked" in text
    assert data["weekdays"][0]["rows"][0] == {
        "from": "00:00",
        "to": "08:50",
        "outcomes": [{"state": "locked", "draws": DRAWS}],
    }
    for day in prediction.weekdays:
        assert day.rows[0].start_minute == 0
        assert day.rows[-1].end_minute == 24 * 60
        assert all(
            a.end_minute == b.start_minute
            for a, b in zip(day.rows, day.rows[1:], strict=False)
        )


def test_a_weekly_grouping_predicts_each_weekday_on_its_own() -> None:
    routine = find_routine("weekend-worker")
    weekly = ModelParameters(grouping=DayGrouping.WEEKLY, min_days=3)

    prediction = predict_timetable(
        routine, "medium", draws=10, end_ms=TRAINED_AT, parameters=weekly
    )

    assert prediction.day("tuesday").table != prediction.day("friday").table


def test_a_routine_too_sparse_to_train_on_is_unknown_everywhere() -> None:
    routine = routine_from_text(
        "name: sparse\ntimezone: UTC\ninitial: locked\nweek: {}\n"
    )

    prediction = predict_timetable(routine, "low", draws=3, end_ms=TRAINED_AT)

    assert prediction.day("monday").table == [("00:00", "24:00", "unknown", "0%")]
