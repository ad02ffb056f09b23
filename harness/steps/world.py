"""One scenario's world: its user, locks, alarms, rules, and what happened last."""

import itertools
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

from harness.client import ApiError, ClientError, DeviceClient, UserClient
from harness.routines import Routine
from harness.steps.errors import StepError
from harness.steps.target import Target, TargetKind

logger = logging.getLogger(__name__)

LOCK_TYPE = "Sample Virtual Lock"
ALARM_TYPE = "Sample Alarm"
# The embedded emulator's clock stands still at this moment in every scenario,
# unless the scenario sets it: a Tuesday's midnight in Berlin, so that seeded
# histories, and so the learned timetables, are the same on every run.
DEFAULT_NOW = datetime(2026, 12, 1, 0, 0, tzinfo=ZoneInfo("Europe/Berlin"))
DEFAULT_ZONE = "UTC"
DAY_MS = 86_400_000

_users = itertools.count(1)


@dataclass
class Lock:
    """A lock of the scenario: its device, its token's client, and its routine."""

    name: str
    did: str
    zone: str
    device: DeviceClient
    routine: Routine | None = None


@dataclass(frozen=True)
class Alarm:
    """A device of the alarm type that rules send their alerts to."""

    name: str
    did: str


@dataclass(frozen=True)
class Rule:
    """A rule the scenario made, and what it watches."""

    name: str
    id: str
    lock: str
    sensitivity: int | None = None
    model_id: str | None = None


@dataclass(frozen=True)
class Event:
    """A message a lock reported, and how many actions each alarm had before it."""

    lock: str
    value: str
    ts: int
    mid: str
    actions_before: dict[str, int]


@dataclass
class Refusal:
    """A request the server refused: kept until a step checks it."""

    what: str
    status: int
    message: str
    checked: bool = False


