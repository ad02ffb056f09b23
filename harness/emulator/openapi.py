"""The emulator's OpenAPI document, written out route by route.

A test checks that every route the app serves is described here and that nothing
here is missing from the app.
"""

import re
from typing import Any

from harness import __version__

PUBLIC = "/v1.1"
OURS = "/emulator"

# (method, path): (tag, summary, query parameters, takes a JSON body)
Operation = tuple[str, str, tuple[str, ...], bool]

PUBLIC_OPERATIONS: dict[tuple[str, str], Operation] = {
    ("GET", "/users/self"): ("users", "The user of the token", (), False),
    ("GET", "/users/{uid}/devices"): (
        "users",
        "A user's devices, paged",
        ("offset", "count", "includeProperties", "owner", "includeShareInfo", "dtid"),
        False,
    ),
    ("GET", "/devicetypes"): (
        "device types",
        "Device types whose name contains `name`",
        ("name", "offset", "count", "tags"),
        False,
    ),
    ("GET", "/devicetypes/{dtid}"): ("device types", "One device type", (), False),
    ("GET", "/devicetypes/{dtid}/manifests/latest/properties"): (
        "device types",
        "The fields and actions of the latest manifest",
        (),
        False,
    ),
    ("GET", "/devicetypes/{dtid}/availablemanifestversions"): (
        "device types",
        "The manifest versions of a device type",
        (),
        False,
    ),
    ("POST", "/devices"): ("devices", "Create a device", (), True),
    ("GET", "/devices/status"): (
        "devices",
        "The status of several devices",
        ("dids", "includeSnapshot", "includeSnapshotTimestamp"),
        False,
    ),
    ("GET", "/devices/{did}"): ("devices", "One device", (), False),
    ("PUT", "/devices/{did}"): ("devices", "Rename a device or change it", (), True),
    ("DELETE", "/devices/{did}"): ("devices", "Delete a device", (), False),
    ("GET", "/devices/{did}/status"): (
        "devices",
        "A device's last message, last action and snapshot (not enveloped)",
        ("includeSnapshot", "includeSnapshotTimestamp"),
        False,
    ),
    ("PUT", "/devices/{did}/status"): (
        "devices",
        "A device reports its availability: {'data': {'availability'}}",
        (),
        True,
    ),
    ("GET", "/devices/{did}/tokens"): ("tokens", "A device's token", (), False),
    ("PUT", "/devices/{did}/tokens"): (
        "tokens",
        "Create or replace a device's token",
        (),
        False,
    ),
    ("DELETE", "/devices/{did}/tokens"): (
        "tokens",
        "Revoke a device's token",
        (),
        False,
    ),
    ("POST", "/messages"): (
        "messages",
        "Send a message (or, with type action, an action); answers its mid once stored",
        (),
        True,
    ),
    ("GET", "/messages"): (
        "messages",
        "Normalized messages of devices in a time range, paged by `next`",
        (
            "sdid",
            "sdids",
            "uid",
            "mid",
            "fieldPresence",
            "startDate",
            "endDate",
            "count",
            "offset",
            "order",
        ),
        False,
    ),
    ("GET", "/messages/last"): (
        "messages",
        "The last messages of devices",
        ("sdids", "count", "fieldPresence"),
        False,
    ),
    ("GET", "/messages/snapshots"): (
        "messages",
        "The latest value of each field of devices",
        ("sdids", "includeTimestamp"),
        False,
    ),
    ("POST", "/actions"): ("actions", "Send actions to a device", (), True),
    ("GET", "/actions"): (
        "actions",
        "Actions sent to devices in a time range, paged by `next`",
        (
            "ddid",
            "ddids",
            "uid",
            "mid",
            "startDate",
            "endDate",
            "count",
            "offset",
            "order",
        ),
        False,
    ),
}

