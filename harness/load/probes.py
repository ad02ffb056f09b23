"""Probe locks: locks with a trained anomaly rule that alerts an alarm of their own.

The process that owns a run makes them before the load starts: for each probe a
lock of the sample type and an alarm, 30 days of the probe's routine before the
run's clock, and a High-confidence anomaly rule whose alert carries the triggering
message's `mid`, so that each alert is matched to the post that caused it.
"""

import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from harness.client import ClientError, UserClient
from harness.client.device import DeviceClient
from harness.client.rulebodies import anomaly_condition, device_action
from harness.load.errors import LoadError
from harness.routines import find_routine, history

logger = logging.getLogger(__name__)

SAMPLE_LOCK = "Sample Virtual Lock"
SAMPLE_ALARM = "Sample Alarm"
ROUTINE = "office-hours"
HISTORY_DAYS = 30
HIGH = 10
TRAINING_DEADLINE_S = 60.0
TRAINING_POLL_S = 0.05


@dataclass(frozen=True)
class Probe:
    """A probe lock, its alarm and the rule between them, as users receive it."""

    name: str
    routine: str
    timezone: str
    seed: str
    did: str
    token: str
    alarm_did: str
    alarm_token: str
    rule_id: str
    model_id: str
    sensitivity: int = HIGH

    def to_dict(self) -> dict[str, str | int]:
        """Plain data, for a message to a worker."""
        return asdict(self)


def make_probes(api_url: str, user_token: str, count: int, now_ms: int) -> list[Probe]:
    """`count` probe locks trained on the 30 days before `now_ms`."""
    routine = find_routine(ROUTINE)
    made: list[Probe] = []
    with UserClient(api_url, user_token) as user:
        lock_type = _type_id(user, SAMPLE_LOCK)
        alarm_type = _type_id(user, SAMPLE_ALARM)
        for number in range(1, count + 1):
            name = f"load probe {number}"
            seed = f"probe:{number}"
            lock = user.devices.create(
                lock_type, name, properties={"timezone": routine.zone}
            )
            alarm = user.devices.create(alarm_type, f"{name} alarm")
            lock_token = user.tokens.replace(lock["id"])["accessToken"]
            alarm_token = user.tokens.replace(alarm["id"])["accessToken"]

            events = history(routine, HISTORY_DAYS, now_ms, seed)
            with DeviceClient(api_url, lock["id"], lock_token) as device:
                device.send_many((ts, {routine.field: value}) for ts, value in events)

            rule = user.rules.create(f"{name} anomaly", _rule(lock["id"], alarm["id"]))
            made.append(
                Probe(
                    name=name,
                    routine=routine.name,
                    timezone=routine.zone,
                    seed=seed,
                    did=lock["id"],
                    token=lock_token,
                    alarm_did=alarm["id"],
                    alarm_token=alarm_token,
                    rule_id=rule["id"],
                    model_id=rule["modelId"],
                )
            )

        for probe in made:
            _wait_until_trained(user, probe.model_id)
    logger.info("%d probe locks trained on %d days of %s", count, HISTORY_DAYS, ROUTINE)
    return made


def remove_probes(api_url: str, user_token: str, probes: Sequence[Probe]) -> None:
    """Delete the probes' rules (and so their models) and devices."""
    with UserClient(api_url, user_token) as user:
        for probe in probes:
            for remove, target, what in (
                (user.rules.delete, probe.rule_id, "rule"),
                (user.devices.delete, probe.did, "lock"),
                (user.devices.delete, probe.alarm_did, "alarm"),
            ):
                try:
                    remove(target)
                except ClientError as error:
                    logger.warning(
                        "could not delete %s's %s: %s", probe.name, what, error
                    )


def _rule(lock_id: str, alarm_id: str) -> dict[str, object]:
    alert = device_action(
        alarm_id, "alert", mid="{{mid}}", message="{{value}} at {{ts}}"
    )
    return {"if": anomaly_condition(lock_id, HIGH), "then": [alert]}


def _type_id(user: UserClient, name: str) -> str:
    found = user.device_types.id_of(name)
    if found is not None:
        return found
    raise LoadError(
        f"the server has no device type named {name!r}; probes need the "
        "emulator's built-in types (see 'harness provision')"
    )


def _wait_until_trained(user: UserClient, model_id: str) -> None:
    deadline = time.monotonic() + TRAINING_DEADLINE_S
    while True:
        model = user.models.get(model_id)
        if model["status"] == "ready":
            return
        if model["status"] == "error":
            raise LoadError(f"probe model {model_id} could not train: {model}")
        if time.monotonic() > deadline:
            raise LoadError(
                f"probe model {model_id} did not train within "
                f"{TRAINING_DEADLINE_S:.0f} s"
            )
        time.sleep(TRAINING_POLL_S)
