"""A trained model as plain data: stored as JSON, loaded back, checked on load."""

import json
from collections.abc import Callable
from typing import Any

import pytest

from harness.model import (
    DayGrouping,
    ModelFormatError,
    ModelParameters,
    ParameterError,
    TimetableModel,
    UnknownTimeZoneError,
    train,
)

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
AT = 1_750_032_000_000  # 2025-06-16 00:00 UTC, a Monday


@pytest.fixture
def model() -> TimetableModel:
    history = [(AT - day * DAY_MS + 9 * HOUR_MS, "unlocked") for day in range(1, 8)]
    history += [(AT - day * DAY_MS + 17 * HOUR_MS, "locked") for day in range(1, 8)]
    parameters = ModelParameters(slot_minutes=60, weekend=frozenset({4, 5}))
    return train(history, AT, "Europe/Berlin", parameters)


def test_a_model_loads_back_equal_from_its_json(model: TimetableModel) -> None:
    stored = json.dumps(model.to_dict())

    loaded = TimetableModel.from_dict(json.loads(stored))

    assert loaded == model
    assert loaded.timetable("high") == model.timetable("high")


def test_the_stored_model_names_its_format_zone_time_and_parameters(
    model: TimetableModel,
) -> None:
    data = model.to_dict()

    assert data["format"] == "harness.timetable-model/1"
    assert data["zone"] == "Europe/Berlin"
    assert data["trained_at"] == AT
    assert data["parameters"] == {
        "window_days": 30,
        "slot_minutes": 60,
        "grouping": "workweek",
        "weekend": ["friday", "saturday"],
        "min_days": 3,
        "retrain_interval_ms": DAY_MS,
    }
    assert data["values"] == ["unlocked", "locked"]
    assert [group["name"] for group in data["groups"]] == ["workdays", "weekend"]


def test_slot_counts_are_stored_as_runs_from_a_slot_on(model: TimetableModel) -> None:
    weekend = model.to_dict()["groups"][1]

    # Friday and Saturday were known all day; the door was unlocked 11:00-19:00.
    assert weekend["days"] == [[0, 2]]
    assert weekend["time"] == [
        [[11, 2 * HOUR_MS], [19, 0]],
        [[0, 2 * HOUR_MS], [11, 0], [19, 2 * HOUR_MS]],
    ]


def test_parameters_load_from_plain_data_with_defaults_for_missing_keys() -> None:
    parameters = ModelParameters.from_dict(
        {"grouping": "Weekly", "weekend": ["Friday", 5]}
    )

    assert parameters == ModelParameters(
        grouping=DayGrouping.WEEKLY,
        weekend=frozenset({4, 5}),
    )
    assert parameters.window_days == 30
    assert ModelParameters.from_dict(parameters.to_dict()) == parameters


def damaged(change: Callable[[dict[str, Any]], object]) -> Callable[..., Any]:
    def apply(data: dict[str, Any]) -> dict[str, Any]:
        change(data)
        return data

    return apply


DAMAGES = [
    ("no format", damaged(lambda d: d.pop("format")), "'format'"),
    ("another format", damaged(lambda d: d.update(format="v0")), "'format'"),
    ("no zone", damaged(lambda d: d.pop("zone")), "'zone'"),
    ("a float time", damaged(lambda d: d.update(trained_at=1.5)), "'trained_at'"),
    ("values not a list", damaged(lambda d: d.update(values="ab")), "'values'"),
    ("a numeric value", damaged(lambda d: d["values"].append(3)), "'values'"),
    ("a value twice", damaged(lambda d: d.update(values=["a", "a"])), "'values'"),
    ("a group missing", damaged(lambda d: d["groups"].pop()), "'groups'"),
    (
        "groups swapped",
        damaged(lambda d: d["groups"].reverse()),
        "'groups'[0]",
    ),
    (
        "a run past the day's end",
        damaged(lambda d: d["groups"][0]["days"].append([24, 1])),
        "'groups'[0]['days']",
    ),
    (
        "runs out of order",
        damaged(lambda d: d["groups"][0]["days"].reverse()),
        "'groups'[0]['days']",
    ),
    (
        "a run that is no pair",
        damaged(lambda d: d["groups"][0]["days"].append(30)),
        "'groups'[0]['days']",
    ),
    (
        "days not a list",
        damaged(lambda d: d["groups"][0].update(days={"0": 5})),
        "'groups'[0]['days']",
    ),
    (
        "a negative time",
        damaged(lambda d: d["groups"][1]["time"][0][0].__setitem__(1, -1)),
        "'groups'[1]['time'][0]",
    ),
    (
        "a row of time missing",
        damaged(lambda d: d["groups"][1]["time"].pop()),
        "'groups'[1]['time']",
    ),
]


@pytest.mark.parametrize(
    ("damage", "where"),
    [case[1:] for case in DAMAGES],
    ids=[case[0] for case in DAMAGES],
)
def test_a_damaged_stored_model_is_refused_with_where_it_is_damaged(
    model: TimetableModel, damage: Callable[..., Any], where: str
) -> None:
    data = damage(json.loads(json.dumps(model.to_dict())))

    with pytest.raises(ModelFormatError) as refused:
        TimetableModel.from_dict(data)

    assert refused.value.where == where
    assert "train again" in str(refused.value)


def test_a_stored_model_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ModelFormatError, match="the top level"):
        TimetableModel.from_dict(["not", "a", "model"])


def test_a_stored_model_with_bad_parameters_or_zone_is_refused(
    model: TimetableModel,
) -> None:
    data = model.to_dict()

    with pytest.raises(ParameterError):
        TimetableModel.from_dict({**data, "parameters": {"slot_minutes": 7}})
    with pytest.raises(UnknownTimeZoneError):
        TimetableModel.from_dict({**data, "zone": "Atlantis/Capital"})
