"""Rules as a user keeps them: checked, stored, indexed by the devices they watch."""

import logging
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any

import orjson

from harness.emulator.clock import Clock
from harness.emulator.errors import ApiError, bad_request, not_found
from harness.emulator.ids import new_id
from harness.emulator.manifests import Manifest
from harness.emulator.records import Device
from harness.emulator.registry import Registry
from harness.emulator.rules.conditions import (
    Condition,
    Group,
    Leaf,
    leaves,
    parse_condition,
)
from harness.emulator.rules.effects import Effect, parse_effects
from harness.emulator.rules.learning import ModelRecord, ModelRegistry
from harness.emulator.store import Store

logger = logging.getLogger(__name__)

RULE_KEYS = ("name", "description", "rule", "enabled", "scope")
SCOPES = ("thisApplication", "allApplications")
MAX_NAME = 256


@dataclass
class Rule:
    """One rule: its text as sent, what it was parsed into, and the models it owns."""

    id: str
    uid: str
    index: int
    name: str
    description: str
    body: dict[str, Any]
    enabled: bool
    scope: str
    created_on: int
    modified_on: int
    condition: Condition
    effects: tuple[Effect, ...]
    model_ids: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    def __post_init__(self) -> None:
        # Worked out once: every message of a watched device looks at them.
        self.leaves: list[Leaf] = leaves(self.condition)

    @property
    def devices(self) -> set[str]:
        """The devices whose messages the rule watches."""
        return {leaf.sdid for leaf in self.leaves}


