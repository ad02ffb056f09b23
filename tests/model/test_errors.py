"""Bad input: each refusal is a typed error that names the input and what to do."""

import pytest

from harness.errors import HarnessError
from harness.model import (
    Message,
    MixedValuesError,
    ModelError,
    ModelParameters,
    NonCategoricalValueError,
    NotEnoughDataError,
    ParameterError,
    SensitivityError,
    TimestampError,
    UnknownTimeZoneError,
    resolve_sensitivity,
    train,
    verdict,
)

HOUR_MS = 3_600_000
AT = 1_750_000_000_000
ROUTINE = [
    (AT - 3 * HOUR_MS, "locked"),
    (AT - 2 * HOUR_MS, "unlocked"),
    (AT - HOUR_MS, "locked"),
]


@pytest.mark.parametrize(
    "value",
    [3, 2.5, None, b"locked", ["locked"]],
    ids=["an integer", "a float", "None", "bytes", "a list"],
)
def test_a_non_categorical_value_cannot_train(value: object) -> None:
    history = [*ROUTINE, (AT - 10, value)]

    with pytest.raises(NonCategoricalValueError) as refused:
        train(history, AT)  # type: ignore[arg-type]

    assert refused.value.value == value
    assert "numeric fields cannot have an anomaly model" in str(refused.value)


def test_a_history_mixing_strings_and_booleans_cannot_train() -> None:
    history: list[Message] = [*ROUTINE, (AT - 10, True)]

    with pytest.raises(MixedValuesError, match="mixes booleans and strings"):
        train(history, AT)


@pytest.mark.parametrize(
    "ts", [1.75e12, "1750000000000", True], ids=["a float", "a string", "a boolean"]
)
def test_a_timestamp_must_be_integer_milliseconds(ts: object) -> None:
    with pytest.raises(TimestampError, match="epoch milliseconds"):
        train([*ROUTINE, (ts, "locked")], AT)  # type: ignore[list-item]


def test_a_training_time_beyond_the_calendar_is_refused() -> None:
    with pytest.raises(TimestampError):
        train(ROUTINE, 10**18)


@pytest.mark.parametrize(
    ("history", "found"),
    [
        ([], 0),
        (ROUTINE[:2], 2),
        ([(AT - 40 * 86_400_000, "locked")], 1),
        ([(AT - 40 * 86_400_000, "locked"), (AT - 39 * 86_400_000, "unlocked")], 1),
        ([*ROUTINE[:2], (AT, "locked"), (AT + 1, "unlocked")], 2),
    ],
    ids=[
        "no history",
        "two messages",
        "only the message before the window",
        "two messages before the window",
        "messages at or after the training time",
    ],
)
def test_fewer_than_three_messages_cannot_train(
    history: list[tuple[int, str]], found: int
) -> None:
    with pytest.raises(NotEnoughDataError, match="cannot train") as refused:
        train(history, AT)

    assert refused.value.found == found
    assert refused.value.needed == 3


@pytest.mark.parametrize(
    "zone",
    ["Mars/Olympus_Mons", "", "Europe", "../etc/passwd", 1],
    ids=["an unknown name", "empty", "a folder", "a path", "not a string"],
)
def test_an_unknown_time_zone_cannot_train(zone: object) -> None:
    with pytest.raises(UnknownTimeZoneError, match="IANA name"):
        train(ROUTINE, AT, zone)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"window_days": 0}, "window_days 0"),
        ({"window_days": 7.5}, "window_days 7.5"),
        ({"slot_minutes": 7}, "does not divide a day"),
        ({"slot_minutes": 0}, "slot_minutes 0"),
        ({"slot_minutes": 2880}, "slot_minutes 2880"),
        ({"min_days": 0}, "min_days 0"),
        ({"min_days": True}, "min_days True"),
        ({"retrain_interval_ms": 0}, "retrain_interval_ms 0"),
        ({"grouping": "fortnightly"}, "not a day grouping"),
        ({"weekend": ["friday", "funday"]}, "'funday' is not a weekday"),
        ({"weekend": "saturday"}, "not a collection of weekdays"),
        ({"weekend": []}, "leaves one group only"),
        ({"weekend": range(7)}, "leaves one group only"),
    ],
    ids=lambda case: str(case)[:40],
)
def test_a_bad_parameter_is_refused_with_what_is_allowed(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ParameterError, match=message):
        ModelParameters(**fields)  # type: ignore[arg-type]


def test_an_unknown_parameter_name_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ParameterError, match="did you mean 'slot_minutes'"):
        ModelParameters.from_dict({"slot_minute": 5})


@pytest.mark.parametrize(
    "level",
    [-1, 101, 50.0, True, "highest", "", None],
    ids=[
        "below 0",
        "above 100",
        "a float",
        "a boolean",
        "a wrong name",
        "empty",
        "None",
    ],
)
def test_a_bad_sensitivity_is_refused(level: object) -> None:
    with pytest.raises(SensitivityError, match="from 0 to 100"):
        resolve_sensitivity(level)  # type: ignore[arg-type]


def test_a_misspelt_confidence_gets_a_suggestion() -> None:
    with pytest.raises(SensitivityError, match="did you mean 'medium'"):
        resolve_sensitivity("meduim")


def test_judging_checks_the_message_even_before_a_model_is_trained() -> None:
    assert verdict(None, AT, "locked", "high") is None

    with pytest.raises(NonCategoricalValueError):
        verdict(None, AT, 3, "high")  # type: ignore[arg-type]
    with pytest.raises(SensitivityError):
        verdict(None, AT, "locked", 200)


def test_a_trained_model_refuses_a_bad_message_or_sensitivity() -> None:
    model = train(ROUTINE, AT)

    with pytest.raises(NonCategoricalValueError):
        model.judge(AT, 1.5, "low")  # type: ignore[arg-type]
    with pytest.raises(TimestampError):
        model.expected("noon", "low")  # type: ignore[arg-type]
    with pytest.raises(TimestampError):
        model.judge(10**18, "locked", "low")
    with pytest.raises(SensitivityError):
        model.timetable("paranoid")


def test_every_error_is_a_model_error_and_a_harness_error() -> None:
    for error in (
        NonCategoricalValueError,
        MixedValuesError,
        TimestampError,
        NotEnoughDataError,
        UnknownTimeZoneError,
        ParameterError,
        SensitivityError,
    ):
        assert issubclass(error, ModelError)
        assert issubclass(error, HarnessError)
