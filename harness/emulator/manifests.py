"""Device type manifests: the fields a device may send and the actions it takes."""

import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

import orjson

from harness.emulator.errors import bad_request

VALUE_CLASSES = ("String", "Boolean", "Integer", "Long", "Double", "Float")
INT_BOUNDS = {"Integer": 2**31, "Long": 2**63}
VALUES_KEY = "VALUES_STRING"
BUILT_IN_MANIFESTS = ("sample-virtual-lock.json", "sample-alarm.json")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a manifest: a value class, or a group of nested fields."""

    name: str
    value_class: str | None
    is_collection: bool
    allowed: tuple[str, ...] | None
    children: tuple["FieldSpec", ...] = ()

    @property
    def is_group(self) -> bool:
        return bool(self.children)


@dataclass(frozen=True)
class ActionSpec:
    """One action a device of the type accepts, with its parameters' classes."""

    name: str
    parameters: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Manifest:
    """A simple JSON manifest, parsed and checked."""

    fields: tuple[FieldSpec, ...]
    actions: tuple[ActionSpec, ...]
    raw: dict[str, Any]

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    def action(self, name: str) -> ActionSpec | None:
        return next((a for a in self.actions if a.name == name), None)


def parse_manifest(raw: Any) -> Manifest:
    """Check a manifest document and turn it into a `Manifest`."""
    if not isinstance(raw, dict):
        raise bad_request(f"a manifest must be a JSON object, not {_kind(raw)}")

    unknown = sorted(set(raw) - {"fields", "actions", "messageFormat"})
    if unknown:
        raise bad_request(
            f"unknown manifest key {unknown[0]!r}; "
            "allowed: 'fields', 'actions', 'messageFormat'"
        )

    message_format = raw.get("messageFormat", "json")
    if message_format != "json":
        raise bad_request(
            f"messageFormat {message_format!r} is not supported; only 'json' is"
        )

    fields = _parse_fields(raw.get("fields", []), "fields")
    actions = _parse_actions(raw.get("actions", []))
    if not fields and not actions:
        raise bad_request("a manifest needs at least one field or action")

    return Manifest(fields=fields, actions=actions, raw=raw)


def _parse_fields(raw: Any, where: str) -> tuple[FieldSpec, ...]:
    if not isinstance(raw, list):
        raise bad_request(f"manifest {where} must be a list, not {_kind(raw)}")

    specs: list[FieldSpec] = []
    for index, item in enumerate(raw):
        place = f"{where}[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise bad_request(f"manifest {place} must be an object with a 'name'")

        name = item["name"]
        if any(spec.name == name for spec in specs):
            raise bad_request(f"manifest {place} repeats the field name {name!r}")

        if "fields" in item:
            children = _parse_fields(item["fields"], f"{place}.fields")
            if not children:
                raise bad_request(
                    f"manifest {place} ({name!r}) is a group with no fields; "
                    "give it at least one field"
                )
            specs.append(FieldSpec(name, None, False, None, children))
            continue

        value_class = item.get("valueClass")
        if value_class not in VALUE_CLASSES:
            raise bad_request(
                f"manifest {place} ({name!r}) has valueClass {value_class!r}; "
                f"allowed: {', '.join(VALUE_CLASSES)}"
            )

        meta_data = item.get("metaData") or {}
        if not isinstance(meta_data, dict):
            raise bad_request(
                f"manifest {place} ({name!r}) metaData must be an object, "
                f"not {_kind(meta_data)}"
            )
        allowed = meta_data.get(VALUES_KEY)
        if allowed is not None and not (
            isinstance(allowed, list) and all(isinstance(v, str) for v in allowed)
        ):
            raise bad_request(f"manifest {place} {VALUES_KEY} must list strings")

        is_collection = item.get("isCollection")
        if is_collection not in (None, True, False):
            raise bad_request(
                f"manifest {place} ({name!r}) isCollection must be true or false, "
                f"not {_kind(is_collection)}"
            )

        specs.append(
            FieldSpec(
                name=name,
                value_class=value_class,
                is_collection=bool(is_collection),
                allowed=tuple(allowed) if allowed is not None else None,
            )
        )
    return tuple(specs)


