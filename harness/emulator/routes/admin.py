"""Emulator-only routes: health, the clock, users, device types, counters, reset."""

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.emulator.errors import bad_request, not_found
from harness.emulator.params import emulator_of, json_body, reject_unknown, string_field
from harness.emulator.responses import ok
from harness.emulator.views import device_type_view, token_view, user_view

CLOCK_KEYS = ("now", "advance", "frozen", "speed")
# Past 2**53 ms the clock's float loses milliseconds, and soon after SQLite's
# integers overflow; a faster clock would get there within the run.
MAX_CLOCK_MS = 2**53
MAX_SPEED = 1_000_000


async def health(request: Request) -> Response:
    emulator = emulator_of(request)
    return ok(
        {
            "status": "ok",
            "now": emulator.clock.now_ms(),
            "admin": emulator.config.admin,
            "db": emulator.config.db,
        }
    )


async def get_clock(request: Request) -> Response:
    return ok(_clock_view(request))


async def set_clock(request: Request) -> Response:
    """Apply `frozen`, then `speed`, then `now`, then `advance`, as the body gives."""
    clock = emulator_of(request).clock
    body = await json_body(request)
    reject_unknown(body, CLOCK_KEYS, "a clock change")
    if not body:
        raise bad_request("send at least one of " + ", ".join(CLOCK_KEYS))

    frozen = body.get("frozen")
    if frozen is not None and not isinstance(frozen, bool):
        raise bad_request(f"'frozen' must be true or false, not {frozen!r}")
    speed = _number(body, "speed")
    if speed is not None and not 0 < speed <= MAX_SPEED:
        raise bad_request(
            f"'speed' must be a positive factor of at most {MAX_SPEED}, not {speed!r}"
        )
    now = _number(body, "now")
    if now is not None and not 0 <= now < MAX_CLOCK_MS:
        raise bad_request(
            f"'now' must be epoch milliseconds from 0 to 2**53, not {now!r}"
        )
    advance = _number(body, "advance")
    if advance is not None:
        start = int(now) if now is not None else clock.now_ms()
        if not 0 <= start + int(advance) < MAX_CLOCK_MS:
            raise bad_request(
                f"'advance' {advance!r} would move the clock out of epoch "
                "milliseconds 0 to 2**53; advance by less"
            )

    if frozen is not None:
        clock.freeze(frozen)
    if speed is not None:
        clock.set_speed(float(speed))
    if now is not None:
        clock.set(int(now))
    if advance is not None:
        clock.advance(int(advance))
    emulator_of(request).models.poke()
    return ok(_clock_view(request))


def _clock_view(request: Request) -> dict[str, Any]:
    state = emulator_of(request).clock.state()
    return {"now": state.now, "frozen": state.frozen, "speed": state.speed}


def _number(body: dict[str, Any], key: str) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad_request(f"{key!r} must be a number, not {value!r}")
    return value


async def create_user(request: Request) -> Response:
    registry = emulator_of(request).registry
    body = await json_body(request)
    reject_unknown(body, ("name", "email", "fullName", "token"), "a user")
    name = string_field(body, "name")
    assert name is not None
    email = string_field(body, "email", required=False) or f"{name}@localhost"
    full_name = string_field(body, "fullName", required=False) or name
    wanted = string_field(body, "token", required=False)

    if wanted is not None and wanted in registry.tokens:
        raise bad_request(f"token {wanted!r} is taken; choose another or omit it")
    user = await registry.create_user(name, email, full_name)
    token = await registry.create_user_token(user.id, wanted)
    return ok({**user_view(user), "accessToken": token.token}, status=201)


async def list_users(request: Request) -> Response:
    registry = emulator_of(request).registry
    users = [user_view(user) for user in registry.users.values()]
    return ok(users, total=len(users), count=len(users), offset=0)


async def create_user_token(request: Request) -> Response:
    registry = emulator_of(request).registry
    uid = request.path_params["uid"]
    if uid not in registry.users:
        raise not_found(f"user {uid!r} does not exist")
    token = await registry.create_user_token(uid)
    return ok(token_view(token) | {"did": None}, status=201)


async def create_device_type(request: Request) -> Response:
    emulator = emulator_of(request)
    body = await json_body(request)
    reject_unknown(
        body, ("name", "uniqueName", "description", "manifest", "uid"), "a device type"
    )
    name = string_field(body, "name")
    assert name is not None
    unique_name = string_field(body, "uniqueName", required=False) or (
        "emulator." + "-".join(name.lower().split())
    )
    description = string_field(body, "description", required=False) or ""
    uid = string_field(body, "uid", required=False)
    if uid is not None and uid not in emulator.registry.users:
        raise bad_request(f"'uid' {uid!r} names no user")
    if "manifest" not in body:
        raise bad_request(
            "missing 'manifest': send {'fields': [...], 'actions': [...]}"
        )

    device_type = await emulator.registry.create_device_type(
        name, unique_name, description, body["manifest"], uid
    )
    return ok(device_type_view(device_type, uid), status=201)


async def outbox(request: Request) -> Response:
    """The mails rules sent, newest last; `to` keeps those to one address."""
    emulator = emulator_of(request)
    recipient = request.query_params.get("to")

    def read(conn: Any) -> list[tuple[Any, ...]]:
        sql = "SELECT rule_id, mid, recipient, subject, body, sent_on FROM outbox"
        params: tuple[Any, ...] = ()
        if recipient:
            sql += " WHERE recipient = ?"
            params = (recipient,)
        return list(conn.execute(sql + " ORDER BY seq", params).fetchall())

    mails = [
        {
            "ruleId": rule_id,
            "mid": mid,
            "to": to,
            "subject": subject,
            "body": body,
            "sentOn": sent_on,
        }
        for rule_id, mid, to, subject, body, sent_on in emulator.store.read(read)
    ]
    return ok(mails, total=len(mails), count=len(mails), offset=0)


async def counters(request: Request) -> Response:
    return ok(emulator_of(request).counters.as_dict())


async def reset(request: Request) -> Response:
    emulator = emulator_of(request)
    await emulator.reset()
    return ok({"userId": emulator.user_id, "userToken": emulator.user_token})


ROUTES = [
    Route("/health", health, methods=["GET"]),
    Route("/clock", get_clock, methods=["GET"]),
    Route("/clock", set_clock, methods=["POST"]),
    Route("/users", list_users, methods=["GET"]),
    Route("/users", create_user, methods=["POST"]),
    Route("/users/{uid}/tokens", create_user_token, methods=["POST"]),
    Route("/devicetypes", create_device_type, methods=["POST"]),
    Route("/counters", counters, methods=["GET"]),
    Route("/outbox", outbox, methods=["GET"]),
    Route("/reset", reset, methods=["POST"]),
]
