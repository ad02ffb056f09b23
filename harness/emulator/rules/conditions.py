"""A rule's `if`: conditions parsed, checked against manifests, and evaluated."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness.emulator.errors import bad_request
from harness.emulator.manifests import FieldSpec, Manifest
from harness.emulator.records import Device

OPERATORS = ("=", "!=", "<", "<=", ">", ">=")
ANOMALY = "anomalyDetection"
PREDICTION = "prediction"
TRANSFORMERS = (ANOMALY, PREDICTION)
CATEGORICAL = ("String", "Boolean")
NUMERIC = ("Integer", "Long", "Double", "Float")
CONDITION_KEYS = ("sdid", "field", "operator", "operand", "duration", "transformer")
TRANSFORMER_PARAMETERS = {
    ANOMALY: ("anomalyDetectionSensitivity",),
    PREDICTION: ("predictIn", "sensitivity"),
}
MAX_SENSITIVITY = 100
MAX_PREDICT_IN_S = 7 * 86_400


@dataclass(frozen=True)
class Transformer:
    """A model between the message and the comparison."""

    type: str
    sensitivity: int = 0
    predict_in_ms: int = 0


@dataclass(frozen=True)
class Leaf:
    """One comparison: a device's field, an operator, and an operand."""

    path: str
    sdid: str
    field: str
    operator: str
    operand: Any
    value_class: str
    transformer: Transformer | None = None


@dataclass(frozen=True)
class Group:
    """`and` or `or` over conditions."""

    path: str
    kind: str
    children: tuple["Condition", ...]


Condition = Leaf | Group

# What a rule's leaves see of a message: the leaf, then the value a leaf compares,
# or None where there is nothing to compare (no value, no verdict, no prediction).
Lookup = Callable[[Leaf], Any]


def parse_condition(
    raw: Any,
    devices: Callable[[str], Device],
    manifest_of: Callable[[Device], Manifest],
    path: str = "if",
) -> Condition:
    """Check a rule's `if` and turn it into conditions; a 400 names what is wrong."""
    if not isinstance(raw, dict) or not raw:
        raise bad_request(f"{path} must be a condition object, not {raw!r}")

    if set(raw) & {"and", "or"}:
        if len(raw) != 1:
            raise bad_request(f"{path} holds 'and' or 'or' alone, not {sorted(raw)}")
        kind = next(iter(raw))
        items = raw[kind]
        if not isinstance(items, list) or not items:
            raise bad_request(f"{path}.{kind} must be a non-empty list of conditions")
        children = tuple(
            parse_condition(item, devices, manifest_of, f"{path}.{kind}[{index}]")
            for index, item in enumerate(items)
        )
        return Group(path, kind, children)

    return _parse_leaf(raw, devices, manifest_of, path)


def _parse_leaf(
    raw: dict[str, Any],
    devices: Callable[[str], Device],
    manifest_of: Callable[[Device], Manifest],
    path: str,
) -> Leaf:
    for key in raw:
        if key not in CONDITION_KEYS:
            allowed = ", ".join(repr(k) for k in CONDITION_KEYS)
            raise bad_request(f"unknown key {key!r} in {path}; allowed: {allowed}")
    if "duration" in raw:
        # Not yet: a duration needs a timer per rule and device; no scenario uses it.
        raise bad_request(f"{path}.duration is not supported by the emulator")

    sdid = raw.get("sdid")
    if not isinstance(sdid, str):
        raise bad_request(f"{path}.sdid must name a device, not {sdid!r}")
    device = devices(sdid)
    manifest = manifest_of(device)

    field = raw.get("field")
    if not isinstance(field, str):
        raise bad_request(f"{path}.field must name a field, not {field!r}")
    spec = _field(manifest, field)
    if spec is None or spec.is_group:
        names = ", ".join(repr(f.name) for f in manifest.fields) or "(none)"
        raise bad_request(
            f"{path}.field {field!r} is not a field of device {sdid!r}; "
            f"its fields: {names}"
        )

    operator = raw.get("operator")
    if operator not in OPERATORS:
        allowed = ", ".join(repr(o) for o in OPERATORS)
        raise bad_request(f"{path}.operator {operator!r} is not one of {allowed}")

    operand = raw.get("operand")
    if not isinstance(operand, dict) or set(operand) != {"value"}:
        raise bad_request(f"{path}.operand must be {{'value': ...}}, not {operand!r}")

    value_class = spec.value_class or "String"
    transformer = _transformer(raw.get("transformer"), path, field, value_class)
    value = operand["value"]
    if transformer is not None and transformer.type == ANOMALY:
        if operator not in ("=", "!="):
            raise bad_request(
                f"{path}: an anomaly condition compares its verdict with '=' or '!=', "
                f"not {operator!r}"
            )
        if not isinstance(value, bool):
            raise bad_request(
                f"{path}.operand.value must be true (anomalous) or false (expected) "
                f"for an anomaly condition, not {value!r}"
            )
    else:
        _check_operand(path, operator, value, value_class, spec.allowed)

    return Leaf(path, sdid, field, operator, value, value_class, transformer)


