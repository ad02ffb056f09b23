"""The statistics of the edge slots, across many random draws of office hours."""

from datetime import date, time

import pytest

from harness.model import TimetableModel, train
from tests.model.office_hours import epoch_ms, office_hours

ZONE = "Europe/Berlin"
TRAINED_AT = epoch_ms(date(2025, 6, 16), time(0, 0), ZONE)
DRAWS = 200
WORKDAYS = 0

# Each edge slot holds its majority state on five days out of six on average.
EDGE_SLOTS = [
    ("08:50-08:55", 8 * 12 + 10, "locked"),
    ("09:00-09:05", 9 * 12 + 0, "unlocked"),
    ("17:50-17:55", 17 * 12 + 10, "locked"),
    ("18:00-18:05", 18 * 12 + 0, "unlocked"),
]


@pytest.fixture(scope="module")
def draws() -> list[TimetableModel]:
    return [
        train(office_hours(seed, date(2025, 5, 14), 33, ZONE), TRAINED_AT, ZONE)
        for seed in range(1000, 1000 + DRAWS)
    ]


@pytest.mark.parametrize(
    ("slot", "majority"),
    [case[1:] for case in EDGE_SLOTS],
    ids=[case[0] for case in EDGE_SLOTS],
)
def test_an_edge_slot_is_unknown_at_high_confidence_in_nearly_every_draw(
    draws: list[TimetableModel], slot: int, majority: str
) -> None:
    unknown = sum(model.state(WORKDAYS, slot, "high") is None for model in draws)

    # About 97% expected: p(majority) reaches 0.95 in a few draws only.
    assert unknown / DRAWS >= 0.9


@pytest.mark.parametrize(
    ("slot", "majority"),
    [case[1:] for case in EDGE_SLOTS],
    ids=[case[0] for case in EDGE_SLOTS],
)
def test_an_edge_slot_usually_takes_its_majority_state_at_medium_confidence(
    draws: list[TimetableModel], slot: int, majority: str
) -> None:
    states = [model.state(WORKDAYS, slot, "medium") for model in draws]

    # About 90% expected: p(majority) averages 5/6, above theta = 0.75.
    assert states.count(majority) / DRAWS >= 0.75
    assert set(states) <= {majority, None}


def test_the_middle_of_a_range_is_unknown_at_high_and_medium_confidence(
    draws: list[TimetableModel],
) -> None:
    middle = 8 * 12 + 11  # 08:55-09:00: unlocked on about half of the days

    for level in ("high", "medium"):
        unknown = sum(model.state(WORKDAYS, middle, level) is None for model in draws)
        assert unknown / DRAWS >= 0.9, level