PUBLIC_OPERATIONS.update(
    {
        ("POST", "/rules"): (
            "rules",
            "Create a rule {name, description?, rule: {if, then}, enabled?, scope?}",
            ("userId",),
            True,
        ),
        ("GET", "/rules/{rule_id}"): ("rules", "One rule", (), False),
        ("PUT", "/rules/{rule_id}"): ("rules", "Change a rule", (), True),
        ("DELETE", "/rules/{rule_id}"): ("rules", "Delete a rule", (), False),
        ("GET", "/rules/{rule_id}/executions"): (
            "rules",
            "How often a rule fired, and its latest firings",
            ("count",),
            False,
        ),
        ("POST", "/rules/{rule_id}/actions"): (
            "rules",
            "Run a rule's actions now (a test run)",
            (),
            False,
        ),
        ("GET", "/users/{uid}/rules"): (
            "rules",
            "A user's rules",
            ("excludeDisabled", "count", "offset", "owner"),
            False,
        ),
        ("POST", "/ml/models"): (
            "ml models",
            "Create a model {type, sources: [{sdid, field}], parameters?}",
            (),
            True,
        ),
        ("GET", "/ml/models/{model_id}"): ("ml models", "One model", (), False),
        ("DELETE", "/ml/models/{model_id}"): (
            "ml models",
            "Delete a model no rule owns",
            (),
            False,
        ),
        ("GET", "/ml/models/{model_id}/timetable"): (
            "ml models",
            "The learned weekly timetable at a sensitivity",
            ("sensitivity",),
            False,
        ),
        ("POST", "/ml/models/{model_id}/predict"): (
            "ml models",
            "Expected values and verdicts: {inputs: [{ts, value?}], sensitivity?}",
            (),
            True,
        ),
    }
)

EMULATOR_OPERATIONS: dict[tuple[str, str], Operation] = {
    ("GET", "/health"): ("emulator", "Whether the emulator serves", (), False),
    ("GET", "/clock"): ("emulator", "The emulator's clock", (), False),
    ("POST", "/clock"): (
        "emulator",
        "Set the clock: any of now (ms), advance (ms), frozen (bool), speed (factor)",
        (),
        True,
    ),
    ("GET", "/users"): ("emulator", "Every user", (), False),
    ("POST", "/users"): (
        "emulator",
        "Add a user (name, email?, fullName?, token?); answers it with its token",
        (),
        True,
    ),
    ("POST", "/users/{uid}/tokens"): ("emulator", "Add a user token", (), False),
    ("POST", "/devicetypes"): (
        "emulator",
        "Add a device type from a manifest (name, uniqueName?, description?, manifest)",
        (),
        True,
    ),
    ("GET", "/outbox"): (
        "emulator",
        "The mails rules sent (to?)",
        ("to",),
        False,
    ),
    ("GET", "/counters"): (
        "emulator",
        "Messages received, stored, rejected, and actions stored",
        (),
        False,
    ),
    ("POST", "/reset"): (
        "emulator",
        "Forget everything but the start-up user and the built-in device types",
        (),
        False,
    ),
}

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
            "required": ["code", "message"],
        }
    },
}


def openapi_document(admin: bool = True) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the routes this emulator serves."""
    paths: dict[str, dict[str, Any]] = {}
    groups = [(PUBLIC, PUBLIC_OPERATIONS, True)]
    if admin:
        groups.append((OURS, EMULATOR_OPERATIONS, False))

    for prefix, operations, secured in groups:
        for (method, path), operation in operations.items():
            paths.setdefault(prefix + path, {})[method.lower()] = _operation(
                path, operation, secured
            )

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ARTIK cloud API v1.1, as emulated by the harness",
            "version": __version__,
            "description": (
                "The public routes of the ARTIK cloud services API v1.1 under /v1.1, "
                "and the emulator's own routes under /emulator. Errors answer "
                "{'error': {'code', 'message'}}. WebSockets, outside this document: "
                "the device channel /v1.1/websocket?ack=true and the live feed "
                "/v1.1/live?Authorization=bearer+<token>&sdid=<device>."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _operation(path: str, operation: Operation, secured: bool) -> dict[str, Any]:
    tag, summary, query, has_body = operation
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", path)
    ]
    parameters += [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
        for name in query
    ]
    document: dict[str, Any] = {
        "tags": [tag],
        "summary": summary,
        "parameters": parameters,
        "responses": {
            "200": {"description": "Success: {'data': ...}"},
            "4XX": {
                "description": "Refused, with the reason",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}
                    }
                },
            },
        },
    }
    if has_body:
        document["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    if secured:
        document["security"] = [{"bearer": []}]
    return document