class Rulebook:
    """Every user's rules, in memory in front of the store."""

    def __init__(
        self, store: Store, clock: Clock, registry: Registry, models: ModelRegistry
    ) -> None:
        self._store = store
        self._clock = clock
        self._registry = registry
        self._models = models
        self.rules: dict[str, Rule] = {}
        self.by_device: dict[str, set[str]] = {}
        # Per user, the last index handed out, so that rules created at the same
        # time never share one.
        self._last_index: dict[str, int] = {}

    def load(self) -> None:
        """Read the stored rules and models, as at start-up or after a reset."""
        from harness.emulator.rules.learning import record_from_row

        rows, model_rows, last_indexes = self._store.read(
            lambda conn: (
                conn.execute("SELECT * FROM rules ORDER BY created_on").fetchall(),
                conn.execute("SELECT * FROM ml_models").fetchall(),
                conn.execute("SELECT uid, last FROM rule_indexes").fetchall(),
            )
        )
        self._models.load([record_from_row(row) for row in model_rows])
        self.rules = {}
        self.by_device = {}
        self._last_index = dict(last_indexes)
        for row in rows:
            body = orjson.loads(row[5])
            try:
                condition, effects = self._parse(row[1], body)
                error = None
            except ApiError as problem:
                # A device the rule names was deleted: the rule stays, invalidated.
                condition, effects, error = Group("if", "and", ()), (), problem.message
            rule = Rule(
                id=row[0],
                uid=row[1],
                index=row[2],
                name=row[3],
                description=row[4],
                body=body,
                enabled=bool(row[6]),
                scope=row[7],
                created_on=row[8],
                modified_on=row[9],
                condition=condition,
                effects=effects,
                model_ids=orjson.loads(row[10]),
                error=error,
            )
            self._index(rule)

    def invalidate_device(self, did: str) -> None:
        """Mark the rules that name a deleted device as invalid: they fire no more."""
        for rule_id in self.by_device.get(did, set()):
            rule = self.rules[rule_id]
            rule.error = f"device {did!r} named in the rule was deleted"

    def find(self, rule_id: str, uid: str) -> Rule:
        rule = self.rules.get(rule_id)
        if rule is None or rule.uid != uid:
            raise not_found(f"rule {rule_id!r} does not exist for this user")
        return rule

    def of_user(self, uid: str) -> list[Rule]:
        return sorted(
            (rule for rule in self.rules.values() if rule.uid == uid),
            key=lambda rule: rule.index,
        )

    async def create(self, uid: str, payload: dict[str, Any]) -> Rule:
        """Check and store a new rule, and start training the models it needs."""
        _check_keys(payload)
        name = _name(payload.get("name"))
        body = payload.get("rule")
        condition, effects = self._parse(uid, body)
        assert isinstance(body, dict)
        now = self._clock.now_ms()
        rule = Rule(
            id=new_id(),
            uid=uid,
            index=self._next_index(uid),
            name=name,
            description=_description(payload.get("description")),
            body=body,
            enabled=_enabled(payload.get("enabled", True)),
            scope=_scope(payload.get("scope", SCOPES[0])),
            created_on=now,
            modified_on=now,
            condition=condition,
            effects=effects,
        )
        records = self._model_records(rule)
        rule.model_ids = {leaf_path: record.id for leaf_path, record in records}

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _row(rule),
            )
            # Kept apart from the rules, so that a deleted rule's index is never
            # handed out again, not even after a restart.
            conn.execute(
                "INSERT INTO rule_indexes VALUES (?, ?) ON CONFLICT (uid) "
                "DO UPDATE SET last = max(last, excluded.last)",
                (uid, rule.index),
            )
            for _, record in records:
                self._models.insert_sql(conn, record)

        with self._models.room_for(uid, len(records)):
            await self._store.write(insert)
        self._index(rule)
        for _, record in records:
            self._models.added(record)
        return rule

    async def update(self, rule: Rule, payload: dict[str, Any]) -> Rule:
        """Change a rule; a new `rule` body retrains its models from scratch."""
        _check_keys(payload)
        changes: dict[str, Any] = {"modified_on": self._clock.now_ms()}
        if "name" in payload:
            changes["name"] = _name(payload["name"])
        if "description" in payload:
            changes["description"] = _description(payload["description"])
        if "enabled" in payload:
            changes["enabled"] = _enabled(payload["enabled"])
        if "scope" in payload:
            changes["scope"] = _scope(payload["scope"])

        records: list[tuple[str, ModelRecord]] = []
        old_models = list(rule.model_ids.values())
        if "rule" in payload:
            condition, effects = self._parse(rule.uid, payload["rule"])
            changes.update(body=payload["rule"], condition=condition, effects=effects)
            updated = replace(rule, **changes)
            records = self._model_records(updated)
            updated.model_ids = {path: record.id for path, record in records}
        else:
            updated = replace(rule, **changes)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM rules WHERE id = ?", (rule.id,))
            conn.execute(
                "INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _row(updated),
            )
            if "rule" in payload:
                for model_id in old_models:
                    conn.execute("DELETE FROM ml_models WHERE id = ?", (model_id,))
                for _, record in records:
                    self._models.insert_sql(conn, record)

        with self._models.room_for(rule.uid, len(records) - len(old_models)):
            await self._store.write(write)
        self._unindex(rule)
        self._index(updated)
        if "rule" in payload:
            for model_id in old_models:
                self._models.removed(model_id)
            for _, record in records:
                self._models.added(record)
        return updated

    async def delete(self, rule: Rule) -> None:
        """Delete a rule, its models and its executions."""

        def delete(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM rules WHERE id = ?", (rule.id,))
            conn.execute("DELETE FROM ml_models WHERE rule_id = ?", (rule.id,))
            conn.execute("DELETE FROM rule_executions WHERE rule_id = ?", (rule.id,))

        await self._store.write(delete)
        self._unindex(rule)
        for model_id in rule.model_ids.values():
            self._models.removed(model_id)

    def _parse(self, uid: str, body: Any) -> tuple[Condition, tuple[Effect, ...]]:
        if not isinstance(body, dict) or set(body) != {"if", "then"}:
            raise bad_request("'rule' must be an object of exactly 'if' and 'then'")

        def device(did: str) -> Device:
            found = self._registry.devices.get(did)
            if found is None:
                raise bad_request(f"device {did!r} named in the rule does not exist")
            if found.uid != uid:
                raise bad_request(
                    f"device {did!r} named in the rule is not this user's"
                )
            return found

        def manifest(found: Device) -> Manifest:
            return self._registry.device_types[found.dtid].manifest

        condition = parse_condition(body["if"], device, manifest)
        effects = parse_effects(body["then"], device, manifest)
        return condition, effects

    def _next_index(self, uid: str) -> int:
        stored = max((rule.index for rule in self.of_user(uid)), default=0)
        index = max(stored, self._last_index.get(uid, 0)) + 1
        self._last_index[uid] = index
        return index

    def _model_records(self, rule: Rule) -> list[tuple[str, ModelRecord]]:
        modelled = [leaf for leaf in leaves(rule.condition) if leaf.transformer]
        return [(leaf.path, self._model_record(rule, leaf)) for leaf in modelled]

    def _model_record(self, rule: Rule, leaf: Leaf) -> ModelRecord:
        assert leaf.transformer is not None
        device = self._registry.devices[leaf.sdid]
        return self._models.new_record(
            uid=rule.uid,
            model_type=leaf.transformer.type,
            sdid=leaf.sdid,
            field_name=leaf.field,
            zone=device.timezone or "UTC",
            raw_parameters={},
            rule_id=rule.id,
            value_class=leaf.value_class,
        )

    def _index(self, rule: Rule) -> None:
        self.rules[rule.id] = rule
        for did in rule.devices:
            self.by_device.setdefault(did, set()).add(rule.id)

    def _unindex(self, rule: Rule) -> None:
        self.rules.pop(rule.id, None)
        for did in rule.devices:
            self.by_device.get(did, set()).discard(rule.id)


def _row(rule: Rule) -> tuple[Any, ...]:
    return (
        rule.id,
        rule.uid,
        rule.index,
        rule.name,
        rule.description,
        orjson.dumps(rule.body).decode(),
        int(rule.enabled),
        rule.scope,
        rule.created_on,
        rule.modified_on,
        orjson.dumps(rule.model_ids).decode(),
    )


def _check_keys(payload: dict[str, Any]) -> None:
    for key in payload:
        if key not in RULE_KEYS:
            allowed = ", ".join(repr(k) for k in RULE_KEYS)
            raise bad_request(f"unknown key {key!r} in a rule; allowed: {allowed}")


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"a rule needs a 'name', a non-empty string, not {value!r}")
    if len(value) > MAX_NAME:
        raise bad_request(f"'name' is {len(value)} characters; at most {MAX_NAME}")
    return value


def _description(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise bad_request(f"'description' must be a string, not {value!r}")
    return value


def _enabled(value: Any) -> bool:
    if not isinstance(value, bool):
        raise bad_request(f"'enabled' must be true or false, not {value!r}")
    return value


def _scope(value: Any) -> str:
    if value not in SCOPES:
        allowed = ", ".join(repr(s) for s in SCOPES)
        raise bad_request(f"'scope' {value!r} is not one of {allowed}")
    return str(value)
