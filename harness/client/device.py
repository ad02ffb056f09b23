"""The client a device token opens: what a lock itself may do."""

from collections.abc import Iterable, Mapping
from typing import Any

import requests

from harness.client.closing import PooledClient
from harness.client.config import ClientConfig
from harness.client.messages import message_body
from harness.client.transport import Transport, path, unwrap

Event = tuple[int | None, Mapping[str, Any]]


class DeviceClient(PooledClient):
    """One device posting its own messages and reading its last ones."""

    def __init__(
        self,
        api_url: str,
        device_id: str,
        device_token: str,
        config: ClientConfig | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.device_id = device_id
        self.device_token = device_token
        self.config = config or ClientConfig()
        self._http = Transport(self.api_url, device_token, self.config, session)

    def send(self, data: Mapping[str, Any], ts: int | None = None) -> str:
        """Send a message (`ts` in epoch ms, default now); its `mid` once stored."""
        answer = self._http.post("/messages", message_body(self.device_id, data, ts))
        return str(unwrap(answer)["mid"])

    def send_many(self, events: Iterable[Event]) -> list[str]:
        """Send `(ts, data)` events one by one, in order; their `mid`s."""
        return [self.send(data, ts) for ts, data in events]

    def device(self) -> dict[str, Any]:
        """The device itself (its name, type and properties), as its token sees it."""
        return unwrap(self._http.get(path("devices", self.device_id)))

    def last(self, count: int = 1) -> list[dict[str, Any]]:
        """The device's newest `count` messages, newest first."""
        params = {"sdids": self.device_id, "count": count}
        return unwrap(self._http.get("/messages/last", params)) or []
