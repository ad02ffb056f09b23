"""Rules: create, read, change, delete, list, their executions, and a test run."""

import sqlite3
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.emulator.auth import check_same_user, user_token
from harness.emulator.config import MAX_PAGE_COUNT
from harness.emulator.errors import forbidden
from harness.emulator.ids import is_id
from harness.emulator.params import bool_param, emulator_of, int_param, json_body
from harness.emulator.responses import JsonResponse, ok
from harness.emulator.rules.rulebook import Rule
from harness.emulator.rules.views import rule_view

MAX_EXECUTIONS = 100


async def create_rule(request: Request) -> Response:
    emulator = emulator_of(request)
    token = user_token(emulator.registry, request)
    uid = request.query_params.get("userId") or ""
    if not is_id(uid):
        uid = token.uid
    if uid != token.uid:
        raise forbidden(f"this token may not create rules for user {uid!r}")
    payload = await json_body(request)

    rule = await emulator.rules.create(uid, payload)
    return ok(rule_view(rule, emulator.models))


async def get_rule(request: Request) -> Response:
    emulator = emulator_of(request)
    return ok(rule_view(_rule(request), emulator.models))


async def update_rule(request: Request) -> Response:
    emulator = emulator_of(request)
    rule = _rule(request)
    payload = await json_body(request)
    updated = await emulator.rules.update(rule, payload)
    return ok(rule_view(updated, emulator.models))


async def delete_rule(request: Request) -> Response:
    emulator = emulator_of(request)
    rule = _rule(request)
    await emulator.rules.delete(rule)
    return ok(rule_view(rule, emulator.models))


async def list_user_rules(request: Request) -> Response:
    emulator = emulator_of(request)
    token = user_token(emulator.registry, request)
    uid = request.path_params["uid"]
    check_same_user(token, uid)
    exclude_disabled = bool_param(request, "excludeDisabled", False)
    offset = int_param(request, "offset", 0, low=0) or 0
    count = int_param(request, "count", MAX_PAGE_COUNT, low=1, high=MAX_PAGE_COUNT)

    rules = [
        rule
        for rule in emulator.rules.of_user(uid)
        if rule.enabled or not exclude_disabled
    ]
    page = rules[offset : offset + (count or MAX_PAGE_COUNT)]
    return JsonResponse(
        {
            "data": [rule_view(rule, emulator.models) for rule in page],
            "total": len(rules),
            "count": len(page),
            "offset": offset,
        }
    )


async def get_executions(request: Request) -> Response:
    """How often a rule fired, when it last did, and its latest firings."""
    emulator = emulator_of(request)
    rule = _rule(request)
    count = int_param(request, "count", 20, low=1, high=MAX_EXECUTIONS)

    def read(conn: sqlite3.Connection) -> tuple[int, list[tuple[Any, ...]]]:
        total = conn.execute(
            "SELECT count(*) FROM rule_executions WHERE rule_id = ?", (rule.id,)
        ).fetchone()[0]
        rows = conn.execute(
            "SELECT mid, sdid, ts, fired_on, verdict, expected, outcomes "
            "FROM rule_executions WHERE rule_id = ? ORDER BY seq DESC LIMIT ?",
            (rule.id, count),
        ).fetchall()
        return total, rows

    total, rows = emulator.store.read(read)
    executions = [
        {
            "mid": mid,
            "sdid": sdid,
            "ts": ts,
            "firedOn": fired_on,
            "verdict": None if verdict is None else bool(verdict),
            "expected": None if expected is None else orjson.loads(expected),
            "outcomes": orjson.loads(outcomes),
        }
        for mid, sdid, ts, fired_on, verdict, expected, outcomes in rows
    ]
    return ok(
        {
            "ruleId": rule.id,
            "count": total,
            "lastFiredOn": executions[0]["firedOn"] if executions else None,
            "executions": executions,
        }
    )


async def test_rule_actions(request: Request) -> Response:
    """Run a rule's actions now, as if it fired on no message (a test run)."""
    emulator = emulator_of(request)
    rule = _rule(request)
    context = {"rule.id": rule.id, "rule.name": rule.name, "data": {}}
    outcomes = await emulator.engine.fire(rule, context, None)
    return ok({"ruleId": rule.id, "outcomes": outcomes})


def _rule(request: Request) -> Rule:
    emulator = emulator_of(request)
    token = user_token(emulator.registry, request)
    return emulator.rules.find(request.path_params["rule_id"], token.uid)


ROUTES = [
    Route("/rules", create_rule, methods=["POST"]),
    Route("/rules/{rule_id}", get_rule, methods=["GET"]),
    Route("/rules/{rule_id}", update_rule, methods=["PUT"]),
    Route("/rules/{rule_id}", delete_rule, methods=["DELETE"]),
    Route("/rules/{rule_id}/executions", get_executions, methods=["GET"]),
    Route("/rules/{rule_id}/actions", test_rule_actions, methods=["POST"]),
    Route("/users/{uid}/rules", list_user_rules, methods=["GET"]),
]
