"""Malformed rules are refused with a 400 naming the problem, and nothing is made."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from harness.emulator.launcher import EmulatorInfo
from tests.conftest import SAMPLE_ALARM, Api, Lock, make_device
from tests.emulator.rule_steps import (
    alert,
    anomalous,
    create_rule,
    lock_of,
    mail,
    new_user,
    rule,
    thermometer,
    uid_of,
    when,
)

NOBODY = "0" * 32
LEFT_OUT = object()


@dataclass(frozen=True)
class Devices:
    """A user's lock, alarm and thermometer, and a lock of another user."""

    lock: Lock
    alarm: Lock
    thermometer: Lock
    strangers_lock: Lock


@pytest.fixture(scope="module")
def user(emulator: EmulatorInfo) -> Iterator[Api]:
    with new_user(emulator) as session:
        yield session


@pytest.fixture(scope="module")
def devices(emulator: EmulatorInfo, user: Api) -> Devices:
    with Api(emulator.emulator_url or "", None) as admin, new_user(emulator) as other:
        return Devices(
            lock_of(user),
            make_device(user, SAMPLE_ALARM, "alarm"),
            thermometer(user, admin),
            lock_of(other, "someone else's door"),
        )


def on_state(
    operator: str = "=", value: Any = "unlocked", **extra: Any
) -> Callable[[Devices], Any]:
    return lambda d: when(d.lock.id, "state", operator, value, **extra)


def anomaly(**parameters: Any) -> Callable[[Devices], Any]:
    transformer = {"type": "anomalyDetection", "parameters": parameters}
    return lambda d: when(d.lock.id, "state", "=", True, transformer=transformer)


def prediction(**parameters: Any) -> Callable[[Devices], Any]:
    transformer = {"type": "prediction", "parameters": parameters}
    return lambda d: when(d.lock.id, "state", "=", "locked", transformer=transformer)


def mailing(**parameters: Any) -> Callable[[Devices], Any]:
    return lambda d: [{"action": "sendEmail", "parameters": parameters}]


def requesting(**parameters: Any) -> Callable[[Devices], Any]:
    return lambda d: [{"action": "sendHttpRequest", "parameters": parameters}]


CONDITIONS = [
    ("unknown-device", lambda d: when(NOBODY, "state", "=", "locked"), "not exist"),
    (
        "another-users-device",
        lambda d: when(d.strangers_lock.id, "state", "=", "locked"),
        "is not this user's",
    ),
    (
        "unknown-field",
        lambda d: when(d.lock.id, "door", "=", "locked"),
        "'door' is not a field of device",
    ),
    ("bad-operator", on_state("~"), "operator '~' is not one of '='"),
    ("order-on-text", on_state("<"), "a String field takes '=' or '!='"),
    ("value-not-allowed", on_state("=", "ajar"), "allowed: 'locked', 'unlocked'"),
    ("no-operand", lambda d: {**on_state()(d), "operand": "x"}, "must be {'value'"),
    (
        "number-for-number",
        lambda d: when(d.thermometer.id, "temperature", ">", "warm"),
        "must be a number for a Double field",
    ),
    (
        "empty-and",
        lambda d: {"and": []},
        "if.and must be a non-empty list of conditions",
    ),
    (
        "and-with-or",
        lambda d: {"and": [on_state()(d)], "or": [on_state()(d)]},
        "holds 'and' or 'or' alone",
    ),
    (
        "nested-bad-leaf",
        lambda d: {"or": [on_state()(d), {"and": [on_state("=", "ajar")(d)]}]},
        "if.or[1].and[0].operand.value 'ajar'",
    ),
    ("sensitivity-above", anomaly(anomalyDetectionSensitivity=101), "101"),
    ("sensitivity-below", anomaly(anomalyDetectionSensitivity=-1), "-1"),
    ("sensitivity-text", anomaly(anomalyDetectionSensitivity="high"), "'high'"),
    (
        "sensitivity-misspelt",
        anomaly(anomalyDetectionSensitivty=10),
        "'anomalyDetectionSensitivty'",
    ),
    (
        "anomaly-on-numbers",
        lambda d: {**anomalous(d.thermometer.id), "field": "temperature"},
        "field 'temperature' holds Double values",
    ),
    (
        "anomaly-operand-text",
        lambda d: {**anomalous(d.lock.id), "operand": {"value": "yes"}},
        "true (anomalous) or false (expected)",
    ),
    (
        "anomaly-ordered",
        lambda d: {**anomalous(d.lock.id), "operator": ">"},
        "with '=' or '!='",
    ),
    ("predict-too-far", prediction(predictIn=8 * 86_400), "predictIn 691200"),
    ("predict-missing", prediction(), "predictIn None"),
    ("predict-sensitivity", prediction(predictIn=60, sensitivity=500), "500"),
    (
        "unknown-transformer",
        lambda d: {**on_state()(d), "transformer": {"type": "smoothing"}},
        "transformer.type must be one of",
    ),
]

