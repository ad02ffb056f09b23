"""The step function a model learns from: windows, starting values, repeats, ties."""

from harness.model import (
    MIN_MESSAGES,
    DayGrouping,
    ModelParameters,
    TimetableModel,
    Value,
    train,
)

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
AT = 1_750_032_000_000  # 2025-06-16 00:00 UTC, a Monday
WINDOW_START = AT - 30 * DAY_MS
HOURLY = ModelParameters(slot_minutes=60, grouping=DayGrouping.DAILY, min_days=1)


def held(model: TimetableModel) -> dict[Value, int]:
    """How long each value held across all slots, in ms."""
    return {
        value: sum(group[index].total(24) for group in model.table.time)
        for index, value in enumerate(model.values)
    }


def test_the_value_of_the_last_message_holds_until_the_training_time() -> None:
    history = [(AT - 3 * HOUR_MS, "a"), (AT - 2 * HOUR_MS, "b"), (AT - HOUR_MS, "a")]

    model = train(history, AT, "UTC", HOURLY)

    assert held(model) == {"a": 2 * HOUR_MS, "b": HOUR_MS}
    assert model.known_from == AT - 3 * HOUR_MS


def test_time_before_the_first_message_is_unknown() -> None:
    history = [(AT - 3 * HOUR_MS, "a"), (AT - 2 * HOUR_MS, "b"), (AT - HOUR_MS, "a")]

    model = train(history, AT, "UTC", HOURLY)

    # 21:00-24:00 are known on one day; every other hour of the day is not.
    assert model.table.days_by_slot(0) == (0,) * 21 + (1, 1, 1)
    assert model.state(0, 12, 100) is None


def test_the_last_message_before_the_window_gives_the_starting_value() -> None:
    history = [
        (WINDOW_START - 10 * DAY_MS, "a"),
        (WINDOW_START - 5 * HOUR_MS, "b"),
        (WINDOW_START + HOUR_MS, "a"),
        (WINDOW_START + 2 * HOUR_MS, "a"),
    ]

    model = train(history, AT, "UTC", HOURLY)

    assert model.known_from == WINDOW_START
    assert model.messages == 3
    assert held(model) == {"b": HOUR_MS, "a": 30 * DAY_MS - HOUR_MS}


def test_a_message_at_the_window_start_replaces_the_one_before_the_window() -> None:
    history = [(WINDOW_START - 1, "b"), (WINDOW_START, "a"), (AT - 1, "a")]

    model = train(history, AT, "UTC", HOURLY)

    assert held(model) == {"a": 30 * DAY_MS}


def test_messages_at_or_after_the_training_time_are_left_out() -> None:
    history = [(AT - 3 * HOUR_MS, "a"), (AT - 2 * HOUR_MS, "b"), (AT - HOUR_MS, "a")]

    later = [*history, (AT, "b"), (AT + DAY_MS, "c")]

    assert train(later, AT, "UTC", HOURLY) == train(history, AT, "UTC", HOURLY)


def test_repeating_a_value_changes_nothing_but_the_count_of_messages() -> None:
    history = [(AT - 3 * HOUR_MS, "a"), (AT - 2 * HOUR_MS, "b"), (AT - HOUR_MS, "a")]
    repeated = [*history, (AT - 90 * 60_000, "b"), (AT - 30 * 60_000, "a")]

    model = train(history, AT, "UTC", HOURLY)
    with_repeats = train(repeated, AT, "UTC", HOURLY)

    assert with_repeats.table == model.table
    assert with_repeats.messages == model.messages + 2


def test_of_messages_at_one_instant_the_last_in_value_order_holds() -> None:
    instant = AT - 2 * HOUR_MS
    one_way = [(AT - 3 * HOUR_MS, "locked"), (instant, "unlocked"), (instant, "locked")]
    other_way = [one_way[0], one_way[2], one_way[1]]

    model = train(one_way, AT, "UTC", HOURLY)

    assert held(model) == {"locked": HOUR_MS, "unlocked": 2 * HOUR_MS}
    assert train(other_way, AT, "UTC", HOURLY) == model


def test_a_boolean_field_trains_and_judges_like_a_string_field() -> None:
    day_on = [(AT - day * DAY_MS + 8 * HOUR_MS, True) for day in range(1, 11)]
    day_off = [(AT - day * DAY_MS + 18 * HOUR_MS, False) for day in range(1, 11)]

    model = train(day_on + day_off, AT, "UTC", HOURLY)

    assert set(model.values) == {True, False}
    assert model.judge(AT + 12 * HOUR_MS, True, "high") is False
    assert model.judge(AT + 12 * HOUR_MS, False, "high") is True
    assert model.judge(AT + 3 * HOUR_MS, True, "high") is True
    assert model.timetable("high").day("monday").table == [
        ("00:00", "08:00", False),
        ("08:00", "18:00", True),
        ("18:00", "24:00", False),
    ]


def test_a_value_the_model_never_saw_is_anomalous_where_a_slot_is_determinate() -> None:
    history = [(AT - day * DAY_MS, "locked") for day in range(1, 11)]

    model = train(history, AT, "UTC", HOURLY)

    assert model.judge(AT + HOUR_MS, "jammed", "high") is True


def test_training_needs_at_least_three_messages() -> None:
    assert MIN_MESSAGES == 3