def _field(manifest: Manifest, path: str) -> FieldSpec | None:
    specs = manifest.fields
    spec: FieldSpec | None = None
    for part in path.split("."):
        spec = next((s for s in specs if s.name == part), None)
        if spec is None:
            return None
        specs = spec.children
    return spec


def _transformer(
    raw: Any, path: str, field: str, value_class: str
) -> Transformer | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or raw.get("type") not in TRANSFORMERS:
        allowed = ", ".join(repr(t) for t in TRANSFORMERS)
        raise bad_request(f"{path}.transformer.type must be one of {allowed}")
    parameters = raw.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise bad_request(f"{path}.transformer.parameters must be an object")
    known = TRANSFORMER_PARAMETERS[raw["type"]]
    for key in parameters:
        if key not in known:
            allowed = ", ".join(repr(k) for k in known)
            raise bad_request(
                f"unknown key {key!r} in {path}.transformer.parameters; "
                f"allowed: {allowed}"
            )
    if value_class not in CATEGORICAL:
        raise bad_request(
            f"{path}: field {field!r} holds {value_class} values; the weekly timetable "
            "model learns categorical fields only (String or Boolean)"
        )

    if raw["type"] == ANOMALY:
        sensitivity = _sensitivity(
            parameters.get("anomalyDetectionSensitivity", 50),
            f"{path}.transformer.parameters.anomalyDetectionSensitivity",
        )
        return Transformer(ANOMALY, sensitivity=sensitivity)

    predict_in = parameters.get("predictIn")
    if (
        isinstance(predict_in, bool)
        or not isinstance(predict_in, int)
        or not 0 <= predict_in <= MAX_PREDICT_IN_S
    ):
        raise bad_request(
            f"{path}.transformer.parameters.predictIn {predict_in!r} is not a number "
            f"of seconds from 0 to {MAX_PREDICT_IN_S}"
        )
    sensitivity = _sensitivity(
        parameters.get("sensitivity", 50), f"{path}.transformer.parameters.sensitivity"
    )
    return Transformer(
        PREDICTION, sensitivity=sensitivity, predict_in_ms=predict_in * 1000
    )


def _sensitivity(value: Any, where: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= MAX_SENSITIVITY
    ):
        raise bad_request(
            f"{where} {value!r} is not an integer from 0 to {MAX_SENSITIVITY}"
        )
    return value


def _check_operand(
    path: str,
    operator: str,
    value: Any,
    value_class: str,
    allowed: tuple[str, ...] | None,
) -> None:
    if value_class in NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad_request(
                f"{path}.operand.value must be a number for a {value_class} field, "
                f"not {value!r}"
            )
        if not math.isfinite(value):
            raise bad_request(f"{path}.operand.value must be finite, not {value!r}")
        return

    if operator not in ("=", "!="):
        raise bad_request(
            f"{path}.operator {operator!r} orders numbers; a {value_class} field "
            "takes '=' or '!='"
        )
    if value_class == "Boolean" and not isinstance(value, bool):
        raise bad_request(f"{path}.operand.value must be true or false, not {value!r}")
    if value_class == "String":
        if not isinstance(value, str):
            raise bad_request(f"{path}.operand.value must be a string, not {value!r}")
        if allowed is not None and value not in allowed:
            choices = ", ".join(repr(v) for v in allowed)
            raise bad_request(
                f"{path}.operand.value {value!r} is not a value of the field; "
                f"allowed: {choices}"
            )


def leaves(condition: Condition) -> list[Leaf]:
    """Every comparison in a condition, in order."""
    if isinstance(condition, Leaf):
        return [condition]
    return [leaf for child in condition.children for leaf in leaves(child)]


def holds(condition: Condition, lookup: Lookup) -> bool:
    """Whether a condition holds, given what each leaf compares."""
    if isinstance(condition, Group):
        results = (holds(child, lookup) for child in condition.children)
        return all(results) if condition.kind == "and" else any(results)
    return compare(condition, lookup(condition))


def compare(leaf: Leaf, value: Any) -> bool:
    """Whether `value` stands in the leaf's relation to its operand."""
    if value is None:
        return False
    operand = leaf.operand
    try:
        if leaf.operator == "=":
            same_kind = type(value) is type(operand) or _numbers(value, operand)
            return same_kind and bool(value == operand)
        if leaf.operator == "!=":
            return not compare(
                Leaf(leaf.path, leaf.sdid, leaf.field, "=", operand, leaf.value_class),
                value,
            )
        if not _numbers(value, operand):
            return False
        return {
            "<": value < operand,
            "<=": value <= operand,
            ">": value > operand,
            ">=": value >= operand,
        }[leaf.operator]
    except TypeError:
        return False


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
