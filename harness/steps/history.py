"""Steps that give locks a past: days of their routine, and the scenario's now."""

import logging
from datetime import date, datetime, time

from pytest_bdd import given

from harness.client import ApiError
from harness.routines import RoutineError, history
from harness.steps.errors import StepError
from harness.steps.moments import WEEKDAYS, local_ms
from harness.steps.phrases import Phrase
from harness.steps.world import Lock, World

logger = logging.getLogger(__name__)


@given(Phrase("{days:d} days of its history"))
def days_of_its_history(world: World, days: int) -> None:
    """The last named lock's routine over the days before now, seeded by default."""
    send_history(world, world.lock(), days, world.target.seed)


@given(Phrase("{days:d} days of its history, seeded {seed}"))
def days_of_its_history_seeded(world: World, days: int, seed: str) -> None:
    """The same, with a seed of its own: a word or a whole number."""
    send_history(world, world.lock(), days, seed)


@given(Phrase('{days:d} days of history for "{lock}"'))
def days_of_history_for(world: World, days: int, lock: str) -> None:
    """A named lock's routine over the days before now."""
    send_history(world, world.lock(lock), days, world.target.seed)


@given(Phrase("{days:d} days of history for every lock"))
def days_of_history_for_every_lock(world: World, days: int) -> None:
    """Each lock's own routine over the days before now, each seeded by its name."""
    if not world.locks:
        raise StepError("no locks yet: name them before their history")
    for lock in world.locks.values():
        send_history(world, lock, days, f"{world.target.seed}:{lock.name}")


@given(Phrase('it is {weekday} {day} at {clock} in "{zone}"'))
def it_is(world: World, weekday: str, day: str, clock: str, zone: str) -> None:
    """Set the emulator's clock (tag the scenario @clock): histories end here."""
    moment = _moment(weekday, day, clock, zone)
    if not world.target.owns_clock:
        raise StepError(
            "this step sets the emulator's clock, which a cloud target does not let "
            "us do: tag the scenario @clock so that cloud runs skip it"
        )

    with world.target.admin() as admin:
        admin.set_clock(moment)
    world.now_ms = moment


def send_history(world: World, lock: Lock, days: int, seed: str) -> None:
    """Post a lock's routine over `days` days before now; fail on any refusal."""
    if lock.routine is None:
        raise StepError(
            f"lock {lock.name!r} follows no routine, so it has no history to send: "
            f'make it with Given a lock "{lock.name}" following "office hours"'
        )
    try:
        events = history(lock.routine, days, world.now_ms, seed)
    except RoutineError as error:
        raise StepError(str(error)) from None

    logger.info("sending %d days (%d messages) of %r", days, len(events), lock.name)
    try:
        lock.device.send_many([(ts, {"state": value}) for ts, value in events])
    except ApiError as error:
        raise AssertionError(
            f"the server refused a message of {lock.name!r}'s history: {error}"
        ) from None


def _moment(weekday: str, day: str, clock: str, zone: str) -> int:
    try:
        on = date.fromisoformat(day)
        at = time.fromisoformat(clock)
    except ValueError:
        raise StepError(
            f"{weekday} {day} at {clock}: write the day as YYYY-MM-DD and the time "
            "as HH:MM, such as Tuesday 2026-11-10 at 00:00"
        ) from None

    named = weekday.strip().lower()
    if named != WEEKDAYS[on.weekday()]:
        raise StepError(
            f"{day} is a {WEEKDAYS[on.weekday()].capitalize()}, not a {weekday}; "
            "correct the weekday or the date"
        )
    moment = local_ms(on, at, zone)
    logger.info("clock set to %s", datetime.fromtimestamp(moment / 1000))
    return moment
