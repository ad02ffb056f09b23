"""The model's errors: each names the bad input and says what to do instead."""

from harness.errors import HarnessError


class ModelError(HarnessError):
    """Base of the errors the timetable model raises."""


class ParameterError(ModelError):
    """A model parameter is outside what the model accepts."""


class SensitivityError(ParameterError):
    """A sensitivity is neither an integer from 0 to 100 nor a confidence name."""

    def __init__(self, level: object, hint: str = "") -> None:
        super().__init__(
            f"sensitivity {level!r} is not allowed: give an integer from 0 to 100 "
            f"or a confidence level, High, Medium or Low{hint}"
        )
        self.level = level


class UnknownTimeZoneError(ModelError):
    """The time zone is not an IANA name that zoneinfo can load."""

    def __init__(self, zone: object) -> None:
        super().__init__(
            f"unknown time zone {zone!r}: give an IANA name such as 'Europe/Berlin' "
            "or 'UTC' (install the tzdata package if no zone loads at all)"
        )
        self.zone = zone


class MessageError(ModelError):
    """A message of the history, or a message to judge, is unusable."""


class TimestampError(MessageError):
    """A timestamp is not an integer in epoch milliseconds within datetime's range."""

    def __init__(self, ts: object) -> None:
        super().__init__(
            f"timestamp {ts!r} is not usable: give UTC epoch milliseconds as an "
            "integer between the years 1 and 9999"
        )
        self.ts = ts


class NonCategoricalValueError(MessageError):
    """A value is not categorical: the model learns strings or booleans only."""

    def __init__(self, ts: object, value: object) -> None:
        super().__init__(
            f"value {value!r} at ts {ts!r} is not categorical: the timetable model "
            "learns string or boolean fields only; numeric fields cannot have an "
            "anomaly model"
        )
        self.ts = ts
        self.value = value


class MixedValuesError(MessageError):
    """A history mixes string and boolean values, which no single field does."""

    def __init__(self, ts: object, value: object) -> None:
        super().__init__(
            f"value {value!r} at ts {ts!r} mixes booleans and strings in one history: "
            "train one model per field, on that field's values only"
        )
        self.ts = ts
        self.value = value


class NotEnoughDataError(ModelError):
    """The training window holds too few messages to train on."""

    def __init__(self, found: int, needed: int, window_start: int, at: int) -> None:
        super().__init__(
            f"cannot train: {found} message(s) in the window [{window_start}, {at}) "
            f"and before it, at least {needed} are needed; send more history or "
            "train later"
        )
        self.found = found
        self.needed = needed
        self.window_start = window_start
        self.at = at


class ModelFormatError(ModelError):
    """A stored model's dict is not one that `TimetableModel.to_dict` writes."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(
            f"stored model, {where}: {problem}; store models with "
            "TimetableModel.to_dict() and train again if the stored one is damaged"
        )
        self.where = where
        self.problem = problem
