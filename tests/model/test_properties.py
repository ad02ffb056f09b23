"""Properties of training and verdicts over generated histories, zones and windows."""

import json
import random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from harness.model import (
    DayGrouping,
    Message,
    ModelParameters,
    NotEnoughDataError,
    TimetableModel,
    Value,
    train,
    train_without,
)
from tests.model.oracle import minute_by_minute, table_entries

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS

# Zones with an instant near which they change their offset (or not, for the two
# without daylight-saving time), in 2024 and 2025.
ZONE_CHANGES = [
    ("UTC", 1_711_846_800_000),
    ("Asia/Kathmandu", 1_729_990_800_000),  # offset +05:45, no changes
    ("Europe/Berlin", 1_711_846_800_000),  # 2024-03-31 01:00 UTC, spring
    ("Europe/Berlin", 1_729_990_800_000),  # 2024-10-27 01:00 UTC, autumn
    ("America/New_York", 1_741_503_600_000),  # 2025-03-09 07:00 UTC, spring
    ("America/New_York", 1_762_063_200_000),  # 2025-11-02 06:00 UTC, autumn
    ("Australia/Lord_Howe", 1_743_865_200_000),  # back by half an hour
    ("Australia/Lord_Howe", 1_759_591_800_000),  # on by half an hour
    ("Pacific/Chatham", 1_743_861_600_000),  # offset +13:45 to +12:45
]

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

string_values = st.sampled_from(["locked", "unlocked", "jammed"])
boolean_values = st.booleans()
groupings = st.sampled_from(list(DayGrouping))
divisors = st.sampled_from([1, 5, 10, 15, 30, 60, 90, 1440])


