"""Device types and the manifests that say what their messages may hold."""

from typing import Any

from harness.client.pages import Page, counted_page
from harness.client.transport import Transport, path, unwrap


class DeviceTypes:
    """`/devicetypes`: find by name, read, and read the latest manifest."""

    def __init__(self, http: Transport) -> None:
        self._http = http

    def find(self, name: str, *, offset: int | str = 0, count: int = 100) -> Page:
        """One page of the device types whose name matches `name`."""
        params = {"name": name, "offset": offset, "count": count}
        body = self._http.get("/devicetypes", params)

        return counted_page(body, unwrap(body).get("deviceTypes") or [])

    def id_of(self, name: str) -> str | None:
        """The ID of the device type with exactly this name, if the server has one."""
        for device_type in self.find(name).items:
            if device_type.get("name") == name:
                return str(device_type["id"])
        return None

    def get(self, dtid: str) -> dict[str, Any]:
        """One device type by its ID (`dt` and 32 hex characters)."""
        return unwrap(self._http.get(path("devicetypes", dtid)))

    def latest_properties(self, dtid: str) -> dict[str, Any]:
        """The latest manifest: `{"properties": {"fields", "actions"...}}`."""
        route = path("devicetypes", dtid, "manifests", "latest", "properties")
        return unwrap(self._http.get(route))

    def manifest_versions(self, dtid: str) -> Any:
        """The manifest versions the device type offers, as the server lists them."""
        route = path("devicetypes", dtid, "availablemanifestversions")
        return unwrap(self._http.get(route))
