"""What the timetable model will learn from a routine, over many seeded draws."""

# A routine with random moments gives a different history on every draw, and a
# model trained on it may call a slot at the edge of a range determinate in one
# draw and unknown in the next. Training on many draws and counting, per weekday
# slot, how often each outcome came up tells a rule author what to expect before
# any lock sends a message.

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from harness.model import (
    WEEKDAYS,
    Level,
    ModelParameters,
    NotEnoughDataError,
    Timetable,
    Value,
    resolve_sensitivity,
    train,
)
from harness.model.timetable import clock, label
from harness.routines.errors import RoutineArgumentError
from harness.routines.routine import Routine
from harness.routines.stream import Seed, history
from harness.routines.wallclock import load_zone, start_of_day

Outcome = Value | None


@dataclass(frozen=True)
class PredictedRow:
    """Consecutive slots of a weekday whose outcomes came up equally often."""

    start_minute: int
    end_minute: int
    # Each outcome (a value, or None for unknown) with the number of draws that
    # gave it, the most frequent first.
    outcomes: tuple[tuple[Outcome, int], ...]
    draws: int

    @property
    def determinate(self) -> int:
        """In how many draws the slots were determinate, whatever their state."""
        return sum(count for state, count in self.outcomes if state is not None)

    @property
    def determinate_share(self) -> float:
        """The share of draws in which the slots were determinate, 0 to 1."""
        return self.determinate / self.draws

    @property
    def state(self) -> Outcome:
        """The state the slots most often had when determinate; None if never."""
        known = [state for state, _ in self.outcomes if state is not None]
        return known[0] if known else None

    @property
    def majority(self) -> Outcome:
        """The state in more than half of the draws, else None (unknown)."""
        state, count = self.outcomes[0]
        return state if 2 * count > self.draws else None

    @property
    def cells(self) -> tuple[str, str, str, str]:
        """The row as a table shows it: from, to, the majority state (or unknown),
        and how often each state was determinate: `("08:50", "08:55", "unknown",
        "2% locked")`."""
        shares = [
            f"{count / self.draws:.0%} {label(state)}"
            for state, count in self.outcomes
            if state is not None
        ]
        return (
            clock(self.start_minute),
            clock(self.end_minute),
            label(self.majority),
            ", ".join(shares) or "0%",
        )


@dataclass(frozen=True)
class PredictedDay:
    """One weekday's predicted rows, covering 00:00 to 24:00 without gaps."""

    weekday: str
    rows: tuple[PredictedRow, ...]

    @property
    def table(self) -> list[tuple[str, str, str, str]]:
        """The rows as cells: from, to, majority state, shares determinate."""
        return [row.cells for row in self.rows]


