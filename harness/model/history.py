"""A device's history as the step function of one field over a training window."""

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

from harness.model.errors import (
    MixedValuesError,
    NonCategoricalValueError,
    NotEnoughDataError,
    TimestampError,
)

Value = str | bool
Message = tuple[int, Value]

MIN_MESSAGES = 3

_by_ts = itemgetter(0)
_by_value = itemgetter(1)


@dataclass(frozen=True)
class Steps:
    """The field's value over the known part of a window, `[known_from, until)`."""

    known_from: int
    until: int
    # From starts[i] until the next start, or until, the field holds values[i].
    starts: tuple[int, ...]
    values: tuple[Value, ...]
    messages: int


def check_timestamp(ts: object) -> None:
    """Refuse a timestamp that is not an integer of epoch milliseconds."""
    if type(ts) is not int:
        raise TimestampError(ts)


def check_message(ts: object, value: object) -> None:
    """Refuse a message whose ts is not integer ms or whose value is not categorical."""
    check_timestamp(ts)

    if not (isinstance(value, str) or value is True or value is False):
        raise NonCategoricalValueError(ts, value)


def sorted_history(history: Iterable[Message]) -> list[Message]:
    """The checked messages in time order, and in value order at one instant."""
    messages = list(history)

    # Sets of types are quick to build; the slow look for the culprit runs only if
    # something other than integer timestamps and plain strings or booleans is there.
    ts_kinds = set(map(type, map(_by_ts, messages)))
    value_kinds = set(map(type, map(_by_value, messages)))
    if ts_kinds - {int} or not (value_kinds <= {str} or value_kinds <= {bool}):
        _check_each(messages)

    # Sorting whole pairs puts messages of one instant in value order, so that the
    # step function never depends on the order the history came in.
    messages.sort()
    return messages


def _check_each(messages: list[Message]) -> None:
    booleans: bool | None = None
    for ts, value in messages:
        check_message(ts, value)
        is_boolean = value is True or value is False
        if booleans is None:
            booleans = is_boolean
        elif is_boolean is not booleans:
            raise MixedValuesError(ts, value)


def without(history: Iterable[Message], message: Message) -> list[Message]:
    """The history less one occurrence of a message: what judges that message."""
    remaining = list(history)
    for position, candidate in enumerate(remaining):
        if candidate == message:
            del remaining[position]
            break

    return remaining


def window_steps(messages: list[Message], at: int, window_ms: int) -> Steps:
    """The step function over `[at - window, at)` of messages sorted by ts."""
    window_start = at - window_ms
    first = bisect_left(messages, window_start, key=_by_ts)
    end = bisect_left(messages, at, key=_by_ts)

    # The last message before the window gives the value the window starts in.
    begin = first - 1 if first > 0 else first
    used = end - begin
    if used < MIN_MESSAGES:
        raise NotEnoughDataError(used, MIN_MESSAGES, window_start, at)

    used_messages = messages[begin:end]
    first_ts, first_value = used_messages[0]
    if first_ts < window_start:
        used_messages[0] = (window_start, first_value)

    # Of messages at one instant, the last (in value order) holds; of the rest, only
    # those that change the value matter.
    latest = [
        message for message, after in pairwise(used_messages) if message[0] != after[0]
    ]
    latest.append(used_messages[-1])
    changes = [latest[0]]
    changes += [
        message for before, message in pairwise(latest) if message[1] != before[1]
    ]
    starts, values = zip(*changes, strict=True)

    return Steps(starts[0], at, starts, values, used)
