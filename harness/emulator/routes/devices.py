"""Devices, their status and their tokens."""

import zoneinfo
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from harness.emulator.auth import authenticate, check_owner, user_token
from harness.emulator.errors import bad_request, forbidden, not_found
from harness.emulator.params import (
    bool_param,
    emulator_of,
    id_list_param,
    json_body,
    reject_unknown,
    string_field,
)
from harness.emulator.queries import read_latest_times, read_snapshot
from harness.emulator.records import Device
from harness.emulator.registry import MANIFEST_POLICIES
from harness.emulator.responses import JsonResponse, ok
from harness.emulator.views import device_view, token_view

# Every member of the SDK's Device model may come back in a body; the server sets
# the read-only ones itself.
DEVICE_KEYS = (
    "id",
    "uid",
    "dtid",
    "name",
    "manifestVersion",
    "manifestVersionPolicy",
    "needProviderAuth",
    "properties",
    "createdOn",
    "connected",
    "certificateInfo",
    "certificateSignature",
    "eid",
    "providerCredentials",
    "sharedWithOthers",
    "sharedWithMe",
)
MAX_STATUS_DIDS = 100
AVAILABILITIES = ("online", "offline", "unknown")


async def create_device(request: Request) -> Response:
    emulator = emulator_of(request)
    token = user_token(emulator.registry, request)
    body = await json_body(request)
    reject_unknown(body, DEVICE_KEYS, "a device")

    uid = body.get("uid") or token.uid
    if not isinstance(uid, str):
        raise bad_request(f"'uid' must be a user ID string, not {uid!r}")
    if uid != token.uid:
        raise forbidden(f"this token may not create devices for user {uid!r}")
    dtid = string_field(body, "dtid")
    assert dtid is not None
    if dtid not in emulator.registry.device_types:
        raise bad_request(
            f"'dtid' {dtid!r} names no device type; list them with GET /devicetypes"
        )
    name = string_field(body, "name")
    assert name is not None
    properties = _properties(body.get("properties"))
    policy = _policy(body.get("manifestVersionPolicy", "LATEST"))

    device = await emulator.registry.create_device(uid, dtid, name, properties, policy)
    return ok(device_view(device))


async def get_device(request: Request) -> Response:
    device = _owned_device(request)
    return ok(device_view(device, connected=_connected(request, device)))


async def update_device(request: Request) -> Response:
    emulator = emulator_of(request)
    device = _owned_device(request, user_only=True)
    body = await json_body(request)
    reject_unknown(body, DEVICE_KEYS, "a device")

    if body.get("dtid") not in (None, device.dtid):
        raise bad_request(
            "a device's 'dtid' cannot change; create a new device of the other type"
        )
    changes: dict[str, Any] = {}
    if "name" in body:
        changes["name"] = string_field(body, "name")
    if "properties" in body:
        changes["properties"] = _properties(body["properties"])
    if "manifestVersionPolicy" in body:
        changes["manifest_version_policy"] = _policy(body["manifestVersionPolicy"])

    updated = await emulator.registry.update_device(device, **changes)
    return ok(device_view(updated))


async def delete_device(request: Request) -> Response:
    emulator = emulator_of(request)
    device = _owned_device(request, user_only=True)
    await emulator.registry.delete_device(device)
    emulator.rules.invalidate_device(device.id)
    return ok(device_view(device))


async def get_device_status(request: Request) -> Response:
    device = _owned_device(request)
    return JsonResponse(_status(request, device))


async def put_device_status(request: Request) -> Response:
    emulator = emulator_of(request)
    device = _owned_device(request)
    body = await json_body(request)
    reject_unknown(body, ("data",), "a device status")
    data = body.get("data")
    if not isinstance(data, dict) or set(data) != {"availability"}:
        raise bad_request(
            "send {'data': {'availability': 'online'|'offline'|'unknown'}}"
        )
    availability = data["availability"]
    if availability not in AVAILABILITIES:
        allowed = ", ".join(repr(a) for a in AVAILABILITIES)
        raise bad_request(f"availability {availability!r} is not one of {allowed}")

    emulator.availability[device.id] = availability
    return JsonResponse(_status(request, device))


