"""Verdicts: when a slot is determinate, in integers, and what a message gets."""

import pytest

from harness.model import (
    Confidence,
    DayGrouping,
    ModelParameters,
    SlotRuns,
    SlotTable,
    TimetableModel,
    resolve_sensitivity,
    train,
    verdict,
)

DAY_MS = 86_400_000
AT = 1_750_032_000_000  # 2025-06-16 00:00 UTC, a Monday
ONE_SLOT_A_DAY = ModelParameters(slot_minutes=1440, grouping=DayGrouping.DAILY)


def one_slot(locked_ms: int, unlocked_ms: int, days: int) -> TimetableModel:
    """A model of a single slot holding the given times, on the given days."""
    table = SlotTable(
        slots=1,
        values=("locked", "unlocked"),
        time=(
            (
                SlotRuns.from_pairs([(0, locked_ms)]),
                SlotRuns.from_pairs([(0, unlocked_ms)]),
            ),
        ),
        days=(SlotRuns.from_pairs([(0, days)]),),
    )
    return TimetableModel("UTC", AT, AT - 30 * DAY_MS, 3, ONE_SLOT_A_DAY, table)


@pytest.mark.parametrize(
    ("locked", "unlocked", "days", "sensitivity", "expected"),
    [
        (95, 5, 3, 10, "locked"),
        (94, 6, 3, 10, None),
        (94, 6, 3, 12, "locked"),
        (75, 25, 3, 50, "locked"),
        (74, 26, 3, 50, None),
        (55, 45, 3, 90, "locked"),
        (51, 49, 3, 100, "locked"),
        (50, 50, 3, 100, None),
        (100, 0, 3, 0, "locked"),
        (99, 1, 3, 0, None),
        (100, 0, 2, 100, None),
        (0, 0, 0, 100, None),
    ],
    ids=[
        "p 0.95 meets High",
        "p 0.94 misses High",
        "p 0.94 meets sensitivity 12",
        "p 0.75 meets Medium",
        "p 0.74 misses Medium",
        "p 0.55 meets Low",
        "p 0.51 meets sensitivity 100",
        "p 0.5 is never enough",
        "p 1 meets sensitivity 0",
        "p 0.99 misses sensitivity 0",
        "two days are too few",
        "no known time",
    ],
)
def test_a_slot_is_determinate_by_the_integer_comparison(
    locked: int, unlocked: int, days: int, sensitivity: int, expected: str | None
) -> None:
    model = one_slot(locked, unlocked, days)

    assert model.state(0, 0, sensitivity) == expected


def test_a_message_is_anomalous_expected_or_unjudged() -> None:
    determinate = one_slot(96, 4, 3)
    unknown = one_slot(60, 40, 3)

    assert determinate.judge(AT + 1, "unlocked", "high") is True
    assert determinate.judge(AT + 1, "locked", "high") is False
    assert unknown.judge(AT + 1, "locked", "high") is None


def test_no_model_yet_means_no_verdict() -> None:
    assert verdict(None, AT, "unlocked", "high") is None
    assert verdict(one_slot(96, 4, 3), AT, "unlocked", "high") is True


@pytest.mark.parametrize(
    ("level", "sensitivity"),
    [
        ("High", 10),
        ("medium", 50),
        ("LOW", 90),
        (Confidence.HIGH, 10),
        (0, 0),
        (100, 100),
    ],
)
def test_a_confidence_name_stands_for_a_sensitivity(
    level: str | int, sensitivity: int
) -> None:
    assert resolve_sensitivity(level) == sensitivity


def test_an_instant_falls_in_the_slot_of_its_local_wall_clock_time() -> None:
    history = [(AT - 3 * DAY_MS, "a"), (AT - 2 * DAY_MS, "b"), (AT - DAY_MS, "a")]
    model = train(history, AT, "Asia/Kathmandu")

    # 2025-06-16 00:00 UTC is 05:45 on a Monday in Kathmandu: slot 69 of workdays.
    assert model.slot_of(AT) == (0, 69)
    # Saturday 21 June 2025, 23:59 in Kathmandu.
    assert model.slot_of(AT + 5 * DAY_MS + 18 * 3_600_000 + 14 * 60_000) == (1, 287)


def test_a_model_is_due_to_train_again_after_the_retrain_interval() -> None:
    model = one_slot(1, 0, 1)

    assert model.next_training_at == AT + DAY_MS
    assert not model.retrain_due(AT + DAY_MS - 1)
    assert model.retrain_due(AT + DAY_MS)