@st.composite
def scenarios(
    draw: st.DrawFn,
    window_days: st.SearchStrategy[int],
    minutes_only: bool = False,
    min_messages: int = 3,
) -> tuple[list[Message], int, str, ModelParameters]:
    """A history around a training window that may span an offset change."""
    parameters = ModelParameters(
        window_days=draw(window_days),
        slot_minutes=draw(divisors),
        grouping=draw(groupings),
        min_days=draw(st.integers(1, 3)),
    )
    unit = MINUTE_MS if minutes_only else 1
    zone, change = draw(st.sampled_from(ZONE_CHANGES))
    at = change + draw(st.integers(-3 * DAY_MS, 3 * DAY_MS)) // unit * unit
    if not minutes_only:
        at += draw(st.integers(0, 30)) * DAY_MS

    earliest = at - parameters.window_ms - 2 * DAY_MS
    latest = at + DAY_MS
    moments = st.integers(earliest // unit, latest // unit).map(lambda m: m * unit)
    values: st.SearchStrategy[Value] = draw(
        st.sampled_from([string_values, boolean_values])
    )
    messages = st.tuples(moments, values)
    history = draw(st.lists(messages, min_size=min_messages, max_size=40))
    return history, at, zone, parameters


def held_ms(history: list[Message], at: int, window_ms: int) -> dict[Value, int]:
    """How long each value held in the window, walking the messages one by one."""
    start = at - window_ms
    totals: dict[Value, int] = {}
    current: Value | None = None
    since = start
    for ts, value in sorted(history):
        if ts >= at:
            break
        moment = max(ts, start)
        if current is not None:
            totals[current] = totals.get(current, 0) + moment - since
        current, since = value, moment
    if current is not None:
        totals[current] = totals.get(current, 0) + at - since

    return {value: ms for value, ms in totals.items() if ms}


def messages_used(history: list[Message], at: int, window_ms: int) -> int:
    inside = sum(at - window_ms <= ts < at for ts, _ in history)
    before = any(ts < at - window_ms for ts, _ in history)
    return inside + before


def trained(
    history: list[Message], at: int, zone: str, parameters: ModelParameters
) -> TimetableModel:
    assume(messages_used(history, at, parameters.window_ms) >= 3)
    return train(history, at, zone, parameters)


def value_totals(model: TimetableModel) -> dict[Value, int]:
    totals = {
        value: sum(group[index].total(model.table.slots) for group in model.table.time)
        for index, value in enumerate(model.values)
    }
    return {value: ms for value, ms in totals.items() if ms}


@SETTINGS
@given(scenarios(st.integers(1, 30), min_messages=0))
def test_time_adds_up_to_the_known_span_of_the_step_function(
    scenario: tuple[list[Message], int, str, ModelParameters],
) -> None:
    history, at, zone, parameters = scenario
    used = messages_used(history, at, parameters.window_ms)

    if used < 3:
        try:
            train(history, at, zone, parameters)
        except NotEnoughDataError as error:
            assert error.found == used
            return
        raise AssertionError(f"trained on {used} messages")

    model = train(history, at, zone, parameters)

    assert model.table.known_ms() == at - model.known_from
    assert value_totals(model) == held_ms(history, at, parameters.window_ms)
    assert model.messages == used


@settings(SETTINGS, max_examples=100)
@given(scenarios(st.integers(1, 2), minutes_only=True))
def test_the_slot_table_matches_a_minute_by_minute_count_across_offset_changes(
    scenario: tuple[list[Message], int, str, ModelParameters],
) -> None:
    history, at, zone, parameters = scenario
    model = trained(history, at, zone, parameters)

    time, days = minute_by_minute(history, at, zone, parameters)

    assert table_entries(model) == (time, days)


@SETTINGS
@given(
    scenarios(st.integers(3, 30)),
    st.lists(st.integers(0, 100), min_size=2, max_size=2, unique=True),
    st.randoms(use_true_random=False),
)
def test_a_higher_sensitivity_never_takes_a_verdict_back(
    scenario: tuple[list[Message], int, str, ModelParameters],
    levels: list[int],
    rng: random.Random,
) -> None:
    history, at, zone, parameters = scenario
    model = trained(history, at, zone, parameters)
    lower, higher = sorted(levels)

    for group in range(len(model.table.days)):
        for slot in range(parameters.slots_per_day):
            state = model.state(group, slot, lower)
            if state is not None:
                assert model.state(group, slot, higher) == state

    for _ in range(20):
        ts = at + rng.randrange(-30 * DAY_MS, 7 * DAY_MS)
        value = rng.choice(model.values)
        verdict = model.judge(ts, value, lower)
        if verdict is not None:
            assert model.judge(ts, value, higher) is verdict


@SETTINGS
@given(scenarios(st.integers(1, 30)), st.randoms(use_true_random=False))
def test_the_judged_message_never_trains_the_model_that_judges_it(
    scenario: tuple[list[Message], int, str, ModelParameters],
    rng: random.Random,
) -> None:
    history, at, zone, parameters = scenario
    model = trained(history, at, zone, parameters)
    value = rng.choice([value for _, value in history])
    judged = (at - rng.randrange(-DAY_MS, parameters.window_ms + DAY_MS), value)
    with_judged = [*history]
    with_judged.insert(rng.randrange(len(history) + 1), judged)

    assert train_without(with_judged, judged, at, zone, parameters) == model
    if judged[0] >= at:
        assert train(with_judged, at, zone, parameters) == model


@SETTINGS
@given(scenarios(st.integers(1, 30)), st.randoms(use_true_random=False))
def test_the_order_of_the_history_does_not_matter(
    scenario: tuple[list[Message], int, str, ModelParameters],
    rng: random.Random,
) -> None:
    history, at, zone, parameters = scenario
    model = trained(history, at, zone, parameters)
    shuffled = list(history)
    rng.shuffle(shuffled)

    assert train(shuffled, at, zone, parameters) == model


@SETTINGS
@given(scenarios(st.integers(1, 30)))
def test_a_model_survives_a_round_trip_through_json(
    scenario: tuple[list[Message], int, str, ModelParameters],
) -> None:
    model = trained(*scenario)

    stored = json.loads(json.dumps(model.to_dict()))

    assert TimetableModel.from_dict(stored) == model


@SETTINGS
@given(scenarios(st.integers(1, 30)))
def test_a_slot_has_known_days_exactly_where_it_has_known_time(
    scenario: tuple[list[Message], int, str, ModelParameters],
) -> None:
    history, at, zone, parameters = scenario
    model = trained(history, at, zone, parameters)
    dates_in_window = parameters.window_days + 1

    table = model.table
    for group in range(len(table.days)):
        per_value = [table.time_by_slot(group, i) for i in range(len(table.values))]
        known = [sum(per_slot) for per_slot in zip(*per_value, strict=True)]
        for slot, count in enumerate(table.days_by_slot(group)):
            assert (count > 0) == (known[slot] > 0)
            assert count <= dates_in_window