async def get_devices_status(request: Request) -> Response:
    emulator = emulator_of(request)
    token = user_token(emulator.registry, request)
    dids = id_list_param(request, "dids")
    if len(dids) > MAX_STATUS_DIDS:
        raise bad_request(
            f"'dids' names {len(dids)} devices; at most {MAX_STATUS_DIDS}"
        )

    statuses = []
    for did in dids:
        device = emulator.registry.find_device(did)
        check_owner(token, device)
        statuses.append(_status(request, device))
    return JsonResponse(
        {"total": len(statuses), "offset": 0, "count": len(statuses), "data": statuses}
    )


async def get_device_token(request: Request) -> Response:
    emulator = emulator_of(request)
    device = _owned_device(request, user_only=True)
    token = emulator.registry.device_token(device.id)
    if token is None:
        raise not_found(
            f"device {device.id!r} has no token; "
            "create one with PUT /devices/{did}/tokens"
        )
    return ok(token_view(token))


async def replace_device_token(request: Request) -> Response:
    emulator = emulator_of(request)
    device = _owned_device(request, user_only=True)
    token = await emulator.registry.replace_device_token(device)
    return ok(token_view(token))


async def revoke_device_token(request: Request) -> Response:
    emulator = emulator_of(request)
    device = _owned_device(request, user_only=True)
    token = emulator.registry.device_token(device.id)
    if token is None:
        raise not_found(f"device {device.id!r} has no token to revoke")
    revoked = await emulator.registry.revoke_device_token(device, token)
    return ok(token_view(revoked))


def _owned_device(request: Request, user_only: bool = False) -> Device:
    emulator = emulator_of(request)
    if user_only:
        token = user_token(emulator.registry, request)
    else:
        token = authenticate(emulator.registry, request)
    device = emulator.registry.find_device(request.path_params["did"])
    check_owner(token, device)
    return device


def _status(request: Request, device: Device) -> dict[str, Any]:
    emulator = emulator_of(request)
    with_snapshot = bool_param(request, "includeSnapshot", False)
    with_ts = bool_param(request, "includeSnapshotTimestamp", False)

    def read(conn: Any) -> dict[str, Any]:
        data: dict[str, Any] = read_latest_times(conn, device.id)
        connected = "online" if _connected(request, device) else "unknown"
        data["availability"] = emulator.availability.get(device.id, connected)
        if with_snapshot:
            data["snapshot"] = read_snapshot(conn, device.id, with_ts)
        return data

    return {"did": device.id, "data": emulator.store.read(read)}


def _connected(request: Request, device: Device) -> bool:
    channels = getattr(request.app.state, "channels", None)
    return bool(channels is not None and channels.is_connected(device.id))


def _properties(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request(f"'properties' must be a JSON object, not {value!r}")
    timezone = value.get("timezone")
    if timezone is not None:
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, OSError):
            # ZoneInfo reads a file: a folder ('America') or too long a name fails
            raise bad_request(
                f"properties.timezone {timezone!r} is not an IANA time zone; "
                "use a name such as 'Europe/Berlin' or 'UTC'"
            ) from None
    return value


def _policy(value: Any) -> str:
    if value not in MANIFEST_POLICIES:
        allowed = ", ".join(repr(p) for p in MANIFEST_POLICIES)
        raise bad_request(f"'manifestVersionPolicy' {value!r} is not one of {allowed}")
    return str(value)


ROUTES = [
    Route("/devices", create_device, methods=["POST"]),
    Route("/devices/status", get_devices_status, methods=["GET"]),
    Route("/devices/{did}", get_device, methods=["GET"]),
    Route("/devices/{did}", update_device, methods=["PUT"]),
    Route("/devices/{did}", delete_device, methods=["DELETE"]),
    Route("/devices/{did}/status", get_device_status, methods=["GET"]),
    Route("/devices/{did}/status", put_device_status, methods=["PUT"]),
    Route("/devices/{did}/tokens", get_device_token, methods=["GET"]),
    Route("/devices/{did}/tokens", replace_device_token, methods=["PUT"]),
    Route("/devices/{did}/tokens", revoke_device_token, methods=["DELETE"]),
]
