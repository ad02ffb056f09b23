"""A fleet of locks on a running emulator, with a routine's history and their rules.

The locks are spread over users of their own, since a user may have at most 10 ML
models and every lock's anomaly rule owns one. Each user also has an alarm, which
its locks' rules alert. Every lock is then given a routine's history up to the
emulator's now, posted through the API with its own device token, so that the
rules' models have something to learn.
"""

import logging
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from errors import BenchError
from ingest import call

from harness.routines import Routine, history

logger = logging.getLogger(__name__)

LOCK_TYPE = "Sample Virtual Lock"
ALARM_TYPE = "Sample Alarm"
# A user may have at most 10 ML models (docs/rules.md); each lock's rule owns one.
LOCKS_PER_OWNER = 10
BACKFILL_WORKERS = 16
TRAINING_POLL_S = 0.1
# High confidence: the fewest anomalies.
SENSITIVITY = 10


@dataclass(frozen=True)
class Owner:
    """A user of the fleet: its ID and token, and the alarm its locks' rules alert."""

    uid: str
    token: str
    alarm: str


@dataclass(frozen=True)
class Lock:
    """A lock of the fleet: its device ID and token, its owner, its routine's seed."""

    did: str
    token: str
    owner: Owner
    seed: str


@dataclass(frozen=True)
class ArmedRule:
    """An anomaly rule on one lock, and the ML model it owns."""

    id: str
    model_id: str
    lock: Lock


# Provisioning.


