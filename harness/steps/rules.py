"""Steps that make and manage rules: anomaly, prediction and plain value rules."""

import json
import logging
from typing import Any

from pytest_bdd import given, when

from harness.client import ApiError
from harness.client.rulebodies import anomaly_condition, device_action
from harness.steps.errors import StepError
from harness.steps.hooks import WebHook
from harness.steps.phrases import Phrase
from harness.steps.waiting import poll
from harness.steps.world import Alarm, Rule, World

logger = logging.getLogger(__name__)

CONFIDENCE = {"high": 10, "medium": 50, "low": 90}
# The sensitivity a prediction uses when its rule names none (Medium confidence).
PREDICTION_SENSITIVITY = 50


@given(Phrase('an anomaly rule on "{lock}" at {level} confidence alerting "{alarm}"'))
def anomaly_rule_alerting(world: World, lock: str, level: str, alarm: str) -> None:
    """A rule that sends `alarm` an alert when the lock breaks its timetable."""
    sensitivity = confidence(level)
    add_anomaly_rule(world, lock, sensitivity, [alert(world.alarm(alarm))])


@given(
    Phrase('an anomaly rule on "{lock}" at sensitivity {level:d} alerting "{alarm}"')
)
def anomaly_rule_at_sensitivity(
    world: World, lock: str, level: int, alarm: str
) -> None:
    """The same at a sensitivity from 0 (fewest alerts) to 100 (most)."""
    if not 0 <= level <= 100:
        raise StepError(f"sensitivity {level} is out of range; write 0 to 100")
    add_anomaly_rule(world, lock, level, [alert(world.alarm(alarm))])


@given(Phrase('an anomaly rule on "{lock}" at {level} confidence mailing "{to}"'))
def anomaly_rule_mailing(world: World, lock: str, level: str, to: str) -> None:
    """A rule that mails `to` when the lock breaks its timetable (tag it @mail)."""
    subject = f"{lock} did something unusual"
    body = "{{value}} at {{ts}}, when the model expected {{expected}}"
    mail = {
        "action": "sendEmail",
        "parameters": {"to": to, "subject": subject, "body": body},
    }
    add_anomaly_rule(world, lock, confidence(level), [mail])


@given(
    Phrase(
        'an anomaly rule on "{lock}" at {level} confidence '
        'calling the web hook "{hook}"'
    )
)
def anomaly_rule_calling(world: World, lock: str, level: str, hook: str) -> None:
    """A rule that makes an HTTP request to a web hook the scenario listens on."""
    listener = world.hooks.setdefault(hook, WebHook(hook))
    request = {
        "action": "sendHttpRequest",
        "parameters": {
            "url": listener.url,
            "method": "POST",
            "headers": {"Content-Type": "application/json"},
            "body": '{"lock": "{{sdid}}", "value": "{{value}}", "mid": "{{mid}}"}',
        },
    }
    add_anomaly_rule(world, lock, confidence(level), [request])


@given(
    Phrase(
        'a prediction rule on "{lock}" alerting "{alarm}" when it is expected to be '
        '"{value}" in {minutes:d} minutes'
    )
)
def prediction_rule(
    world: World, lock: str, alarm: str, value: str, minutes: int
) -> None:
    """A rule that alerts when the model expects a value some minutes on."""
    transformer = {"type": "prediction", "parameters": {"predictIn": minutes * 60}}
    condition = state_is(world, lock, value, transformer)
    name = f"{lock} expected {value} in {minutes} minutes"
    then = [alert(world.alarm(alarm))]
    create_rule(world, name, lock, condition, then, PREDICTION_SENSITIVITY)


@given(Phrase('a rule "{name}" alerting "{alarm}" when "{lock}" reports "{value}"'))
def value_rule(world: World, name: str, alarm: str, lock: str, value: str) -> None:
    """A plain rule: alert whenever the lock reports a value."""
    condition = state_is(world, lock, value)
    create_rule(world, name, lock, condition, [alert(world.alarm(alarm))], None)


