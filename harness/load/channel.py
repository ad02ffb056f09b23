"""An alarm's device channel: the WebSocket its rule's alert actions arrive on."""

import json
import logging
from typing import Any

import websocket

from harness.load.errors import LoadError

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0
REGISTER_CID = "register"


class AlarmChannel:
    """A registered device channel of an alarm, read frame by frame."""

    def __init__(self, base_url: str, alarm_did: str, token: str) -> None:
        self.url = _ws_url(base_url) + "/v1.1/websocket?ack=true"
        self.alarm_did = alarm_did
        self._token = token
        self._socket: websocket.WebSocket | None = None

    def open(self) -> None:
        """Connect and register as the alarm; an error if the server refuses."""
        try:
            self._socket = websocket.create_connection(
                self.url, timeout=CONNECT_TIMEOUT_S
            )
            self._socket.send(
                json.dumps(
                    {
                        "type": "register",
                        "sdid": self.alarm_did,
                        "authorization": f"bearer {self._token}",
                        "cid": REGISTER_CID,
                    }
                )
            )
            answer = json.loads(self._socket.recv())
        except (OSError, websocket.WebSocketException, ValueError) as error:
            raise LoadError(
                f"{self.url}: the alarm's channel failed: {error}"
            ) from None

        if "error" in answer:
            raise LoadError(f"{self.url}: registering the alarm failed: {answer}")
        # From here on the reader waits for actions as long as it takes.
        self._socket.settimeout(None)

    def next_frame(self) -> dict[str, Any] | None:
        """The next frame that is not a ping; None once the channel closed."""
        socket = self._socket
        while socket is not None:
            try:
                text = socket.recv()
            except (OSError, websocket.WebSocketException):
                return None
            if not text:
                return None
            frame: dict[str, Any] = json.loads(text)
            if frame.get("type") != "ping":
                return frame
        return None

    def close(self) -> None:
        """Close the channel; a reader waiting in `next_frame` gets None."""
        socket, self._socket = self._socket, None
        if socket is not None:
            socket.close()


def alert_mids(frame: dict[str, Any]) -> list[str]:
    """The triggering messages' IDs an action frame's alerts carry."""
    if frame.get("type") != "action":
        return []
    actions = frame.get("data", {}).get("actions", [])
    return [
        str(action["parameters"]["mid"])
        for action in actions
        if action.get("name") == "alert" and "mid" in action.get("parameters", {})
    ]


def _ws_url(base_url: str) -> str:
    url = base_url.rstrip("/")
    if url.startswith("https://"):
        return "wss://" + url.removeprefix("https://")
    return "ws://" + url.removeprefix("http://")