def provision(
    api_url: str, emulator_url: str, count: int, zone: str, seed: int
) -> list[Lock]:
    """`count` new locks in time zone `zone`, each with its device token, spread
    over new users of at most LOCKS_PER_OWNER locks each."""
    locks: list[Lock] = []
    while len(locks) < count:
        owner = add_owner(api_url, emulator_url, len(locks) // LOCKS_PER_OWNER + 1)
        for _ in range(min(LOCKS_PER_OWNER, count - len(locks))):
            number = len(locks) + 1
            locks.append(add_lock(api_url, owner, number, zone, f"{seed}:{number}"))

    owners = {lock.owner.uid for lock in locks}
    logger.info("%d locks over %d users", len(locks), len(owners))
    return locks


def add_owner(api_url: str, emulator_url: str, number: int) -> Owner:
    """A new user with its token and its alarm."""
    user = call("POST", f"{emulator_url}/users", body={"name": f"bench{number}"})
    token = user["data"]["accessToken"]
    alarm = create_device(api_url, token, ALARM_TYPE, f"bench alarm {number}")
    return Owner(user["data"]["id"], token, alarm)


def add_lock(api_url: str, owner: Owner, number: int, zone: str, seed: str) -> Lock:
    """A new lock of `owner` in time zone `zone`, with its device token."""
    name = f"bench lock {number}"
    did = create_device(api_url, owner.token, LOCK_TYPE, name, {"timezone": zone})
    token = call("PUT", f"{api_url}/devices/{did}/tokens", owner.token)
    return Lock(did, token["data"]["accessToken"], owner, seed)


def create_device(
    api_url: str,
    user_token: str,
    type_name: str,
    name: str,
    properties: dict[str, Any] | None = None,
) -> str:
    """A new device of the built-in type named `type_name`; its ID."""
    query = urllib.parse.quote(type_name)
    found = call("GET", f"{api_url}/devicetypes?name={query}", user_token)
    dtids = [
        device_type["id"]
        for device_type in found["data"]["deviceTypes"]
        if device_type["name"] == type_name
    ]
    if not dtids:
        raise BenchError(f"the emulator offers no device type named {type_name!r}")

    body = {"dtid": dtids[0], "name": name, "properties": properties or {}}
    device = call("POST", f"{api_url}/devices", user_token, body)
    did: str = device["data"]["id"]
    return did


def backfill(
    api_url: str, locks: list[Lock], routine: Routine, days: int, now_ms: int
) -> int:
    """Post each lock's `days` of `routine` before `now_ms`, drawn from the lock's
    seed, with its own token; how many messages were posted."""
    posts = [
        (lock, ts, value)
        for lock in locks
        for ts, value in history(routine, days, now_ms, lock.seed)
    ]

    def post(item: tuple[Lock, int, Any]) -> None:
        lock, ts, value = item
        body = {"sdid": lock.did, "ts": ts, "data": {routine.field: value}}
        call("POST", f"{api_url}/messages", lock.token, body)

    with ThreadPoolExecutor(BACKFILL_WORKERS) as pool:
        list(pool.map(post, posts))
    logger.info("backfilled %d messages of %s", len(posts), routine.name)
    return len(posts)


# The rules.


def arm(api_url: str, locks: list[Lock], field: str) -> list[ArmedRule]:
    """An anomaly rule on every lock: alert its owner's alarm on an anomalous
    `field` at High confidence."""
    rules = []
    for lock in locks:
        owner = lock.owner
        rule = call(
            "POST",
            f"{api_url}/rules?userId={owner.uid}",
            owner.token,
            anomaly_rule(lock, field),
        )
        rules.append(ArmedRule(rule["data"]["id"], rule["data"]["modelId"], lock))
    return rules


def anomaly_rule(lock: Lock, field: str) -> dict[str, Any]:
    """The rule's body, as docs/rules.md gives it."""
    return {
        "name": f"anomaly of {lock.did}",
        "rule": {
            "if": {
                "sdid": lock.did,
                "field": field,
                "operator": "=",
                "operand": {"value": True},
                "transformer": {
                    "type": "anomalyDetection",
                    "parameters": {"anomalyDetectionSensitivity": SENSITIVITY},
                },
            },
            "then": [
                {
                    "ddid": lock.owner.alarm,
                    "action": "alert",
                    "parameters": {"message": "{{value}} at {{ts}}", "mid": "{{mid}}"},
                }
            ],
        },
        "enabled": True,
    }


def wait_until_trained(api_url: str, rules: list[ArmedRule], deadline_s: float) -> None:
    """Wait until every rule's model is ready, for at most `deadline_s` seconds."""
    end = time.monotonic() + deadline_s
    waiting = untrained(api_url, rules)
    while waiting:
        if time.monotonic() > end:
            raise BenchError(
                f"{len(waiting)} of {len(rules)} models were still training after "
                f"{deadline_s:.0f} s; give a longer --training-deadline"
            )
        time.sleep(TRAINING_POLL_S)
        waiting = untrained(api_url, waiting)


def untrained(api_url: str, rules: list[ArmedRule]) -> list[ArmedRule]:
    """The rules whose model is still training; a model in error stops the run."""
    waiting = []
    for rule in rules:
        model = call(
            "GET", f"{api_url}/ml/models/{rule.model_id}", rule.lock.owner.token
        )["data"]
        if model["status"] == "error":
            raise BenchError(
                f"the model of lock {rule.lock.did} failed to train: {model['error']}"
            )
        if model["status"] != "ready":
            waiting.append(rule)
    return waiting


def expected_verdicts(
    api_url: str, rules: list[ArmedRule], ts: int, values: dict[str, Any]
) -> int:
    """How many models judge their lock's value in `values` at `ts` expected, at
    the rules' sensitivity: a rule on anomalies fires for none of those."""
    expected = 0
    for rule in rules:
        answer = call(
            "POST",
            f"{api_url}/ml/models/{rule.model_id}/predict",
            rule.lock.owner.token,
            {
                "inputs": [{"ts": ts, "value": values[rule.lock.did]}],
                "sensitivity": SENSITIVITY,
            },
        )
        if answer["data"]["outputs"][0]["verdict"] is False:
            expected += 1
    return expected


def disarm(api_url: str, rules: list[ArmedRule]) -> None:
    """Delete the rules, and with them their models and executions."""
    for rule in rules:
        call("DELETE", f"{api_url}/rules/{rule.id}", rule.lock.owner.token)
