"""A trained model as plain data: the stored format, written and checked on load."""

from collections.abc import Mapping
from typing import Any

from harness.model.errors import ModelFormatError
from harness.model.history import Value
from harness.model.parameters import ModelParameters
from harness.model.runs import SlotRuns
from harness.model.slots import SlotTable

FORMAT = "harness.timetable-model/1"

_SCALARS = {
    "zone": str,
    "trained_at": int,
    "known_from": int,
    "messages": int,
    "parameters": Mapping,
}


def table_to_dict(table: SlotTable, parameters: ModelParameters) -> dict[str, Any]:
    """The slot table as plain data: values, then per day group runs of days and ms."""
    return {
        "values": list(table.values),
        "groups": [
            {
                "name": name,
                "days": table.days[group].pairs(),
                "time": [per_value.pairs() for per_value in table.time[group]],
            }
            for group, name in enumerate(parameters.group_names)
        ],
    }


def stored_fields(data: Any) -> Mapping[str, Any]:
    """The stored model's top-level fields, each checked for its kind."""
    if not isinstance(data, Mapping):
        raise ModelFormatError("the top level", f"{type(data).__name__} is no mapping")

    if data.get("format") != FORMAT:
        raise ModelFormatError("'format'", f"{data.get('format')!r} is not {FORMAT!r}")

    for key, kind in _SCALARS.items():
        _require(data, key, kind, f"{key!r}")

    return data


def table_from_dict(data: Mapping[str, Any], parameters: ModelParameters) -> SlotTable:
    """The slot table of a stored model, checked against its parameters."""
    values = _require(data, "values", list, "'values'")
    if not values:
        raise ModelFormatError("'values'", "no value at all")
    for value in values:
        if not isinstance(value, str | bool):
            raise ModelFormatError("'values'", f"{value!r} is not categorical")
    if len(set(map(_value_key, values))) != len(values):
        raise ModelFormatError("'values'", "a value appears twice")

    groups = _require(data, "groups", list, "'groups'")
    names = parameters.group_names
    if len(groups) != len(names):
        raise ModelFormatError(
            "'groups'", f"{len(groups)} groups where the grouping has {len(names)}"
        )

    slots = parameters.slots_per_day
    days, time = [], []
    for number, group in enumerate(groups):
        where = f"'groups'[{number}]"
        if not isinstance(group, Mapping) or group.get("name") != names[number]:
            raise ModelFormatError(where, f"is not the group {names[number]!r}")
        days.append(_runs(group.get("days"), slots, f"{where}['days']"))
        per_value = _require(group, "time", list, f"{where}['time']")
        if len(per_value) != len(values):
            raise ModelFormatError(
                f"{where}['time']",
                f"has {len(per_value)} rows for {len(values)} values",
            )
        time.append(
            tuple(
                _runs(row, slots, f"{where}['time'][{index}]")
                for index, row in enumerate(per_value)
            )
        )

    return SlotTable(slots, tuple(values), tuple(time), tuple(days))


def _value_key(value: Value) -> tuple[type, Value]:
    return (type(value), value)


def _require(data: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ModelFormatError(where, f"{value!r} is not of kind {kind.__name__}")

    return value


def _runs(pairs: object, slots: int, where: str) -> SlotRuns:
    if not isinstance(pairs, list):
        raise ModelFormatError(where, f"{pairs!r} is not a list of [slot, count] runs")

    after = -1
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2 and all(map(_count, pair))):
            raise ModelFormatError(where, f"{pair!r} is not a [slot, count] run")
        if not after < pair[0] < slots:
            raise ModelFormatError(
                where, f"run {pair!r} does not start after {after} and before {slots}"
            )
        after = pair[0]

    return SlotRuns.from_pairs((start, level) for start, level in pairs)


def _count(number: object) -> bool:
    return isinstance(number, int) and not isinstance(number, bool) and number >= 0
