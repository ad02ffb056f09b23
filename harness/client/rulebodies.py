"""The parts of a rule body most rules are made of: an anomaly condition, an alert."""

from typing import Any

ANOMALY = "anomalyDetection"


def anomaly_condition(
    sdid: str, sensitivity: int, field: str = "state"
) -> dict[str, Any]:
    """A condition that holds when a device's field breaks its learned timetable."""
    return {
        "sdid": sdid,
        "field": field,
        "operator": "=",
        "operand": {"value": True},
        "transformer": {
            "type": ANOMALY,
            "parameters": {"anomalyDetectionSensitivity": sensitivity},
        },
    }


def device_action(ddid: str, action: str, **parameters: Any) -> dict[str, Any]:
    """A `then` item that sends an action, such as an alarm's `alert`, to a device."""
    return {"ddid": ddid, "action": action, "parameters": parameters}
