"""Evaluating rules on each stored message, and running what a firing rule does."""

import asyncio
import logging
import sqlite3
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson

from harness.emulator.clock import Clock
from harness.emulator.counters import Counters
from harness.emulator.manifests import check_parameter
from harness.emulator.registry import Registry
from harness.emulator.rules.conditions import ANOMALY, Leaf, holds
from harness.emulator.rules.effects import (
    DeviceAction,
    Effect,
    Email,
    HttpRequest,
    render,
)
from harness.emulator.rules.learning import ModelRegistry
from harness.emulator.rules.rulebook import Rule, Rulebook
from harness.emulator.store import MessageRow, Store, mid_for
from harness.model import ModelError

logger = logging.getLogger(__name__)

HTTP_TIMEOUT_S = 5.0
HTTP_WORKERS = 8


class RuleEngine:
    """Judges every stored message against the rules that watch its device."""

    def __init__(
        self,
        book: Rulebook,
        models: ModelRegistry,
        store: Store,
        clock: Clock,
        registry: Registry,
        counters: Counters,
        http_timeout_s: float = HTTP_TIMEOUT_S,
    ) -> None:
        self._book = book
        self._models = models
        self._store = store
        self._clock = clock
        self._registry = registry
        self._counters = counters
        self._http_timeout_s = http_timeout_s
        self._tasks: set[asyncio.Task[Any]] = set()
        # Rules' HTTP requests wait in their own threads, so that slow endpoints
        # never hold up model training, which uses the loop's default pool.
        self._http_pool = ThreadPoolExecutor(HTTP_WORKERS, "rule-http")

    def on_stored(self, rows: list[MessageRow]) -> None:
        """Evaluate each new message once; start the actions of rules that fire."""
        if not self._book.by_device:
            return
        for row in rows:
            if row.kind != "message":
                continue
            watching = self._book.by_device.get(row.did)
            if not watching:
                continue

            data = row.fields if row.fields is not None else orjson.loads(row.data)
            for rule_id in list(watching):
                rule = self._book.rules.get(rule_id)
                if rule is None or not rule.enabled or rule.error is not None:
                    continue
                context = self.evaluate(rule, row, data)
                if context is not None:
                    self._counters.rules_fired += 1
                    self._spawn(self.fire(rule, context, row))

    def evaluate(
        self, rule: Rule, row: MessageRow, data: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The firing's context if the message makes the rule fire, else None."""
        own = next(
            (
                leaf
                for leaf in rule.leaves
                if leaf.sdid == row.did and _field_value(data, leaf.field) is not None
            ),
            None,
        )
        if own is None:
            return None

        # What the models said; the full context is built only for a firing.
        context: dict[str, Any] = {"verdict": None, "expected": None}

        def lookup(leaf: Leaf) -> Any:
            if leaf.sdid == row.did:
                value = _field_value(data, leaf.field)
                if value is not None:
                    return self._transform(rule, leaf, row.ts, value, context)
            if leaf.transformer is not None:
                return None
            return self._latest(leaf)

        if not holds(rule.condition, lookup):
            return None

        context.update(
            {
                "mid": row.mid,
                "sdid": row.did,
                "sdtid": row.dtid,
                "ts": row.ts,
                "cts": row.cts,
                "data": data,
                "field": own.field,
                "value": _field_value(data, own.field),
                "rule.id": rule.id,
                "rule.name": rule.name,
            }
        )
        return context

    def _transform(
        self, rule: Rule, leaf: Leaf, ts: int, value: Any, context: dict[str, Any]
    ) -> Any:
        if leaf.transformer is None:
            return value
        record = self._models.models.get(rule.model_ids.get(leaf.path, ""))
        model = record.trained if record is not None else None
        if model is None:
            return None

        sensitivity = leaf.transformer.sensitivity
        try:
            if leaf.transformer.type == ANOMALY:
                verdict, expected = model.assess(ts, value, sensitivity)
                context["verdict"] = verdict
                context["expected"] = expected
                return verdict
            expected = model.expected(ts + leaf.transformer.predict_in_ms, sensitivity)
            context["expected"] = expected
            return expected
        except ModelError as error:
            logger.warning("rule %s: model could not judge: %s", rule.id, error)
            return None

    def _latest(self, leaf: Leaf) -> Any:
        row = self._store.read(
            lambda conn: conn.execute(
                "SELECT value FROM snapshots WHERE did = ? AND field = ?",
                (leaf.sdid, leaf.field),
            ).fetchone()
        )
        return orjson.loads(row[0]) if row is not None else None

    async def fire(
        self, rule: Rule, context: dict[str, Any], row: MessageRow | None
    ) -> list[dict[str, Any]]:
        """Run the rule's actions for one firing, record it, and answer the outcomes."""
        fired_on = self._clock.now_ms()
        outcomes = [
            await self._run(rule, effect, context, fired_on) for effect in rule.effects
        ]
        if row is None:
            return outcomes

        verdict = context.get("verdict")
        expected = context.get("expected")

        def record(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO rule_executions "
                "(rule_id, mid, sdid, ts, fired_on, verdict, expected, outcomes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rule.id,
                    row.mid,
                    row.did,
                    row.ts,
                    fired_on,
                    None if verdict is None else int(verdict),
                    None if expected is None else orjson.dumps(expected).decode(),
                    orjson.dumps(outcomes).decode(),
                ),
            )

        await self._store.write(record)
        return outcomes

    async def _run(
        self, rule: Rule, effect: Effect, context: dict[str, Any], fired_on: int
    ) -> dict[str, Any]:
        try:
            if isinstance(effect, DeviceAction):
                return await self._send_action(rule, effect, context, fired_on)
            if isinstance(effect, Email):
                return await self._send_mail(rule, effect, context, fired_on)
            return await self._send_request(effect, context)
        except Exception as error:  # recorded in the execution, never lost
            logger.warning("rule %s: an action failed: %s", rule.id, error)
            return {"action": _name(effect), "error": str(error)}

    async def _send_action(
        self, rule: Rule, effect: DeviceAction, context: dict[str, Any], fired_on: int
    ) -> dict[str, Any]:
        device = self._registry.find_device(effect.ddid)
        manifest = self._registry.device_types[device.dtid].manifest
        # A placeholder alone with nothing to inject (no message in a test run, no
        # verdict without a model) leaves its parameter out rather than send null.
        parameters = {
            name: value
            for name, value in render(effect.parameters, context).items()
            if value is not None
        }
        action = manifest.action(effect.action)
        assert action is not None
        for name, value in parameters.items():
            check_parameter(action, name, value)

        seq = self._store.next_seq()
        row = MessageRow(
            seq=seq,
            mid=mid_for(seq),
            kind="action",
            did=device.id,
            dtid=device.dtid,
            uid=device.uid,
            ts=fired_on,
            cts=fired_on,
            mv=device.manifest_version,
            data=orjson.dumps(
                {"actions": [{"name": effect.action, "parameters": parameters}]}
            ).decode(),
        )
        await self._store.append((row,))
        return {"action": effect.action, "ddid": device.id, "mid": row.mid}

    async def _send_mail(
        self, rule: Rule, effect: Email, context: dict[str, Any], fired_on: int
    ) -> dict[str, Any]:
        to, subject, body = (
            str(render(text, context))
            for text in (effect.to, effect.subject, effect.body)
        )

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO outbox (rule_id, mid, recipient, subject, body, sent_on) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (rule.id, context.get("mid"), to, subject, body, fired_on),
            )

        await self._store.write(insert)
        return {"action": "sendEmail", "to": to, "subject": subject}

    async def _send_request(
        self, effect: HttpRequest, context: dict[str, Any]
    ) -> dict[str, Any]:
        url = str(render(effect.url, context))
        body = render(effect.body, context)
        headers = {k: str(render(v, context)) for k, v in effect.headers.items()}
        loop = asyncio.get_running_loop()
        status = await loop.run_in_executor(
            self._http_pool,
            _http_request,
            effect.method,
            url,
            headers,
            body,
            self._http_timeout_s,
        )
        return {"action": "sendHttpRequest", "url": url, "status": status}

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait for firings under way (at shutdown)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


def _field_value(data: dict[str, Any], path: str) -> Any:
    place: Any = data
    for part in path.split("."):
        if not isinstance(place, dict):
            return None
        place = place.get(part)
    return place


def _name(effect: Effect) -> str:
    if isinstance(effect, DeviceAction):
        return effect.action
    return "sendEmail" if isinstance(effect, Email) else "sendHttpRequest"


def _http_request(
    method: str, url: str, headers: dict[str, str], body: Any, timeout_s: float
) -> int:
    """Make the request; answer its status (an error status counts as an answer)."""
    data: bytes | None = None
    if isinstance(body, str):
        data = body.encode()
    elif body is not None:
        data = orjson.dumps(body)
        headers = {"Content-Type": "application/json", **headers}
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
