"""The errors of routines and fleets: each names the file, the line and the fix."""

from harness.errors import HarnessError


class RoutineError(HarnessError):
    """Base of the errors the routines package raises."""


class RoutineArgumentError(RoutineError, ValueError):
    """A function of the package was called with a value it cannot use."""


class ScenarioNotFoundError(RoutineError):
    """A routine or fleet, named or given as a path, resolves to no file."""

    def __init__(self, kind: str, wanted: str, looked_in: str, hint: str = "") -> None:
        super().__init__(
            f"no {kind} {wanted!r}: looked in {looked_in}{hint}; give a path to a "
            f"YAML file, or put {wanted}.yaml in a scenarios folder (set "
            "HARNESS_SCENARIOS to use another folder)"
        )
        self.kind = kind
        self.wanted = wanted


class ScenarioFileError(RoutineError):
    """A routine or fleet file that cannot be used: where, and what is wrong."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        where = file if line is None else f"{file}, line {line}"
        super().__init__(f"{where}: {problem}")
        self.file = file
        self.line = line
        self.problem = problem


class YamlSyntaxError(ScenarioFileError):
    """The file is not readable YAML text."""


class UnknownKeyError(ScenarioFileError):
    """A key that this part of the file does not have, maybe a misspelt one."""


class MissingKeyError(ScenarioFileError):
    """A key this part of the file needs is not there."""


class WrongTypeError(ScenarioFileError):
    """A value of the wrong kind: a list where a mapping belongs, and so on."""


class BadValueError(ScenarioFileError):
    """A value of the right kind that is not allowed here."""


class BadTimeError(BadValueError):
    """A time of day that is not `HH:MM` from 00:00 to 23:59."""


class BadRangeError(BadValueError):
    """A range of times or dates that ends before it starts."""


class BadDayError(BadValueError):
    """A day or group of days that is not a weekday's name, `weekdays` and so on."""


class BadDateError(BadValueError):
    """A date that is neither `YYYY-MM-DD` nor, for every year, `MM-DD`."""


class BadProbabilityError(BadValueError):
    """A probability outside 0 to 1 (or 0% to 100%)."""


class BadZoneError(BadValueError):
    """A time zone that is not an IANA name such as `Europe/Berlin`."""


class BadShareError(BadValueError):
    """A fleet's counts or shares that do not add up, or are not numbers."""
