"""Incoming messages and actions: checked against the manifest, made into rows."""

from typing import Any

import orjson

from harness.emulator.auth import check_owner
from harness.emulator.config import DAY_MS, HOUR_MS, EmulatorConfig
from harness.emulator.errors import ApiError, bad_request
from harness.emulator.manifests import check_data, check_parameter
from harness.emulator.records import Device, Token
from harness.emulator.registry import Registry
from harness.emulator.store import MessageRow, mid_for

MESSAGE_KEYS = ("sdid", "ddid", "ts", "type", "data", "cid")
KNOWN_KEYS = frozenset(MESSAGE_KEYS)
MESSAGE_TYPES = ("message", "action")


def build_row(
    registry: Registry,
    config: EmulatorConfig,
    token: Token,
    body: Any,
    now: int,
    seq: int,
    force_type: str | None = None,
) -> MessageRow:
    """Check a posted message or action and make the row that stores it."""
    if not isinstance(body, dict):
        raise bad_request("the body must be a JSON object with 'sdid' and 'data'")

    if not KNOWN_KEYS.issuperset(body):
        key = next(key for key in body if key not in KNOWN_KEYS)
        raise bad_request(
            f"unknown key {key!r} in the message; allowed: "
            + ", ".join(repr(k) for k in MESSAGE_KEYS)
        )

    kind = body.get("type", force_type or "message")
    if kind not in MESSAGE_TYPES or (force_type is not None and kind != force_type):
        allowed = force_type or "'message' or 'action'"
        raise bad_request(f"'type' {kind!r} is not allowed here; allowed: {allowed}")

    ts = _timestamp(body.get("ts"), now, config)
    if kind == "message":
        device = _device(registry, body, "sdid")
        check_owner(token, device)
        data = body.get("data")
        manifest = registry.device_types[device.dtid].manifest
        if "data" not in body:
            raise bad_request(
                "missing 'data': send an object of fields; the manifest allows: "
                + ", ".join(repr(spec.name) for spec in manifest.fields)
            )
        check_data(manifest, data)
        snapshot = tuple(_leaves(data, "")) if isinstance(data, dict) else ()
    else:
        device = _device(registry, body, "ddid")
        check_owner(token, device)
        if body.get("sdid") is not None:
            check_owner(token, _device(registry, body, "sdid"))
        data = body.get("data")
        _check_actions(registry, device, data)
        snapshot = ()

    return MessageRow(
        seq,
        mid_for(seq),
        kind,
        device.id,
        device.dtid,
        device.uid,
        ts,
        now,
        device.manifest_version,
        orjson.dumps(data).decode(),
        snapshot,
        data,
    )


def _device(registry: Registry, body: dict[str, Any], key: str) -> Device:
    did = body.get(key)
    if did is None:
        raise bad_request(f"missing {key!r}: name the device by its ID")
    if not isinstance(did, str):
        raise bad_request(f"{key!r} must be a device ID string, not {did!r}")
    device = registry.devices.get(did)
    if device is None:
        raise ApiError(404, f"{key!r} names device {did!r}, which does not exist")
    return device


def _timestamp(value: Any, now: int, config: EmulatorConfig) -> int:
    if value is None:
        return now
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad_request(f"'ts' must be epoch milliseconds as a number, not {value!r}")
    if value != value or value in (float("inf"), float("-inf")):
        raise bad_request(f"'ts' must be a finite number, not {value!r}")

    ts = int(value)
    earliest = now - config.max_past_ms
    latest = now + config.max_future_ms
    if not earliest <= ts <= latest:
        raise bad_request(
            f"'ts' {value!r} is out of bounds: it may lie from {earliest} "
            f"({config.max_past_ms / DAY_MS:g} days back) to {latest} "
            f"({config.max_future_ms / HOUR_MS:g} h ahead) of the server's now {now}"
        )
    return ts


def _check_actions(registry: Registry, device: Device, data: Any) -> None:
    manifest = registry.device_types[device.dtid].manifest
    known = ", ".join(repr(a.name) for a in manifest.actions) or "(none)"
    if not isinstance(data, dict) or not isinstance(data.get("actions"), list):
        raise bad_request(
            "an action's 'data' must be {'actions': [{'name', 'parameters'}]}"
        )
    if not data["actions"] or set(data) != {"actions"}:
        raise bad_request("'data' must hold only a non-empty 'actions' list")

    for index, item in enumerate(data["actions"]):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise bad_request(f"actions[{index}] must be an object with a 'name'")
        action = manifest.action(item["name"])
        if action is None:
            raise bad_request(
                f"actions[{index}] names {item['name']!r}, which device "
                f"{device.id!r} does not take; its actions: {known}"
            )
        parameters = item.get("parameters", {})
        if not isinstance(parameters, dict):
            raise bad_request(f"actions[{index}] 'parameters' must be an object")
        for name, value in parameters.items():
            check_parameter(action, name, value)


def _leaves(data: dict[str, Any], prefix: str) -> list[tuple[str, str]]:
    leaves: list[tuple[str, str]] = []
    for name, value in data.items():
        if isinstance(value, dict):
            leaves.extend(_leaves(value, prefix + name + "."))
        else:
            leaves.append((prefix + name, orjson.dumps(value).decode()))
    return leaves
