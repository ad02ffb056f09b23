"""Devices: the locks, alarms and probes a user owns."""

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from harness.client.pages import Page, counted_page, every_item
from harness.client.transport import Transport, path, unwrap


class Devices:
    """`/devices` and `/users/{uid}/devices`: create, read, change, remove, list."""

    def __init__(self, http: Transport, user_id: Callable[[], str]) -> None:
        self._http = http
        self._user_id = user_id

    def create(
        self,
        dtid: str,
        name: str,
        *,
        uid: str | None = None,
        properties: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Create a device of type `dtid` for `uid` (default: the token's user)."""
        body: dict[str, Any] = {"dtid": dtid, "name": name}
        if uid is not None:
            body["uid"] = uid
        if properties is not None:
            body["properties"] = dict(properties)

        return unwrap(self._http.post("/devices", body))

    def get(self, did: str) -> dict[str, Any]:
        """One device by its ID."""
        return unwrap(self._http.get(path("devices", did)))

    def update(self, did: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change a device's fields (e.g. `name`, `properties`); the new device."""
        return unwrap(self._http.put(path("devices", did), dict(changes)))

    def delete(self, did: str) -> dict[str, Any]:
        """Delete a device; the device as it was."""
        return unwrap(self._http.delete(path("devices", did)))

    def status(
        self, did: str, *, include_snapshot: bool | None = None
    ) -> dict[str, Any]:
        """`{"did", "data": {"lastMessageTs", "availability", "snapshot"?...}}`."""
        params = {"includeSnapshot": include_snapshot}
        return self._http.get(path("devices", did, "status"), params)

    def list(
        self,
        *,
        offset: int | str = 0,
        count: int = 100,
        include_properties: bool | None = None,
    ) -> Page:
        """One page of the token's user's devices."""
        params = {
            "offset": offset,
            "count": count,
            "includeProperties": include_properties,
        }
        body = self._http.get(path("users", self._user_id(), "devices"), params)

        return counted_page(body, unwrap(body).get("devices") or [])

    def iter_all(self, *, page_size: int = 100) -> Iterator[dict[str, Any]]:
        """Every device of the token's user, page after page."""
        return every_item(
            lambda offset: self.list(offset=offset or 0, count=page_size),
            "/users/{uid}/devices",
        )