@when(Phrase('a rule "{name}" is created with this body:'))
def rule_with_body(world: World, name: str, docstring: str) -> None:
    """Send a rule written as JSON; `{lock}` placeholders become device IDs."""
    text = docstring
    for lock in world.locks.values():
        text = text.replace("{" + lock.name + "}", lock.did)
    for alarm in world.alarms.values():
        text = text.replace("{" + alarm.name + "}", alarm.did)
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise StepError(f"the rule's body is not JSON: {error}") from None

    try:
        made = world.user.rules.create(name, body)
    except ApiError as error:
        world.refuse("rule", error)
        return
    world.rules[name] = Rule(name, str(made["id"]), "")


@when(Phrase('the rule "{name}" is disabled'))
def rule_disabled(world: World, name: str) -> None:
    """Switch a rule off: it keeps its model but judges nothing."""
    world.user.rules.update(world.rule(name).id, {"enabled": False})


@when(Phrase('the rule "{name}" is enabled'))
def rule_enabled(world: World, name: str) -> None:
    """Switch a rule back on."""
    world.user.rules.update(world.rule(name).id, {"enabled": True})


@when(Phrase('the rule "{name}" is deleted'))
def rule_deleted(world: World, name: str) -> None:
    """Delete a rule and the models it owns."""
    world.user.rules.delete(world.rule(name).id)
    del world.rules[name]


def confidence(level: str) -> int:
    """The sensitivity of a confidence level: High, Medium or Low."""
    try:
        return CONFIDENCE[level.strip().lower()]
    except KeyError:
        raise StepError(
            f"{level!r} is not a confidence level; write High, Medium or Low, or use "
            "the step with a sensitivity from 0 to 100"
        ) from None


def alert(alarm: Alarm) -> dict[str, Any]:
    """The alarm's `alert` action, carrying what the steps match alerts by."""
    return device_action(
        alarm.did,
        "alert",
        message="{{value}} is unusual at this hour",
        mid="{{mid}}",
        rule="{{rule.name}}",
    )


def state_is(
    world: World, lock: str, value: Any, transformer: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A condition on a lock's state (or, with a transformer, on what it implies)."""
    condition = {
        "sdid": world.lock(lock).did,
        "field": "state",
        "operator": "=",
        "operand": {"value": value},
    }
    if transformer is not None:
        condition["transformer"] = transformer
    return condition


def add_anomaly_rule(
    world: World, lock: str, sensitivity: int, then: list[dict[str, Any]]
) -> Rule:
    """An anomaly rule on a lock, once its model has trained."""
    condition = anomaly_condition(world.lock(lock).did, sensitivity)
    name = f"{lock} anomaly"
    if name in world.rules:
        name = f"{name} {len(world.rules) + 1}"
    return create_rule(world, name, lock, condition, then, sensitivity)


def create_rule(
    world: World,
    name: str,
    lock: str,
    condition: dict[str, Any],
    then: list[dict[str, Any]],
    sensitivity: int | None,
) -> Rule:
    """Create a rule, fail with the server's message if refused, await its model."""
    try:
        made = world.user.rules.create(name, {"if": condition, "then": then})
    except ApiError as error:
        raise AssertionError(f"the server refused the rule {name!r}: {error}") from None

    rule = Rule(name, str(made["id"]), lock, sensitivity, made.get("modelId"))
    world.rules[name] = rule
    if rule.model_id is not None:
        wait_until_trained(world, rule.model_id)
    return rule


def wait_until_trained(world: World, model_id: str) -> dict[str, Any]:
    """A model once it is ready; fail with its status if it errs or takes too long."""
    deadline = world.target.training_deadline_s

    def settled() -> dict[str, Any] | None:
        model = world.user.models.get(model_id)
        return None if model["status"] == "training" else model

    model = poll(settled, deadline)
    if model is None:
        raise AssertionError(f"model {model_id} did not train within {deadline:g} s")
    if model["status"] != "ready":
        raise AssertionError(
            f"model {model_id} could not train: {model.get('error') or model['status']}"
        )
    return model