ACTIONS = [
    ("no-actions", lambda d: [], "then must be a non-empty list"),
    (
        "unknown-action",
        lambda d: [{"action": "dance", "parameters": {}}],
        "'dance' needs a 'ddid'",
    ),
    (
        "not-the-devices-action",
        lambda d: [{"ddid": d.alarm.id, "action": "explode"}],
        "'explode' is not an action of device",
    ),
    (
        "another-users-device",
        lambda d: [{"ddid": d.strangers_lock.id, "action": "lock"}],
        "is not this user's",
    ),
    (
        "unknown-placeholder",
        lambda d: [alert(d.alarm.id, message="{{colour}} door")],
        "names the placeholder {{colour}}",
    ),
    (
        "placeholder-in-a-mail",
        mailing(to="me@home.test", body="{{rule.owner}}"),
        "{{rule.owner}}",
    ),
    (
        "parameter-of-wrong-class",
        lambda d: [alert(d.alarm.id, message=5)],
        "parameter 'message' takes String values, not 5",
    ),
    ("mail-without-recipient", mailing(subject="hi"), "missing then[0].parameters.to"),
    ("mail-to-nowhere", mailing(to="nowhere"), "'nowhere' is not a mail address"),
    ("request-to-ftp", requesting(url="ftp://example.test/"), "http(s) URL"),
    (
        "request-method",
        requesting(url="http://example.test/", method="BREW"),
        "'BREW' is not one of",
    ),
    (
        "request-headers",
        requesting(url="http://example.test/", headers={"X-Count": 5}),
        "headers must map names to strings",
    ),
]


def refused(api: Api, uid: str, body: dict[str, Any], fragment: str) -> dict[str, Any]:
    """Post a rule that must be refused; answer the error after checking the rest."""
    before = api.get(f"/users/{uid}/rules").json()["total"]

    answer = api.post("/rules", json=body)

    assert answer.status_code == 400, answer.text
    error = dict(answer.json()["error"])
    assert fragment in error["message"], f"{fragment!r} not in {error['message']!r}"
    assert api.get(f"/users/{uid}/rules").json()["total"] == before
    return error


@pytest.mark.parametrize(
    "condition, fragment",
    [case[1:] for case in CONDITIONS],
    ids=[case[0] for case in CONDITIONS],
)
def test_a_malformed_condition_is_refused_by_name(
    user: Api,
    devices: Devices,
    condition: Callable[[Devices], Any],
    fragment: str,
) -> None:
    body = rule("refused", condition(devices), [mail("me@home.test")])

    refused(user, devices.lock.uid, body, fragment)


@pytest.mark.parametrize(
    "then, fragment",
    [case[1:] for case in ACTIONS],
    ids=[case[0] for case in ACTIONS],
)
def test_a_malformed_action_is_refused_by_name(
    user: Api, devices: Devices, then: Callable[[Devices], Any], fragment: str
) -> None:
    body = rule("refused", on_state()(devices), then(devices))

    refused(user, devices.lock.uid, body, fragment)


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"name": LEFT_OUT}, "a rule needs a 'name'"),
        ({"name": "  "}, "a rule needs a 'name'"),
        ({"name": "x" * 257}, "at most 256"),
        ({"enabled": "yes"}, "'enabled' must be true or false"),
        ({"scope": "everywhere"}, "'scope' 'everywhere' is not one of"),
        ({"owner": "me"}, "unknown key 'owner' in a rule"),
        ({"rule": {"if": {}, "then": [], "else": []}}, "exactly 'if' and 'then'"),
    ],
    ids=["no-name", "blank-name", "long-name", "enabled", "scope", "key", "else"],
)
def test_a_malformed_rule_is_refused_by_name(
    user: Api, devices: Devices, body: dict[str, Any], fragment: str
) -> None:
    valid = rule("refused", on_state()(devices), [mail("me@home.test")])
    changed = {
        key: value for key, value in (valid | body).items() if value is not LEFT_OUT
    }

    refused(user, devices.lock.uid, changed, fragment)


def test_a_refused_change_leaves_the_rule_as_it_was(
    user: Api, devices: Devices
) -> None:
    created = create_rule(user, rule("kept", on_state()(devices), [mail("a@b.c")]))

    answer = user.put(
        f"/rules/{created['id']}",
        json={"name": "renamed", "rule": {"if": on_state("<")(devices), "then": []}},
    )

    assert answer.status_code == 400
    assert user.get(f"/rules/{created['id']}").json()["data"] == created


def test_a_rule_that_would_pass_the_model_limit_is_refused(
    emulator: EmulatorInfo,
) -> None:
    with new_user(emulator) as user:
        uid, door = uid_of(user), lock_of(user)
        ten = [anomalous(door.id, sensitivity) for sensitivity in range(10, 110, 10)]
        created = create_rule(user, rule("ten models", {"or": ten}, [mail("a@b.c")]))

        error = refused(
            user, uid, rule("one more", anomalous(door.id), [mail("a@b.c")]), "at most"
        )
        # A new body may bring as many models as the rule gives up.
        replaced = user.put(
            f"/rules/{created['id']}",
            json={"rule": {"if": {"and": ten[::-1]}, "then": [mail("a@b.c")]}},
        )
        eleven = {"or": [*ten, anomalous(door.id, 5)]}
        too_many = user.put(
            f"/rules/{created['id']}",
            json={"rule": {"if": eleven, "then": [mail("a@b.c")]}},
        )

    assert "10 ML models" in error["message"]
    assert replaced.status_code == 200, replaced.text
    assert (
        len(set(replaced.json()["data"]["modelIds"]) - set(created["modelIds"])) == 10
    )
    assert too_many.status_code == 400
    assert "at most 10 ML models" in too_many.json()["error"]["message"]
