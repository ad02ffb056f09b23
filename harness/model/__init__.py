"""The weekly timetable model: what a field usually holds at each time of the week."""

# Pure code: stdlib only, no I/O. Train a model from one device's `(ts, value)`
# history with `train`, then ask it for verdicts (`judge`), predictions
# (`expected`) and its weekly `timetable`; store it with `to_dict` and load it with
# `from_dict`. docs/anomaly-model.md describes the model and its choices.

from harness.model.errors import (
    MessageError,
    MixedValuesError,
    ModelError,
    ModelFormatError,
    NonCategoricalValueError,
    NotEnoughDataError,
    ParameterError,
    SensitivityError,
    TimestampError,
    UnknownTimeZoneError,
)
from harness.model.history import MIN_MESSAGES, Message, Value, without
from harness.model.model import TimetableModel, verdict
from harness.model.parameters import WEEKDAYS, DayGrouping, ModelParameters
from harness.model.runs import SlotRuns
from harness.model.sensitivity import Confidence, Level, resolve_sensitivity
from harness.model.slots import SlotTable
from harness.model.timetable import Timetable, TimetableRow, WeekdayTimetable
from harness.model.training import train, train_without

__all__ = [
    "MIN_MESSAGES",
    "WEEKDAYS",
    "Confidence",
    "DayGrouping",
    "Level",
    "Message",
    "MessageError",
    "MixedValuesError",
    "ModelError",
    "ModelFormatError",
    "ModelParameters",
    "NonCategoricalValueError",
    "NotEnoughDataError",
    "ParameterError",
    "SensitivityError",
    "SlotRuns",
    "SlotTable",
    "TimestampError",
    "Timetable",
    "TimetableModel",
    "TimetableRow",
    "UnknownTimeZoneError",
    "Value",
    "WeekdayTimetable",
    "resolve_sensitivity",
    "train",
    "train_without",
    "verdict",
    "without",
]
