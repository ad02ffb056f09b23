"""The timetable: per weekday, runs of slots merged into `(from, to, state)` rows."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from harness.model.history import Value
from harness.model.parameters import WEEKDAYS

UNKNOWN = "unknown"


def clock(minute: int) -> str:
    """Minutes since midnight as `HH:MM`, where the day's end reads `24:00`."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def label(state: Value | None) -> str:
    """A state as people read it: the value, `true`/`false`, or `unknown`."""
    if state is None:
        return UNKNOWN

    if isinstance(state, bool):
        return "true" if state else "false"

    return state


@dataclass(frozen=True)
class TimetableRow:
    """From one minute of the day to another, one state: a value or unknown (None)."""

    start_minute: int
    end_minute: int
    state: Value | None

    @property
    def cells(self) -> tuple[str, str, Value]:
        """The row as a table shows it: `("08:50", "09:05", "unknown")`."""
        state: Value = UNKNOWN if self.state is None else self.state
        return (clock(self.start_minute), clock(self.end_minute), state)


@dataclass(frozen=True)
class WeekdayTimetable:
    """One weekday's rows, covering 00:00 to 24:00 without gaps."""

    weekday: str
    rows: tuple[TimetableRow, ...]

    @property
    def table(self) -> list[tuple[str, str, Value]]:
        """The rows as cells, ready to compare with a table in a document."""
        return [row.cells for row in self.rows]


@dataclass(frozen=True)
class Timetable:
    """What a model expects, weekday by weekday, at one sensitivity."""

    sensitivity: int
    weekdays: tuple[WeekdayTimetable, ...]

    def day(self, weekday: str) -> WeekdayTimetable:
        """The rows of a weekday, named as `monday` to `sunday` (any case)."""
        return self.weekdays[WEEKDAYS.index(weekday.lower())]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: rows of `from`, `to` and `state` per weekday."""
        return {
            "sensitivity": self.sensitivity,
            "weekdays": [
                {
                    "weekday": day.weekday,
                    "rows": [
                        dict(zip(("from", "to", "state"), row.cells, strict=True))
                        for row in day.rows
                    ],
                }
                for day in self.weekdays
            ],
        }

    def render(self) -> str:
        """The timetable as a plain-text table for a terminal."""
        header = ("weekday", "from", "to", "state")
        lines = []
        for day in self.weekdays:
            for number, row in enumerate(day.rows):
                name = day.weekday.capitalize() if number == 0 else ""
                start, end, _ = row.cells
                lines.append((name, start, end, label(row.state)))

        widths = [max(len(line[i]) for line in [header, *lines]) for i in range(4)]
        rule = tuple("-" * width for width in widths)
        title = f"Timetable at sensitivity {self.sensitivity}"
        return "\n".join(
            [title, *(_row_text(line, widths) for line in [header, rule, *lines])]
        )


def build_timetable(
    sensitivity: int,
    slot_minutes: int,
    weekday_groups: Sequence[int],
    group_states: Sequence[Sequence[Value | None]],
) -> Timetable:
    """A timetable from each day group's per-slot states."""
    rows_of_group = [_merge(states, slot_minutes) for states in group_states]
    weekdays = tuple(
        WeekdayTimetable(name, rows_of_group[weekday_groups[number]])
        for number, name in enumerate(WEEKDAYS)
    )
    return Timetable(sensitivity, weekdays)


def _merge(
    states: Sequence[Value | None], slot_minutes: int
) -> tuple[TimetableRow, ...]:
    rows: list[TimetableRow] = []
    start = 0
    for slot in range(1, len(states) + 1):
        if slot < len(states) and states[slot] == states[start]:
            continue
        rows.append(
            TimetableRow(start * slot_minutes, slot * slot_minutes, states[start])
        )
        start = slot

    return tuple(rows)


def _row_text(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
    ).rstrip()