@dataclass(frozen=True)
class PredictedTimetable:
    """Per weekday slot: how often a model of the routine was determinate, and in
    which state, across seeded draws of the routine."""

    routine: str
    zone: str
    sensitivity: int
    draws: int
    days: int
    slot_minutes: int
    weekdays: tuple[PredictedDay, ...]

    def day(self, weekday: str) -> PredictedDay:
        """The rows of a weekday, named as `monday` to `sunday` (any case)."""
        return self.weekdays[WEEKDAYS.index(weekday.lower())]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, one list of rows per weekday."""
        return {
            "routine": self.routine,
            "zone": self.zone,
            "sensitivity": self.sensitivity,
            "draws": self.draws,
            "days": self.days,
            "slot_minutes": self.slot_minutes,
            "weekdays": [
                {
                    "weekday": day.weekday,
                    "rows": [
                        {
                            "from": clock(row.start_minute),
                            "to": clock(row.end_minute),
                            "outcomes": [
                                {"state": label(state), "draws": count}
                                for state, count in row.outcomes
                            ],
                        }
                        for row in day.rows
                    ],
                }
                for day in self.weekdays
            ],
        }

    def render(self) -> str:
        """A plain-text table: per weekday row, the state and how often it held."""
        header = ("weekday", "from", "to", "usually", "determinate in")
        lines = [
            (day.weekday.capitalize() if number == 0 else "", *row.cells)
            for day in self.weekdays
            for number, row in enumerate(day.rows)
        ]
        widths = [max(len(line[i]) for line in [header, *lines]) for i in range(5)]
        rule = tuple("-" * width for width in widths)
        title = (
            f"{self.routine}: predicted timetable at sensitivity {self.sensitivity}, "
            f"{self.draws} draws of {self.days} days"
        )
        body = [
            "  ".join(
                cell.ljust(width) for cell, width in zip(line, widths, strict=True)
            ).rstrip()
            for line in [header, rule, *lines]
        ]
        return "\n".join([title, *body])


def predict_timetable(
    routine: Routine,
    sensitivity: Level,
    draws: int = 100,
    seed: Seed = 0,
    days: int = 30,
    end_ms: int | None = None,
    parameters: ModelParameters | None = None,
) -> PredictedTimetable:
    """Train a model on `draws` seeded histories of `days` days before `end_ms`
    (default: the start of today in the routine's zone), and count per weekday
    slot how often each state came out at `sensitivity`."""
    level = resolve_sensitivity(sensitivity)
    if type(draws) is not int or draws < 1:
        raise RoutineArgumentError(
            f"draws {draws!r} is not a whole number of at least 1"
        )
    parameters = parameters or ModelParameters(window_days=days)
    if parameters.window_days != days:
        parameters = replace(parameters, window_days=days)
    end = _today(routine) if end_ms is None else end_ms

    tally = [
        [Counter[Outcome]() for _ in range(parameters.slots_per_day)] for _ in WEEKDAYS
    ]
    for draw in range(draws):
        messages = history(routine, days, end, f"{seed}:draw:{draw}")
        try:
            model = train(messages, end, routine.zone, parameters)
        except NotEnoughDataError:
            # No model, no verdicts: every slot of this draw stays unknown.
            _count_unknown(tally)
            continue
        _count(model.timetable(level), parameters.slot_minutes, tally)

    weekdays = tuple(
        PredictedDay(name, _rows(tally[number], parameters.slot_minutes, draws))
        for number, name in enumerate(WEEKDAYS)
    )
    return PredictedTimetable(
        routine=routine.name,
        zone=routine.zone,
        sensitivity=level,
        draws=draws,
        days=days,
        slot_minutes=parameters.slot_minutes,
        weekdays=weekdays,
    )


def _today(routine: Routine) -> int:
    zone = load_zone(routine.zone)
    return start_of_day(datetime.now(zone).date(), zone)


def _count(
    timetable: Timetable, slot_minutes: int, tally: list[list[Counter[Outcome]]]
) -> None:
    for number, day in enumerate(timetable.weekdays):
        for row in day.rows:
            for slot in range(
                row.start_minute // slot_minutes, row.end_minute // slot_minutes
            ):
                tally[number][slot][row.state] += 1


def _count_unknown(tally: list[list[Counter[Outcome]]]) -> None:
    for day in tally:
        for slot in day:
            slot[None] += 1


def _rows(
    slots: Sequence[Counter[Outcome]], slot_minutes: int, draws: int
) -> tuple[PredictedRow, ...]:
    outcomes = [_ranked(counter) for counter in slots]
    rows: list[PredictedRow] = []
    start = 0
    for slot in range(1, len(slots) + 1):
        if slot < len(slots) and outcomes[slot] == outcomes[start]:
            continue
        rows.append(
            PredictedRow(
                start * slot_minutes, slot * slot_minutes, outcomes[start], draws
            )
        )
        start = slot

    return tuple(rows)


def _ranked(counter: Counter[Outcome]) -> tuple[tuple[Outcome, int], ...]:
    # Most frequent first; ties in the order of the labels, so that the result
    # never depends on the order the draws came in.
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], label(item[0]))))