@dataclass
class World:
    """Everything a scenario has made and seen, shared by its steps."""

    target: Target
    user: UserClient
    now_ms: int
    locks: dict[str, Lock] = field(default_factory=dict)
    alarms: dict[str, Alarm] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    hooks: dict[str, Any] = field(default_factory=dict)
    # Models that Then steps made of locks no rule watches, by lock name.
    models: dict[str, str] = field(default_factory=dict)
    last_lock: str | None = None
    last_event: Event | None = None
    refusal: Refusal | None = None
    _type_ids: dict[str, str] = field(default_factory=dict)

    def lock(self, name: str | None = None) -> Lock:
        """A lock by name, or the one named last; a clear error if there is none."""
        wanted = name if name is not None else self.last_lock
        if wanted is None:
            raise StepError(
                "no lock yet: start the scenario with a step such as Given a lock "
                '"front door" in "Europe/Berlin" following "office hours"'
            )
        if wanted not in self.locks:
            known = ", ".join(repr(known) for known in self.locks) or "none"
            raise StepError(
                f"there is no lock {wanted!r} in this scenario (locks: {known}); add "
                f'Given a lock "{wanted}" before this step'
            )
        return self.locks[wanted]

    def rule(self, name: str) -> Rule:
        """A rule by name; a clear error naming the rules there are."""
        if name not in self.rules:
            known = ", ".join(repr(known) for known in self.rules) or "none"
            raise StepError(
                f"there is no rule {name!r} in this scenario (rules: {known})"
            )
        return self.rules[name]

    def rule_on(self, lock: str) -> Rule:
        """The latest rule with a model that watches a lock."""
        for rule in reversed(self.rules.values()):
            if rule.lock == lock and rule.model_id is not None:
                return rule
        raise StepError(
            f"no anomaly or prediction rule watches {lock!r}: add a step such as "
            f'Given an anomaly rule on "{lock}" at High confidence alerting "phone"'
        )

    def type_id(self, name: str) -> str:
        """The ID of a device type by its exact name, looked up once."""
        if name not in self._type_ids:
            found = self.user.device_types.id_of(name)
            if found is None:
                raise StepError(f"the server has no device type named {name!r}")
            self._type_ids[name] = found
        return self._type_ids[name]

    def add_lock(self, name: str, zone: str, routine: Routine | None) -> Lock:
        """Create a device of the sample lock type, with a device token."""
        if name in self.locks:
            raise StepError(f"there is already a lock {name!r}; give each lock a name")

        device = self.user.devices.create(
            self.type_id(LOCK_TYPE), name, properties={"timezone": zone}
        )
        lock = Lock(
            name,
            str(device["id"]),
            zone,
            self.user.device_client(device["id"]),
            routine,
        )
        self.locks[name] = lock
        self.last_lock = name
        return lock

    def alarm(self, name: str) -> Alarm:
        """An alarm by name, made on first mention."""
        if name not in self.alarms:
            device = self.user.devices.create(self.type_id(ALARM_TYPE), name)
            self.alarms[name] = Alarm(name, str(device["id"]))
        return self.alarms[name]

    def actions_of(self, alarm: Alarm) -> list[dict[str, Any]]:
        """Every action an alarm has been sent, oldest first."""
        page = self.user.actions.list(
            alarm.did, 0, self.now_ms + 2 * DAY_MS, count=100, order="asc"
        )
        return list(page.items)

    def report(self, lock: Lock, value: str, ts: int | None) -> Event | None:
        """Send one state of a lock; the event, or None if the server refused it."""
        before = {
            name: len(self.actions_of(alarm)) for name, alarm in self.alarms.items()
        }
        try:
            mid = lock.device.send({"state": value}, ts)
        except ApiError as error:
            self.refuse("message", error)
            return None

        self.last_event = Event(
            lock.name, value, ts if ts is not None else self.now_ms, mid, before
        )
        return self.last_event

    def refuse(self, what: str, error: ApiError) -> None:
        """Keep a refusal for a Then step to check; an unchecked one fails the end."""
        self.fail_on_unchecked_refusal()
        self.refusal = Refusal(what, error.status, error.message)

    def fail_on_unchecked_refusal(self) -> None:
        """Fail when the server refused a request and no step looked at why."""
        refusal = self.refusal
        if refusal is not None and not refusal.checked:
            refusal.checked = True
            raise AssertionError(
                f"the server refused the {refusal.what} with status {refusal.status}: "
                f"{refusal.message}\n(check it with Then the {refusal.what} is "
                f'rejected with status {refusal.status} naming "...", or fix the step)'
            )

    def today_at(self, at: clock_time, zone: str) -> int:
        """Epoch ms of a wall-clock time on the scenario's current local date."""
        today = datetime.fromtimestamp(self.now_ms / 1000, ZoneInfo(zone)).date()
        return int(datetime.combine(today, at, ZoneInfo(zone)).timestamp() * 1000)


def open_world(target: Target) -> World:
    """A new world: on the embedded emulator a new user and the clock stood still."""
    if target.kind is TargetKind.CLOUD:
        user = UserClient(target.api_url, target.user_token)
        return World(target, user, int(time.time() * 1000))

    with target.admin() as admin:
        created = admin.create_user(f"feature-user-{next(_users)}")
        now_ms = int(DEFAULT_NOW.timestamp() * 1000)
        admin.set_clock(now_ms)
        admin.freeze()
    return World(target, UserClient(target.api_url, created["accessToken"]), now_ms)


def close_world(world: World) -> None:
    """Close the world's clients; on a cloud, delete what the scenario made."""
    try:
        if world.target.kind is TargetKind.CLOUD:
            _delete_created(world)
    finally:
        for lock in world.locks.values():
            lock.device.close()
        for hook in world.hooks.values():
            hook.close()
        world.user.close()


def _delete_created(world: World) -> None:
    # Rules first: deleting a rule deletes its models; then the devices.
    doomed: list[tuple[str, Any]] = [
        *(("model", model) for model in world.models.values()),
        *(("rule", rule.id) for rule in world.rules.values()),
        *(("device", lock.did) for lock in world.locks.values()),
        *(("device", alarm.did) for alarm in world.alarms.values()),
    ]
    for kind, ident in doomed:
        try:
            if kind == "model":
                world.user.models.delete(ident)
            elif kind == "rule":
                world.user.rules.delete(ident)
            else:
                world.user.devices.delete(ident)
        except ClientError as error:
            logger.warning(
                "could not delete %s %s after the scenario: %s", kind, ident, error
            )
