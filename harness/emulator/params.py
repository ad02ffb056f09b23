"""Query parameters and JSON bodies, read strictly with errors that name them."""

import re
from typing import Any

import orjson
from starlette.requests import Request

from harness.emulator.bodies import ClientGone, read_limited
from harness.emulator.core import Emulator
from harness.emulator.errors import ApiError, bad_request
from harness.emulator.queries import decode_cursor

MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
# SQLite holds 64-bit integers; a query value beyond them would fail inside it.
MIN_INT = -(2**63)
MAX_INT = 2**63 - 1
# Field names joined by dots; a quote or a control character would break the
# SQLite JSON path the name becomes.
FIELD_PATH = re.compile(r'[^."\x00-\x1f]+(\.[^."\x00-\x1f]+)*')
TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")


def emulator_of(request: Request) -> Emulator:
    """The emulator serving this request."""
    emulator: Emulator = request.app.state.emulator
    return emulator


def int_param(
    request: Request,
    name: str,
    default: int | None = None,
    low: int | None = None,
    high: int | None = None,
) -> int | None:
    """An integer query parameter within `[low, high]`, or `default` if absent."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise bad_request(
            f"query parameter {name!r} must be an integer, not {text[:40]!r}"
        ) from None

    low = MIN_INT if low is None else low
    high = MAX_INT if high is None else high
    if not low <= value <= high:
        raise bad_request(
            f"query parameter {name!r} is {text[:40]}; allowed: from {low} to {high}"
        )
    return value


def bool_param(request: Request, name: str, default: bool) -> bool:
    """A boolean query parameter; `True`/`False` in any case, `1`/`0`, `yes`/`no`."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() in FALSE_WORDS:
        return False
    raise bad_request(f"query parameter {name!r} must be true or false, not {text!r}")


def choice_param(request: Request, name: str, choices: tuple[str, ...]) -> str:
    """A query parameter out of `choices`; the first is the default."""
    text = request.query_params.get(name) or choices[0]
    if text not in choices and text.lower() in choices:
        text = text.lower()
    if text not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise bad_request(f"query parameter {name!r} is {text!r}; allowed: {allowed}")
    return text


def required_param(request: Request, name: str) -> str:
    text = request.query_params.get(name)
    if not text:
        raise bad_request(f"missing query parameter {name!r}")
    return text


def cursor_param(request: Request, name: str) -> tuple[int, int] | None:
    """The page position an opaque `offset` stands for; None for the first page."""
    text = request.query_params.get(name)
    if not text:
        return None
    cursor = decode_cursor(text)
    if not all(MIN_INT <= part <= MAX_INT for part in cursor):
        raise bad_request(
            f"offset {text[:40]!r} is not a page position; pass the 'next' value of "
            "the previous page, or leave offset out for the first page"
        )
    return cursor


def field_param(request: Request, name: str) -> str | None:
    """A field such as `state`, dotted for nested fields; None if absent."""
    text = request.query_params.get(name)
    if not text:
        return None
    if not FIELD_PATH.fullmatch(text):
        raise bad_request(
            f"query parameter {name!r} is {text[:40]!r}, not a field name; "
            "name a manifest field such as 'state', with dots between nested fields"
        )
    return text


def id_list_param(request: Request, name: str) -> list[str]:
    """A comma-separated list of IDs, such as `sdids=a,b`."""
    ids = [part.strip() for part in required_param(request, name).split(",")]
    if not all(ids):
        raise bad_request(f"query parameter {name!r} has an empty ID in its list")
    return ids


def decode_json(body: bytes, content_type: str | None, limit: int) -> Any:
    """The JSON document of a request body, or a 4xx that says what is wrong."""
    if len(body) > limit:
        raise ApiError(
            413, f"the body is {len(body)} bytes; at most {limit} bytes are taken"
        )
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(
            415,
            f"Content-Type {content_type or '(none)'!r} is not accepted; "
            "send 'Content-Type: application/json'",
        )
    if not body:
        raise bad_request("the body is empty; send a JSON object")
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise bad_request(f"the body is not valid JSON: {error}") from None
    # Counting brackets is far cheaper than walking; only a body with enough of
    # them can nest too deep.
    brackets = body.count(b"{") + body.count(b"[")
    if brackets > MAX_JSON_DEPTH and _nests_deeper(document, MAX_JSON_DEPTH):
        raise bad_request(
            "the body nests objects and lists more than "
            f"{MAX_JSON_DEPTH} levels deep; at most {MAX_JSON_DEPTH} are taken"
        )
    return document


def _nests_deeper(document: Any, limit: int) -> bool:
    """Whether `document` holds objects and lists more than `limit` levels deep."""
    level = [document] if isinstance(document, dict | list) else []
    for _ in range(limit):
        inner: list[Any] = []
        for container in level:
            members = container.values() if isinstance(container, dict) else container
            inner.extend(m for m in members if isinstance(m, dict | list))
        if not inner:
            return False
        level = inner
    return True


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes."""
    try:
        return await read_limited(
            request.receive, request.headers.get("content-length", ""), limit
        )
    except ClientGone:
        raise bad_request("the client closed the connection before its body") from None


async def json_body(request: Request, limit: int = MAX_BODY_BYTES) -> dict[str, Any]:
    """The JSON object body of a management request (devices, admin routes)."""
    document = decode_json(
        await read_body(request, limit), request.headers.get("content-type"), limit
    )
    if not isinstance(document, dict):
        raise bad_request("the body must be a JSON object")
    return document


def string_field(
    body: dict[str, Any], name: str, required: bool = True, max_length: int = 256
) -> str | None:
    """A string member of a JSON body, checked for type and length."""
    value = body.get(name)
    if value is None:
        if required:
            raise bad_request(f"missing {name!r} in the body")
        return None
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{name!r} must be a non-empty string, not {value!r}")
    if len(value) > max_length:
        raise bad_request(f"{name!r} is {len(value)} characters; at most {max_length}")
    return value


def reject_unknown(body: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    """Refuse a body member the route does not know, listing those it does."""
    for key in body:
        if key not in allowed:
            names = ", ".join(repr(k) for k in allowed)
            raise bad_request(f"unknown key {key!r} in {what}; allowed: {names}")
