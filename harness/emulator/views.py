"""Records as the cloud's JSON: the shapes the official SDKs parse."""

from typing import Any

import orjson

from harness.emulator.records import Device, DeviceType, Token, User

# The cloud's client ID for tokens the emulator issues itself.
EMULATOR_CID = "0" * 32


def user_view(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "fullName": user.full_name,
        "saIdentity": user.id,
        "createdOn": user.created_on,
        "modifiedOn": user.modified_on,
    }


def device_view(device: Device, connected: bool = False) -> dict[str, Any]:
    return {
        "id": device.id,
        "uid": device.uid,
        "dtid": device.dtid,
        "name": device.name,
        "manifestVersion": device.manifest_version,
        "manifestVersionPolicy": device.manifest_version_policy,
        "needProviderAuth": False,
        "properties": device.properties,
        "createdOn": device.created_on,
        "connected": connected,
        "certificateInfo": None,
        "certificateSignature": None,
        "eid": None,
        "providerCredentials": {},
        "sharedWithOthers": False,
    }


def device_type_view(device_type: DeviceType, uid: str | None) -> dict[str, Any]:
    return {
        "id": device_type.id,
        "uniqueName": device_type.unique_name,
        "latestVersion": device_type.version,
        "lastUpdated": device_type.modified_on,
        "name": device_type.name,
        "description": device_type.description,
        "uid": device_type.uid,
        "oid": None,
        "hasCloudConnector": False,
        "approved": True,
        "published": True,
        "protected": False,
        "inStore": False,
        "ownedByCurrentUser": device_type.uid is not None and device_type.uid == uid,
        "tags": [],
        "rsp": False,
        "issuerDn": None,
        "vid": None,
    }


def manifest_properties_view(device_type: DeviceType) -> dict[str, Any]:
    """The latest manifest's fields and actions, keyed by name."""
    raw = device_type.manifest.raw
    return {
        "properties": {
            "fields": {
                item["name"]: _without(item, "name") for item in raw.get("fields", [])
            },
            "actions": {
                item["name"]: _without(item, "name") for item in raw.get("actions", [])
            },
            "messageFormat": raw.get("messageFormat", "json"),
        }
    }


def token_view(token: Token) -> dict[str, Any]:
    return {
        "accessToken": token.token,
        "uid": token.uid,
        "did": token.did,
        "cid": EMULATOR_CID,
    }


def message_view(row: tuple[Any, ...]) -> dict[str, Any]:
    """A stored message row `(mid, kind, did, dtid, uid, ts, cts, mv, data)`."""
    mid, kind, did, dtid, uid, ts, cts, mv, data = row
    source, type_key = ("ddid", "ddtid") if kind == "action" else ("sdid", "sdtid")
    return {
        "mid": mid,
        source: did,
        type_key: dtid,
        "uid": uid,
        "ts": ts,
        "cts": cts,
        "mv": mv,
        "data": orjson.loads(data),
    }


def _without(item: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != key}
