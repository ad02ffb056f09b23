"""The emulator's own routes, outside the public API: clock, users, counters."""

from collections.abc import Mapping
from typing import Any

import requests

from harness.client.closing import PooledClient
from harness.client.config import ClientConfig
from harness.client.transport import Transport, path, unwrap

# Every emulator-only route the harness uses, in one place, under the base URL.
HEALTH = "/emulator/health"
CLOCK = "/emulator/clock"
USERS = "/emulator/users"
DEVICE_TYPES = "/emulator/devicetypes"
OUTBOX = "/emulator/outbox"
COUNTERS = "/emulator/counters"
RESET = "/emulator/reset"


class EmulatorAdmin(PooledClient):
    """Drives what only the emulator has: its clock, users, manifests and counters."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        config: ClientConfig | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = Transport(self.base_url, token, config, session)

    def health(self) -> dict[str, Any]:
        """Whether the emulator is up: `status`, its clock's `now`, its settings."""
        return unwrap(self._http.get(HEALTH))

    def clock(self) -> dict[str, Any]:
        """The emulator's clock: its `now` in epoch ms, whether frozen, its speed."""
        return unwrap(self._http.get(CLOCK))

    def set_clock(self, now: int) -> dict[str, Any]:
        """Set the clock to `now` (epoch ms); the clock after."""
        return self._change_clock({"now": now})

    def freeze(self) -> dict[str, Any]:
        """Stop the clock where it is; the clock after."""
        return self._change_clock({"frozen": True})

    def unfreeze(self) -> dict[str, Any]:
        """Let a frozen clock run again; the clock after."""
        return self._change_clock({"frozen": False})

    def advance(self, ms: int) -> dict[str, Any]:
        """Move the clock `ms` milliseconds ahead; the clock after."""
        return self._change_clock({"advance": ms})

    def set_speed(self, speed: float) -> dict[str, Any]:
        """Run the clock at `speed` times real time; the clock after."""
        return self._change_clock({"speed": speed})

    def create_user(self, name: str, email: str | None = None) -> dict[str, Any]:
        """A new user, with a user token to act as them."""
        body = {"name": name} if email is None else {"name": name, "email": email}
        return unwrap(self._http.post(USERS, body))

    def users(self) -> list[dict[str, Any]]:
        """Every user the emulator knows."""
        return unwrap(self._http.get(USERS)) or []

    def create_user_token(self, uid: str) -> dict[str, Any]:
        """A new user token for user `uid`: `accessToken`, `uid`..."""
        return unwrap(self._http.post(USERS + path(uid, "tokens")))

    def create_device_type(self, manifest: Mapping[str, Any]) -> dict[str, Any]:
        """A new device type from a manifest document (`name`, `manifest`...)."""
        return unwrap(self._http.post(DEVICE_TYPES, dict(manifest)))

    def counters(self) -> dict[str, Any]:
        """Messages received, stored and rejected, and rules fired, so far."""
        return unwrap(self._http.get(COUNTERS))

    def outbox(self, to: str | None = None) -> list[dict[str, Any]]:
        """The mails rules have sent, oldest first; `to` keeps one address's."""
        params = {"to": to} if to is not None else None
        return list(unwrap(self._http.get(OUTBOX, params)))

    def reset(self) -> dict[str, Any]:
        """Forget everything stored; the start-up user's `userId` and `userToken`."""
        return unwrap(self._http.post(RESET))

    def _change_clock(self, change: Mapping[str, Any]) -> dict[str, Any]:
        return unwrap(self._http.post(CLOCK, dict(change)))
