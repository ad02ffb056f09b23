"""The model's side of a verdict, for the messages of failing Then steps."""

from typing import Any

from harness.client import ClientError
from harness.steps.errors import StepError
from harness.steps.moments import describe
from harness.steps.world import Event, World

SENSITIVITY_NAMES = {
    10: "High confidence",
    50: "Medium confidence",
    90: "Low confidence",
}


def event_text(world: World, event: Event) -> str:
    """ "front door" reporting "unlocked" on Tuesday 2026-11-24 03:00 CET."""
    zone = world.lock(event.lock).zone
    return f"{event.lock!r} reporting {event.value!r} on {describe(event.ts, zone)}"


def model_context(world: World, event: Event) -> str:
    """What the lock's model made of an event: its slot, expectation and certainty."""
    try:
        rule = world.rule_on(event.lock)
    except StepError:
        return "no rule with a model watches this lock"
    assert rule.model_id is not None
    sensitivity = rule.sensitivity if rule.sensitivity is not None else 10

    try:
        answer = world.user.models.predict(
            rule.model_id, [{"ts": event.ts, "value": event.value}], sensitivity
        )
    except ClientError as error:
        return f"the model could not be asked about it: {error}"
    return describe_output(answer["outputs"][0], rule.name, sensitivity)


def describe_output(output: dict[str, Any], rule: str, sensitivity: int) -> str:
    """One prediction output in words."""
    level = SENSITIVITY_NAMES.get(sensitivity, f"sensitivity {sensitivity}")
    verdict = {True: "anomalous", False: "expected", None: "not judged (unknown)"}[
        output.get("verdict")
    ]
    expected = output.get("expected")
    lines = [
        f"the model of rule {rule!r} at {level}: the event is {verdict}; "
        + (f"it expects {expected!r} there" if expected else "it expects nothing there")
    ]
    slot = output.get("slot")
    if slot:
        shares = ", ".join(
            f"{share['value']} {share['share']:.0%}" for share in slot["shares"]
        )
        lines.append(
            f"slot {slot['group']} {slot['from']}-{slot['to']}: {shares or 'no data'} "
            f"over {slot['days']} days; a value needs {slot['threshold']:.0%} "
            f"and {slot['minDays']} days to be expected"
        )
    return "\n".join(lines)
