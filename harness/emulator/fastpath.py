"""The ingest hot path: `POST /v1.1/messages` and `/v1.1/actions` on bare ASGI.

Ingest is what load tests measure, so these two routes skip the framework's routing
and middleware and speak ASGI directly. They share every check with the rest of the
emulator (the same token lookup, body limits, JSON decoding and acceptance), answer
the same envelopes, and add the CORS header a browser needs.
"""

import logging
from typing import Any

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from harness.emulator.auth import token_from_header
from harness.emulator.bodies import ClientGone, read_limited
from harness.emulator.config import MAX_MESSAGE_BYTES
from harness.emulator.core import Emulator
from harness.emulator.errors import ApiError
from harness.emulator.intake import accept, count_refusal
from harness.emulator.params import decode_json
from harness.emulator.responses import envelope

logger = logging.getLogger(__name__)

INGEST_PATHS = {"/v1.1/messages": None, "/v1.1/actions": "action"}
JSON_HEADER = (b"content-type", b"application/json")
ANY_ORIGIN = (b"access-control-allow-origin", b"*")
EXPOSED = (
    b"access-control-expose-headers",
    b"X-Rate-Limit-Limit, X-Rate-Limit-Remaining, X-Rate-Limit-Reset",
)


class IngestEndpoint:
    """An ASGI endpoint taking posted messages, or actions with `force_type`."""

    def __init__(
        self, force_type: str | None, emulator: Emulator | None = None
    ) -> None:
        self.force_type = force_type
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        emulator = self.emulator or scope["app"].state.emulator
        headers = _headers(scope)
        cors = b"origin" in headers

        try:
            try:
                token = token_from_header(
                    emulator.registry, headers.get(b"authorization", b"").decode()
                )
                body = await read_limited(
                    receive,
                    headers.get(b"content-length", b"").decode("latin-1"),
                    MAX_MESSAGE_BYTES,
                )
                content_type = headers.get(b"content-type", b"").decode("latin-1")
                document = decode_json(body, content_type or None, MAX_MESSAGE_BYTES)
            except ApiError:
                count_refusal(emulator)
                raise
            row, limit_headers = await accept(
                emulator, token, document, self.force_type
            )
        except ApiError as error:
            content = envelope(error.status, error.message)
            await _respond(send, error.status, content, error.headers, cors)
            return
        except ClientGone:
            count_refusal(emulator)
            return
        except Exception as error:  # never a bare 500 without the envelope
            logger.exception("ingest failed unexpectedly")
            content = envelope(500, f"the emulator failed unexpectedly: {error!r}")
            await _respond(send, 500, content, None, cors)
            return

        answer = b'{"data":{"mid":"' + row.mid.encode() + b'"}}'
        await _send(send, 200, answer, limit_headers, cors)


class IngestFastPath:
    """Sends message and action posts straight to their endpoints, past routing."""

    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.endpoints = {
            path: IngestEndpoint(force_type, emulator)
            for path, force_type in INGEST_PATHS.items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            endpoint = self.endpoints.get(scope["path"])
            if endpoint is not None:
                await endpoint(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _headers(scope: Scope) -> dict[bytes, bytes]:
    # Header names arrive lower-cased; the first of a repeated header wins.
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        found.setdefault(name, value)
    return found


async def _respond(
    send: Send,
    status: int,
    content: dict[str, Any],
    extra: dict[str, str] | None,
    cors: bool,
) -> None:
    await _send(send, status, orjson.dumps(content), extra, cors)


async def _send(
    send: Send, status: int, body: bytes, extra: dict[str, str] | None, cors: bool
) -> None:
    headers = [JSON_HEADER, (b"content-length", str(len(body)).encode())]
    if cors:
        headers += [ANY_ORIGIN, EXPOSED]
    if extra:
        headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
