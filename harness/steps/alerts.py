"""Then steps on what rules did: alerts on alarms, runs, mails and web hook calls."""

from typing import Any

from pytest_bdd import then

from harness.steps.errors import StepError
from harness.steps.explain import event_text, model_context
from harness.steps.phrases import Phrase
from harness.steps.waiting import poll
from harness.steps.world import Event, World


@then(Phrase('"{alarm}" gets an anomaly alert within {seconds:g} seconds'))
def gets_an_alert(world: World, alarm: str, seconds: float) -> None:
    """The last event raised an alert on the alarm before the deadline."""
    event = last_event(world)
    target = world.alarm(alarm)

    def alerted() -> dict[str, Any] | None:
        new = world.actions_of(target)[event.actions_before.get(alarm, 0) :]
        return next((action for action in new if _carries(action, event.mid)), None)

    if poll(alerted, seconds) is None:
        raise AssertionError(
            f"expected: {alarm!r} gets an alert within {seconds:g} s\n"
            f"observed: no alert for {event_text(world, event)}\n"
            f"{model_context(world, event)}"
        )


@then(Phrase('"{alarm}" gets no alert within {seconds:g} seconds'))
def gets_no_alert(world: World, alarm: str, seconds: float) -> None:
    """No action reached the alarm after the last event, up to the deadline."""
    event = last_event(world)
    target = world.alarm(alarm)

    def alerted() -> list[dict[str, Any]] | None:
        new = world.actions_of(target)[event.actions_before.get(alarm, 0) :]
        return new or None

    found = poll(alerted, seconds)
    if found is not None:
        raise AssertionError(
            f"expected: no alert on {alarm!r} within {seconds:g} s\n"
            f"observed: {len(found)} alert(s) after {event_text(world, event)}: "
            f"{_action_texts(found)}\n{model_context(world, event)}"
        )


@then(Phrase('"{alarm}" has got {count:d} alerts'))
def has_alerts(world: World, alarm: str, count: int) -> None:
    """How many actions the alarm has been sent in the whole scenario."""
    found = world.actions_of(world.alarm(alarm))
    if len(found) != count:
        raise AssertionError(
            f"expected: {count} alert(s) on {alarm!r}\n"
            f"observed: {len(found)}: {_action_texts(found)}"
        )


@then(Phrase('the rule "{name}" has run {count:d} times'))
def rule_has_run(world: World, name: str, count: int) -> None:
    """The rule's executions, as the server counts them, waited for up to 5 s."""
    rule = world.rule(name)

    def counted() -> int | None:
        done = int(world.user.rules.executions(rule.id)["count"])
        return done if done >= count else None

    found = poll(counted, 5.0)
    observed = int(world.user.rules.executions(rule.id)["count"])
    if found is None or observed != count:
        raise AssertionError(
            f"expected: rule {name!r} ran {count} time(s)\nobserved: {observed}"
        )


@then(
    Phrase(
        'a mail to "{to}" with the subject "{subject}" arrives '
        "within {seconds:g} seconds"
    )
)
def mail_arrives(world: World, to: str, subject: str, seconds: float) -> None:
    """A mail in the emulator's outbox (tag the scenario @mail)."""
    with world.target.admin() as admin:

        def arrived() -> dict[str, Any] | None:
            mails = admin.outbox()
            return next(
                (
                    mail
                    for mail in mails
                    if mail["to"] == to and mail["subject"] == subject
                ),
                None,
            )

        if poll(arrived, seconds) is None:
            seen = [(mail["to"], mail["subject"]) for mail in admin.outbox()]
            raise AssertionError(
                f"expected: a mail to {to!r} with the subject {subject!r} within "
                f"{seconds:g} s\nobserved: the outbox holds {seen or 'no mail'}"
            )


@then(Phrase('the web hook "{hook}" is called within {seconds:g} seconds'))
def hook_called(world: World, hook: str, seconds: float) -> None:
    """The web hook got a request carrying the last event's message ID."""
    event = last_event(world)
    if hook not in world.hooks:
        raise StepError(f"no rule calls a web hook named {hook!r}")
    listener = world.hooks[hook]

    def called() -> dict[str, Any] | None:
        return next(
            (
                call
                for call in listener.received()
                if isinstance(call["body"], dict)
                and call["body"].get("mid") == event.mid
            ),
            None,
        )

    if poll(called, seconds) is None:
        raise AssertionError(
            f"expected: the web hook {hook!r} is called within {seconds:g} s\n"
            f"observed: calls {listener.received() or 'none'} after "
            f"{event_text(world, event)}\n{model_context(world, event)}"
        )


def last_event(world: World) -> Event:
    """The event the scenario sent last; a clear error if there was none."""
    world.fail_on_unchecked_refusal()
    if world.last_event is None:
        raise StepError(
            'no event yet: a Then on alerts follows a step such as When "front door" '
            'reports "unlocked" on Tuesday at 03:00'
        )
    return world.last_event


def _carries(action: dict[str, Any], mid: str) -> bool:
    for item in action.get("data", {}).get("actions", []):
        if item.get("parameters", {}).get("mid") == mid:
            return True
    return False


def _action_texts(actions: list[dict[str, Any]]) -> str:
    texts = [
        f"{item.get('name')} {item.get('parameters', {}).get('message', '')}".strip()
        for action in actions
        for item in action.get("data", {}).get("actions", [])
    ]
    return "; ".join(texts) or "none"
