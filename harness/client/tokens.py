"""Device tokens: the credentials a device posts its own messages with."""

from typing import Any

from harness.client.transport import Transport, path, unwrap


class DeviceTokens:
    """`/devices/{did}/tokens`: read, create or replace, and revoke."""

    def __init__(self, http: Transport) -> None:
        self._http = http

    def get(self, did: str) -> dict[str, Any]:
        """The device's token: `accessToken`, `uid`, `did`, `cid`."""
        return unwrap(self._http.get(path("devices", did, "tokens")))

    def replace(self, did: str) -> dict[str, Any]:
        """A new token for the device, replacing any it had."""
        return unwrap(self._http.put(path("devices", did, "tokens")))

    def revoke(self, did: str) -> dict[str, Any]:
        """Revoke the device's token; the token as it was."""
        return unwrap(self._http.delete(path("devices", did, "tokens")))
