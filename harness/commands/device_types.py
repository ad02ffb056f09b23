"""The built-in device types, found on a server or, on the emulator, created."""

import json
from importlib import resources
from typing import Any

from harness.client import ApiError, EmulatorAdmin, TransportError, UserClient
from harness.commands.edge import CommandError

SAMPLE_LOCK = "Sample Virtual Lock"
API_SUFFIX = "/v1.1"
# The manifests the emulator starts with, shipped as package data beside it.
MANIFESTS = resources.files("harness") / "emulator" / "device_types"


def built_in_manifests() -> list[dict[str, Any]]:
    """The built-in device types' documents: name, uniqueName, manifest..."""
    documents = [
        json.loads(item.read_text(encoding="utf-8"))
        for item in MANIFESTS.iterdir()
        if item.name.endswith(".json")
    ]
    return sorted(documents, key=lambda document: str(document["name"]))


def find_device_type(user: UserClient, name: str) -> str | None:
    """The ID of the device type with exactly this name, if the server has one."""
    return user.device_types.id_of(name)


def ensure_device_types(
    user: UserClient, manifests: list[dict[str, Any]]
) -> dict[str, str]:
    """Each manifest's device type ID by name: found, or created on the emulator.

    The public API cannot create device types; the emulator's own route can.
    """
    found: dict[str, str] = {}
    for document in manifests:
        name = str(document["name"])
        dtid = find_device_type(user, name) or _create(user.api_url, document)
        found[name] = dtid
    return found


def _create(api_url: str, document: dict[str, Any]) -> str:
    name = document["name"]
    base_url = api_url.removesuffix(API_SUFFIX)
    try:
        with EmulatorAdmin(base_url) as admin:
            created = admin.create_device_type(document)
    except (ApiError, TransportError):
        raise CommandError(
            f"the server has no device type {name!r}, and the public API cannot "
            "create one: add it to the cloud (its manifest is "
            f"harness/emulator/device_types/), or use an emulator with its admin "
            "routes on"
        ) from None

    return str(created["id"])
