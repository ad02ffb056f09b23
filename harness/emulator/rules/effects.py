"""A rule's `then`: device actions, mails and HTTP requests, with placeholders.

A parameter's text may name parts of the message that fired the rule between double
braces: `{{mid}}`, `{{sdid}}`, `{{ts}}`, `{{value}}`, `{{data.state}}`, `{{verdict}}`
and the others in PLACEHOLDERS. A parameter that is one placeholder alone takes the
value as it is (a number stays a number); inside other text it is written as text.
Where a firing has nothing to inject (a test run has no message), text reads `null`
and a device action's parameter that is one placeholder alone is left out.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

from harness.emulator.errors import bad_request
from harness.emulator.manifests import Manifest, check_parameter
from harness.emulator.records import Device

SEND_EMAIL = "sendEmail"
SEND_HTTP = "sendHttpRequest"
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PLACEHOLDER = re.compile(r"{{\s*([A-Za-z_][\w.]*)\s*}}")
PLACEHOLDERS = {
    "mid": "the message's ID",
    "sdid": "the device that sent it",
    "sdtid": "its device type",
    "ts": "when it happened, epoch ms",
    "cts": "when the server received it, epoch ms",
    "field": "the field the rule watches",
    "value": "that field's value in the message",
    "verdict": "the anomaly verdict: true, false or null",
    "expected": "the value the model expected there, or null",
    "rule.id": "the rule's ID",
    "rule.name": "the rule's name",
}
MAX_EFFECTS = 20


@dataclass(frozen=True)
class DeviceAction:
    """Send an action to a device."""

    ddid: str
    action: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class Email:
    """Put a mail in the emulator's outbox."""

    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class HttpRequest:
    """Make a real HTTP request."""

    url: str
    method: str
    headers: dict[str, str]
    body: Any


Effect = DeviceAction | Email | HttpRequest


def parse_effects(
    raw: Any,
    devices: Callable[[str], Device],
    manifest_of: Callable[[Device], Manifest],
) -> tuple[Effect, ...]:
    """Check a rule's `then` and turn it into effects; a 400 names what is wrong."""
    if not isinstance(raw, list) or not raw:
        raise bad_request("then must be a non-empty list of actions")
    if len(raw) > MAX_EFFECTS:
        raise bad_request(f"then holds {len(raw)} actions; at most {MAX_EFFECTS}")

    effects: list[Effect] = []
    for index, item in enumerate(raw):
        path = f"then[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("action"), str):
            raise bad_request(f"{path} must be an object with an 'action'")
        parameters = item.get("parameters", {})
        if not isinstance(parameters, dict):
            raise bad_request(f"{path}.parameters must be an object")
        check_placeholders(parameters, path)

        if "ddid" in item:
            effects.append(_device_action(item, parameters, devices, manifest_of, path))
        elif item["action"] == SEND_EMAIL:
            effects.append(_email(parameters, path))
        elif item["action"] == SEND_HTTP:
            effects.append(_http_request(parameters, path))
        else:
            raise bad_request(
                f"{path}.action {item['action']!r} needs a 'ddid' (an action of a "
                f"device), or is one of {SEND_EMAIL!r}, {SEND_HTTP!r}"
            )
    return tuple(effects)


def _device_action(
    item: dict[str, Any],
    parameters: dict[str, Any],
    devices: Callable[[str], Device],
    manifest_of: Callable[[Device], Manifest],
    path: str,
) -> DeviceAction:
    unknown = set(item) - {"ddid", "action", "parameters"}
    if unknown:
        raise bad_request(f"unknown key {sorted(unknown)[0]!r} in {path}")
    ddid = item["ddid"]
    if not isinstance(ddid, str):
        raise bad_request(f"{path}.ddid must name a device, not {ddid!r}")

    manifest = manifest_of(devices(ddid))
    action = manifest.action(item["action"])
    if action is None:
        known = ", ".join(repr(a.name) for a in manifest.actions) or "(none)"
        raise bad_request(
            f"{path}.action {item['action']!r} is not an action of device {ddid!r}; "
            f"its actions: {known}"
        )
    for name, value in parameters.items():
        if not (isinstance(value, str) and PLACEHOLDER.search(value)):
            check_parameter(action, name, value)
    return DeviceAction(ddid, action.name, parameters)


