"""Then steps on what a lock's model learned: its timetable and its expectations."""

from typing import Any

from pytest_bdd import then

from harness.steps.errors import StepError
from harness.steps.explain import describe_output
from harness.steps.moments import WEEKDAYS, describe, resolve
from harness.steps.phrases import Phrase
from harness.steps.rules import confidence, wait_until_trained
from harness.steps.world import Lock, World

DAY_SETS = {
    "weekdays": WEEKDAYS[:5],
    "weekends": WEEKDAYS[5:],
    "the weekend": WEEKDAYS[5:],
    **{f"{day}s": (day,) for day in WEEKDAYS},
    **{day: (day,) for day in WEEKDAYS},
}


@then(Phrase('on {days} "{lock}" has learned at {level} confidence:'))
def has_learned(
    world: World, days: str, lock: str, level: str, datatable: list[list[str]]
) -> None:
    """The learned timetable of those days, as rows of from, to and state."""
    wanted = [tuple(cell.strip() for cell in row) for row in datatable[1:]]
    heading = [cell.strip().lower() for cell in datatable[0]]
    if heading != ["from", "to", "state"]:
        raise StepError(
            f"the timetable's columns are {heading}; write | from | to | state |"
        )
    table = world.user.models.timetable(
        model_of(world, world.lock(lock)), confidence(level)
    )

    wrong = []
    for day in _days(days):
        learned = _rows(table, day)
        if learned != wanted:
            wrong.append(f"{day.capitalize()}:\n{_table(learned)}")
    if wrong:
        raise AssertionError(
            f"expected on {days}, at {level} confidence:\n{_table(wanted)}\n"
            "observed:\n" + "\n".join(wrong)
        )


@then(Phrase('at {level} confidence "{lock}" is expected to be "{value}" {moment}'))
def is_expected(world: World, level: str, lock: str, value: str, moment: str) -> None:
    """The value a lock's model expects at a moment; "unknown" if it cannot tell."""
    watched = world.lock(lock)
    ts = resolve(moment, world.now_ms, watched.zone)
    ts = world.now_ms if ts is None else ts
    sensitivity = confidence(level)
    model_id = model_of(world, watched)

    output = world.user.models.predict(model_id, [{"ts": ts}], sensitivity)["outputs"][
        0
    ]
    observed = output.get("expected") or "unknown"
    if observed != value:
        raise AssertionError(
            f"expected: {lock!r} is {value!r} on {describe(ts, watched.zone)}\n"
            f"observed: the model expects {observed!r}\n"
            f"{describe_output(output, f'{lock} model', sensitivity)}"
        )


def model_of(world: World, lock: Lock) -> str:
    """The model of the lock's latest rule, or a model of its own, trained."""
    try:
        model_id = world.rule_on(lock.name).model_id
    except StepError:
        model_id = None
    if model_id is None:
        if lock.name not in world.models:
            made = world.user.models.create(
                "anomalyDetection", [{"sdid": lock.did, "field": "state"}]
            )
            world.models[lock.name] = str(made["id"])
        model_id = world.models[lock.name]
    wait_until_trained(world, model_id)
    return model_id


def _days(days: str) -> tuple[str, ...]:
    key = days.strip().lower()
    if key not in DAY_SETS:
        raise StepError(
            f"{days!r} names no days; write weekdays, weekends, or a day such as "
            "Tuesday or Tuesdays"
        )
    return DAY_SETS[key]


def _rows(table: dict[str, Any], day: str) -> list[tuple[str, ...]]:
    for weekday in table["weekdays"]:
        if weekday["weekday"] == day:
            return [(row["from"], row["to"], row["state"]) for row in weekday["rows"]]
    raise AssertionError(f"the timetable has no {day}: {table}")


def _table(rows: list[tuple[str, ...]]) -> str:
    return "\n".join(f"  | {' | '.join(row)} |" for row in rows) or "  (no rows)"
