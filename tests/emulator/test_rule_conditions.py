"""Conditions: which messages make a rule fire, and how often."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import SAMPLE_ALARM, Api, Lock, make_device
from tests.emulator.rule_steps import (
    create_rule,
    executions,
    lock_of,
    mail,
    rule,
    rules_fired,
    send,
    thermometer,
    wait_for_executions,
    when,
)

READINGS = (19.5, 20.0, 20.5)


def fired_on(
    api: Api, admin: Api, rule_id: str, sdid: str, messages: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Post each message's data in turn; answer those the rule fired on, in order."""
    fired = []
    for data in messages:
        before = rules_fired(admin)
        mid = send(api, sdid, **data)
        if rules_fired(admin) > before:
            fired.append((mid, data))

    recorded = wait_for_executions(api, rule_id, len(fired))
    assert recorded["count"] == len(fired)
    assert [e["mid"] for e in reversed(recorded["executions"])] == [
        mid for mid, _ in fired
    ]
    return [data for _, data in fired]


@pytest.mark.parametrize(
    "operator, fires_on",
    [
        ("=", [20.0]),
        ("!=", [19.5, 20.5]),
        ("<", [19.5]),
        ("<=", [19.5, 20.0]),
        (">", [20.5]),
        (">=", [20.0, 20.5]),
    ],
    ids=["equal", "not-equal", "less", "at-most", "greater", "at-least"],
)
def test_each_operator_compares_a_number_with_the_operand(
    api: Api, admin: Api, operator: str, fires_on: list[float]
) -> None:
    thermo = thermometer(api, admin)
    created = create_rule(
        api,
        rule(
            "temperature", when(thermo.id, "temperature", operator, 20), [mail("a@b")]
        ),
    )

    fired = fired_on(
        api, admin, created["id"], thermo.id, [{"temperature": t} for t in READINGS]
    )

    assert [data["temperature"] for data in fired] == fires_on


def between(low: float, high: float) -> Callable[[str], Any]:
    return lambda sdid: {
        "and": [
            when(sdid, "temperature", ">", low),
            when(sdid, "temperature", "<", high),
        ]
    }


def outside(low: float, high: float) -> Callable[[str], Any]:
    return lambda sdid: {
        "or": [
            when(sdid, "temperature", "<", low),
            when(sdid, "temperature", ">", high),
        ]
    }


@pytest.mark.parametrize(
    "condition, fires_on",
    [
        (between(18, 22), [20]),
        (outside(0, 30), [-5, 35]),
        (
            lambda sdid: {
                "or": [between(18, 22)(sdid), when(sdid, "temperature", "=", 35)]
            },
            [20, 35],
        ),
        (
            lambda sdid: {
                "and": [
                    outside(0, 30)(sdid),
                    {"or": [when(sdid, "temperature", "<", 0)]},
                ]
            },
            [-5],
        ),
    ],
    ids=["and", "or", "and-inside-or", "or-inside-and"],
)
def test_and_or_and_their_nesting_combine_comparisons(
    api: Api,
    admin: Api,
    condition: Callable[[str], Any],
    fires_on: list[float],
) -> None:
    thermo = thermometer(api, admin)
    created = create_rule(api, rule("combined", condition(thermo.id), [mail("a@b")]))

    fired = fired_on(
        api,
        admin,
        created["id"],
        thermo.id,
        [{"temperature": t} for t in (-5, 15, 20, 25, 35)],
    )

    assert [data["temperature"] for data in fired] == fires_on


def test_a_plain_value_rule_fires_on_that_value_only(
    api: Api, admin: Api, lock: Lock
) -> None:
    created = create_rule(
        api, rule("opened", when(lock.id, "state", "=", "unlocked"), [mail("a@b")])
    )
    states = ["locked", "unlocked", "locked", "unlocked", "unlocked"]

    fired = fired_on(api, admin, created["id"], lock.id, [{"state": s} for s in states])

    assert fired == [{"state": "unlocked"}] * 3


def test_a_boolean_field_compares_with_true_or_false(api: Api, admin: Api) -> None:
    alarm = make_device(api, SAMPLE_ALARM, "siren")
    created = create_rule(
        api, rule("ringing", when(alarm.id, "on", "!=", False), [mail("a@b")])
    )

    fired = fired_on(
        api, admin, created["id"], alarm.id, [{"on": v} for v in (False, True, False)]
    )

    assert fired == [{"on": True}]


def test_a_rule_on_two_devices_fires_when_both_hold(
    api: Api, admin: Api, lock: Lock
) -> None:
    back = lock_of(api, "back door")
    both_open = {
        "and": [
            when(lock.id, "state", "=", "unlocked"),
            when(back.id, "state", "=", "unlocked"),
        ]
    }
    created = create_rule(api, rule("both open", both_open, [mail("a@b")]))
    steps = [
        (lock, "unlocked", False),  # the back door has said nothing yet
        (back, "unlocked", True),
        (lock, "locked", False),
        (back, "locked", False),
        (back, "unlocked", False),
        (lock, "unlocked", True),
    ]

    outcomes = []
    for device, state, _ in steps:
        before = rules_fired(admin)
        send(api, device.id, state=state)
        outcomes.append(rules_fired(admin) - before == 1)

    assert outcomes == [fires for _, _, fires in steps]
    assert wait_for_executions(api, created["id"], 2)["count"] == 2


def test_a_rule_fires_at_most_once_per_message(
    api: Api, admin: Api, lock: Lock
) -> None:
    twice_true = {
        "or": [
            when(lock.id, "state", "=", "unlocked"),
            when(lock.id, "state", "!=", "locked"),
            {"and": [when(lock.id, "state", "=", "unlocked")]},
        ]
    }
    created = create_rule(api, rule("opened", twice_true, [mail("a@b")]))

    before = rules_fired(admin)
    mid = send(api, lock.id, state="unlocked")
    after = rules_fired(admin)

    recorded = wait_for_executions(api, created["id"], 1)
    assert after - before == 1
    assert [e["mid"] for e in recorded["executions"]] == [mid]


def test_a_disabled_rule_never_fires_until_it_is_enabled(
    api: Api, admin: Api, lock: Lock
) -> None:
    body = rule("opened", when(lock.id, "state", "=", "unlocked"), [mail("a@b")])
    created = create_rule(api, body | {"enabled": False})

    before = rules_fired(admin)
    send(api, lock.id, state="unlocked")
    while_disabled = rules_fired(admin) - before
    api.put(f"/rules/{created['id']}", json={"enabled": True}).raise_for_status()
    enabled_mid = send(api, lock.id, state="unlocked")
    api.put(f"/rules/{created['id']}", json={"enabled": False}).raise_for_status()
    send(api, lock.id, state="unlocked")

    assert while_disabled == 0
    assert rules_fired(admin) - before == 1
    recorded = wait_for_executions(api, created["id"], 1)
    assert [e["mid"] for e in recorded["executions"]] == [enabled_mid]


def test_a_message_of_another_device_or_field_never_fires(
    api: Api, admin: Api, lock: Lock
) -> None:
    created = create_rule(
        api, rule("opened", when(lock.id, "state", "=", "unlocked"), [mail("a@b")])
    )
    other = lock_of(api, "garage")

    before = rules_fired(admin)
    send(api, other.id, state="unlocked")
    api.post(
        "/actions",
        json={"ddid": lock.id, "data": {"actions": [{"name": "unlock"}]}},
    ).raise_for_status()

    assert rules_fired(admin) == before
    assert executions(api, created["id"])["count"] == 0
