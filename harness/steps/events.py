"""Steps in which locks report their state: at a moment, or a table of moments."""

from pytest_bdd import when

from harness.steps.errors import StepError
from harness.steps.moments import resolve
from harness.steps.phrases import Phrase
from harness.steps.world import World

VALUES = ("locked", "unlocked")


@when(Phrase('"{lock}" reports "{value}" {moment}'))
def lock_reports(world: World, lock: str, value: str, moment: str) -> None:
    """One message of a lock at a moment: now, on Tuesday at 03:00, 10 minutes ago."""
    reporting = world.lock(lock)
    world.fail_on_unchecked_refusal()
    ts = resolve(moment, world.now_ms, reporting.zone)
    world.report(reporting, value, ts)


@when(Phrase('"{lock}" reports these events:'))
def lock_reports_events(world: World, lock: str, datatable: list[list[str]]) -> None:
    """Several messages of a lock from a table with the columns state and moment."""
    reporting = world.lock(lock)
    heading = [cell.strip().lower() for cell in datatable[0]]
    if heading != ["state", "moment"]:
        raise StepError(
            f"the events' table has the columns {heading}; write | state | moment |, "
            "such as | unlocked | on Tuesday at 03:00 |"
        )
    for value, moment in datatable[1:]:
        world.fail_on_unchecked_refusal()
        world.report(
            reporting, value.strip(), resolve(moment, world.now_ms, reporting.zone)
        )