def _parse_actions(raw: Any) -> tuple[ActionSpec, ...]:
    if not isinstance(raw, list):
        raise bad_request(f"manifest actions must be a list, not {_kind(raw)}")

    specs: list[ActionSpec] = []
    for index, item in enumerate(raw):
        place = f"actions[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise bad_request(f"manifest {place} must be an object with a 'name'")

        name = item["name"]
        if any(spec.name == name for spec in specs):
            raise bad_request(f"manifest {place} repeats the action name {name!r}")

        parameters = _parse_parameters(item.get("parameters"), f"{place}.parameters")
        specs.append(ActionSpec(name, parameters))
    return tuple(specs)


def _parse_parameters(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise bad_request(f"manifest {where} must be a list, not {_kind(raw)}")

    parameters: list[tuple[str, str]] = []
    for index, item in enumerate(raw):
        place = f"{where}[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise bad_request(f"manifest {place} must be an object with a 'name'")

        value_class = item.get("valueClass", "String")
        if value_class not in VALUE_CLASSES:
            raise bad_request(
                f"manifest {place} ({item['name']!r}) has valueClass "
                f"{value_class!r}; allowed: {', '.join(VALUE_CLASSES)}"
            )
        parameters.append((item["name"], value_class))
    return tuple(parameters)


def check_data(manifest: Manifest, data: Any) -> None:
    """Refuse message data that the manifest does not allow, naming the field."""
    if not isinstance(data, dict):
        raise bad_request(
            f"'data' must be a JSON object of fields, not {_kind(data)}; "
            "the manifest allows: " + _names(manifest.fields)
        )
    if not data:
        raise bad_request(
            "'data' is empty; send at least one field of the manifest: "
            + _names(manifest.fields)
        )
    _check_fields(manifest.fields, data, prefix="")


def _check_fields(
    specs: tuple[FieldSpec, ...], data: dict[str, Any], prefix: str
) -> None:
    for name, value in data.items():
        path = prefix + name
        spec = next((s for s in specs if s.name == name), None)
        if spec is None:
            raise bad_request(
                f"unknown field {path!r} in 'data'; the manifest allows: "
                + _names(specs)
            )

        if spec.is_group:
            if not isinstance(value, dict):
                raise bad_request(
                    f"field {path!r} is a group of fields and takes an object, "
                    f"not {value!r}"
                )
            _check_fields(spec.children, value, prefix=path + ".")
        elif spec.is_collection:
            if not isinstance(value, list):
                raise bad_request(
                    f"field {path!r} is a collection of {spec.value_class} and "
                    f"takes a list, not {value!r}"
                )
            for item in value:
                _check_value(spec, path, item)
        else:
            _check_value(spec, path, value)


def _check_value(spec: FieldSpec, path: str, value: Any) -> None:
    value_class = spec.value_class or "String"
    if not _fits(value_class, value):
        raise bad_request(
            f"field {path!r} takes {value_class} values, not {value!r}"
            + (f"; allowed: {_quoted(spec.allowed)}" if spec.allowed else "")
        )
    if spec.allowed is not None and value not in spec.allowed:
        raise bad_request(
            f"field {path!r} does not allow {value!r}; allowed: {_quoted(spec.allowed)}"
        )


def check_parameter(action: ActionSpec, name: str, value: Any) -> None:
    """Refuse an action parameter whose value does not fit its declared class."""
    declared = dict(action.parameters)
    if name not in declared:
        return
    if not _fits(declared[name], value):
        raise bad_request(
            f"action {action.name!r} parameter {name!r} takes {declared[name]} "
            f"values, not {value!r}"
        )


def _fits(value_class: str, value: Any) -> bool:
    if value_class == "String":
        return isinstance(value, str)
    if value_class == "Boolean":
        return isinstance(value, bool)
    if value_class in INT_BOUNDS:
        bound = INT_BOUNDS[value_class]
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and -bound <= value < bound
        )
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def load_built_in() -> list[dict[str, Any]]:
    """The device types the emulator ships: the sample lock and an alarm."""
    folder = resources.files("harness.emulator") / "device_types"
    return [orjson.loads((folder / name).read_bytes()) for name in BUILT_IN_MANIFESTS]


def _names(specs: tuple[FieldSpec, ...]) -> str:
    return ", ".join(repr(s.name) for s in specs) or "(no fields)"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(repr(v) for v in values)


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