def _email(parameters: dict[str, Any], path: str) -> Email:
    texts = _texts(parameters, ("to", "subject", "body"), path, required=("to",))
    if "@" not in texts["to"]:
        raise bad_request(f"{path}.parameters.to {texts['to']!r} is not a mail address")
    return Email(texts["to"], texts.get("subject", ""), texts.get("body", ""))


def _http_request(parameters: dict[str, Any], path: str) -> HttpRequest:
    unknown = set(parameters) - {"url", "method", "headers", "body"}
    if unknown:
        raise bad_request(
            f"unknown key {sorted(unknown)[0]!r} in {path}.parameters; "
            "allowed: 'url', 'method', 'headers', 'body'"
        )
    url = parameters.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise bad_request(f"{path}.parameters.url must be an http(s) URL, not {url!r}")
    method = str(parameters.get("method", "POST")).upper()
    if method not in HTTP_METHODS:
        raise bad_request(
            f"{path}.parameters.method {method!r} is not one of "
            + ", ".join(HTTP_METHODS)
        )
    headers = parameters.get("headers", {})
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise bad_request(f"{path}.parameters.headers must map names to strings")
    return HttpRequest(url, method, headers, parameters.get("body"))


def _texts(
    parameters: dict[str, Any],
    names: tuple[str, ...],
    path: str,
    required: tuple[str, ...],
) -> dict[str, str]:
    unknown = set(parameters) - set(names)
    if unknown:
        allowed = ", ".join(repr(n) for n in names)
        raise bad_request(
            f"unknown key {sorted(unknown)[0]!r} in {path}.parameters; "
            f"allowed: {allowed}"
        )
    for name in required:
        if name not in parameters:
            raise bad_request(f"missing {path}.parameters.{name}")
    texts: dict[str, str] = {}
    for name, value in parameters.items():
        if not isinstance(value, str):
            raise bad_request(f"{path}.parameters.{name} must be text, not {value!r}")
        texts[name] = value
    return texts


def check_placeholders(value: Any, path: str) -> None:
    """Refuse a placeholder that names nothing a firing provides."""
    if isinstance(value, dict):
        for item in value.values():
            check_placeholders(item, path)
    elif isinstance(value, list):
        for item in value:
            check_placeholders(item, path)
    elif isinstance(value, str):
        for name in PLACEHOLDER.findall(value):
            if name not in PLACEHOLDERS and not name.startswith("data."):
                known = ", ".join(f"{{{{{n}}}}}" for n in PLACEHOLDERS)
                raise bad_request(
                    f"{path} names the placeholder {{{{{name}}}}}, which a firing "
                    f"does not provide; use {known} or {{{{data.<field>}}}}"
                )


def render(value: Any, context: dict[str, Any]) -> Any:
    """`value` with each placeholder replaced from the firing's context."""
    if isinstance(value, dict):
        return {key: render(item, context) for key, item in value.items()}
    if isinstance(value, list):
        return [render(item, context) for item in value]
    if not isinstance(value, str):
        return value

    whole = PLACEHOLDER.fullmatch(value.strip())
    if whole is not None:
        return _lookup(whole.group(1), context)
    return PLACEHOLDER.sub(lambda match: _text(_lookup(match.group(1), context)), value)


def _lookup(name: str, context: dict[str, Any]) -> Any:
    if name.startswith("data."):
        place: Any = context.get("data", {})
        for part in name[len("data.") :].split("."):
            place = place.get(part) if isinstance(place, dict) else None
        return place
    return context.get(name)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()
