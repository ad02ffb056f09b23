"""Open WebSocket connections: device channels and live feeds, and what they get.

Each connection has a bounded queue of outgoing frames and one task that sends them,
so that a slow client never holds up ingest. A client too slow to keep up is closed
with an error saying so, rather than losing frames silently.
"""

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketState

from harness.emulator.store import MessageRow

logger = logging.getLogger(__name__)

QUEUE_FRAMES = 10_000
CLOSE_TOO_SLOW = 1013


class Connection:
    """One WebSocket with a queue of frames to send, in order."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue(QUEUE_FRAMES)
        self.closed = False
        self._sender: asyncio.Task[None] | None = None
        self._closer: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._sender = asyncio.create_task(self._send_all())

    def send(self, frame: dict[str, Any]) -> None:
        """Queue a frame; close the connection if the client cannot keep up."""
        if self.closed:
            return
        try:
            self.queue.put_nowait(orjson.dumps(frame))
        except asyncio.QueueFull:
            logger.warning("closing a WebSocket whose client fell behind")
            self.closed = True
            self._closer = asyncio.create_task(
                self.websocket.close(
                    CLOSE_TOO_SLOW, "client too slow; frames backed up"
                )
            )

    async def _send_all(self) -> None:
        while True:
            frame = await self.queue.get()
            if frame is None or self.websocket.client_state != WebSocketState.CONNECTED:
                return
            try:
                await self.websocket.send_text(frame.decode())
            except Exception:  # the client went away; the receive loop ends it
                return

    async def stop(self) -> None:
        self.closed = True
        if self._sender is not None:
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._sender


@dataclass(eq=False)
class LiveFeed:
    """A firehose subscription: every new message of some devices."""

    connection: Connection
    dids: frozenset[str] | None
    uid: str

    def wants(self, row: MessageRow) -> bool:
        if row.uid != self.uid:
            return False
        return self.dids is None or row.did in self.dids


@dataclass
class Channels:
    """Who listens on which device, and the feeds of new messages."""

    devices: dict[str, set[Connection]] = field(default_factory=dict)
    feeds: set[LiveFeed] = field(default_factory=set)

    def is_connected(self, did: str) -> bool:
        return bool(self.devices.get(did))

    def attach(self, did: str, connection: Connection) -> None:
        self.devices.setdefault(did, set()).add(connection)

    def detach(self, connection: Connection) -> None:
        for did in [d for d, conns in self.devices.items() if connection in conns]:
            self.devices[did].discard(connection)
            if not self.devices[did]:
                del self.devices[did]
        self.feeds = {feed for feed in self.feeds if feed.connection is not connection}

    def publish(self, rows: list[MessageRow]) -> None:
        """Push stored actions to their devices' channels and messages to feeds."""
        if not self.devices and not self.feeds:
            return
        for row in rows:
            if row.kind == "action":
                listeners = self.devices.get(row.did)
                if listeners:
                    frame = action_frame(row)
                    for connection in list(listeners):
                        connection.send(frame)
            elif self.feeds:
                frame = message_frame(row)
                for feed in list(self.feeds):
                    if feed.wants(row):
                        feed.connection.send(frame)


def action_frame(row: MessageRow) -> dict[str, Any]:
    """An action as a device channel receives it."""
    return {
        "type": "action",
        "mid": row.mid,
        "ddid": row.did,
        "ddtid": row.dtid,
        "uid": row.uid,
        "ts": row.ts,
        "cts": row.cts,
        "mv": row.mv,
        "data": orjson.loads(row.data),
    }


def message_frame(row: MessageRow) -> dict[str, Any]:
    """A new message as the live feed sends it."""
    return {
        "mid": row.mid,
        "sdid": row.did,
        "sdtid": row.dtid,
        "uid": row.uid,
        "ts": row.ts,
        "cts": row.cts,
        "mv": row.mv,
        "data": orjson.loads(row.data),
    }
