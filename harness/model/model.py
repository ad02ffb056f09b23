"""A trained timetable model: the slot table of one field, and its verdicts."""

from dataclasses import dataclass, field
from typing import Any

from harness.model.explanation import SlotExplanation
from harness.model.history import Value, check_message, check_timestamp
from harness.model.localtime import load_zone, local_ms, weekday
from harness.model.parameters import DAY_MS, ModelParameters
from harness.model.sensitivity import Level, expected_index, resolve_sensitivity
from harness.model.slots import SlotTable
from harness.model.storage import FORMAT, stored_fields, table_from_dict, table_to_dict
from harness.model.timetable import Timetable, build_timetable


@dataclass(frozen=True)
class TimetableModel:
    """What one device's field usually holds at each time of the week."""

    zone: str
    trained_at: int
    known_from: int
    messages: int
    parameters: ModelParameters
    table: SlotTable
    # Each slot's state per sensitivity asked for, worked out once: verdicts on the
    # ingest path then cost a lookup, not a pass over the slot's values.
    _states_at: dict[int, list[list[Value | None]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def values(self) -> tuple[Value, ...]:
        """The values the field held in the window, in order of first appearance."""
        return self.table.values

    @property
    def next_training_at(self) -> int:
        """When the model is due to train again: its training time plus the interval."""
        return self.trained_at + self.parameters.retrain_interval_ms

    def retrain_due(self, now: int) -> bool:
        """Whether the model's clock has moved on by the retrain interval."""
        return now >= self.next_training_at

    def slot_of(self, ts: int) -> tuple[int, int]:
        """The slot key of an instant: (day group, local minute // slot minutes)."""
        local_day, into_day = divmod(local_ms(load_zone(self.zone), ts), DAY_MS)
        group = self.parameters.weekday_groups[weekday(local_day)]
        return group, into_day // self.parameters.slot_ms

    def state(self, group: int, slot: int, sensitivity: Level) -> Value | None:
        """The value a slot expects at a sensitivity, or None where it is unknown."""
        index = expected_index(
            self.table.times_in(group, slot),
            self.table.days_in(group, slot),
            resolve_sensitivity(sensitivity),
            self.parameters.min_days,
        )
        return None if index is None else self.table.values[index]

    def expected(self, ts: int, sensitivity: Level) -> Value | None:
        """The value expected at an instant, or None where the model cannot tell."""
        level = resolve_sensitivity(sensitivity)
        check_timestamp(ts)
        group, slot = self.slot_of(ts)
        return self._states_table(level)[group][slot]

    def judge(self, ts: int, value: Value, sensitivity: Level) -> bool | None:
        """True if a message is anomalous, False if expected, None if unknown."""
        return self.assess(ts, value, sensitivity)[0]

    def assess(
        self, ts: int, value: Value, sensitivity: Level
    ) -> tuple[bool | None, Value | None]:
        """A message's verdict and the value expected there, in one look-up."""
        level = resolve_sensitivity(sensitivity)
        check_message(ts, value)
        group, slot = self.slot_of(ts)
        expected = self._states_table(level)[group][slot]
        if expected is None:
            return None, None

        return value != expected, expected

    def explain(self, ts: int, sensitivity: Level) -> SlotExplanation:
        """The slot an instant falls in, what it held and what it needs to be known."""
        level = resolve_sensitivity(sensitivity)
        check_timestamp(ts)
        group, slot = self.slot_of(ts)
        times = self.table.times_in(group, slot)
        known = sum(times)

        shares = tuple(
            (value, held / known)
            for value, held in zip(self.table.values, times, strict=True)
            if held
        )
        minutes = self.parameters.slot_minutes
        return SlotExplanation(
            group=self.parameters.group_names[group],
            start_minute=slot * minutes,
            end_minute=(slot + 1) * minutes,
            days=self.table.days_in(group, slot),
            min_days=self.parameters.min_days,
            shares=tuple(sorted(shares, key=lambda pair: -pair[1])),
            sensitivity=level,
            expected=self._states_table(level)[group][slot],
        )

    def _states_table(self, sensitivity: int) -> list[list[Value | None]]:
        states = self._states_at.get(sensitivity)
        if states is None:
            states = [
                self._states(group, sensitivity)
                for group in range(len(self.table.days))
            ]
            self._states_at[sensitivity] = states
        return states

    def timetable(self, sensitivity: Level) -> Timetable:
        """The weekly timetable at a sensitivity: merged rows per weekday."""
        level = resolve_sensitivity(sensitivity)
        group_states = [
            self._states(group, level) for group in range(len(self.table.days))
        ]
        return build_timetable(
            level,
            self.parameters.slot_minutes,
            self.parameters.weekday_groups,
            group_states,
        )

    def to_dict(self) -> dict[str, Any]:
        """The model as plain JSON-ready data, to store and load again."""
        return {
            "format": FORMAT,
            "zone": self.zone,
            "trained_at": self.trained_at,
            "known_from": self.known_from,
            "messages": self.messages,
            "parameters": self.parameters.to_dict(),
            **table_to_dict(self.table, self.parameters),
        }

    @classmethod
    def from_dict(cls, data: Any) -> "TimetableModel":
        """A model from the data `to_dict` wrote, checked before it is trusted."""
        fields = stored_fields(data)
        parameters = ModelParameters.from_dict(fields["parameters"])
        load_zone(fields["zone"])

        return cls(
            zone=fields["zone"],
            trained_at=fields["trained_at"],
            known_from=fields["known_from"],
            messages=fields["messages"],
            parameters=parameters,
            table=table_from_dict(data, parameters),
        )

    def _states(self, group: int, sensitivity: int) -> list[Value | None]:
        values = self.table.values
        per_value = [
            self.table.time_by_slot(group, index) for index in range(len(values))
        ]
        days = self.table.days_by_slot(group)
        min_days = self.parameters.min_days

        states: list[Value | None] = []
        for slot, times in enumerate(zip(*per_value, strict=True)):
            index = expected_index(times, days[slot], sensitivity, min_days)
            states.append(None if index is None else values[index])

        return states


def verdict(
    model: TimetableModel | None, ts: int, value: Value, sensitivity: Level
) -> bool | None:
    """A message's verdict, None while no model is trained yet."""
    if model is None:
        resolve_sensitivity(sensitivity)
        check_message(ts, value)
        return None

    return model.judge(ts, value, sensitivity)
