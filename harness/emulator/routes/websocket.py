"""WebSockets: the device channel (register, send, receive actions) and live feeds."""

import asyncio
import logging
from typing import Any

import orjson
from starlette.routing import BaseRoute, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from harness.emulator.auth import check_owner, token_from_header
from harness.emulator.channels import Channels, Connection, LiveFeed
from harness.emulator.core import Emulator
from harness.emulator.errors import ApiError, bad_request
from harness.emulator.intake import accept, count_refusal
from harness.emulator.records import Token

logger = logging.getLogger(__name__)

CLOSE_POLICY = 1008


def _emulator(websocket: WebSocket) -> Emulator:
    emulator: Emulator = websocket.app.state.emulator
    return emulator


def _channels(websocket: WebSocket) -> Channels:
    channels: Channels = websocket.app.state.channels
    return channels


def _error(status: int, message: str, cid: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": status, "message": message}
    if cid is not None:
        error["cid"] = cid
    return {"error": error}


async def device_channel(websocket: WebSocket) -> None:
    """Register devices, take their messages, and push the actions sent to them."""
    emulator = _emulator(websocket)
    channels = _channels(websocket)
    acks = websocket.query_params.get("ack", "false").lower() == "true"
    await websocket.accept()

    connection = Connection(websocket)
    connection.start()
    registered: dict[str, Token] = {}
    pinger = asyncio.create_task(_ping(emulator, connection))
    deadline = emulator.config.ws_register_ms / 1000

    try:
        while True:
            timeout = None if registered else deadline
            try:
                text = await asyncio.wait_for(websocket.receive_text(), timeout)
            except TimeoutError:
                connection.send(
                    _error(
                        401,
                        f"no device registered within {deadline:g} s; send "
                        "{'type': 'register', 'sdid', 'authorization': "
                        "'bearer <device token>', 'cid'} first",
                    )
                )
                await asyncio.sleep(0.05)
                await websocket.close(CLOSE_POLICY, "register first")
                return

            frame, cid = _parse(text)
            try:
                if frame.get("type") == "register":
                    did = _register(emulator, frame, registered)
                    channels.attach(did, connection)
                    if acks:
                        connection.send(
                            {"data": {"code": "200", "message": "OK", "cid": cid}}
                        )
                else:
                    mid = await _receive_message(emulator, frame, registered)
                    if acks:
                        connection.send({"data": {"mid": mid, "cid": cid}})
            except ApiError as error:
                connection.send(_error(error.status, error.message, cid))
    except WebSocketDisconnect:
        pass
    finally:
        pinger.cancel()
        channels.detach(connection)
        await connection.stop()


def _parse(text: str) -> tuple[dict[str, Any], Any]:
    try:
        frame = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {"type": "invalid", "text": text[:80]}, None
    if not isinstance(frame, dict):
        return {"type": "invalid", "text": text[:80]}, None
    return frame, frame.get("cid")


def _register(
    emulator: Emulator, frame: dict[str, Any], registered: dict[str, Token]
) -> str:
    did = frame.get("sdid")
    if not isinstance(did, str):
        raise bad_request("a register frame needs 'sdid', the device's ID")
    header = frame.get("authorization") or frame.get("Authorization")
    if not isinstance(header, str):
        raise ApiError(
            401, "a register frame needs 'authorization': 'bearer <device token>'"
        )
    token = token_from_header(emulator.registry, header)
    check_owner(token, emulator.registry.find_device(did))
    registered[did] = token
    return did


async def _receive_message(
    emulator: Emulator, frame: dict[str, Any], registered: dict[str, Token]
) -> str:
    if frame.get("type") == "invalid":
        count_refusal(emulator)
        raise bad_request(
            f"frame {frame['text']!r} is not a JSON object; send "
            "{'sdid', 'data', 'ts'?, 'cid'?} or a register frame"
        )
    did = frame.get("sdid")
    token = registered.get(did) if isinstance(did, str) else None
    if token is None:
        count_refusal(emulator)
        known = ", ".join(repr(d) for d in registered) or "none"
        raise ApiError(
            403,
            f"device {did!r} is not registered on this channel (registered: {known}); "
            "register it first",
        )
    row, _ = await accept(emulator, token, frame)
    return row.mid


async def _ping(emulator: Emulator, connection: Connection) -> None:
    interval = emulator.config.ws_ping_ms / 1000
    while True:
        await asyncio.sleep(interval)
        connection.send({"type": "ping", "ts": emulator.clock.now_ms()})


async def live_feed(websocket: WebSocket) -> None:
    """Push every new message of the asked devices, as it is stored."""
    emulator = _emulator(websocket)
    channels = _channels(websocket)
    await websocket.accept()
    connection = Connection(websocket)
    connection.start()

    try:
        feed = _subscribe(emulator, websocket, connection)
    except ApiError as error:
        connection.send(_error(error.status, error.message))
        await asyncio.sleep(0.05)
        await websocket.close(CLOSE_POLICY, error.message[:120])
        await connection.stop()
        return

    channels.feeds.add(feed)
    pinger = asyncio.create_task(_ping(emulator, connection))
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass
    finally:
        pinger.cancel()
        channels.detach(connection)
        await connection.stop()


def _subscribe(
    emulator: Emulator, websocket: WebSocket, connection: Connection
) -> LiveFeed:
    params = websocket.query_params
    header = params.get("Authorization") or websocket.headers.get("authorization")
    token = token_from_header(emulator.registry, header)

    if params.get("sdid") or params.get("sdids"):
        text = params.get("sdid") or params.get("sdids") or ""
        dids = frozenset(part.strip() for part in text.split(",") if part.strip())
        for did in dids:
            check_owner(token, emulator.registry.find_device(did))
        return LiveFeed(connection, dids, token.uid)

    uid = params.get("uid") or token.uid
    if uid != token.uid:
        raise ApiError(403, f"this token's user may not follow user {uid!r}")
    if token.is_device:
        assert token.did is not None
        return LiveFeed(connection, frozenset({token.did}), token.uid)
    return LiveFeed(connection, None, uid)


ROUTES: list[BaseRoute] = [
    WebSocketRoute("/websocket", device_channel),
    WebSocketRoute("/live", live_feed),
]
