"""The things the emulator keeps: users, tokens, device types and devices."""

from dataclasses import dataclass
from typing import Any

from harness.emulator.manifests import Manifest

USER_TOKEN = "user"
DEVICE_TOKEN = "device"


@dataclass(frozen=True)
class User:
    id: str
    name: str
    email: str
    full_name: str
    created_on: int
    modified_on: int


@dataclass(frozen=True)
class Token:
    """An access token: a user's, or a device's that acts only for that device."""

    token: str
    kind: str
    uid: str
    did: str | None
    created_on: int
    revoked_on: int | None = None

    @property
    def is_device(self) -> bool:
        return self.kind == DEVICE_TOKEN


@dataclass(frozen=True)
class DeviceType:
    id: str
    unique_name: str
    name: str
    description: str
    uid: str | None
    manifest: Manifest
    version: int
    created_on: int
    modified_on: int


@dataclass(frozen=True)
class Device:
    id: str
    uid: str
    dtid: str
    name: str
    manifest_version: int
    manifest_version_policy: str
    properties: dict[str, Any]
    created_on: int
    modified_on: int

    @property
    def timezone(self) -> str | None:
        value = self.properties.get("timezone")
        return value if isinstance(value, str) else None
