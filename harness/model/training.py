"""Training: from one device's history at a training time to a timetable model."""

from collections.abc import Iterable

from harness.model.history import (
    Message,
    check_timestamp,
    sorted_history,
    window_steps,
    without,
)
from harness.model.localtime import check_in_calendar, load_zone
from harness.model.model import TimetableModel
from harness.model.parameters import ModelParameters
from harness.model.slots import tabulate

DEFAULTS = ModelParameters()


def train(
    history: Iterable[Message],
    at: int,
    zone: str = "UTC",
    parameters: ModelParameters = DEFAULTS,
) -> TimetableModel:
    """A model of `(ts, value)` messages, in any order, as known at time `at`."""
    check_timestamp(at)
    check_in_calendar(at - parameters.window_ms)
    check_in_calendar(at)
    tz = load_zone(zone)

    steps = window_steps(sorted_history(history), at, parameters.window_ms)

    return TimetableModel(
        zone=tz.key,
        trained_at=at,
        known_from=steps.known_from,
        messages=steps.messages,
        parameters=parameters,
        table=tabulate(steps, tz, parameters),
    )


def train_without(
    history: Iterable[Message],
    message: Message,
    at: int,
    zone: str = "UTC",
    parameters: ModelParameters = DEFAULTS,
) -> TimetableModel:
    """A model that has never seen `message`, to judge that message with."""
    return train(without(history, message), at, zone, parameters)
