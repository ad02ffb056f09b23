"""The slot table: how long each value held in each slot, and on how many days."""

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from harness.model.history import Steps, Value
from harness.model.localtime import offset_spans, weekday
from harness.model.parameters import DAY_MS, ModelParameters
from harness.model.runs import SlotRuns


@dataclass(frozen=True)
class SlotTable:
    """Per day group and slot: ms of known time per value, and days with known time."""

    slots: int
    values: tuple[Value, ...]
    # time[group][index]: the ms values[index] held in each slot of the group.
    time: tuple[tuple[SlotRuns, ...], ...]
    # days[group]: for each slot of the group, the local dates with known time in it.
    days: tuple[SlotRuns, ...]

    def times_in(self, group: int, slot: int) -> tuple[int, ...]:
        """The ms each value held in one slot, in the order of `values`."""
        return tuple(per_value.at(slot) for per_value in self.time[group])

    def days_in(self, group: int, slot: int) -> int:
        """How many local dates had known time in one slot."""
        return self.days[group].at(slot)

    def time_by_slot(self, group: int, index: int) -> tuple[int, ...]:
        """The ms one value held in each slot of a day group."""
        return self.time[group][index].per_slot(self.slots)

    def days_by_slot(self, group: int) -> tuple[int, ...]:
        """For each slot of a day group, how many local dates had known time in it."""
        return self.days[group].per_slot(self.slots)

    def known_ms(self) -> int:
        """All known time in the table, summed over every slot and value."""
        return sum(
            per_value.total(self.slots) for group in self.time for per_value in group
        )


def tabulate(steps: Steps, zone: ZoneInfo, parameters: ModelParameters) -> SlotTable:
    """Cut each constant stretch of the steps at local slot boundaries and add up."""
    slots = parameters.slots_per_day
    weekday_groups = parameters.weekday_groups
    group_of_day = [weekday_groups[weekday(day)] for day in range(7)]
    spans = offset_spans(zone, steps.known_from, steps.until)

    values = tuple(dict.fromkeys(steps.values))
    # One entry past the last slot takes differences that fall off the day's end.
    changes = [[[0] * (slots + 1) for _ in values] for _ in parameters.group_names]
    # For each value, its group's array for each local day number modulo 7.
    by_value = {
        value: [changes[group_of_day[day]][index] for day in range(7)]
        for index, value in enumerate(values)
    }
    _add_stretches(steps, spans, by_value, parameters.slot_ms)

    time = tuple(
        tuple(SlotRuns.from_changes(per_value, slots) for per_value in per_group)
        for per_group in changes
    )
    days = _known_days(spans, parameters, group_of_day)
    return SlotTable(slots, values, time, days)


def _add_stretches(
    steps: Steps,
    spans: Sequence[tuple[int, int, int]],
    by_value: Mapping[Value, Sequence[list[int]]],
    slot_ms: int,
) -> None:
    # Each array holds, per slot of a day group, how much more time the slot has
    # than the slot before it, so that time added to a run of slots costs two
    # additions however long the run. The rest of a day from a point on is a
    # part-slot, then whole slots to midnight. A stretch from a to b is the rest of
    # a's day, plus a whole day for each day after a's up to b's, less the rest of
    # b's day.
    starts, values = steps.starts, steps.values
    for span_start, span_end, offset in spans:
        first = bisect_right(starts, span_start) - 1
        last = bisect_left(starts, span_end)
        ends = (*starts[first + 1 : last], span_end)

        day, into = divmod(max(starts[first], span_start) + offset, DAY_MS)
        slot, part = divmod(into, slot_ms)
        for value, end in zip(values[first:last], ends, strict=True):
            by_day = by_value[value]
            changes = by_day[day % 7]
            changes[slot] += slot_ms - part
            changes[slot + 1] += part

            end_day, into = divmod(end + offset, DAY_MS)
            slot, part = divmod(into, slot_ms)
            while day < end_day:
                day += 1
                by_day[day % 7][0] += slot_ms

            changes = by_day[day % 7]
            changes[slot] += part - slot_ms
            changes[slot + 1] -= part


def _known_days(
    spans: Sequence[tuple[int, int, int]],
    parameters: ModelParameters,
    group_of_day: Sequence[int],
) -> tuple[SlotRuns, ...]:
    # Known time is one unbroken stretch, so each local day knows a run of slots.
    # Inner days of a span know every slot; the days at a span's ends know runs,
    # merged per day, so that a repeated wall-clock hour counts its day once. (Only a
    # zone jumping back a whole day, as some did before 1900, would overlap spans
    # beyond their end days.)
    slot_ms = parameters.slot_ms
    slots = parameters.slots_per_day
    changes = [[0] * (slots + 1) for _ in parameters.group_names]
    runs: dict[int, list[tuple[int, int]]] = {}
    for span_start, span_end, offset in spans:
        first_day, low = divmod(span_start + offset, DAY_MS)
        last_day, high = divmod(span_end + offset - 1, DAY_MS)
        first_slot, last_slot = low // slot_ms, high // slot_ms + 1
        if first_day == last_day:
            runs.setdefault(first_day, []).append((first_slot, last_slot))
            continue
        runs.setdefault(first_day, []).append((first_slot, slots))
        runs.setdefault(last_day, []).append((0, last_slot))

        inner = last_day - first_day - 1
        for later in range(min(inner, 7)):
            # Of the inner days, those that fall on this weekday.
            day = first_day + 1 + later
            changes[group_of_day[day % 7]][0] += (inner - later + 6) // 7

    for day, day_runs in runs.items():
        per_group = changes[group_of_day[day % 7]]
        for first, last in _merged(day_runs):
            per_group[first] += 1
            per_group[last] -= 1

    return tuple(SlotRuns.from_changes(per_group, slots) for per_group in changes)


def _merged(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(runs):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))

    return merged
